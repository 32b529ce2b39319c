// `kernsim run`: a headless run, printing what each terminal shows, or the
// result object (--json), the syscalls (--strace), the packets (--tcpdump).

import type { ParseArgsConfig } from "node:util";
import type { Scenario } from "../../kernel/sim/scenario.ts";
import { buildSimulation, collectResult, runSimulation, type RunResult } from "../../kernel/sim/run.ts";
import type { TraceEvent } from "../../kernel/trace.ts";
import { formatDuration } from "../../kernel/clock.ts";
import { StraceFormatter } from "../format/strace.ts";
import { UsageError } from "../load.ts";
import { describeExit } from "../format/status.ts";
import { Recording } from "../../kernel/sim/replay.ts";
import { faultsOption, finishRecording } from "./record-file.ts";
import { attachNetOutput, NET_OPTIONS } from "./net-output.ts";

/** --seed and --sched, shared by run and tui. */
export const SEED_SCHED_OPTIONS: ParseArgsConfig["options"] = {
  seed: { type: "string", description: "seed of the run (default: the scenario's)" } as never,
  sched: { type: "string", description: "scheduler: rr (round robin) or random" } as never,
};

export const RUN_OPTIONS: ParseArgsConfig["options"] = {
  ...SEED_SCHED_OPTIONS,
  json: { type: "boolean", description: "print the result object as JSON" } as never,
  strace: { type: "boolean", description: "print every syscall as strace -f does" } as never,
  steps: { type: "string", description: "stop after this many steps" } as never,
  record: { type: "string", description: "write a record file that kernsim replay re-runs" } as never,
  verify: { type: "boolean", description: "run twice and check both runs have the same trace (exit 3 if not)" } as never,
  faults: { type: "string", description: "inject syscall faults: short-read[=p],short-write,eintr,connreset,eagain or all" } as never,
  ...(NET_OPTIONS as unknown as ParseArgsConfig["options"]),
};

export function parseSeed(v: unknown): number | undefined {
  if (v === undefined) return undefined;
  const n = Number(v);
  if (!Number.isSafeInteger(n) || n < 0 || String(v).trim() === "") throw new UsageError(`--seed: expected a non-negative integer, got '${String(v)}'`);
  return n;
}

export function parseSched(v: unknown): "rr" | "random" | undefined {
  if (v === undefined) return undefined;
  if (v !== "rr" && v !== "random") throw new UsageError(`--sched: expected rr or random, got '${String(v)}'`);
  return v;
}

export async function runCommand(scenario: Scenario, values: Record<string, unknown>, arg?: string): Promise<number> {
  const seed = parseSeed(values.seed);
  const sched = parseSched(values.sched);
  let maxSteps: number | undefined;
  if (values.steps !== undefined) {
    maxSteps = Number(values.steps);
    if (!Number.isSafeInteger(maxSteps) || maxSteps <= 0) throw new UsageError(`--steps: expected a positive integer, got '${String(values.steps)}'`);
  }
  const faults = faultsOption(values.faults);
  const sim = buildSimulation(scenario, { seed, sched, trace: "hash", faults });
  const recording = values.record !== undefined || values.verify ? new Recording(sim, { maxSteps, faults }) : null;
  const out: string[] = [];
  if (values.strace) {
    const f = new StraceFormatter(true, sim.world.hosts.length > 1);
    sim.world.trace.subscribe((e: TraceEvent) => {
      const line = f.format(e);
      if (line !== null) out.push(line);
      if (out.length > 4096) flush(out);
    });
  }
  const netOut = attachNetOutput(sim, values, out);
  if (recording) recording.run();
  else runSimulation(sim, maxSteps);
  flush(out);
  netOut.finish();
  const result = collectResult(sim);
  if (recording) {
    const code = finishRecording(recording, result, { path: values.record as string | undefined, verify: !!values.verify, arg });
    if (code !== 0) return code;
  }
  if (values.json) {
    process.stdout.write(JSON.stringify(result, null, 2) + "\n");
  } else if (!values.strace && !values.tcpdump) {
    printTerminals(result);
  }
  printCrashes(result);
  process.stderr.write(summary(result) + "\n");
  return failed(result) ? 1 : 0;
}

function flush(lines: string[]): void {
  if (lines.length === 0) return;
  process.stdout.write(lines.join("\n") + "\n");
  lines.length = 0;
}

function printTerminals(r: RunResult): void {
  const names = Object.keys(r.terminals);
  const many = names.length > 1;
  for (const name of names) {
    const screen = r.terminals[name]!;
    if (many) process.stdout.write(`── ${name} ${"─".repeat(Math.max(0, 60 - name.length))}\n`);
    process.stdout.write(screen.endsWith("\n") || screen === "" ? screen : screen + "\n");
  }
  for (const c of r.captures) {
    const name = r.processes.find((p) => p.pid === c.pid)?.argv[0] ?? String(c.pid);
    if (c.stdout) process.stdout.write(`── ${name} (pid ${c.pid}) stdout ${"─".repeat(40)}\n${c.stdout}`);
    if (c.stderr) process.stdout.write(`── ${name} (pid ${c.pid}) stderr ${"─".repeat(40)}\n${c.stderr}`);
  }
}

function printCrashes(r: RunResult): void {
  for (const c of r.crashes) {
    process.stderr.write(`kernsim: pid ${c.pid} (${c.program}) on ${c.host} crashed: ${c.message}${c.stack ? `\n  at ${userFrame(c.stack)}` : ""}\n`);
  }
}

/** The first stack frame in the user's code (not the simulator's). */
function userFrame(stack: string): string {
  const frames = stack.split("\n").slice(1).map((l) => l.trim().replace(/^at /, ""));
  return frames.find((f) => !/\/(kernel|userland\/libc)\//.test(f) && !f.includes("node:")) ?? frames[0] ?? "?";
}

export function summary(r: RunResult): string {
  const exits = r.processes.map((p) => `${p.argv[0]}[${p.pid}] ${describeExit(p.exit)}`).join(", ");
  return `kernsim: seed ${r.seed}, ${r.steps} steps, ${formatDuration(r.simTimeNs)} simulated, trace ${r.traceHash}; ${exits}`;
}

function failed(r: RunResult): boolean {
  if (r.crashes.length > 0) return true;
  const mine = new Set(r.scenarioPids);
  return r.processes.some((p) => mine.has(p.pid) && p.exit !== null && !("code" in p.exit && p.exit.code === 0));
}
