// Exploring interleavings (SPEC §4 `kernsim explore`): enumerate the
// scheduling choices of a scenario depth-first over the points where more
// than one process is runnable (world.chooser), and group the runs by
// outcome (each process's exit and output, and the terminal screens).
//
// Partial-order reduction, so that orders of independent steps are not
// explored twice:
//   - sleep sets (Godefroid): after exploring process a at a choice point,
//     its siblings are explored with a "asleep"; a stays asleep until some
//     step dependent on a's step runs (footprint.ts says which are); a run
//     that could only continue with sleeping processes is cut ("blocked"),
//     being equivalent to one already explored;
//   - local steps: when the step taken first at a choice point touches
//     nothing another process can touch (getpid, isatty), no alternative is
//     explored there: taking it first loses nothing.
// The pieces: explore-run.ts (one run), explore-tree.ts (the tree of
// choice points), this file (a whole exploration, in this thread or on a
// TaskRunner such as tui/explore/pool.ts, and a record per outcome).

import type { Scenario } from "./scenario.ts";
import { recordRun } from "./replay.ts";
import type { RunRecord, ScenarioRef } from "./record.ts";
import { exploreRun, type RunBase } from "./explore-run.ts";
import { choiceInputs, ExploreEngine, type BatchResult, type ExploreStats, type Pending } from "./explore-tree.ts";

export { exploreRun, outcomeKey } from "./explore-run.ts";
export type { Choices, ExploreTask, NodeReport, RunBase, RunReport, SleepEntry } from "./explore-run.ts";
export { ExploreEngine, choiceInputs } from "./explore-tree.ts";
export type { BatchResult, ExploreStats, Outcome, Pending } from "./explore-tree.ts";

export interface ExploreOptions extends RunBase {
  /** Stop after this many runs. */
  max?: number;
  /** Explore alternatives only at the first `depth` choice points. */
  depth?: number;
  /** How the outcome records name the scenario. */
  ref?: ScenarioRef;
  /** Polled between runs; true stops (Ctrl-C). */
  shouldStop?: () => boolean;
  onProgress?: (s: ExploreStats) => void;
  /** Build a record for each outcome (default true). */
  records?: boolean;
}

export interface ExploreResult {
  runs: number;
  /** Every choice was explored (no --max, --depth or Ctrl-C cut). */
  complete: boolean;
  /** Runs cut as equivalent to explored ones (included in runs). */
  blocked: number;
  outcomes: Array<{ count: number; record?: RunRecord; result: unknown; traceHash: string }>;
}

/** Runs batches somewhere (a pool of workers): each explores below `tasks` for up to `budget` runs. */
export interface TaskRunner {
  /** How many batches to keep in its hands at once. */
  readonly capacity: number;
  runBatch(tasks: Pending[], budget: number, depth: number): Promise<BatchResult>;
}

/** Runs per batch: enough to amortise a message, few enough to share the work out. */
const BATCH_RUNS = 48;

/** Explores in this thread, synchronously (tests, the API). */
export function explore(scenario: Scenario, opts: ExploreOptions = {}): ExploreResult {
  const engine = new ExploreEngine(opts.depth);
  const max = opts.max ?? Infinity;
  let stopped = false;
  for (;;) {
    if (engine.runs >= max || opts.shouldStop?.()) {
      stopped = engine.pending > 0;
      break;
    }
    const t = engine.next();
    if (!t) break;
    engine.accept(t, exploreRun(scenario, opts, t, opts.records === false));
    if (opts.onProgress && engine.runs % 64 === 0) opts.onProgress(engine.stats());
  }
  return finish(scenario, engine, opts, stopped);
}

/** Explores with a task runner (a worker pool), keeping it busy; same result as `explore`. */
export async function exploreWith(scenario: Scenario, runner: TaskRunner, opts: ExploreOptions = {}): Promise<ExploreResult> {
  const engine = new ExploreEngine(opts.depth);
  const max = opts.max ?? Infinity;
  let inflight = 0, promised = 0, stopped = false;
  let failure: unknown = null;
  await new Promise<void>((resolve) => {
    const pump = () => {
      if (failure === null && !stopped && (opts.shouldStop?.() || engine.runs + promised >= max)) stopped = true;
      while (failure === null && !stopped && inflight < runner.capacity && engine.runs + promised < max) {
        const t = engine.next();
        if (!t) break;
        const budget = Math.min(BATCH_RUNS, max - engine.runs - promised);
        inflight++;
        promised += budget;
        runner.runBatch([t], budget, opts.depth ?? Infinity).then(
          (b) => {
            inflight--;
            promised -= budget;
            engine.merge(b);
            opts.onProgress?.(engine.stats());
            pump();
          },
          (e: unknown) => {
            inflight--;
            promised -= budget;
            failure ??= e;
            pump();
          },
        );
      }
      if (inflight === 0) resolve();
    };
    pump();
  });
  if (failure !== null) throw failure;
  return finish(scenario, engine, opts, stopped && engine.pending > 0);
}

function finish(scenario: Scenario, engine: ExploreEngine, opts: ExploreOptions, stopped: boolean): ExploreResult {
  const outcomes = engine.sorted().map((o) => {
    let record: RunRecord | undefined;
    let result = o.result;
    if (opts.records !== false) {
      const rec = recordRun(scenario, { seed: opts.seed, faults: opts.faults, inputs: choiceInputs(scenario, o.choices), maxSteps: opts.maxSteps, ref: opts.ref });
      result = JSON.parse(JSON.stringify(rec.result));
      // The record must replay to the run it stands for: anything else is a determinism bug.
      if (rec.record.expect.traceHash !== o.traceHash) {
        throw new Error(`explore: the record of an outcome re-ran to trace ${rec.record.expect.traceHash}, not ${o.traceHash} (nondeterminism in the simulator)`);
      }
      record = rec.record;
    }
    return { count: o.count, ...(record ? { record } : {}), result, traceHash: o.traceHash };
  });
  return { runs: engine.runs, complete: !stopped && !engine.pruned && engine.pending === 0, blocked: engine.blocked, outcomes };
}
