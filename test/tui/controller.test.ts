// tui/model/controller.ts: stepping, going back in time by replay, inputs
// recorded at their steps, run/pause and speed, restarts.
import { describe, expect, it } from "vitest";
import { existsSync, mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { WINDOW } from "../../kernel/sim/snapshot.ts";
import { SPEEDS } from "../../tui/model/controller.ts";
import { saveSessionRecord, sessionRecord } from "../../tui/model/session-record.ts";
import { controller, scenario } from "./helpers.tsx";
import { replay } from "../../kernel/sim/replay.ts";

describe("Controller", () => {
  it("steps forward one syscall or event at a time", () => {
    const c = controller("fork-race");
    expect(c.step).toBe(0);
    expect(c.stepForward(1)).toBe(1);
    expect(c.step).toBe(1);
    c.stepForward(5);
    expect(c.step).toBe(6);
  });

  it("going back gives exactly the snapshot reached going forward", () => {
    const c = controller("fork-race", 4);
    c.stepForward(9);
    const at9 = c.snapshot();
    c.stepForward(6);
    c.stepBack(6);
    expect(c.step).toBe(9);
    expect(c.snapshot()).toEqual(at9);
  });

  it("merges step-back requests made before the deferred work runs (a held key)", () => {
    const c = controller("infloop");
    c.stepForward(100);
    const queued: Array<() => void> = [];
    for (let i = 0; i < 5; i++) c.requestStepBack(1, (fn) => queued.push(fn));
    expect(queued).toHaveLength(1);
    queued[0]!();
    expect(c.step).toBe(95);
  });

  it("jumps far back and forward exactly, observing only the last WINDOW steps", () => {
    const c = controller("infloop");
    const k = WINDOW + 3_000;
    c.jumpToStep(k);
    const forward = c.snapshot();
    c.jumpToStep(k + 500);
    c.jumpToStep(k);
    expect(c.snapshot()).toEqual(forward);
  });

  it("is exact with a network too: sockets, packets and terminals at step k, forwards or backwards", () => {
    const c = controller("echo");
    c.jumpToStep(40);
    const forward = c.snapshot();
    expect(forward.packets.length).toBeGreaterThan(0);
    expect(forward.sockets.length).toBeGreaterThan(0);
    c.stepForward(25);
    c.jumpToStep(40);
    expect(c.snapshot()).toEqual(forward);
  });

  it("a far jump forward replays unobserved and lands on the same snapshot as stepping there", () => {
    const a = controller("infloop");
    a.jumpToStep(WINDOW * 3);
    const b = controller("infloop");
    b.stepForward(WINDOW * 3);
    expect(a.step).toBe(b.step);
    expect(a.snapshot()).toEqual(b.snapshot());
  });

  it("replays recorded inputs at their steps when going back and forward again", () => {
    const c = controller("shout");
    c.jumpToStep(20);
    expect(c.apply({ kind: "type", terminal: "shout", text: "abc\n" })).toBeNull();
    const typedAt = c.step;
    const n = c.stepForward(10);
    expect(n).toBeGreaterThan(0);
    const screen = c.snapshot().terminals.shout!.screen;
    expect(screen).toContain("ABC");
    c.stepBack(n);
    expect(c.step).toBe(typedAt);
    expect(c.snapshot().terminals.shout!.screen).toContain("abc\n");
    expect(c.snapshot().terminals.shout!.screen).not.toContain("ABC");
    c.stepForward(n);
    expect(c.snapshot().terminals.shout!.screen).toBe(screen);
    expect(c.inputs).toEqual([{ step: typedAt, input: { kind: "type", terminal: "shout", text: "abc\n" } }]);
  });

  it("a new input after going back rewrites the future: later inputs are dropped", () => {
    const c = controller("shout");
    c.jumpToStep(10);
    c.apply({ kind: "type", terminal: "shout", text: "one\n" });
    const first = c.step;
    c.stepForward(100);
    c.apply({ kind: "type", terminal: "shout", text: "two\n" });
    c.jumpToStep(first + 1);
    c.apply({ kind: "type", terminal: "shout", text: "three\n" });
    expect(c.inputs.map((t) => (t.input as { text: string }).text)).toEqual(["one\n", "three\n"]);
  });

  it("refuses inputs that name nothing, and network faults without a network", () => {
    const c = controller("fork-race");
    expect(c.apply({ kind: "type", terminal: "nope", text: "x" })).toMatch(/no terminal 'nope'/);
    c.sim.world.networkFault = null;
    c.sim.world.networkEvent = null;
    expect(c.hasNetwork).toBe(false);
    expect(c.apply({ kind: "drop-next-packet" })).toMatch(/no network/);
    expect(c.inputs).toEqual([]);
  });

  it("a scheduling choice makes the chosen process run next", () => {
    const c = controller("fork-race", 1, "random");
    c.stepForward(3);
    const snap = c.snapshot();
    const runnable = snap.hosts.localhost!.runq;
    expect(runnable.length).toBe(2);
    for (const pid of runnable) {
      c.jumpToStep(3);
      c.inputs = [];
      c.apply({ kind: "choose", host: "localhost", pid });
      c.stepForward(1);
      expect(c.snapshot().hosts.localhost!.current).toBe(pid);
    }
  });

  it("steps to the selected process's next event", () => {
    const c = controller("fork-race", 2);
    c.stepForward(3);
    const before = c.step;
    expect(c.stepToNextEventOf("localhost", 3)).toBe(true);
    expect(c.step).toBeGreaterThan(before);
    const last = c.snapshot().syscalls["localhost:3"]!.at(-1)!;
    expect(last.step).toBe(c.step);
  });

  it("jumps to a simulated time, forwards and back", () => {
    const c = controller("infloop");
    c.jumpToTime(5_000_000);
    expect(c.sim.world.now).toBeLessThanOrEqual(5_000_000);
    expect(c.sim.world.nextTime()).toBeGreaterThan(5_000_000);
    const step = c.step;
    const snap = c.snapshot();
    c.jumpToTime(10_000_000);
    c.jumpToTime(5_000_000);
    expect(c.step).toBe(step);
    expect(c.snapshot()).toEqual(snap);
  });

  it("stops at the end of the scenario with a note", () => {
    const c = controller("fork-race");
    c.stepForward(10_000);
    expect(c.halted).toBe(true);
    expect(c.note).toMatch(/over|nothing/);
    expect(c.snapshot().header.finished).toBe(true);
  });

  it("notes when every process is blocked, and goes on after an input", () => {
    const c = controller("shout");
    c.stepForward(1000);
    expect(c.note).toMatch(/blocked/);
    expect(c.snapshot().header.idle).toBe(true);
    c.apply({ kind: "type", terminal: "shout", text: "x\n" });
    expect(c.halted).toBe(false);
    expect(c.stepForward(5)).toBeGreaterThan(0);
  });

  it("runs at its speed: tick(ms) advances speed × ms steps", () => {
    const c = controller("infloop");
    c.toggleRun();
    expect(c.running).toBe(true);
    c.tick(1000);
    expect(c.step).toBe(SPEEDS[c.speed]);
    c.faster();
    c.tick(1000);
    expect(c.step).toBe(SPEEDS[c.speed - 1]! + SPEEDS[c.speed]!);
    c.slower();
    c.slower();
    c.toggleRun();
    const at = c.step;
    c.tick(1000);
    expect(c.step).toBe(at);
  });

  it("a tick over its wall-clock budget stops early (keys stay responsive at top speed)", () => {
    const c = controller("infloop");
    while (SPEEDS[c.speed]! < 1_000_000) c.faster();
    c.toggleRun();
    c.tick(1000, () => true);
    expect(c.step).toBe(1000);
    expect(c.running).toBe(true);
  });

  it("restarts with another seed or policy, dropping the inputs", () => {
    const c = controller("fork-race");
    c.stepForward(5);
    c.apply({ kind: "type", terminal: "fork", text: "x" });
    c.restart({ seed: 9, policy: "rr" });
    expect(c.step).toBe(0);
    expect(c.inputs).toEqual([]);
    expect(c.snapshot().header).toMatchObject({ seed: 9, policy: "rr" });
  });

  it("saves the session as a record that kernsim replay re-runs exactly", () => {
    const c = controller("shout");
    c.jumpToStep(8);
    const at = c.step;
    c.apply({ kind: "type", terminal: "shout", text: "hey\n" });
    c.stepForward(2);
    const r = sessionRecord(c);
    expect(r).toMatchObject({ format: "kernsim-record", version: 1, scenario: { name: "shout" }, seed: 1, sched: "rr", expect: { steps: at + 2, traceHash: c.sim.world.trace.hash } });
    expect(r.inputs.map(({ step, input }) => ({ step, input }))).toEqual([{ step: at, input: { kind: "type", terminal: "shout", text: "hey\n" } }]);
    const again = replay(r, { scenario: scenario("shout") });
    expect(again.ok).toBe(true);
    expect(again.result.terminals.shout).toBe(c.snapshot().terminals.shout!.screen);
    const dir = mkdtempSync(join(tmpdir(), "kernsim-"));
    const path = join(dir, "s.json");
    expect(saveSessionRecord(c, path)).toMatch(/saved 1 input/);
    expect(existsSync(path)).toBe(true);
    expect(replay(readFileSync(path, "utf8"), { scenario: scenario("shout") }).ok).toBe(true);
  });
});
