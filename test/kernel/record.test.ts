// A process's record (kernel/proc/record.ts) is all fork needs to rebuild
// it: whatever is pushed must come back, in order, through runs() — numbers
// (repeats folded), bytes, epoll ready lists and any other reply — also
// through a branch made mid-way, and however the bytes encode them.

import { describe, expect, it } from "vitest";
import { Record, RecordCursor } from "../../kernel/proc/record.ts";

/** The entries as fork's replay reads them. */
function entries(rec: Record): Array<[string, unknown]> {
  const out: Array<[string, unknown]> = [];
  for (const cur = new RecordCursor(rec, ""); cur.name !== null; ) {
    const name = cur.name;
    const reply = cur.next();
    out.push([name, reply instanceof Uint8Array ? [...reply] : reply]);
  }
  return out;
}

describe("Record", () => {
  it("gives back numbers, repeats, bytes, epoll ready lists and structs in order", () => {
    const rec = new Record();
    const ready = { ret: 2, events: [{ events: 1, data: 5 }, { events: 0x2011, data: 2 ** 40 }] };
    const addr = { ret: 4, addr: { sin_family: 2, sin_port: 5000 }, addrlen: 16 };
    rec.push("spin", 0);
    rec.push("spin", 0);
    rec.push("spin", 0);
    rec.push("read", new Uint8Array([104, 105]));
    rec.push("epoll_wait", ready);
    rec.push("epoll_wait", -4);
    rec.push("epoll_wait", { ret: 0, events: [] });
    rec.push("accept", addr);
    expect(rec.length).toBe(8);
    expect(entries(rec)).toEqual([
      ["spin", 0], ["spin", 0], ["spin", 0], ["read", [104, 105]], ["epoll_wait", ready], ["epoll_wait", -4],
      ["epoll_wait", { ret: 0, events: [] }], ["accept", addr],
    ]);
  });

  it("a branch sees its base as it was when branched, then its own entries", () => {
    const parent = new Record();
    parent.push("getpid", 7);
    parent.push("epoll_wait", { ret: 1, events: [{ events: 1, data: 3 }] });
    parent.push("spin", 0);
    const child = parent.branch();
    child.push("fork", 0);
    parent.push("spin", 0); // after the fork: the child does not see it
    parent.push("epoll_wait", { ret: 1, events: [{ events: 4, data: 9 }] });
    child.push("epoll_wait", { ret: 1, events: [{ events: 1, data: 8 }] });
    expect(entries(child)).toEqual([
      ["getpid", 7], ["epoll_wait", { ret: 1, events: [{ events: 1, data: 3 }] }], ["spin", 0], ["fork", 0],
      ["epoll_wait", { ret: 1, events: [{ events: 1, data: 8 }] }],
    ]);
    expect(entries(parent).length).toBe(5);
  });

  it("keeps every kind of reply through growth, and a branch keeps its view while the base grows past it", () => {
    const reply = (i: number): [string, unknown] => {
      switch (i % 7) {
        case 0: return ["read", new Uint8Array([i & 255, (i >> 8) & 255])];
        case 1: return ["epoll_wait", { ret: 1, events: [{ events: 1, data: 2 ** 40 + i }] }];
        case 2: return ["getcwd", `/home/${i}`];
        case 3: return ["rt_sigprocmask", BigInt(i)];
        case 4: return ["nanosleep", i % 3 === 0 ? -4 : 0.5 + i];
        case 5: return ["spin", 0];
        default: return ["wait4", { pid: i, status: 0 }];
      }
    };
    const plain = (e: [string, unknown]): [string, unknown] => [e[0], e[1] instanceof Uint8Array ? [...e[1]] : e[1]];
    const parent = new Record();
    const want: Array<[string, unknown]> = [];
    for (let i = 0; i < 5_000; i++) {
      const e = reply(i);
      parent.push(e[0], e[1]);
      want.push(plain(e));
    }
    const child = parent.branch();
    child.push("fork", 0);
    for (let i = 5_000; i < 20_000; i++) parent.push(...reply(i));
    for (let i = 20_000; i < 20_100; i++) child.push(...reply(i));
    expect(entries(child)).toEqual([...want, ["fork", 0], ...Array.from({ length: 100 }, (_, k) => plain(reply(20_000 + k)))]);
    expect(entries(parent).length).toBe(20_000);
    expect(parent.length).toBe(20_000);
  });

  it("gives numbers back exactly: -0, fractions, and integers past 2^31", () => {
    const rec = new Record();
    const nums = [-0, 0, 0.5, -7, 2 ** 31, 2 ** 53 - 1, -(2 ** 31) - 1];
    for (const n of nums) rec.push("clock_gettime", n);
    const back = entries(rec).map(([, v]) => v as number);
    expect(back.length).toBe(nums.length);
    nums.forEach((n, i) => expect(Object.is(back[i], n)).toBe(true));
  });

  it("keeps long repeats, counted past a byte, and a branch made inside one sees only its part", () => {
    const rec = new Record();
    for (let i = 0; i < 70_000; i++) rec.push("spin", 0);
    const child = rec.branch();
    child.push("fork", 0);
    for (let i = 0; i < 300; i++) rec.push("spin", 0);
    for (let i = 0; i < 3; i++) rec.push("clock_gettime", 0.25);
    rec.push("clock_gettime", -0);
    rec.push("clock_gettime", -0);
    const c = entries(child);
    expect(c.length).toBe(70_001);
    expect(c[69_999]).toEqual(["spin", 0]);
    expect(c[70_000]).toEqual(["fork", 0]);
    const p = entries(rec);
    expect(p.length).toBe(70_305);
    expect(p.slice(70_300)).toEqual([["clock_gettime", 0.25], ["clock_gettime", 0.25], ["clock_gettime", 0.25], ["clock_gettime", -0], ["clock_gettime", -0]]);
    expect(Object.is(p[70_304]![1], -0)).toBe(true);
  });

  it("gives back int32 edges, long byte replies and many syscall names", () => {
    const rec = new Record();
    const want: Array<[string, unknown]> = [];
    const push = (name: string, v: unknown) => {
      rec.push(name, v);
      want.push([name, v instanceof Uint8Array ? [...v] : v]);
    };
    // More names than a one-byte header holds (ids past 15).
    for (let k = 0; k < 40; k++) push(`call_${k}`, k);
    for (const n of [2 ** 31 - 1, -(2 ** 31), 63, 64, -64, -65, 8191, 8192, 2 ** 32, -(2 ** 32)]) push("lseek", n);
    const big = new Uint8Array(70_000).map((_, i) => i * 7);
    push("read", big);
    push("read", new Uint8Array(0));
    push("read", new Uint8Array(65).fill(9));
    push("epoll_wait", { ret: 3, events: [{ events: 2 ** 31, data: -1 }, { events: 1, data: 0.5 }, { events: 4, data: 2 ** 53 - 1 }] });
    expect(entries(rec)).toEqual(want);
  });
});
