// A process's record: every reply its generators received, in delivery
// order, with the syscall name it answered (or REC_SIGNAL and the signal
// number for a handler entry). It is all fork needs to rebuild the process.
// A forked child's record starts as a reference to its parent's first n
// entries rather than a copy, so a fork loop costs O(history) time for the
// replay but not O(history) memory per child.

export class Record {
  names: string[] = [];
  vals: unknown[] = [];

  constructor(
    /** The record this one continues, and how many of its entries it keeps. */
    private readonly base: Record | null = null,
    private readonly baseLen = 0,
  ) {}

  get length(): number {
    return this.baseLen + this.names.length;
  }

  push(name: string, val: unknown): void {
    this.names.push(name);
    this.vals.push(val);
  }

  /** A record whose first entries are this one's as they stand now (O(1), shared). */
  branch(): Record {
    return new Record(this, this.length);
  }

  /**
   * The entries as contiguous runs, oldest first: [names, vals, count]. A
   * branch sees only the base entries that existed when it was made.
   */
  segments(): Array<[readonly string[], readonly unknown[], number]> {
    const out: Array<[readonly string[], readonly unknown[], number]> = [];
    let r: Record | null = this;
    let limit = Infinity;
    while (r !== null) {
      const own = Math.max(0, Math.min(r.names.length, limit - r.baseLen));
      out.push([r.names, r.vals, own]);
      limit = Math.min(limit, r.baseLen);
      r = r.base;
    }
    return out.reverse();
  }
}
