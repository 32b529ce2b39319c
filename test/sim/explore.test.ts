// Exploring interleavings (kernel/sim/explore.ts): every distinct outcome
// of a racy scenario over scheduling choices, with partial-order reduction,
// and a record that replays each outcome.

import { describe, expect, it } from "vitest";
import { explore, exploreWith, exploreRun } from "../../kernel/sim/explore.ts";
import { defineScenario } from "../../kernel/sim/scenario.ts";
import { replay } from "../../kernel/sim/replay.ts";
import { findScenario } from "../../userland/scenarios/index.ts";
import fork from "../../userland/programs/fork.ts";
import { WorkerPool } from "../../tui/explore/pool.ts";

/** C(n, k). */
function choose(n: number, k: number): number {
  let r = 1;
  for (let i = 1; i <= k; i++) r = (r * (n - k + i)) / i;
  return r;
}

function forkRace(n: number, stdout: "tty" | "pipe") {
  return defineScenario({
    name: `fork-${n}-${stdout}`,
    processes: [{ program: fork, argv: ["fork", String(n)], stdio: stdout === "tty" ? "tty" : ["tty", "pipe", "tty"] }],
  });
}

describe("fork.c's race, n lines per process", () => {
  for (const n of [1, 2, 3]) {
    it(`on a terminal gives exactly C(2n+2, n+1) = ${choose(2 * n + 2, n + 1)} distinct screens for n = ${n}`, () => {
      const r = explore(forkRace(n, "tty"), { records: false });
      expect(r.complete).toBe(true);
      expect(r.outcomes).toHaveLength(choose(2 * n + 2, n + 1));
      const screens = new Set(r.outcomes.map((o) => (o.result as { terminals: { fork: string } }).terminals.fork));
      expect(screens.size).toBe(choose(2 * n + 2, n + 1));
      // Every screen keeps each process's lines in its own order.
      for (const s of screens) {
        const lines = s.trimEnd().split("\n");
        expect(lines.filter((l) => l.includes("child")).map((l) => l.replace(/^\[\d+\] /, ""))).toEqual(["child", ...Array.from({ length: n }, (_, i) => `child: ${-i}`)]);
      }
      // Reduction: the only other ordering explored is which process exits first.
      expect(r.runs / r.outcomes.length).toBeLessThanOrEqual(2);
    });
  }

  it("with stdout a pipe gives exactly one outcome: each process's block is written whole at exit", () => {
    for (const n of [3, 100]) {
      const r = explore(forkRace(n, "pipe"), { records: false });
      expect(r.complete).toBe(true);
      expect(r.outcomes).toHaveLength(1);
    }
  });

  it("gives a record for each outcome that replays to it", () => {
    const r = explore(findScenario("fork-race")!);
    expect(r.outcomes).toHaveLength(70);
    for (const o of r.outcomes) {
      expect(o.record!.scenario).toEqual({ name: "fork-race" });
      const again = replay(o.record!);
      expect(again.ok).toBe(true);
      expect(again.result.terminals).toEqual((o.result as { terminals: unknown }).terminals);
    }
    expect(r.outcomes.reduce((a, o) => a + o.count, 0) + r.blocked).toBe(r.runs);
  });
});

describe("a lost update", () => {
  it("shows both the correct outcome (2) and the lost one (1)", () => {
    const r = explore(findScenario("lost-update")!, { records: false });
    expect(r.complete).toBe(true);
    const finals = new Set(r.outcomes.map((o) => (o.result as { terminals: { cat: string } }).terminals.cat));
    expect(finals).toEqual(new Set(["counter = 2\n", "counter = 1\n"]));
  });
});

describe("bounds", () => {
  it("--max stops after that many runs and says the exploration is incomplete", () => {
    const r = explore(forkRace(3, "tty"), { max: 10, records: false });
    expect(r.runs).toBe(10);
    expect(r.complete).toBe(false);
  });

  it("--depth explores alternatives only at the first D choice points", () => {
    const r = explore(forkRace(3, "tty"), { depth: 2, records: false });
    expect(r.complete).toBe(false);
    expect(r.outcomes.length).toBeLessThan(70);
  });

  it("a run follows its prefix of choices exactly", () => {
    const first = exploreRun(forkRace(1, "tty"), {}, { prefix: [], sleep: [] });
    const again = exploreRun(forkRace(1, "tty"), {}, { prefix: first.choices.pids, sleep: [] });
    expect(again.traceHash).toBe(first.traceHash);
  });
});

describe("worker threads", () => {
  it("find the same outcomes, in the same order, as one thread", async () => {
    const s = findScenario("fork-race")!;
    const one = explore(s);
    const pool = new WorkerPool(s, "fork-race", {}, 2, 0);
    try {
      const two = await exploreWith(s, pool, {});
      expect(two.runs).toBe(one.runs);
      expect(two.outcomes.map((o) => [o.count, o.traceHash])).toEqual(one.outcomes.map((o) => [o.count, o.traceHash]));
    } finally {
      await pool.close();
    }
  });
});

describe("matchers", () => {
  it("read like the lecture: an exploration has its outcomes, a record replays", () => {
    const r = explore(forkRace(1, "tty"));
    expect(r).toHaveOutcomes(6);
    expect(r.outcomes[0]!.record).toReplay(forkRace(1, "tty"));
    expect({ ...r.outcomes[0]!.record!, seed: 99, inputs: [] }).not.toReplay(forkRace(1, "tty"));
  });
});
