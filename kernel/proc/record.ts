// A process's record: every reply its generators received, in delivery
// order, with the syscall name it answered (or REC_SIGNAL and the signal
// number for a handler entry). It is all fork needs to rebuild the process.
//
// Three things keep it cheap. A forked child's record starts as a reference
// to its parent's first n entries rather than a copy, so a fork loop costs
// O(history) replay time but not O(history) memory per child. Byte replies
// (what read() returned) are copied into one growing arena instead of being
// kept as millions of small Uint8Array objects, which the garbage collector
// would otherwise trace on every pass. And repeats of the same call with
// the same numeric reply (a busy loop's spin(), a getpid loop) are one entry
// with a count. epoll_wait's ready lists, the other reply an event loop
// gets on every turn, are kept as numbers in a second arena for the same
// reason: a long-running server would otherwise keep millions of small
// objects alive for the collector to trace and promote.

import { NO_REPLY, type ReplayFeed, type SyscallRequest } from "../abi.ts";

/** Stands in `vals` for a byte reply stored in the arena. */
const BYTES = Symbol("bytes");
/** Stands in `vals` for an epoll_wait reply ({ ret, events: [{ events, data }] }) stored in `nums`. */
const EPOLL = Symbol("epoll");

const NO_BYTES = new Uint8Array(0);
const NO_NUMS = new Float64Array(0);

interface EpollReply {
  ret: number;
  events: Array<{ events: number; data: number }>;
}

export class Record {
  names: string[] = [];
  vals: unknown[] = [];
  /** How many times each entry repeats. */
  reps: number[] = [];
  /** Entries of this record itself, repeats counted. */
  private count = 0;
  // Both arenas start empty and shared: most forked children's records
  // never get a byte or epoll reply of their own, and a typed array is
  // dear to allocate.
  private arena = NO_BYTES;
  private arenaUsed = 0;
  /** (offset, length) of each byte reply, in order. */
  private spans: number[] = [];
  /** epoll replies as numbers: ret, n, then n (events, data) pairs; and where each starts. */
  private nums = NO_NUMS;
  private numsUsed = 0;
  private epolls: number[] = [];

  constructor(
    /** The record this one continues, and how many of its entries it keeps. */
    private readonly base: Record | null = null,
    private readonly baseLen = 0,
  ) {}

  get length(): number {
    return this.baseLen + this.count;
  }

  push(name: string, val: unknown): void {
    this.count++;
    const last = this.names.length - 1;
    if (typeof val === "number" && last >= 0 && this.vals[last] === val && this.names[last] === name) {
      this.reps[last]!++;
      return;
    }
    this.names.push(name);
    this.reps.push(1);
    // typeof first: most replies are numbers, and instanceof on a number is not free.
    if (typeof val === "object" && name === "epoll_wait" && val !== null && Array.isArray((val as EpollReply).events)) {
      this.pushEpoll(val as EpollReply);
      return;
    }
    if (typeof val === "object" && val instanceof Uint8Array) {
      const n = val.length;
      if (this.arenaUsed + n > this.arena.length) {
        const grown = new Uint8Array(Math.max(256, this.arena.length * 2, this.arenaUsed + n));
        grown.set(this.arena.subarray(0, this.arenaUsed));
        this.arena = grown;
      }
      const a = this.arena;
      const at = this.arenaUsed;
      if (n <= 64) for (let i = 0; i < n; i++) a[at + i] = val[i]!;
      else a.set(val, at);
      this.spans.push(this.arenaUsed, n);
      this.arenaUsed += n;
      this.vals.push(BYTES);
    } else {
      this.vals.push(val);
    }
  }

  private pushEpoll(r: EpollReply): void {
    const evs = r.events;
    const need = this.numsUsed + 2 + 2 * evs.length;
    if (need > this.nums.length) {
      const grown = new Float64Array(Math.max(64, this.nums.length * 2, need));
      grown.set(this.nums.subarray(0, this.numsUsed));
      this.nums = grown;
    }
    const a = this.nums;
    let i = this.numsUsed;
    this.epolls.push(i);
    a[i++] = r.ret;
    a[i++] = evs.length;
    for (let k = 0; k < evs.length; k++) {
      a[i++] = evs[k]!.events;
      a[i++] = evs[k]!.data;
    }
    this.numsUsed = i;
    this.vals.push(EPOLL);
  }

