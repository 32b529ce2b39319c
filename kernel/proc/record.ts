// A process's record: every reply its generators received, in delivery
// order, with the syscall name it answered (or REC_SIGNAL and the signal
// number for a handler entry). It is all fork needs to rebuild the process.
//
// Four things keep it cheap. A forked child's record starts as a reference
// to its parent's first n entries rather than a copy, so a fork loop costs
// O(history) replay time but not O(history) memory per child. The entries
// are bytes in one growing buffer, not JS values: every syscall pushes one,
// and arrays of values that long cost five times as much here, the
// collector copying them and the fresh pages they land on. The bytes are
// as few as the reply allows (variable-length integers; byte replies and
// epoll_wait's ready lists, the replies an event loop gets on every turn,
// inline), because what a push costs is mostly the memory it writes: on an
// echo server, 170 bytes a round trip in fixed-width arrays took 19 % of
// the run, through the cache lines they fetched and evicted, where a
// function doing the same work but storing nothing did not. And repeats of
// the same call with the same numeric reply (a busy loop's spin(), a getpid
// loop) are one entry with a count.
//
// An entry starts with a header, varint(name id × 8 + tag); by tag:
//   INT     the reply, a zigzag varint (an int32, not -0)
//   F64     the reply, 8 bytes (any other number)
//   BYTES   varint length, then the bytes
//   EPOLL   number ret, varint n, then n × (number events, number data)
//   OTHER   varint index of the reply in `others`
//   REPEAT  (after an INT or F64 entry, header byte REPEAT alone) how many
//           more times it came, 6 bytes little-endian, counted up in place
// where a "number" is a tag byte (INT or F64) and the same encoding.

import { NO_REPLY, type ReplayFeed, type SyscallRequest } from "../abi.ts";

const INT = 0;
const F64 = 1;
const BYTES = 2;
const EPOLL = 3;
const OTHER = 4;
const REPEAT = 5;

/** What a cursor hands out for the current entry (INT and F64 are both NUM). */
const NUM = 0;

/** Syscall names by id: an entry keeps its name as a small number. Ids never leave this file. */
const NAMES: string[] = [];
const IDS = new Map<string, number>();
// A direct-mapped cache in front of IDS, by name length: an event loop's
// few names (epoll_wait, read, write) each hit a slot of their own.
const CACHED: Array<string | null> = new Array<string | null>(16).fill(null);
const CACHED_ID: number[] = new Array<number>(16).fill(0);

function idOf(name: string): number {
  const slot = name.length & 15;
  if (CACHED[slot] === name) return CACHED_ID[slot]!;
  let id = IDS.get(name);
  if (id === undefined) {
    id = NAMES.length;
    NAMES.push(name);
    IDS.set(name, id);
  }
  CACHED[slot] = name;
  CACHED_ID[slot] = id;
  return id;
}

// Every record starts on this and gets a buffer of its own at its first
// entry: most forked children push a handful of entries.
const NO_BYTES: Uint8Array = new Uint8Array(0);

/** Moves doubles to and from bytes. */
const F64_SCRATCH = new Float64Array(1);
const F64_BYTES = new Uint8Array(F64_SCRATCH.buffer);

/** An int32 (not -0): encoded as a zigzag varint. */
function isInt(v: number): boolean {
  return (v | 0) === v && (v !== 0 || 1 / v > 0);
}

/** Writes varint `x` (0 ≤ x < 2^32) at `at`; returns the end. */
function putVar(b: Uint8Array, at: number, x: number): number {
  while (x >= 128) {
    b[at++] = (x & 127) | 128;
    x = x >>> 7;
  }
  b[at++] = x;
  return at;
}

/** Writes int32 `v` as a zigzag varint; returns the end. */
function putInt(b: Uint8Array, at: number, v: number): number {
  return putVar(b, at, ((v << 1) ^ (v >> 31)) >>> 0);
}

function putF64(b: Uint8Array, at: number, v: number): number {
  F64_SCRATCH[0] = v;
  for (let i = 0; i < 8; i++) b[at + i] = F64_BYTES[i]!;
  return at + 8;
}

/** Writes any number: a tag byte, then its encoding; returns the end. */
function putNum(b: Uint8Array, at: number, v: number): number {
  if (isInt(v)) {
    b[at] = INT;
    return putInt(b, at + 1, v);
  }
  b[at] = F64;
  return putF64(b, at + 1, v);
}

/** Most bytes putNum writes. */
const NUM_MAX = 9;

function put48(b: Uint8Array, at: number, v: number): void {
  for (let i = 0; i < 6; i++) {
    b[at + i] = v % 256;
    v = Math.floor(v / 256);
  }
}

function get48(b: Uint8Array, at: number): number {
  let v = 0;
  for (let i = 5; i >= 0; i--) v = v * 256 + b[at + i]!;
  return v;
}

