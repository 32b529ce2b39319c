// A process's record: every reply its generators received, in delivery
// order, with the syscall name it answered (or REC_SIGNAL and the signal
// number for a handler entry). It is all fork needs to rebuild the process.
//
// Four things keep it cheap. A forked child's record starts as a reference
// to its parent's first n entries rather than a copy, so a fork loop costs
// O(history) replay time but not O(history) memory per child. The entries
// live in typed arrays (a name id and the reply's kind, a repeat count, a
// numeric reply), not in arrays of JS values: every syscall pushes one, and
// growing arrays of values that long cost five times as much here, the
// collector copying them and the fresh pages they land on. Byte replies
// (what read() returned) are copied into one growing arena instead of being
// kept as millions of small Uint8Array objects, and epoll_wait's ready
// lists, the other reply an event loop gets on every turn, are kept as
// numbers in a second arena, for the same reason. And repeats of the same
// call with the same numeric reply (a busy loop's spin(), a getpid loop)
// are one entry with a count.

import { NO_REPLY, type ReplayFeed, type SyscallRequest } from "../abi.ts";

// What an entry's reply is: the low two bits of its head.
const NUM = 0; // a number, in `nums`
const BYTES = 1; // bytes, in the arena
const EPOLL = 2; // an epoll_wait reply ({ ret, events: [{ events, data }] }), in `evs`
const OTHER = 3; // anything else, in `others`

/** Syscall names by id: an entry keeps its name as a small number. Ids never leave this file. */
const NAMES: string[] = [];
const IDS = new Map<string, number>();

function idOf(name: string): number {
  let id = IDS.get(name);
  if (id === undefined) {
    id = NAMES.length;
    NAMES.push(name);
    IDS.set(name, id);
  }
  return id;
}

// Every record starts on these and gets arrays of its own at its first
// entry of each kind: most forked children push a handful of entries.
const NO_U32: Uint32Array = new Uint32Array(0);
const NO_F64: Float64Array = new Float64Array(0);
const NO_BYTES: Uint8Array = new Uint8Array(0);

/** A typed array's next size: double, at least `need`, and at first 64 bytes (`least` elements). */
function grownSize(length: number, need: number, least: number): number {
  return Math.max(least, length * 2, need);
}

function growU32(a: Uint32Array, size: number): Uint32Array {
  const b = new Uint32Array(size);
  b.set(a);
  return b;
}

function growF64(a: Float64Array, size: number): Float64Array {
  const b = new Float64Array(size);
  b.set(a);
  return b;
}

function growU8(a: Uint8Array, size: number): Uint8Array {
  const b = new Uint8Array(size);
  b.set(a);
  return b;
}

/**
 * A number read back from a Float64Array, as the kernel first made it: an
 * integer comes back as V8's small integer, not as a boxed double. A double
 * where the live run had small integers (an fd, a byte count) changes the
 * shape of every array and object it reaches, and all the code compiled for
 * them is thrown away at the first restore.
 */
function num(v: number): number {
  return (v | 0) === v && (v !== 0 || 1 / v > 0) ? v | 0 : v;
}

interface EpollReply {
  ret: number;
  events: Array<{ events: number; data: number }>;
}

