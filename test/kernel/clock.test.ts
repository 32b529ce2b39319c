// The one timed queue of the simulation: events fire in (time, seq) order,
// so equal times fire in the order they were scheduled, and a cancelled
// event never fires. Checked against a sort, for any mix of pushes, pops
// and cancellations.

import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { EventQueue, type TimedEvent } from "../../kernel/clock.ts";

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
        const firstOf = (evs: TimedEvent[]) => evs.reduce((a, b) => (b.time < a.time || (b.time === a.time && b.seq < a.seq) ? b : a));
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
            const t = q.peekTime();
            if (live.length === 0) {
              expect(t).toBe(Infinity);
              continue;
            }
            const want = firstOf(live);
            expect(t).toBe(want.time);
            expect(q.pop()).toBe(want);
            live = live.filter((e) => e !== want);
          }
        }
        // Drain: everything left comes out sorted.
        const sorted = [...live].sort((a, b) => a.time - b.time || a.seq - b.seq);
        const out: TimedEvent[] = [];
        while (q.peekTime() !== Infinity) out.push(q.pop()!);
        expect(out).toEqual(sorted);
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
});