  /** The k-th epoll reply of this record's own entries, rebuilt. */
  epoll(k: number): EpollReply {
    const a = this.nums;
    let i = this.epolls[k]!;
    const ret = a[i++]!;
    const n = a[i++]!;
    const events: EpollReply["events"] = [];
    for (let j = 0; j < n; j++, i += 2) events.push({ events: a[i]!, data: a[i + 1]! });
    return { ret, events };
  }

  /** A record whose first entries are this one's as they stand now (O(1), shared). */
  branch(): Record {
    return new Record(this, this.length);
  }

  /**
   * The entries as runs, oldest first: each record of the chain and how
   * many of its own entries count, repeats expanded (a branch sees only the
   * base entries that existed when it was made, possibly part of a repeat).
   */
  runs(): Array<[Record, number]> {
    const chain: Array<[Record, number]> = [];
    let r: Record | null = this;
    let limit = Infinity;
    while (r !== null) {
      chain.push([r, Math.max(0, Math.min(r.count, limit - r.baseLen))]);
      limit = Math.min(limit, r.baseLen);
      r = r.base;
    }
    return chain.reverse();
  }

  /** The k-th byte reply of this record's own entries (a view of the arena). */
  bytes(k: number): Uint8Array {
    const off = this.spans[2 * k]!;
    return this.arena.subarray(off, off + this.spans[2 * k + 1]!);
  }

  /** True for the marker that stands for a byte reply in `vals`. */
  static isBytes(v: unknown): boolean {
    return v === BYTES;
  }
}

/**
 * Reads a record's entries in order, repeats expanded: what replay feeds a
 * fresh generator. As the process's ReplayFeed it also answers libc calls
 * directly, so most entries are consumed without a yield.
 */
export class RecordCursor implements ReplayFeed {
  /** Name of the next entry (a syscall, or REC_SIGNAL), or null after the last. */
  name: string | null = null;
  /** Index of the next entry, for messages. */
  i = 0;
  private readonly chain: Array<[Record, number]>;
  private ri = -1;
  private run: Record | null = null;
  private count = 0;
  private used = 0;
  private j = -1;
  /** Repeats of entry j still to hand out. */
  private left = 0;
  private val: unknown;
  private nbytes = 0;
  private nepoll = 0;

  constructor(
    rec: Record,
    /** A call the replayer must see yielded (rt_sigaction: it captures handlers from the request). */
    private readonly watched: string,
  ) {
    this.chain = rec.runs();
    this.seek();
  }

  /** Hands out the next entry's reply. */
  next(): unknown {
    const v = this.val;
    const run = this.run!;
    const reply = typeof v !== "symbol" ? v : Record.isBytes(v) ? run.bytes(this.nbytes++) : run.epoll(this.nepoll++);
    this.i++;
    if (--this.left === 0) this.seek();
    return reply;
  }

  take(req: SyscallRequest): unknown {
    const name = this.name;
    if (name !== req.nr || name === this.watched) return NO_REPLY;
    return this.next();
  }

  /** Moves to the next entry of the chain (the current one is used up). */
  private seek(): void {
    for (;;) {
      const run = this.run;
      if (run !== null && this.used < this.count) {
        const j = ++this.j;
        let n = run.reps[j]!;
        if (n > this.count - this.used) n = this.count - this.used; // a branch may end inside a repeat
        this.used += n;
        this.left = n;
        this.name = run.names[j]!;
        this.val = run.vals[j];
        return;
      }
      if (++this.ri >= this.chain.length) {
        this.run = null;
        this.name = null;
        return;
      }
      [this.run, this.count] = this.chain[this.ri]!;
      this.used = 0;
      this.j = -1;
      this.nbytes = 0;
      this.nepoll = 0;
    }
  }
}