export class Record {
  /** Entries of this record itself, each repeat counted. */
  private count = 0;
  /** Entries stored (a repeat is one). */
  private n = 0;
  // Read directly by RecordCursor, which is all that reads them.
  /** Per entry: name id << 2 | kind. */
  heads = NO_U32;
  /** Per entry: how many times it repeats. */
  reps = NO_U32;
  /** Per entry: the reply, when it is a number. */
  nums = NO_F64;
  /** The replies that are neither numbers, bytes nor ready lists, in order. */
  private others: unknown[] = [];
  private arena = NO_BYTES;
  private arenaUsed = 0;
  /** (offset, length) of each byte reply, in order. */
  private spans = NO_U32;
  private nspans = 0;
  /** epoll replies as numbers: ret, n, then n (events, data) pairs; and where each starts. */
  private evs = NO_F64;
  private evsUsed = 0;
  private epolls = NO_U32;
  private nepolls = 0;

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
    const id = idOf(name) << 2;
    const n = this.n;
    if (typeof val === "number") {
      // (0 and -0 are === but not the same reply.)
      if (n > 0 && this.heads[n - 1] === id && this.nums[n - 1] === val && (val !== 0 || Object.is(this.nums[n - 1], val))) {
        this.reps[n - 1]!++;
        return;
      }
      this.add(id | NUM);
      this.nums[n] = val;
    } else if (typeof val === "object" && val !== null && name === "epoll_wait" && Array.isArray((val as EpollReply).events)) {
      this.add(id | EPOLL);
      this.pushEpoll(val as EpollReply);
    } else if (typeof val === "object" && val instanceof Uint8Array) {
      this.add(id | BYTES);
      this.pushBytes(val);
    } else {
      this.add(id | OTHER);
      this.others.push(val);
    }
  }

  /** Appends an entry (its reply stored by the caller). */
  private add(head: number): void {
    const n = this.n;
    if (n === this.heads.length) {
      // Arrays of at most 64 bytes stay inside V8's heap; a larger one has a
      // buffer of its own that the collector tracks, dear for the many short
      // records of a fork server's children.
      const size = grownSize(n, n + 1, 8);
      this.heads = growU32(this.heads, size);
      this.reps = growU32(this.reps, size);
      this.nums = growF64(this.nums, size);
    }
    this.heads[n] = head;
    this.reps[n] = 1;
    this.n = n + 1;
  }

  private pushBytes(val: Uint8Array): void {
    const n = val.length;
    if (this.arenaUsed + n > this.arena.length) this.arena = growU8(this.arena, grownSize(this.arena.length, this.arenaUsed + n, 64));
    const a = this.arena;
    const at = this.arenaUsed;
    if (n <= 64) for (let i = 0; i < n; i++) a[at + i] = val[i]!;
    else a.set(val, at);
    this.arenaUsed += n;
    if (this.nspans + 2 > this.spans.length) this.spans = growU32(this.spans, grownSize(this.spans.length, this.nspans + 2, 16));
    this.spans[this.nspans++] = at;
    this.spans[this.nspans++] = n;
  }

  private pushEpoll(r: EpollReply): void {
    const evs = r.events;
    const need = this.evsUsed + 2 + 2 * evs.length;
    if (need > this.evs.length) this.evs = growF64(this.evs, grownSize(this.evs.length, need, 8));
    const a = this.evs;
    let i = this.evsUsed;
    if (this.nepolls === this.epolls.length) this.epolls = growU32(this.epolls, grownSize(this.nepolls, this.nepolls + 1, 16));
    this.epolls[this.nepolls++] = i;
    a[i++] = r.ret;
    a[i++] = evs.length;
    for (let k = 0; k < evs.length; k++) {
      a[i++] = evs[k]!.events;
      a[i++] = evs[k]!.data;
    }
    this.evsUsed = i;
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

  /** The k-th epoll reply of this record's own entries, rebuilt. */
  epoll(k: number): EpollReply {
    const a = this.evs;
    let i = this.epolls[k]!;
    const ret = num(a[i++]!);
    const n = a[i++]!;
    const events: EpollReply["events"] = [];
    for (let j = 0; j < n; j++, i += 2) events.push({ events: num(a[i]!), data: num(a[i + 1]!) });
    return { ret, events };
  }

  /** The k-th reply of kind OTHER of this record's own entries. */
  other(k: number): unknown {
    return this.others[k];
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
  private kind = NUM;
  private num = 0;
  // The run's arrays, loaded when the cursor enters it: nothing pushes to a
  // record while it is replayed.
  private heads = NO_U32;
  private reps = NO_U32;
  private nums = NO_F64;
  private nbytes = 0;
  private nepoll = 0;
  private nother = 0;

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
    const run = this.run!;
    const kind = this.kind;
    let reply: unknown;
    if (kind === NUM) reply = this.num;
    else if (kind === BYTES) reply = run.bytes(this.nbytes++);
    else if (kind === EPOLL) reply = run.epoll(this.nepoll++);
    else reply = run.other(this.nother++);
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
        let n = this.reps[j]!;
        if (n > this.count - this.used) n = this.count - this.used; // a branch may end inside a repeat
        this.used += n;
        this.left = n;
        const head = this.heads[j]!;
        this.name = NAMES[head >>> 2]!;
        const kind = head & 3;
        this.kind = kind;
        if (kind === NUM) this.num = num(this.nums[j]!);
        return;
      }
      if (++this.ri >= this.chain.length) {
        this.run = null;
        this.name = null;
        return;
      }
      const [next, count] = this.chain[this.ri]!;
      this.run = next;
      this.count = count;
      this.heads = next.heads;
      this.reps = next.reps;
      this.nums = next.nums;
      this.used = 0;
      this.j = -1;
      this.nbytes = 0;
      this.nepoll = 0;
      this.nother = 0;
    }
  }
}
