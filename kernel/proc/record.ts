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
// with a count.

/** Stands in `vals` for a byte reply stored in the arena. */
const BYTES = Symbol("bytes");

export class Record {
  names: string[] = [];
  vals: unknown[] = [];
  /** How many times each entry repeats. */
  reps: number[] = [];
  /** Entries of this record itself, repeats counted. */
  private count = 0;
  private arena = new Uint8Array(256);
  private arenaUsed = 0;
  /** (offset, length) of each byte reply, in order. */
  private spans: number[] = [];

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
    if (typeof val === "object" && val instanceof Uint8Array) {
      const n = val.length;
      if (this.arenaUsed + n > this.arena.length) {
        const grown = new Uint8Array(Math.max(this.arena.length * 2, this.arenaUsed + n));
        grown.set(this.arena.subarray(0, this.arenaUsed));
        this.arena = grown;
      }
      this.arena.set(val, this.arenaUsed);
      this.spans.push(this.arenaUsed, n);
      this.arenaUsed += n;
      this.vals.push(BYTES);
    } else {
      this.vals.push(val);
    }
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
