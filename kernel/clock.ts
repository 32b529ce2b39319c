// Simulated time: integer nanoseconds, and the one timed queue of the
// simulation, ordered by (time, seq) so equal times fire in the order they
// were scheduled (turmoil's rule: a tie-breaker on every timed queue).

export const NS = 1, US = 1_000, MS = 1_000_000, SEC = 1_000_000_000;

/**
 * What an event does, as an object with a `run` method rather than a
 * closure: the kernel's state then holds no functions, and a checkpoint
 * (kernel/sim/checkpoint.ts) can copy it. A closure still works, but a
 * world holding one cannot be checkpointed.
 */
export interface Action {
  run(): void;
}

export interface TimedEvent {
  time: number;
  seq: number;
  /** Runs the event; `cancelled` events are skipped when popped. */
  fire: Action | (() => void);
  cancelled: boolean;
  /** What the event is, for the trace and the TUI ("timer", "packet", ...). */
  what: string;
}

/**
 * Binary min-heap on (time, seq). The keys live in two Float64Arrays next
 * to the heap of events, so sifting compares contiguous numbers instead of
 * chasing an object per comparison (a busy network keeps thousands of
 * packets and timers pending).
 */
export class EventQueue {
  private heap: TimedEvent[] = [];
  private times = new Float64Array(256);
  private seqs = new Float64Array(256);
  private seq = 0;

  get size(): number {
    return this.heap.length;
  }

  push(time: number, what: string, fire: Action | (() => void)): TimedEvent {
    const ev: TimedEvent = { time, seq: this.seq++, fire, cancelled: false, what };
    this.sift(ev);
    return ev;
  }

  private sift(ev: TimedEvent): void {
    const time = ev.time, seq = ev.seq;
    const h = this.heap;
    let i = h.length;
    if (i === this.times.length) this.grow();
    const times = this.times, seqs = this.seqs;
    h.push(ev);
    while (i > 0) {
      const parent = (i - 1) >> 1;
      const pt = times[parent]!;
      if (pt < time || (pt === time && seqs[parent]! < seq)) break;
      h[i] = h[parent]!;
      times[i] = pt;
      seqs[i] = seqs[parent]!;
      i = parent;
    }
    h[i] = ev;
    times[i] = time;
    seqs[i] = seq;
  }

  /**
   * Schedules `ev` itself (an object that is both the event and its action,
   * `ev.fire === ev`): one object a packet instead of two.
   */
  pushEvent<E extends TimedEvent>(ev: E): E {
    ev.seq = this.seq++;
    this.sift(ev);
    return ev;
  }

  /** Time of the next live event, or Infinity. */
  peekTime(): number {
    const h = this.heap;
    while (h.length > 0 && h[0]!.cancelled) this.pop();
    return h.length > 0 ? this.times[0]! : Infinity;
  }

  pop(): TimedEvent | undefined {
    const h = this.heap;
    if (h.length === 0) return undefined;
    const top = h[0]!;
    const last = h.pop()!;
    const n = h.length;
    if (n > 0) {
      const times = this.times, seqs = this.seqs;
      const lt = times[n]!, ls = seqs[n]!;
      let i = 0;
      for (;;) {
        const l = 2 * i + 1;
        if (l >= n) break;
        const r = l + 1;
        let c = l;
        let ct = times[l]!, cs = seqs[l]!;
        if (r < n) {
          const rt = times[r]!;
          if (rt < ct || (rt === ct && seqs[r]! < cs)) {
            c = r;
            ct = rt;
            cs = seqs[r]!;
          }
        }
        if (lt < ct || (lt === ct && ls < cs)) break;
        h[i] = h[c]!;
        times[i] = ct;
        seqs[i] = cs;
        i = c;
      }
      h[i] = last;
      times[i] = lt;
      seqs[i] = ls;
    }
    return top;
  }

  /** Live events in firing order (for inspection; O(n log n)). */
  pending(): TimedEvent[] {
    return this.heap.filter((e) => !e.cancelled).sort((a, b) => (before(a, b) ? -1 : 1));
  }

  private grow(): void {
    const t = new Float64Array(this.times.length * 2);
    t.set(this.times);
    this.times = t;
    const q = new Float64Array(this.seqs.length * 2);
    q.set(this.seqs);
    this.seqs = q;
  }
}

function before(a: TimedEvent, b: TimedEvent): boolean {
  return a.time < b.time || (a.time === b.time && a.seq < b.seq);
}

const UNITS: Record<string, number> = { ns: NS, us: US, µs: US, ms: MS, s: SEC, m: 60 * SEC, min: 60 * SEC, h: 3600 * SEC };

/**
 * Parses "10ms", "1.5s", "250us", "3" (seconds) or a number of ns.
 * Returns undefined for anything else, negative or non-finite values.
 */
export function parseDuration(v: unknown): number | undefined {
  if (typeof v === "number") return Number.isSafeInteger(v) && v >= 0 ? v : undefined;
  if (typeof v !== "string") return undefined;
  const m = /^\s*(\d+(?:\.\d+)?)\s*(ns|us|µs|ms|s|m|min|h)?\s*$/.exec(v);
  if (!m) return undefined;
  const ns = Math.round(Number(m[1]) * UNITS[m[2] ?? "s"]!);
  return Number.isSafeInteger(ns) ? ns : undefined;
}

/** "1.234567s" style, trimmed: 0 → "0s", 1500000 → "1.5ms". */
export function formatDuration(ns: number): string {
  if (ns === 0) return "0s";
  if (ns % SEC === 0 || ns >= SEC) return `${trim(ns / SEC)}s`;
  if (ns >= MS) return `${trim(ns / MS)}ms`;
  if (ns >= US) return `${trim(ns / US)}us`;
  return `${ns}ns`;
}

function trim(x: number): string {
  return String(Number(x.toFixed(6)));
}

/** Seconds.microseconds as strace -t / tcpdump print them: "00:00:01.000123". */
export function formatClock(ns: number): string {
  const totalUs = Math.floor(ns / US);
  const us = totalUs % 1_000_000;
  const s = Math.floor(totalUs / 1_000_000);
  const hh = Math.floor(s / 3600), mm = Math.floor(s / 60) % 60, ss = s % 60;
  return `${pad2(hh)}:${pad2(mm)}:${pad2(ss)}.${String(us).padStart(6, "0")}`;
}

function pad2(n: number): string {
  return n < 10 ? `0${n}` : String(n);
}
