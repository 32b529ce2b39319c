// Simulated time: integer nanoseconds, and the one timed queue of the
// simulation, ordered by (time, seq) so equal times fire in the order they
// were scheduled (turmoil's rule: a tie-breaker on every timed queue).

export const NS = 1, US = 1_000, MS = 1_000_000, SEC = 1_000_000_000;

export interface TimedEvent {
  time: number;
  seq: number;
  /** Runs the event; `cancelled` events are skipped when popped. */
  fire: () => void;
  cancelled: boolean;
  /** What the event is, for the trace and the TUI ("timer", "packet", ...). */
  what: string;
}

/** Binary min-heap on (time, seq). */
export class EventQueue {
  private heap: TimedEvent[] = [];
  private seq = 0;

  get size(): number {
    return this.heap.length;
  }

  push(time: number, what: string, fire: () => void): TimedEvent {
    const ev: TimedEvent = { time, seq: this.seq++, fire, cancelled: false, what };
    const h = this.heap;
    h.push(ev);
    let i = h.length - 1;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (!before(ev, h[parent]!)) break;
      h[i] = h[parent]!;
      i = parent;
    }
    h[i] = ev;
    return ev;
  }

  /** Time of the next live event, or Infinity. */
  peekTime(): number {
    const h = this.heap;
    while (h.length > 0 && h[0]!.cancelled) this.pop();
    return h.length > 0 ? h[0]!.time : Infinity;
  }

  pop(): TimedEvent | undefined {
    const h = this.heap;
    if (h.length === 0) return undefined;
    const top = h[0]!;
    const last = h.pop()!;
    if (h.length > 0) {
      let i = 0;
      const n = h.length;
      for (;;) {
        const l = 2 * i + 1;
        if (l >= n) break;
        const r = l + 1;
        const c = r < n && before(h[r]!, h[l]!) ? r : l;
        if (!before(h[c]!, last)) break;
        h[i] = h[c]!;
        i = c;
      }
      h[i] = last;
    }
    return top;
  }

  /** Live events in firing order (for inspection; O(n log n)). */
  pending(): TimedEvent[] {
    return this.heap.filter((e) => !e.cancelled).sort((a, b) => (before(a, b) ? -1 : 1));
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