interface EpollReply {
  ret: number;
  events: Array<{ events: number; data: number }>;
}

export class Record {
  /** Entries of this record itself, each repeat counted. */
  private count = 0;
  /** The entries (see the top of this file); read directly by RecordCursor. */
  buf = NO_BYTES;
  /** Bytes of `buf` in use. */
  private used = 0;
  /** The last entry, when it is a number that may repeat: its name id (else -1) and value. */
  private lastId = -1;
  private lastVal = 0;
  /** Where the last entry's repeat count is, once it has one; else -1. */
  private repAt = -1;
  /** The replies that are neither numbers, bytes nor ready lists, in order. */
  others: unknown[] = [];

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
    const id = idOf(name);
    if (typeof val === "number") {
      // (0 and -0 are === but not the same reply.)
      if (id === this.lastId && val === this.lastVal && (val !== 0 || Object.is(val, this.lastVal))) {
        this.repeatLast();
        return;
      }
      const b = this.reserve(3 + NUM_MAX);
      let at = this.used;
      if (isInt(val)) {
        at = putVar(b, at, id * 8 + INT);
        at = putInt(b, at, val);
      } else {
        at = putVar(b, at, id * 8 + F64);
        at = putF64(b, at, val);
      }
      this.used = at;
      this.lastId = id;
      this.lastVal = val;
      this.repAt = -1;
      return;
    }
    this.lastId = -1;
    if (typeof val === "object" && val !== null && name === "epoll_wait" && Array.isArray((val as EpollReply).events)) {
      const evs = (val as EpollReply).events;
      const b = this.reserve(3 + NUM_MAX + 5 + evs.length * 2 * NUM_MAX);
      let at = putVar(b, this.used, id * 8 + EPOLL);
      at = putNum(b, at, (val as EpollReply).ret);
      at = putVar(b, at, evs.length);
      for (let k = 0; k < evs.length; k++) {
        at = putNum(b, at, evs[k]!.events);
        at = putNum(b, at, evs[k]!.data);
      }
      this.used = at;
    } else if (typeof val === "object" && val instanceof Uint8Array) {
      const n = val.length;
      const b = this.reserve(3 + 5 + n);
      let at = putVar(b, this.used, id * 8 + BYTES);
      at = putVar(b, at, n);
      if (n <= 64) for (let k = 0; k < n; k++) b[at + k] = val[k]!;
      else b.set(val, at);
      this.used = at + n;
    } else {
      const b = this.reserve(3 + 5);
      const at = putVar(b, this.used, id * 8 + OTHER);
      this.used = putVar(b, at, this.others.length);
      this.others.push(val);
    }
  }

  /** The last entry came again: its repeat count goes up (and appears at the first repeat). */
  private repeatLast(): void {
    const at = this.repAt;
    if (at >= 0) {
      const b = this.buf;
      // Count up in place, carrying through the 6 little-endian bytes.
      for (let i = 0; i < 6; i++) {
        if (b[at + i] !== 255) {
          b[at + i]!++;
          return;
        }
        b[at + i] = 0;
      }
      throw new Error("invariant: a record entry repeated 2^48 times");
    }
    const b = this.reserve(7);
    const u = this.used;
    b[u] = REPEAT;
    put48(b, u + 1, 1);
    this.repAt = u + 1;
    this.used = u + 7;
  }

  /** Room for `n` more bytes; returns the buffer to write them to. */
  private reserve(n: number): Uint8Array {
    const need = this.used + n;
    if (need > this.buf.length) {
      // Buffers of at most 64 bytes stay inside V8's heap; a larger one has a
      // buffer of its own that the collector tracks, dear for the many short
      // records of a fork server's children.
      const grown = new Uint8Array(Math.max(64, this.buf.length * 2, need));
      grown.set(this.buf.subarray(0, this.used));
      this.buf = grown;
    }
    return this.buf;
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
  /** Entries of the run that count, and how many of them have been reached. */
  private count = 0;
  private used = 0;
  /** Repeats of the current entry still to hand out. */
  private left = 0;
  /** NUM, or the tag of a reply that is built when handed out (BYTES, EPOLL, OTHER). */
  private kind = NUM;
  /** The current entry's reply when it is a number. */
  private num = 0;
  /** Where the current entry's payload starts, when it is not a number. */
  private payload = 0;
  // The run's buffer, loaded when the cursor enters it (nothing pushes to a
  // record while it is replayed), and where its next entry starts.
  private buf = NO_BYTES;
  private at = 0;
  /** Where the last varAt, intAt, f64At or numAt stopped reading. */
  private end = 0;

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
    // Small, so that V8 inlines it where libc takes replies; other replies are built apart.
    const reply = this.kind === NUM ? this.num : this.built();
    this.i++;
    if (--this.left === 0) this.seek();
    return reply;
  }

  take(req: SyscallRequest): unknown {
    const name = this.name;
    if (name !== req.nr || name === this.watched) return NO_REPLY;
    return this.next();
  }

  /** The current entry's reply when it is not a number; the next entry starts where it ends. */
  private built(): unknown {
    const kind = this.kind;
    const at = this.payload;
    let reply: unknown;
    if (kind === OTHER) reply = this.run!.others[this.varAt(at)];
    else reply = kind === BYTES ? this.bytesAt(at) : this.epollAt(at);
    this.at = this.end;
    return reply;
  }

  private bytesAt(at: number): Uint8Array {
    const n = this.varAt(at);
    at = this.end;
    this.end = at + n;
    return this.buf.subarray(at, at + n);
  }

  private epollAt(at: number): EpollReply {
    const ret = this.numAt(at);
    const n = this.varAt(this.end);
    at = this.end;
    const events: EpollReply["events"] = [];
    for (let k = 0; k < n; k++) {
      const ev = this.numAt(at);
      const data = this.numAt(this.end);
      at = this.end;
      events.push({ events: ev, data });
    }
    return { ret, events };
  }

  /** The varint at `at` (sets `end`). */
  private varAt(at: number): number {
    const b = this.buf;
    let byte = b[at++]!;
    let x = byte & 127;
    let mul = 128;
    while (byte >= 128) {
      byte = b[at++]!;
      x += (byte & 127) * mul;
      mul *= 128;
    }
    this.end = at;
    return x;
  }

  /** The zigzag int at `at` (sets `end`). */
  private intAt(at: number): number {
    const x = this.varAt(at);
    return (x >>> 1) ^ -(x & 1);
  }

  private f64At(at: number): number {
    const b = this.buf;
    for (let i = 0; i < 8; i++) F64_BYTES[i] = b[at + i]!;
    this.end = at + 8;
    return F64_SCRATCH[0]!;
  }

  /** A tagged number at `at` (sets `end`). */
  private numAt(at: number): number {
    const b = this.buf;
    if (b[at] === INT) {
      const x = b[at + 1]!;
      if (x < 128) {
        // A one-byte int (an fd, an event mask): most of a ready list.
        this.end = at + 2;
        return (x >>> 1) ^ -(x & 1);
      }
      return this.intAt(at + 1);
    }
    return this.f64At(at + 1);
  }

  /**
   * Moves to the next entry of the chain (the current one is used up). Its
   * common case, an int below 8192 under a one-byte header, is all V8
   * inlines into every libc call; anything else is seekSlow's. (Every entry
   * has at least two bytes, so at + 1 is in the buffer; a second value byte
   * follows a first one ≥ 128.)
   */
  private seek(): void {
    while (this.used >= this.count) if (!this.nextRun()) return;
    const b = this.buf;
    const at = this.at;
    const h = b[at]!;
    if (h < 128 && (h & 7) === INT) {
      this.name = NAMES[h >> 3]!;
      this.kind = NUM;
      const x = b[at + 1]!;
      if (x < 128) {
        this.num = (x >>> 1) ^ -(x & 1);
        this.counted(at + 2);
        return;
      }
      const y = b[at + 2]!;
      if (y < 128) {
        const z = (x & 127) | (y << 7);
        this.num = (z >>> 1) ^ -(z & 1);
        this.counted(at + 3);
        return;
      }
    }
    this.seekSlow(at);
  }

  private seekSlow(at: number): void {
    let h = this.buf[at]!;
    if (h < 128) at++;
    else {
      h = this.varAt(at);
      at = this.end;
    }
    const tag = h & 7;
    this.name = NAMES[h >> 3]!;
    if (tag === INT || tag === F64) {
      this.num = tag === INT ? this.intAt(at) : this.f64At(at);
      this.kind = NUM;
      this.counted(this.end);
    } else {
      // Bytes, a ready list or another reply: decoded when handed out, which finds where it ends.
      this.kind = tag;
      this.payload = at;
      this.counted(-1);
    }
  }

  /** The entry ends at `at` (-1: built() will know): takes its repeat count (numbers only), clamped to the run, and moves past it. */
  private counted(at: number): void {
    let n = 1;
    if (this.kind === NUM && this.buf[at] === REPEAT) {
      n = get48(this.buf, at + 1) + 1;
      at += 7;
    }
    if (n > this.count - this.used) n = this.count - this.used; // a branch may end inside a repeat
    this.used += n;
    this.left = n;
    this.at = at;
  }

  /** Enters the chain's next run; false after the last. */
  private nextRun(): boolean {
    if (++this.ri >= this.chain.length) {
      this.run = null;
      this.name = null;
      return false;
    }
    const [next, count] = this.chain[this.ri]!;
    this.run = next;
    this.count = count;
    this.buf = next.buf;
    this.used = 0;
    this.at = 0;
    return true;
  }
}
