// One run of an exploration: rebuild the world, follow a prefix of
// scheduling choices, then take the first non-sleeping process at every
// further choice point, noting each choice point (who could run, who was
// asleep, the footprint of the step taken) for the tree in explore-tree.ts.
// Each choice is also a recorded input ({kind: "choose"}), folded into the
// trace hash exactly as replay folds it, so the record of an outcome's run
// replays to the same hash.

import type { Scenario } from "./scenario.ts";
import { buildSimulation, collectResult, type RunResult } from "./run.ts";
import type { FaultSpec } from "./faults.ts";
import { drive } from "./replay.ts";
import type { ExternalInput } from "./inputs.ts";
import { dependent, footprintOf, GLOBAL, type Footprint } from "./footprint.ts";

/** A process asleep at a choice point, with the footprint of the step it would take. */
export interface SleepEntry {
  host: number;
  pid: number;
  fp: Footprint;
}

/** Explore the subtree below a prefix of choices (pids, one per choice point). */
export interface ExploreTask {
  prefix: number[];
  /** The sleep set at the last prefix choice point (its explored siblings included). */
  sleep: SleepEntry[];
}

/** A choice point met past the prefix. */
export interface NodeReport {
  host: number;
  enabled: number[];
  sleep: SleepEntry[];
  chosen: number;
  fp: Footprint;
}

export interface RunReport {
  /** Footprint of the last prefix choice's step (its siblings sleep on it). */
  lastFp: Footprint | null;
  nodes: NodeReport[];
  /** Cut as equivalent to an explored run. */
  blocked: boolean;
  /** Outcome key (empty when blocked). */
  key: string;
  /** The run result (JSON-safe), when asked for. */
  result?: unknown;
  /** The run's choices, as flat arrays (cheap to post between threads): step before which, host index, pid. */
  choices: Choices;
  traceHash: string;
}

export interface Choices {
  steps: number[];
  hosts: number[];
  pids: number[];
}

export interface RunBase {
  seed?: number;
  faults?: FaultSpec | null;
  maxSteps?: number;
}

/**
 * What counts as the same outcome (the definition): each process's
 * exit and output, and the terminal screens. How the writes of several
 * processes interleave in a captured pipe is not part of it: `./fork | cat`
 * has one outcome, each process's block intact.
 */
export function outcomeKey(r: RunResult): string {
  return JSON.stringify([r.processes.map((p) => [p.pid, p.host, p.argv, p.exit, p.stdout, p.stderr]), r.terminals]);
}

/** Runs one task: the prefix, then the first non-sleeping process at every further choice point. */
export function exploreRun(scenario: Scenario, base: RunBase, task: ExploreTask, withResult = false): RunReport {
  const sim = buildSimulation(scenario, { seed: base.seed, faults: base.faults, trace: "hash" });
  const w = sim.world;
  const k = task.prefix.length;
  const report: RunReport = { lastFp: null, nodes: [], blocked: false, key: "", choices: { steps: [], hosts: [], pids: [] }, traceHash: "" };
  let sleep: SleepEntry[] | null = k === 0 ? [] : null;
  let index = 0;
  let stepFp: Footprint | null = null;
  let stepHost = -1, stepPid = -1;
  let chose = false, lastPrefixStep = false;
  let node: NodeReport | null = null;

  const inner = w.interpose;
  w.interpose = (h, p, req, def) => {
    if (stepFp === null) {
      stepFp = footprintOf(h, p, req);
      stepHost = h.index;
      stepPid = p.pid;
    }
    return inner === null ? def.handler(h, p, req.args) : inner(h, p, req, def);
  };
  w.chooser = (h, q) => {
    const i = index++;
    chose = true;
    let pid: number;
    if (i < k) {
      pid = task.prefix[i]!;
      if (i === k - 1) {
        sleep = task.sleep.slice();
        lastPrefixStep = true;
      }
    } else {
      const asleep = (x: number) => sleep!.some((e) => e.host === h.index && e.pid === x);
      const cur = h.current;
      const pick = cur && q.includes(cur) && !asleep(cur.pid) ? cur : q.find((x) => !asleep(x.pid));
      if (!pick) {
        report.blocked = true;
        return 0;
      }
      pid = pick.pid;
      node = { host: h.index, enabled: q.map((x) => x.pid), sleep: sleep!.slice(), chosen: pid, fp: GLOBAL };
    }
    const at = q.findIndex((x) => x.pid === pid);
    if (at < 0) throw new Error(`explore: choice ${i} expected pid ${pid} runnable on ${h.name}, runnable: ${q.map((x) => x.pid).join(", ")}`);
    const c = report.choices;
    c.steps.push(w.steps - 1);
    c.hosts.push(h.index);
    c.pids.push(pid);
    const input: ExternalInput = { kind: "choose", host: h.name, pid };
    w.recordInput(input);
    return at;
  };
  drive(sim, {
    maxSteps: base.maxSteps,
    afterStep: () => {
      if (report.blocked) return true;
      const fp = stepFp ?? GLOBAL;
      if (node) report.nodes.push({ ...node, fp });
      if (lastPrefixStep) report.lastFp = fp;
      if (sleep !== null) {
        // A sleeping process that runs without a choice (it was alone): the run is redundant.
        if (!chose && stepFp !== null && sleep.some((e) => e.host === stepHost && e.pid === stepPid)) {
          report.blocked = true;
          return true;
        }
        if (sleep.length > 0) sleep = sleep.filter((e) => !dependent(e.fp, fp));
      }
      stepFp = null;
      node = null;
      chose = lastPrefixStep = false;
      return false;
    },
  });
  if (!report.blocked) {
    const result = collectResult(sim);
    report.key = outcomeKey(result);
    report.traceHash = result.traceHash;
    if (withResult) report.result = JSON.parse(JSON.stringify(result));
  }
  return report;
}
