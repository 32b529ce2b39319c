// Checkpoints (kernel/sim/checkpoint.ts): a copy of a running simulation
// that, restored, runs on exactly as the original does — same trace hash
// at every step after, same output — while the original is untouched by
// the copying. Checked on every built-in scenario, at several steps, and
// on runs with signal handlers, forks, blocked syscalls and TCP.

import { describe, expect, it } from "vitest";
import { buildSimulation, type Simulation } from "../../kernel/sim/run.ts";
import { restoreCheckpoint, takeCheckpoint, type Checkpoint } from "../../kernel/sim/checkpoint.ts";
import { scenarios as builtins } from "../../userland/scenarios/index.ts";
import { defineScenario, type Scenario } from "../../kernel/sim/scenario.ts";
import { defineProgram } from "../../userland/libc/crt0.ts";
import { alarm, fork, pause, printf, read, signal, SIGALRM, SIGUSR1, sleep, wait, write, pipe } from "../../userland/libc/index.ts";

/** The trace hash after each of the next `n` steps (fewer if the run ends). */
function hashes(sim: Simulation, n: number): string[] {
  const out: string[] = [];
  for (let i = 0; i < n; i++) {
    if (sim.stopAtExit && sim.allExited()) break;
    if (!sim.world.step(sim.timeLimit)) break;
    out.push(sim.world.trace.hash);
  }
  return out;
}

function outputs(sim: Simulation): string[] {
  return sim.launched.map((l) => l.terminal.screen);
}

function checkpointAt(scenario: Scenario, step: number, seed = 11): { cp: Checkpoint; sim: Simulation } {
  const sim = buildSimulation(scenario, { seed, trace: "hash" });
  for (let i = 0; i < step && sim.world.step(sim.timeLimit); i++) {}
  const cp = takeCheckpoint(sim);
  if ("error" in cp) throw new Error(cp.error);
  return { cp, sim };
}

