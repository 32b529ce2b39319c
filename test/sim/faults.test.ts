// Syscall-level fault injection (kernel/sim/faults.ts): seeded short
// reads and writes, EINTR, EAGAIN — so a course can show why `read` must be
// looped. Regular files are never faulted.

import { describe, expect, it } from "vitest";
import { defineProgram } from "../../userland/libc/crt0.ts";
import { compute, cstr, errno, exit, fork, pipe, printf, read, strerror, wait, write, O_NONBLOCK, EAGAIN, fcntl, F_SETFL } from "../../userland/libc/index.ts";
import { defineScenario, ScenarioError } from "../../kernel/sim/scenario.ts";
import { runScenario } from "../../kernel/sim/run.ts";
import { recordRun, replay } from "../../kernel/sim/replay.ts";
import { parseFaults } from "../../kernel/sim/faults.ts";
import { socketpair, AF_UNIX, SOCK_STREAM } from "../../userland/libc/index.ts";

const MESSAGE = "hello, world: a message longer than one short read\n";

/** Assumes one read() returns everything that was sent: the classic bug. */
const readOnce = defineProgram("read-once", function* () {
  const buf = new Uint8Array(256);
  const n = yield* read(0, buf, buf.length - 1);
  yield* write(1, buf, n);
  return 0;
});

/** Reads until end of file, as it must. */
const readLoop = defineProgram("read-loop", function* () {
  const buf = new Uint8Array(256);
  let off = 0, n: number;
  while ((n = yield* read(0, buf.subarray(off), buf.length - 1 - off)) > 0) off += n;
  yield* write(1, buf, off);
  return 0;
});

function piped(program: typeof readOnce, faults?: { shortRead?: number; shortWrite?: number }) {
  return defineScenario({ name: program.name, processes: [{ program, stdin: MESSAGE, stdio: "pipe" }], ...(faults ? { faults } : {}) });
}

describe("short reads", () => {
  it("without faults, one read of a pipe gets the whole message", () => {
    expect(runScenario(piped(readOnce))).toHaveWritten("read-once", MESSAGE);
  });

  it("a program that assumes one read gets everything prints a piece of the message", () => {
    const r = runScenario(piped(readOnce, { shortRead: 1 }), { seed: 3 });
    const out = r.processes[0]!.stdout;
    expect(out.length).toBeLessThan(MESSAGE.length);
    expect(MESSAGE.startsWith(out)).toBe(true);
  });

  it("the program that loops over read gets the whole message, whatever the seed", () => {
    for (let seed = 1; seed <= 10; seed++) {
      const r = runScenario(piped(readLoop, { shortRead: 1 }), { seed });
      expect(r).toHaveWritten("read-loop", MESSAGE);
      expect(r.trace.filter((e) => e.kind === "syscall" && e.name === "read").length).toBeGreaterThan(2);
    }
  });
});

describe("short writes", () => {
  it("stdio loops over short writes, so printf's output still arrives whole", () => {
    const p = defineProgram("printer", function* () {
      yield* printf("%s", MESSAGE);
      return 0;
    });
    const r = runScenario(defineScenario({ name: "p", processes: [{ program: p, stdio: "pipe" }], faults: { shortWrite: 1 } }));
    expect(r.captures[0]!.stdout).toBe(MESSAGE);
    expect(r.trace.filter((e) => e.kind === "syscall" && e.name === "write").length).toBeGreaterThan(1);
  });
});

describe("EINTR and EAGAIN", () => {
  const reader = (flags: number) => defineProgram("reader", function* () {
    const fds = new Int32Array(2);
    yield* pipe(fds);
    if (flags) yield* fcntl(fds[0]!, F_SETFL, flags);
    if ((yield* fork()) === 0) {
      yield* compute(1e9); // busy for a second (sleep would be interrupted too)
      yield* write(fds[1]!, "x");
      yield* exit(0);
    }
    const buf = new Uint8Array(8);
    const n = yield* read(fds[0]!, buf, 8);
    yield* printf("read = %d%s\n", n, n < 0 ? ` (${strerror(errno)})` : ` "${cstr(buf)}"`);
    yield* wait(null);
    return 0;
  });

  it("a blocking read that would sleep fails with EINTR, as if a handler without SA_RESTART had run", () => {
    const r = runScenario(defineScenario({ name: "eintr", processes: [{ program: reader(0) }], faults: { eintr: 1 } }));
    expect(r).toFailWithErrno("reader", "read", "EINTR");
    expect(r.terminals.reader).toBe("read = -1 (Interrupted system call)\n");
  });

  it("a non-blocking read fails with EAGAIN", () => {
    const r = runScenario(defineScenario({ name: "eagain", processes: [{ program: reader(O_NONBLOCK) }], faults: { eagain: 1 } }));
    expect(r).toFailWithErrno("reader", "read", EAGAIN);
  });
});

describe("ECONNRESET", () => {
  it("a read or write on a socket fails with ECONNRESET; pipes and terminals never do", () => {
    const p = defineProgram("sock", function* () {
      const sv = new Int32Array(2);
      yield* socketpair(AF_UNIX, SOCK_STREAM, 0, sv);
      const w = yield* write(sv[0]!, "ping");
      yield* printf("write = %d%s\n", w, w < 0 ? ` (${strerror(errno)})` : "");
      return 0;
    });
    const r = runScenario(defineScenario({ name: "reset", processes: [{ program: p }], faults: { connreset: 1 } }));
    expect(r).toFailWithErrno("sock", "write", "ECONNRESET");
    expect(r.terminals.sock).toBe("write = -1 (Connection reset by peer)\n");
  });
});

describe("fault settings", () => {
  it("are checked with the scenario, naming the field", () => {
    expect(() => defineScenario({ ...piped(readOnce), faults: { shortRead: 2 } })).toThrow(
      new ScenarioError("read-once", "faults.shortRead", "expected a probability from 0 to 1, got 2"),
    );
    expect(() => defineScenario({ ...piped(readOnce), faults: { slowDisk: 0.1 } as never })).toThrow(/faults.slowDisk: unknown fault/);
  });

  it("parse from the command line's --faults", () => {
    expect(parseFaults("short-read=0.5,eintr")).toEqual({ shortRead: 0.5, eintr: 0.3 });
    expect(parseFaults("all=0.1")).toEqual({ shortRead: 0.1, shortWrite: 0.1, eintr: 0.1, connreset: 0.1, eagain: 0.1 });
    expect(() => parseFaults("slow-disk")).toThrow(/unknown fault 'slow-disk'/);
  });

  it("are recorded, and a record with faults replays exactly", () => {
    const { record, result } = recordRun(piped(readLoop), { faults: { shortRead: 1 }, seed: 9 });
    expect(record.faults).toEqual({ shortRead: 1 });
    expect(result.processes[0]!.stdout).toBe(MESSAGE);
    expect(replay(record, { scenario: piped(readLoop) }).ok).toBe(true);
    // The same run without the faults is another run.
    expect(replay({ ...record, faults: null }, { scenario: piped(readLoop) }).ok).toBe(false);
  });
});

