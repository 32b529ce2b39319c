// The one timed queue of the simulation: events fire in (time, seq) order,
// so equal times fire in the order they were scheduled, and a cancelled
// event never fires. Checked against a sort, for any mix of pushes, pops
// and cancellations — and of events queued on lanes (a link's deliveries),
// which must come out in exactly the order one heap would give.

import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { EventLane, EventQueue, type TimedEvent } from "../../kernel/clock.ts";

const firstOf = (evs: TimedEvent[]) => evs.reduce((a, b) => (b.time < a.time || (b.time === a.time && b.seq < a.seq) ? b : a));
const sorted = (evs: TimedEvent[]) => [...evs].sort((a, b) => a.time - b.time || a.seq - b.seq);

/** peekTime and pop, checked against the live events: the earliest (undefined, and Infinity, when none). */
function popChecked(q: EventQueue, live: TimedEvent[]): TimedEvent | undefined {
  const t = q.peekTime();
  if (live.length === 0) {
    expect(t).toBe(Infinity);
    return undefined;
  }
  const want = firstOf(live);
  expect(t).toBe(want.time);
  expect(q.pop()).toBe(want);
  return want;
}

/** Everything left, popped. */
function drain(q: EventQueue): TimedEvent[] {
  const out: TimedEvent[] = [];
  while (q.peekTime() !== Infinity) out.push(q.pop()!);
  return out;
}

describe("EventQueue", () => {
  it("pops in (time, scheduling order), skipping cancelled events", () => {
    const step = fc.oneof(
      fc.record({ push: fc.integer({ min: 0, max: 50 }) }),
      fc.record({ pop: fc.constant(true) }),
      fc.record({ cancel: fc.nat() }),
    );
    fc.assert(
      fc.property(fc.array(step, { maxLength: 400 }), (steps) => {
        const q = new EventQueue();
        let live: TimedEvent[] = [];
        let n = 0;
        for (const s of steps) {
          if ("push" in s) {
            live.push(q.push(s.push, "test", () => {}));
            n++;
          } else if ("cancel" in s) {
            if (live.length === 0) continue;
            const ev = live[s.cancel % live.length]!;
            ev.cancelled = true;
            live = live.filter((e) => e !== ev);
          } else {
            const got = popChecked(q, live);
            live = live.filter((e) => e !== got);
          }
        }
        // Drain: everything left comes out sorted.
        const out = drain(q);
        expect(out).toEqual(sorted(live));
        expect(n).toBeGreaterThanOrEqual(out.length);
      }),
      { numRuns: 200 },
    );
  });

  it("equal times fire in the order they were scheduled (turmoil's tie-breaker)", () => {
    const q = new EventQueue();
    const names = ["a", "b", "c", "d", "e"];
    for (const w of names) q.push(1000, w, () => {});
    q.push(5, "early", () => {});
    const order: string[] = [];
    while (q.size > 0) order.push(q.pop()!.what);
    expect(order).toEqual(["early", ...names]);
  });

  it("lanes keep the heap's order: pushes in or out of a lane's order, pops, cancels in the heap", () => {
    const step = fc.oneof(
      fc.record({ push: fc.integer({ min: 0, max: 50 }) }),
      fc.record({ lane: fc.integer({ min: 0, max: 2 }), at: fc.integer({ min: 0, max: 50 }) }),
      fc.record({ pop: fc.constant(true) }),
      fc.record({ cancel: fc.nat() }),
    );
    fc.assert(
      fc.property(fc.array(step, { maxLength: 400 }), (steps) => {
        const q = new EventQueue();
        const lanes = [new EventLane(), new EventLane(), new EventLane()];
        let live: TimedEvent[] = [];
        const cancellable: TimedEvent[] = [];
        let now = 0;
        for (const s of steps) {
          if ("push" in s) {
            const ev = q.push(now + s.push, "timer", () => {});
            live.push(ev);
            cancellable.push(ev);
          } else if ("lane" in s) {
            const ev: TimedEvent = { time: now + s.at, seq: 0, fire: () => {}, cancelled: false, what: "packet" };
            live.push(q.pushLane(lanes[s.lane]!, ev));
          } else if ("cancel" in s) {
            const alive = cancellable.filter((e) => live.includes(e));
            if (alive.length === 0) continue;
            const ev = alive[s.cancel % alive.length]!;
            ev.cancelled = true;
            live = live.filter((e) => e !== ev);
          } else {
            const got = popChecked(q, live);
            if (got === undefined) continue;
            now = got.time;
            live = live.filter((e) => e !== got);
          }
          expect(q.pending()).toEqual(sorted(live));
        }
        expect(drain(q)).toEqual(sorted(live));
        expect(q.size).toBe(0);
      }),
      { numRuns: 200 },
    );
  });

  it("a lane of thousands of events drains in order and lets them go", () => {
    const q = new EventQueue();
    const lane = new EventLane();
    for (let i = 0; i < 5000; i++) q.pushLane(lane, { time: i, seq: 0, fire: () => {}, cancelled: false, what: "packet" });
    q.push(2500, "timer", () => {});
    const whats: string[] = [];
    let last = -1;
    while (q.size > 0) {
      expect(q.peekTime()).toBeGreaterThanOrEqual(last);
      const ev = q.pop()!;
      last = ev.time;
      whats.push(ev.what);
    }
    expect(whats.length).toBe(5001);
    expect(whats[2501]).toBe("timer"); // after the lane's event at 2500, scheduled earlier
    expect(lane.events.length).toBe(0);
  });
});
