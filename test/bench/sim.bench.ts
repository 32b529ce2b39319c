// Issue 5's benchmarks: replay of a million-step record against the
// original run, exploring fork.c's race (n = 3) to completion, and explore
// runs per second on one thread and on worker threads across the cores.

import { availableParallelism } from "node:os";
import { fileURLToPath } from "node:url";
import { defineProgram } from "../../userland/libc/crt0.ts";
import { fork, getpid, pipe, read, wait, write, exit } from "../../userland/libc/index.ts";
import { defineScenario } from "../../kernel/sim/scenario.ts";
import { runScenario } from "../../kernel/sim/run.ts";
import { recordRun, replay } from "../../kernel/sim/replay.ts";
import { explore, exploreWith } from "../../kernel/sim/explore.ts";
import { findScenario } from "../../userland/scenarios/index.ts";
import { WorkerPool } from "../../tui/explore/pool.ts";
import { timeIt, type Figure } from "./harness.ts";

/** Parent and child ping-pong a byte through two pipes: a million steps of real work. */
const pingPong = defineProgram("ping-pong", function* (argv) {
  const n = Number(argv[1]);
  const a = new Int32Array(2), b = new Int32Array(2);
  yield* pipe(a);
  yield* pipe(b);
  const buf = new Uint8Array(1);
  if ((yield* fork()) === 0) {
    for (let i = 0; i < n; i++) {
      yield* read(a[0]!, buf, 1);
      yield* write(b[1]!, buf, 1);
    }
    yield* exit(0);
  }
  for (let i = 0; i < n; i++) {
    yield* write(a[1]!, "x", 1);
    yield* read(b[0]!, buf, 1);
    if (i % 1000 === 0) yield* getpid();
  }
  yield* wait(null);
  return 0;
});

export async function simBenchmarks(): Promise<Figure[]> {
  const figs: Figure[] = [];

  // 1. Replay vs the original run, 1,000,000 steps.
  const scen = defineScenario({ name: "ping-pong", processes: [{ program: pingPong, argv: ["ping-pong", "166000"], stdio: "pipe" }] });
  const probe = runScenario(scen, { trace: "hash", maxSteps: 1e9 });
  const steps = probe.steps;
  const tRun = timeIt(() => runScenario(scen, { trace: "hash", maxSteps: 1e9 }));
  let record = recordRun(scen).record;
  const tRecord = timeIt(() => (record = recordRun(scen).record));
  let ok = true;
  const tReplay = timeIt(() => (ok = replay(record, { scenario: scen }).ok));
  if (!ok) throw new Error("bench: the million-step record did not replay");
  figs.push({ bench: `run, ${(steps / 1e6).toFixed(2)} M steps (original)`, unit: "steps", ops: steps, seconds: tRun, opsPerSec: steps / tRun });
  figs.push({ bench: "run --record, same", unit: "steps", ops: steps, seconds: tRecord, opsPerSec: steps / tRecord, note: `${(tRecord / tRun).toFixed(2)}× the run` });
  figs.push({ bench: "replay of that record", unit: "steps", ops: steps, seconds: tReplay, opsPerSec: steps / tReplay, target: "≤ 2× the run", note: `${(tReplay / tRun).toFixed(2)}× the run` });

  // 2. fork.c's race, n = 3, explored to completion (records of the 70 outcomes included).
  const race = findScenario("fork-race")!;
  let res = explore(race);
  const tExplore = timeIt(() => (res = explore(race)));
  figs.push({
    bench: "explore fork-race (n=3) to completion", unit: "runs", ops: res.runs, seconds: tExplore, opsPerSec: res.runs / tExplore,
    target: "≤ 1 s", note: `${tExplore.toFixed(3)} s; ${res.runs} runs / ${res.outcomes.length} outcomes = ${(res.runs / res.outcomes.length).toFixed(2)}`,
  });

  // 3. Explore runs/s, one thread vs worker threads on every core (n = 6: 3432 outcomes).
  const file = fileURLToPath(new URL("./fork6.scenario.ts", import.meta.url));
  const big = (await import("./fork6.scenario.ts")).default;
  let one = explore(big, { records: false });
  const tOne = timeIt(() => (one = explore(big, { records: false })), 1);
  figs.push({ bench: "explore fork n=6, 1 thread", unit: "runs", ops: one.runs, seconds: tOne, opsPerSec: one.runs / tOne, note: `${one.outcomes.length} outcomes, ${(one.runs / one.outcomes.length).toFixed(2)} runs/outcome` });
  const cores = availableParallelism();
  const pool = new WorkerPool(big, file, {}, cores, 0);
  try {
    await exploreWith(big, pool, { records: false }); // start the workers
    const before = pool.stats.workers;
    const t0 = performance.now();
    const many = await exploreWith(big, pool, { records: false });
    const tMany = (performance.now() - t0) / 1000;
    figs.push({
      bench: `explore fork n=6, ${cores} worker threads`, unit: "runs", ops: many.runs, seconds: tMany, opsPerSec: many.runs / tMany,
      note: `${pool.stats.workers - before} of ${many.runs} runs on workers; ${(tOne / tMany).toFixed(2)}× one thread`,
    });
  } finally {
    await pool.close();
  }
  return figs;
}
