// Files, devices and scenario validation: the smaller corners of issue 2.

import { describe, expect, it } from "vitest";
import {
  close, ECHILD, ENOENT, errno, exit, fork, O_CREAT, O_RDONLY, O_RDWR, O_WRONLY, open, pause, printf, read, ref,
  SIGCHLD, SIG_IGN, signal, unlink, wait, write, cstr, lseek, SEEK_END, SEEK_SET, O_APPEND, EINVAL, sleep,
} from "../../userland/libc/index.ts";
import { runProgram } from "../helpers/index.ts";
import { defineScenario, ScenarioError } from "../../kernel/sim/scenario.ts";
import { defineProgram } from "../../userland/libc/crt0.ts";

describe("files and devices", () => {
  it("/dev/null swallows writes and reads EOF; /dev/zero reads zeros", () => {
    const r = runProgram(function* () {
      const nul = yield* open("/dev/null", O_RDWR);
      const zero = yield* open("/dev/zero", O_RDONLY);
      const buf = new Uint8Array(4).fill(7);
      yield* printf("null write %d read %d\n", yield* write(nul, "abc"), yield* read(nul, buf, 4));
      yield* printf("zero read %d: %d%d%d%d\n", yield* read(zero, buf, 4), buf[0], buf[1], buf[2], buf[3]);
    });
    expect(r.terminals.prog).toBe("null write 3 read 0\nzero read 4: 0000\n");
  });

  it("unlink removes the name; an open description still reads the data", () => {
    const r = runProgram(function* () {
      const fd = yield* open("notes.txt", O_RDWR | O_CREAT, 0o644);
      yield* write(fd, "kept\n");
      yield* printf("unlink %d\n", yield* unlink("notes.txt"));
      yield* printf("reopen %d errno %d\n", yield* open("notes.txt", O_RDONLY), errno);
      yield* lseek(fd, 0, SEEK_SET);
      const buf = new Uint8Array(16);
      yield* read(fd, buf, 16);
      yield* printf("still %s", cstr(buf));
    });
    expect(r.terminals.prog).toBe(`unlink 0\nreopen -1 errno ${ENOENT}\nstill kept\n`);
  });

  it("O_APPEND writes at the end; lseek past the end leaves a hole of zeros; lseek to a negative offset is EINVAL", () => {
    const r = runProgram(function* () {
      const fd = yield* open("log", O_WRONLY | O_CREAT | O_APPEND, 0o644);
      yield* write(fd, "one\n");
      yield* lseek(fd, 0, SEEK_SET);
      yield* write(fd, "two\n");
      yield* close(fd);
      const rd = yield* open("log", O_RDWR);
      yield* printf("size %d\n", yield* lseek(rd, 0, SEEK_END));
      yield* printf("neg %d errno %d\n", yield* lseek(rd, -100, SEEK_SET), errno);
      yield* lseek(rd, 10, SEEK_SET);
      yield* write(rd, "!");
      yield* lseek(rd, 0, SEEK_SET);
      const buf = new Uint8Array(16);
      const n = yield* read(rd, buf, 16);
      yield* printf("%d [%s]\n", n, Array.from(buf.subarray(0, n)).join(","));
    });
    expect(r.terminals.prog).toBe(`size 8\nneg -1 errno ${EINVAL}\n11 [111,110,101,10,116,119,111,10,0,0,33]\n`);
  });
});

describe("SIGCHLD", () => {
  it("a handler runs when a child exits", () => {
    const r = runProgram(function* () {
      yield* signal(SIGCHLD, function* (s) { yield* printf("SIGCHLD %d\n", s); });
      if ((yield* fork()) === 0) yield* exit(0);
      yield* sleep(1);
      const st = ref(0);
      yield* printf("wait %d\n", (yield* wait(st)) > 0 ? 1 : 0);
    });
    expect(r.terminals.prog).toBe("SIGCHLD 17\nwait 1\n");
  });

  it("with SIGCHLD ignored children are reaped at once: wait blocks until they are gone, then ECHILD", () => {
    const r = runProgram(function* () {
      yield* signal(SIGCHLD, SIG_IGN);
      if ((yield* fork()) === 0) { yield* sleep(1); yield* exit(0); }
      yield* printf("wait %d errno %d\n", yield* wait(null), errno);
    });
    expect(r.terminals.prog).toBe(`wait -1 errno ${ECHILD}\n`);
    expect(r.simTimeNs).toBeGreaterThanOrEqual(1_000_000_000);
  });
});

describe("scenario validation", () => {
  const p = defineProgram("p", function* () { yield* pause(); return 0; });
  const bad: Array<[string, object, string]> = [
    ["bad duration", { processes: [{ program: p, start: "soon" }] }, `processes[0].start: expected a duration like "10ms" or "1.5s", got "soon"`],
    ["negative duration", { processes: [{ program: p, start: -5 }] }, "processes[0].start: expected a duration"],
    ["bad argv", { processes: [{ program: p, argv: "p 1" }] }, `processes[0].argv: expected an array of strings, like ["eserver", "5000"], got "p 1"`],
    ["not a program", { processes: [{ program: () => 0 }] }, "processes[0].program: expected a program made with defineProgram"],
    ["bad ip", { hosts: [{ name: "a", ip: "10.0.0.300" }], processes: [{ program: p }] }, `hosts[0].ip: expected a dotted IPv4 address like "10.0.0.1", got "10.0.0.300"`],
    ["unknown signal", { processes: [{ program: p }], events: [{ at: "1s", process: "p", signal: "SIGFOO" }] }, `events[0].signal: unknown signal "SIGFOO"`],
    ["bad until", { processes: [{ program: p }], until: "forever" }, `until: expected "exit" or { time: "10s" }, got "forever"`],
    ["loss above 1", { processes: [{ program: p }], network: { loss: 30 } }, "network.loss: expected a probability between 0 and 1, got 30"],
    ["huge seed", { seed: 2 ** 60, processes: [{ program: p }] }, "seed: expected a non-negative integer"],
  ];
  for (const [what, fields, message] of bad) {
    it(`rejects a ${what} with one line naming the field`, () => {
      expect(() => defineScenario({ name: "s", ...fields } as never)).toThrow(ScenarioError);
      expect(() => defineScenario({ name: "s", ...fields } as never)).toThrow(`scenario 's': ${message}`);
    });
  }
});
