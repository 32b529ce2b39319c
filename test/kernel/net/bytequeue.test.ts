// The byte FIFO under TCP's queues: against a plain array, for any mix of
// pushes, peeks and drops — small (copied by hand) and large (copied with
// set), wrapping around the ring and growing it.

import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { ByteQueue } from "../../../kernel/net/bytequeue.ts";

type Op = { push: number[] } | { peek: [number, number] } | { drop: number } | { shift: number };

const op: fc.Arbitrary<Op> = fc.oneof(
  fc.record({ push: fc.array(fc.integer({ min: 0, max: 255 }), { maxLength: 200 }) }),
  fc.record({ peek: fc.tuple(fc.nat(300), fc.nat(300)) }),
  fc.record({ drop: fc.nat(300) }),
  fc.record({ shift: fc.nat(300) }),
);

describe("ByteQueue", () => {
  it("is a FIFO of bytes: what comes out is what went in, in order", () => {
    fc.assert(
      fc.property(fc.array(op, { maxLength: 60 }), fc.integer({ min: 1, max: 64 }), (ops, initial) => {
        const q = new ByteQueue(initial);
        let model: number[] = [];
        for (const o of ops) {
          if ("push" in o) {
            q.push(Uint8Array.from(o.push));
            model = model.concat(o.push);
          } else if ("peek" in o) {
            const off = Math.min(o.peek[0], model.length);
            const len = Math.min(o.peek[1], model.length - off);
            expect([...q.peek(off, len)]).toEqual(model.slice(off, off + len));
          } else if ("drop" in o) {
            const n = Math.min(o.drop, model.length);
            q.drop(n);
            model = model.slice(n);
          } else {
            expect([...q.shift(o.shift)]).toEqual(model.slice(0, o.shift));
            model = model.slice(o.shift);
          }
          expect(q.length).toBe(model.length);
        }
        expect([...q.peek(0, q.length)]).toEqual(model);
      }),
      { numRuns: 300 },
    );
  });

  it("refuses to read beyond what it holds (a kernel bug, not an errno)", () => {
    const q = new ByteQueue(4);
    q.push(Uint8Array.from([1, 2, 3]));
    expect(() => q.peek(2, 2)).toThrow(/beyond 3/);
  });
});
