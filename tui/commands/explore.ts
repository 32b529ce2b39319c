// `kernsim explore <scenario|file.ts>`: every distinct outcome of a racy
// scenario over scheduling choices (kernel/sim/explore.ts), each with its
// count and a record file that replays it. Workers on every core; a
// progress bar on a terminal; Ctrl-C stops and prints what was found.

import type { ParseArgsConfig } from "node:util";
import { availableParallelism } from "node:os";
import { isatty } from "node:tty";
import { join } from "node:path";
import { exploreWith, type ExploreResult, type ExploreStats } from "../../kernel/sim/explore.ts";
import type { Scenario } from "../../kernel/sim/scenario.ts";
import type { RunResult } from "../../kernel/sim/run.ts";
import { UsageError } from "../load.ts";
import { describeExit } from "../format/status.ts";
import { WorkerPool } from "../explore/pool.ts";
import { parseSeed } from "./run.ts";
import { faultsOption, scenarioRefFor, writeRecord } from "./record-file.ts";

export const EXPLORE_OPTIONS: ParseArgsConfig["options"] = {
  max: { type: "string", description: "stop after this many runs" } as never,
  depth: { type: "string", description: "explore alternatives only at the first D choice points" } as never,
  json: { type: "boolean", description: "print { runs, complete, outcomes: [{ count, record, result }] }" } as never,
  out: { type: "string", description: "directory for the outcome records (default kernsim-explore/<scenario>)" } as never,
  workers: { type: "string", description: "worker threads (default: one per core)" } as never,
  seed: { type: "string", description: "seed of the runs (default: the scenario's)" } as never,
  faults: { type: "string", description: "inject syscall faults, as kernsim run --faults" } as never,
  "no-color": { type: "boolean", description: "no colour (also when NO_COLOR is set)" } as never,
};

function positiveInt(v: unknown, flag: string): number | undefined {
  if (v === undefined) return undefined;
  const n = Number(v);
  if (!Number.isSafeInteger(n) || n <= 0) throw new UsageError(`--${flag}: expected a positive integer, got '${String(v)}'`);
  return n;
}

export async function exploreCommand(scenario: Scenario, arg: string, values: Record<string, unknown>): Promise<number> {
  const max = positiveInt(values.max, "max");
  const depth = positiveInt(values.depth, "depth");
  const workers = positiveInt(values.workers, "workers") ?? availableParallelism();
  const seed = parseSeed(values.seed);
  const faults = faultsOption(values.faults);
  const outDir = (values.out as string | undefined) ?? join("kernsim-explore", scenario.name);
  // isatty(2), not process.stderr.isTTY: under the watchdog this runs in a worker thread.
  const onTerminal = isatty(2);
  const color = !values["no-color"] && !process.env.NO_COLOR && onTerminal;
  const bar = onTerminal ? new ProgressBar(color, max) : null;

  // Ctrl-C stops and prints what was found; a second one ends at once. (Under
  // the watchdog this runs in a worker: watchdog.js forwards the signal.)
  let interrupted = false;
  const onInterrupt = () => {
    if (interrupted) process.exit(130);
    interrupted = true;
  };
  process.on("SIGINT", onInterrupt);
  const pool = new WorkerPool(scenario, arg, { seed, faults }, workers);
  const t0 = performance.now();
  let res: ExploreResult;
  try {
    res = await exploreWith(scenario, pool, {
      seed, faults, max, depth,
      // Records name a scenario file relative to where they are written (--json: the current directory).
      ref: scenarioRefFor(arg, scenario, values.json && values.out === undefined ? "record.json" : join(outDir, "record.json")),
      shouldStop: () => interrupted,
      onProgress: (s) => bar?.update(s),
    });
  } finally {
    process.off("SIGINT", onInterrupt);
    bar?.clear();
    await pool.close();
  }
  const secs = (performance.now() - t0) / 1000;

  if (values.json) {
    process.stdout.write(JSON.stringify({ runs: res.runs, complete: res.complete, outcomes: res.outcomes.map(({ count, record, result }) => ({ count, record, result })) }, null, 2) + "\n");
  } else {
    const width = String(res.outcomes.length).length;
    res.outcomes.forEach((o, i) => {
      const file = join(outDir, `outcome-${String(i + 1).padStart(width, "0")}.json`);
      writeRecord(file, o.record!);
      printOutcome(i + 1, res.outcomes.length, o.count, file, o.result as RunResult);
    });
  }
  const ratio = res.outcomes.length > 0 ? (res.runs / res.outcomes.length).toFixed(2) : "–";
  const how = res.complete ? "complete: every scheduling choice was explored" : interrupted ? "interrupted: these are the outcomes found so far" : "incomplete: cut by --max or --depth";
  process.stderr.write(
    `kernsim explore ${scenario.name}: ${res.runs} runs (${res.blocked} cut as equivalent), ${res.outcomes.length} distinct outcomes, ` +
      `${ratio} runs per outcome, ${secs.toFixed(2)} s; ${how}${values.json ? "" : `; records in ${outDir}/`}\n`,
  );
  return 0;
}

function printOutcome(i: number, n: number, count: number, file: string, r: RunResult): void {
  const lines = [`══ outcome ${i} of ${n}: ${count} run${count === 1 ? "" : "s"} · kernsim replay ${file}`];
  const names = Object.keys(r.terminals);
  for (const name of names) {
    const screen = r.terminals[name]!;
    if (screen === "") continue;
    if (names.length > 1) lines.push(`── ${name}`);
    lines.push(screen.endsWith("\n") ? screen.slice(0, -1) : screen);
  }
  for (const c of r.captures) {
    if (c.stdout) lines.push(`── pid ${c.pid} stdout (a pipe)`, c.stdout.endsWith("\n") ? c.stdout.slice(0, -1) : c.stdout);
  }
  lines.push(`   ${r.processes.map((p) => `${p.argv[0]}[${p.pid}] ${describeExit(p.exit)}`).join(", ")}`);
  process.stdout.write(lines.join("\n") + "\n");
}

/** One line on stderr, redrawn at most ten times a second. */
class ProgressBar {
  private last = 0;
  constructor(private readonly color: boolean, private readonly max?: number) {}

  update(s: ExploreStats): void {
    const now = performance.now();
    if (now - this.last < 100) return;
    this.last = now;
    const width = 24;
    // Without --max the total is unknown: show how much of the known frontier is done.
    const frac = this.max ? Math.min(1, s.runs / this.max) : s.runs / (s.runs + s.pending);
    const full = Math.round(frac * width);
    const fill = "█".repeat(full), rest = "░".repeat(width - full);
    const barText = this.color ? `\x1b[32m${fill}\x1b[2m${rest}\x1b[0m` : fill + rest;
    process.stderr.write(`\r${barText} ${s.runs} runs, ${s.distinct} outcomes, ${s.pending} to go  (Ctrl-C stops)\x1b[K`);
  }

  clear(): void {
    process.stderr.write("\r\x1b[K");
  }
}
