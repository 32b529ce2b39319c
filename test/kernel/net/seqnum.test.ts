// Sequence-number arithmetic modulo 2^32 (RFC 9293 §3.4), including the
// wrap from 2^32 - 1 to 0.

import { describe, expect, it } from "vitest";
import fc from "fast-check";
import {
  seqAdd, seqGe, seqGt, seqInWindow, seqLe, seqLt, seqMax, seqMin, seqSub,
} from "../../../kernel/net/tcp/seqnum.ts";

const MAX = 0xffffffff;
const u32 = fc.integer({ min: 0, max: MAX });

describe("seqAdd", () => {
  it("adds without wrapping in the middle of the space", () => {
    expect(seqAdd(1000, 460)).toBe(1460);
  });

  it("wraps past 2^32 - 1 to small numbers", () => {
    expect(seqAdd(MAX, 1)).toBe(0);
    expect(seqAdd(MAX - 5, 10)).toBe(4);
  });

  it("subtracts with a negative increment, wrapping below zero", () => {
    expect(seqAdd(0, -1)).toBe(MAX);
    expect(seqAdd(3, -5)).toBe(MAX - 1);
  });

  it("always returns an unsigned 32-bit number", () => {
    fc.assert(fc.property(u32, fc.integer({ min: -(2 ** 31), max: 2 ** 31 }), (a, n) => {
      const r = seqAdd(a, n);
      return Number.isInteger(r) && r >= 0 && r <= MAX;
    }));
  });
});

describe("seqSub", () => {
  it("is the signed distance from b to a", () => {
    expect(seqSub(1460, 1000)).toBe(460);
    expect(seqSub(1000, 1460)).toBe(-460);
  });

  it("measures across the wrap", () => {
    expect(seqSub(4, MAX - 5)).toBe(10);
    expect(seqSub(MAX - 5, 4)).toBe(-10);
  });

  it("undoes seqAdd for distances below 2^31", () => {
    fc.assert(fc.property(u32, fc.integer({ min: -(2 ** 31) + 1, max: 2 ** 31 - 1 }), (a, n) => seqSub(seqAdd(a, n), a) === n));
  });
});

describe("comparisons", () => {
  it("order numbers in the middle of the space as integers", () => {
    expect(seqLt(1, 2)).toBe(true);
    expect(seqLt(2, 1)).toBe(false);
    expect(seqLt(2, 2)).toBe(false);
    expect(seqLe(2, 2)).toBe(true);
    expect(seqGt(2, 1)).toBe(true);
    expect(seqGe(2, 2)).toBe(true);
    expect(seqGe(1, 2)).toBe(false);
  });

  it("treat a number just past the wrap as after one just before it", () => {
    expect(seqLt(MAX, 0)).toBe(true);
    expect(seqGt(0, MAX)).toBe(true);
    expect(seqLt(MAX - 100, 100)).toBe(true);
    expect(seqGe(100, MAX - 100)).toBe(true);
    expect(seqLe(0, MAX)).toBe(false);
  });

  it("see a number 2^31 - 1 ahead as after, across any starting point", () => {
    fc.assert(fc.property(u32, (a) => seqGt(seqAdd(a, 2 ** 31 - 1), a) && seqLt(a, seqAdd(a, 2 ** 31 - 1))));
  });

  it("are consistent with each other", () => {
    fc.assert(fc.property(u32, u32, (a, b) =>
      seqLt(a, b) === !seqGe(a, b) && seqGt(a, b) === !seqLe(a, b) && seqLe(a, b) === (seqLt(a, b) || a === b)));
  });

  it("seqMax and seqMin pick by sequence order, not by integer order", () => {
    expect(seqMax(MAX, 5)).toBe(5);
    expect(seqMin(MAX, 5)).toBe(MAX);
    expect(seqMax(7, 9)).toBe(9);
    expect(seqMin(7, 9)).toBe(7);
  });
});

describe("seqInWindow", () => {
  it("includes the window's start and excludes its end", () => {
    expect(seqInWindow(1000, 1000, 100)).toBe(true);
    expect(seqInWindow(1099, 1000, 100)).toBe(true);
    expect(seqInWindow(1100, 1000, 100)).toBe(false);
    expect(seqInWindow(999, 1000, 100)).toBe(false);
  });

  it("holds numbers on both sides of the wrap when the window straddles it", () => {
    expect(seqInWindow(MAX, MAX - 10, 20)).toBe(true);
    expect(seqInWindow(0, MAX - 10, 20)).toBe(true);
    expect(seqInWindow(8, MAX - 10, 20)).toBe(true);
    expect(seqInWindow(9, MAX - 10, 20)).toBe(false);
    expect(seqInWindow(MAX - 11, MAX - 10, 20)).toBe(false);
  });

  it("an empty window holds nothing, not even its start", () => {
    expect(seqInWindow(1000, 1000, 0)).toBe(false);
  });

  it("agrees with seqLe(start, x) && seqLt(x, start + len)", () => {
    fc.assert(fc.property(u32, u32, fc.integer({ min: 1, max: 2 ** 30 }), (x, start, len) =>
      seqInWindow(x, start, len) === (seqLe(start, x) && seqLt(x, seqAdd(start, len)))));
  });
});