describe("checkpoints", () => {
  const scenarios = builtins;

  it.each(scenarios.map((s) => [s.name, s] as const))("%s: a restored checkpoint runs on exactly as the original", (_name, scenario) => {
    // The whole run once, for its length.
    const full = buildSimulation(scenario, { seed: 7, trace: "hash" });
    const total = hashes(full, 20_000).length;
    for (const frac of [0.1, 0.5, 0.9]) {
      const at = Math.floor(total * frac);
      const { cp, sim } = checkpointAt(scenario, at, 7);
      const restored = restoreCheckpoint(cp);
      expect(restored.world.steps).toBe(at);
      expect(restored.world.trace.hash).toBe(sim.world.trace.hash);
      const want = hashes(sim, 20_000);
      expect(hashes(restored, 20_000)).toEqual(want);
      expect(outputs(restored)).toEqual(outputs(sim));
      // A second restore of the same checkpoint is the same run again.
      const again = restoreCheckpoint(cp);
      expect(hashes(again, 20_000)).toEqual(want);
    }
  });

  // Handlers that sleep and make syscalls (nested frames, a pending reply, a timeout event),
  // a child blocked in read on a pipe, a parent in wait, an alarm pending.
  const handlers = defineProgram("handlers", function* () {
    yield* signal(SIGUSR1, function* (sig: number) {
      yield* printf("handler %d in\n", sig);
      yield* sleep(1);
      yield* printf("handler out\n");
    });
    yield* signal(SIGALRM, function* () {
      yield* printf("alarm\n");
    });
    const fds = new Int32Array(2);
    yield* pipe(fds);
    if ((yield* fork()) === 0) {
      const buf = new Uint8Array(16);
      const n = yield* read(fds[0]!, buf, 16);
      yield* printf("child read %d\n", n);
      return 0;
    }
    yield* alarm(3);
    yield* pause();
    yield* write(fds[1]!, "ping");
    yield* wait(null);
    yield* pause();
    return 0;
  });
  const signalsScenario = defineScenario({
    name: "handlers",
    processes: [{ program: handlers }],
    events: [{ at: "1s", process: "handlers", signal: "SIGUSR1" }, { at: "1500ms", process: "handlers", signal: "SIGUSR1" }],
    until: { time: "10s" },
  });
  /** Runs with nested handler frames, forks, blocked syscalls, TCP and UDP. */
  const hardCases = [["handlers", signalsScenario], ...["fork-race", "echo-two-v3", "echo-two-epoll", "udp"].map((n) => [n, scenarios.find((s) => s.name === n)!])] as Array<[string, Scenario]>;

  it.each(hardCases)(
    "%s: a checkpoint at any step restores to the same end",
    (_name, scenario) => {
      const full = buildSimulation(scenario, { seed: 11, trace: "hash" });
      const want = hashes(full, 50_000);
      const end = outputs(full);
      expect(want.length).toBeGreaterThan(10);
      // The scenario signals the group: parent and child both run the handler, twice each.
      if (scenario === signalsScenario) expect(end[0]!.split("\n").filter((l) => l === "handler 10 in").length).toBe(4);
      if (scenario === signalsScenario) expect(end[0]).toContain("child read 4\nalarm\n");
      for (let at = 0; at < want.length; at++) {
        const { cp } = checkpointAt({ ...scenario }, at);
        const restored = restoreCheckpoint(cp);
        const rest = hashes(restored, 50_000);
        expect(rest, `checkpoint at step ${at}`).toEqual(want.slice(at));
        expect(outputs(restored)).toEqual(end);
      }
    },
  );

  // The TUI's way (tui/model/checkpoints.ts): it drops the current run for the restored one, so the
  // restore writes the state back into the run's own objects, which keep the maps V8 compiled for.
  it.each(hardCases)(
    "%s: restored into its own objects, back and forth over its checkpoints, the run goes on as the original",
    (_name, scenario) => {
      const full = buildSimulation(scenario, { seed: 5, trace: "hash" });
      const want = hashes(full, 50_000);
      const end = outputs(full);
      const sim = buildSimulation(scenario, { seed: 5, trace: "hash" });
      const world = sim.world;
      const every = Math.max(1, Math.floor(want.length / 6));
      const cps: Checkpoint[] = [];
      for (let at = 0; at < want.length; at += every) {
        while (sim.world.steps < at) sim.world.step(sim.timeLimit);
        const cp = takeCheckpoint(sim);
        if ("error" in cp) throw new Error(cp.error);
        cps.push(cp);
      }
      expect(cps.length).toBeGreaterThanOrEqual(6);
      let last: Simulation = sim;
      // Late, early, late again, the middle, the very first: each restore lands on objects the one
      // before ran on, and sometimes on objects born after its own checkpoint was taken.
      for (const i of [cps.length - 1, 1, cps.length - 2, Math.floor(cps.length / 2), 0, cps.length - 1]) {
        const cp = cps[i]!;
        last = restoreCheckpoint(cp, true);
        expect(last.world, "the world object is written back into, not copied").toBe(world);
        expect(last.world.steps).toBe(cp.step);
        expect(hashes(last, 50_000), `checkpoint ${i} at step ${cp.step}`).toEqual(want.slice(cp.step));
        expect(outputs(last)).toEqual(end);
      }
      // A checkpoint of a run restored that way restores too, into the same objects again.
      const again = restoreCheckpoint(cps[1]!, true);
      const mid = Math.floor((cps[1]!.step + want.length) / 2);
      hashes(again, mid - cps[1]!.step);
      const cp = takeCheckpoint(again);
      if ("error" in cp) throw new Error(cp.error);
      hashes(again, 50_000);
      const last2 = restoreCheckpoint(cp, true);
      expect(last2.world).toBe(world);
      expect(hashes(last2, 50_000)).toEqual(want.slice(mid));
      expect(outputs(last2)).toEqual(end);
      // A copy still restores as a copy, untouched by all of the above.
      const copy = restoreCheckpoint(cps[2]!);
      expect(copy.world).not.toBe(world);
      expect(hashes(copy, 50_000)).toEqual(want.slice(cps[2]!.step));
    },
  );

  it("taking a checkpoint does not disturb the original run", () => {
    const scenario = scenarios.find((s) => s.name === "echo-two-epoll")!;
    const plain = buildSimulation(scenario, { seed: 3, trace: "hash" });
    const want = hashes(plain, 100_000);
    const sim = buildSimulation(scenario, { seed: 3, trace: "hash" });
    const got: string[] = [];
    for (;;) {
      if (got.length % 7 === 0) expect("error" in takeCheckpoint(sim)).toBe(false);
      const h = hashes(sim, 1);
      if (h.length === 0) break;
      got.push(...h);
    }
    expect(got).toEqual(want);
  });

  it("a world with a hook it cannot copy gives a reason, not a broken copy", () => {
    const scenario = scenarios.find((s) => s.name === "fork-race")!;
    const sim = buildSimulation(scenario, { seed: 1, trace: "hash" });
    sim.world.chooser = () => 0;
    const r = takeCheckpoint(sim);
    expect("error" in r && r.error).toMatch(/chooser/);
  });
});
