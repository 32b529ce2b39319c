// The tree of choice points an exploration walks (explore.ts): it hands
// out tasks (a prefix of choices plus the sleep set there), takes each
// run's report, schedules the alternatives of new choice points, and
// counts outcomes. Sibling alternatives of one choice point are run one
// after another, each needing the footprints of those before (its sleep
// set); everything else is independent, so a worker can take a subtree
// (runBatch) and hand back what it found and what it did not get to.
// Results do not depend on the order in which reports come back.

import type { Scenario } from "./scenario.ts";
import type { RecordedInput, RunRecord } from "./record.ts";
import { GLOBAL, isLocal } from "./footprint.ts";
import { exploreRun, type Choices, type ExploreTask, type RunBase, type RunReport, type SleepEntry } from "./explore-run.ts";

/** A choice point with alternatives still to explore. */
export interface TreeNode {
  prefix: number[];
  host: number;
  sleep: SleepEntry[];
  explored: SleepEntry[];
  todo: number[];
}

/** A task on the engine's stack, with the choice point whose alternative it is. */
export interface Pending extends ExploreTask {
  node: TreeNode | null;
}

/** What a batch of runs found: a worker explores a subtree for a while and sends this back. */
export interface BatchResult {
  runs: number;
  blocked: number;
  pruned: boolean;
  outcomes: Outcome[];
  /** Tasks it did not get to (the rest of its subtree), for someone else. */
  pending: Pending[];
}

export interface Outcome {
  key: string;
  count: number;
  /** Choices of the representative run (the first in depth-first order). */
  choices: Choices;
  traceHash: string;
  result: unknown;
  record?: RunRecord;
}

export interface ExploreStats {
  runs: number;
  blocked: number;
  distinct: number;
  pending: number;
}

/** Keeps the tree, hands out tasks, takes reports. Deterministic whatever order reports come back in. */
export class ExploreEngine {
  private readonly stack: Pending[];
  readonly outcomes = new Map<string, Outcome>();
  runs = 0;
  blocked = 0;
  /** Alternatives left out by --depth. */
  pruned = false;

  /** The whole tree, or (a worker's batch) the subtrees below `tasks`. */
  constructor(private readonly depth = Infinity, tasks?: Pending[]) {
    this.stack = tasks ?? [{ prefix: [], sleep: [], node: null }];
  }

  /** Runs tasks here until `budget` runs are done or the subtree is exhausted, and hands back the rest. */
  runBatch(scenario: Scenario, base: RunBase, budget: number): BatchResult {
    for (let n = 0; n < budget; n++) {
      const t = this.next();
      if (!t) break;
      this.accept(t, exploreRun(scenario, base, t));
    }
    return { runs: this.runs, blocked: this.blocked, pruned: this.pruned, outcomes: [...this.outcomes.values()], pending: this.stack.splice(0) };
  }

  /** Takes in what a batch found. */
  merge(b: BatchResult): void {
    this.runs += b.runs;
    this.blocked += b.blocked;
    this.pruned ||= b.pruned;
    for (const o of b.outcomes) {
      const mine = this.outcomes.get(o.key);
      if (!mine) {
        this.outcomes.set(o.key, o);
      } else {
        mine.count += o.count;
        if (earlier(o.choices, mine.choices)) {
          mine.choices = o.choices;
          mine.traceHash = o.traceHash;
          if (o.result !== undefined) mine.result = o.result;
        }
      }
    }
    this.stack.push(...b.pending);
  }

  get pending(): number {
    return this.stack.length;
  }

  next(): Pending | undefined {
    return this.stack.pop();
  }

  stats(): ExploreStats {
    return { runs: this.runs, blocked: this.blocked, distinct: this.outcomes.size, pending: this.stack.length };
  }

  accept(task: Pending, rep: RunReport): void {
    this.runs++;
    if (task.node) {
      task.node.explored.push({ host: task.node.host, pid: task.prefix[task.prefix.length - 1]!, fp: rep.lastFp ?? GLOBAL });
      this.schedule(task.node);
    }
    const fresh: TreeNode[] = [];
    let prefix = task.prefix;
    for (const n of rep.nodes) {
      const depth = prefix.length;
      let todo = isLocal(n.fp, `s${n.host}.${n.chosen}`)
        ? []
        : n.enabled.filter((pid) => pid !== n.chosen && !n.sleep.some((e) => e.host === n.host && e.pid === pid));
      if (depth >= this.depth && todo.length > 0) {
        this.pruned = true;
        todo = [];
      }
      if (todo.length > 0) fresh.push({ prefix, host: n.host, sleep: n.sleep, explored: [{ host: n.host, pid: n.chosen, fp: n.fp }], todo });
      prefix = [...prefix, n.chosen];
    }
    // Shallow first onto the stack, so the deepest alternative is tried next (depth-first).
    for (const t of fresh) this.schedule(t);
    if (rep.blocked) {
      this.blocked++;
      return;
    }
    const o = this.outcomes.get(rep.key);
    if (!o) {
      this.outcomes.set(rep.key, { key: rep.key, count: 1, choices: rep.choices, traceHash: rep.traceHash, result: rep.result });
    } else {
      o.count++;
      if (earlier(rep.choices, o.choices)) {
        o.choices = rep.choices;
        o.traceHash = rep.traceHash;
        if (rep.result !== undefined) o.result = rep.result;
      }
    }
  }

  private schedule(n: TreeNode): void {
    const pid = n.todo.shift();
    if (pid === undefined) return;
    this.stack.push({ prefix: [...n.prefix, pid], sleep: [...n.sleep, ...n.explored], node: n });
  }

  /** Outcomes in depth-first order of their representative runs. */
  sorted(): Outcome[] {
    return [...this.outcomes.values()].sort((a, b) => (earlier(a.choices, b.choices) ? -1 : earlier(b.choices, a.choices) ? 1 : 0));
  }
}

/** Depth-first order of choice sequences: compare steps, then pids, choice by choice. */
function earlier(a: Choices, b: Choices): boolean {
  const n = Math.min(a.steps.length, b.steps.length);
  for (let i = 0; i < n; i++) {
    if (a.steps[i] !== b.steps[i]) return a.steps[i]! < b.steps[i]!;
    if (a.pids[i] !== b.pids[i]) return a.pids[i]! < b.pids[i]!;
  }
  return a.steps.length < b.steps.length;
}

/** The choices as the record's inputs (host names from the scenario, in host order). */
export function choiceInputs(scenario: Scenario, c: Choices): RecordedInput[] {
  const names = (scenario.hosts ?? [{ name: "localhost" }]).map((h) => h.name);
  return c.steps.map((step, i) => ({ step, input: { kind: "choose", host: names[c.hosts[i]!]!, pid: c.pids[i]! } }));
}
