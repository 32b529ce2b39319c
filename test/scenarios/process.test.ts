// The lecture's process programs, run as built-in scenarios, against what
// the C originals print on Linux (test/golden/linux).

import { describe, expect, it } from "vitest";
import { runScenario } from "../../kernel/sim/run.ts";
import { findScenario } from "../../userland/scenarios/index.ts";

function run(name: string, opts: Parameters<typeof runScenario>[1] = {}) {
  const s = findScenario(name);
  if (!s) throw new Error(`no scenario ${name}`);
  return runScenario(s, opts);
}

describe("infloop.c", () => {
  it("Ctrl-C at the terminal runs the handler, which prints and exits 1", () => {
    const r = run("infloop");
    expect(r.terminals.infloop).toBe("^CCaught signal 2 - phew!\n");
    expect(r).toHaveExited("infloop", 1);
    expect(r.simTimeNs).toBeGreaterThanOrEqual(1_000_000_000);
    expect(r.simTimeNs).toBeLessThan(1_010_000_000);
  });
});

describe("fork.c", () => {
  it("on a terminal, each process's lines are in order and all of them appear", () => {
    const r = run("fork-race", { seed: 7 });
    const lines = r.terminals.fork!.trimEnd().split("\n");
    const parent = r.processes[0]!, child = r.processes[1]!;
    expect(lines).toHaveLength(8);
    expect(lines.filter((l) => l.startsWith(`[${parent.pid}]`))).toEqual([
      `[${parent.pid}] parent of [${child.pid}]`, `[${parent.pid}] parent: 0`, `[${parent.pid}] parent: 1`, `[${parent.pid}] parent: 2`,
    ]);
    expect(lines.filter((l) => l.startsWith(`[${child.pid}]`))).toEqual([
      `[${child.pid}] child`, `[${child.pid}] child: 0`, `[${child.pid}] child: -1`, `[${child.pid}] child: -2`,
    ]);
  });

  it("with a random scheduler, some seed interleaves parent and child lines", () => {
    const screens = new Set<string>();
    for (let seed = 1; seed <= 20; seed++) screens.add(run("fork-race", { seed }).terminals.fork!);
    expect(screens.size).toBeGreaterThan(2);
  });

  it("with stdout a pipe, stdio is fully buffered: all the child's lines, then all the parent's", () => {
    const r = run("fork-pipe");
    const [parent, child] = [r.processes[0]!, r.processes[1]!];
    const out = r.captures[0]!.stdout;
    const childBlock = [`[${child.pid}] child`, ...Array.from({ length: 100 }, (_, i) => `[${child.pid}] child: ${-i}`)].join("\n") + "\n";
    const parentBlock = [`[${parent.pid}] parent of [${child.pid}]`, ...Array.from({ length: 100 }, (_, i) => `[${parent.pid}] parent: ${i}`)].join("\n") + "\n";
    expect(out).toBe(childBlock + parentBlock);
    // One write each: the buffer is flushed by exit().
    const writes = r.trace.filter((e) => e.kind === "syscall" && e.name === "write");
    expect(writes.map((e) => e.pid)).toEqual([child.pid, parent.pid]);
  });

  it("is deterministic: the same seed gives the same trace hash", () => {
    expect(run("fork-race", { seed: 3 }).traceHash).toBe(run("fork-race", { seed: 3 }).traceHash);
    expect(run("fork-race", { seed: 3 }).traceHash).not.toBe(run("fork-race", { seed: 4 }).traceHash);
  });
});

describe("the file abstraction", () => {
  it("write then read on ./hello.c reads 0 (the offset is at the end), then the data after lseek", () => {
    const r = run("file");
    expect(r.terminals.fileabs).toBe(
      'open("./hello.c", O_RDWR) = 3\n' +
        'write(3, "hello", 6) = 6\n' +
        "read(3, buf, 64) = 0\n" +
        'lseek(3, 0, SEEK_SET) = 0; read = 6 "hello"\n',
    );
  });

  it("/dev/hello hands back what was last written", () => {
    const r = run("file");
    expect(r.terminals.device).toBe(
      'open("/dev/hello", O_RDWR) = 3\n' +
        'write(3, "hello", 6) = 6\n' +
        'read(3, buf, 64) = 6 "hello"\n' +
        'lseek(3, 0, SEEK_SET) = 0; read = 0 "hello"\n',
    );
  });
});

describe("pipe + fork", () => {
  it("the child reads what the parent wrote, then EOF once the parent closes its end", () => {
    const r = run("pipe");
    const [parent, child] = [r.processes[0]!.pid, r.processes[1]!.pid];
    expect(r.terminals.pipedemo).toBe(
      `[${child}] child read 36 bytes: hello through a pipe\nsecond message\n` +
        `[${child}] child: end of file\n` +
        `[${parent}] parent: child ${child} exited with status 7\n`,
    );
  });
});

describe("zombies and orphans", () => {
  it("a child stays a zombie until its parent waits, and the parent gets its status", () => {
    const r = run("zombie");
    const [parent, child] = [r.processes[0]!.pid, r.processes[1]!.pid];
    expect(r.terminals.zombie).toBe(
      `[${child}] child: exiting with status 3\n` +
        `[${parent}] parent: sleeping while ${child} is a zombie\n` +
        `[${parent}] parent: reaped ${child}, exit status 3\n`,
    );
    const exit = r.trace.find((e) => e.kind === "proc" && e.name === "exit" && e.pid === child)!;
    const reap = r.trace.find((e) => e.kind === "proc" && e.name === "reap" && e.pid === child)!;
    expect(reap.time - exit.time).toBeGreaterThanOrEqual(1_900_000_000);
  });

  it("an orphan is adopted by init: getppid() becomes 1", () => {
    const r = run("zombie");
    const [orphan, child] = r.processes.filter((p) => p.argv[1] === "orphan");
    if (!orphan || !child) throw new Error("the orphan scenario did not fork");
    expect(child.exit).toEqual({ code: 0 });
    expect(r.terminals.orphan).toContain(`[${child.pid}] child: my parent is ${orphan.pid}\n`);
    expect(r.terminals.orphan).toContain(`[${child.pid}] child: my parent is now 1\n`);
  });
});
