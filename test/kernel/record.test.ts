// A process's record (kernel/proc/record.ts) is all fork needs to rebuild
// it: whatever is pushed must come back, in order, through runs() — numbers
// (repeats folded), bytes (kept in an arena), epoll ready lists (kept as
// numbers) and any other reply — also through a branch made mid-way.

import { describe, expect, it } from "vitest";
import { Record } from "../../kernel/proc/record.ts";

/** The entries as fork's replay reads them. */
function entries(rec: Record): Array<[string, unknown]> {
  const out: Array<[string, unknown]> = [];
  for (const [run, count] of rec.runs()) {
    let nbytes = 0, nepoll = 0, used = 0;
    for (let j = 0; used < count; j++) {
      const v = run.vals[j];
      for (let r = run.reps[j]!; r > 0 && used < count; r--, used++) {
        const reply = typeof v !== "symbol" ? v : Record.isBytes(v) ? run.bytes(nbytes++) : run.epoll(nepoll++);
        out.push([run.names[j]!, reply instanceof Uint8Array ? [...reply] : reply]);
      }
    }
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
});
