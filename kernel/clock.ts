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
 * A FIFO of events whose times never decrease: a network link's packet
 * deliveries (fabric.ts), which a constant latency keeps in sending order.
 * An event pushed to a lane waits there instead of in the heap: O(1) in and
 * out, where a heap of thousands of packets costs a dozen levels each way.
 */
export class EventLane {
  /** Pending events from `head` on, in (time, seq) order. */
  events: TimedEvent[] = [];
  head = 0;
  /** In the queue's list of lanes that hold events. */
  active = false;
}

/**
 * Binary min-heap on (time, seq), plus lanes (EventLane). The keys live in
 * two Float64Arrays next to the heap of events, so sifting compares
 * contiguous numbers instead of chasing an object per comparison (a busy
 * network keeps thousands of packets and timers pending). Every event gets
 * its seq from the one counter, and pop takes the earliest of the heap's
 * top and the lanes' heads by (time, seq): the order is what one heap of
 * everything would give.
 */
export class EventQueue {
  private heap: TimedEvent[] = [];
  private times = new Float64Array(256);
  private seqs = new Float64Array(256);
  private seq = 0;
  /** The lanes that hold events (few: one per link in use). */
  private lanes: EventLane[] = [];

  get size(): number {
    let n = this.heap.length;
    for (const l of this.lanes) n += l.events.length - l.head;
    return n;
  }

  /**
   * Schedules `ev` (an object that is both the event and its action, and
   * that is never cancelled: a lane does not look) on `lane`, or in the
   * heap when it would fire before the lane's last event (a link that
   * jitters or reorders).
   */
  pushLane<E extends TimedEvent>(lane: EventLane, ev: E): E {
    const q = lane.events;
    if (q.length > lane.head && q[q.length - 1]!.time > ev.time) return this.pushEvent(ev);
    ev.seq = this.seq++;
    q.push(ev);
    if (!lane.active) {
      lane.active = true;
      this.lanes.push(lane);
    }
    return ev;
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
    while (h.length > 0 && h[0]!.cancelled) this.popHeap();
    let t = h.length > 0 ? this.times[0]! : Infinity;
    const lanes = this.lanes;
    for (let i = 0; i < lanes.length; i++) {
      const l = lanes[i]!;
      const lt = l.events[l.head]!.time;
      if (lt < t) t = lt;
    }
    return t;
  }

  /** The next event (live or cancelled: peekTime drops cancelled ones first), or undefined. */
  pop(): TimedEvent | undefined {
    const lanes = this.lanes;
    if (lanes.length === 0) return this.popHeap();
    const h = this.heap;
    let bt = Infinity, bs = Infinity;
    if (h.length > 0) {
      bt = this.times[0]!;
      bs = this.seqs[0]!;
    }
    let best = -1;
    for (let i = 0; i < lanes.length; i++) {
      const l = lanes[i]!;
      const e = l.events[l.head]!;
      if (e.time < bt || (e.time === bt && e.seq < bs)) {
        best = i;
        bt = e.time;
        bs = e.seq;
      }
    }
    return best < 0 ? this.popHeap() : this.shiftLane(best);
  }

  /** Takes the head of the i-th active lane. */
  private shiftLane(i: number): TimedEvent {
    const lanes = this.lanes;
    const l = lanes[i]!;
    const q = l.events;
    const ev = q[l.head++]!;
    if (l.head === q.length) {
      // Drained: off the active list (order there does not matter: pop compares every head).
      l.events = [];
      l.head = 0;
      l.active = false;
      lanes[i] = lanes[lanes.length - 1]!;
      lanes.pop();
    } else if (l.head >= 1024 && l.head * 2 >= q.length) {
      l.events = q.slice(l.head);
      l.head = 0;
    }
    return ev;
  }

  private popHeap(): TimedEvent | undefined {
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
    const all = this.heap.filter((e) => !e.cancelled);
    for (const l of this.lanes) for (let i = l.head; i < l.events.length; i++) if (!l.events[i]!.cancelled) all.push(l.events[i]!);
    return all.sort((a, b) => (before(a, b) ? -1 : 1));
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
