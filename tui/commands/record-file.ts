// Record files on disk, for the commands: how a record names the scenario
// the command line was given (a built-in by name; a file by its path
// relative to the record, with a sha256 of its content), writing records,
// and reading them back with one clear line for every problem.

import { createHash } from "node:crypto";
import { existsSync, readFileSync, writeFileSync, mkdirSync } from "node:fs";
import { dirname, isAbsolute, relative, resolve } from "node:path";
import type { Scenario } from "../../kernel/sim/scenario.ts";
import { parseRecord, RecordError, serializeRecord, type RunRecord, type ScenarioRef } from "../../kernel/sim/record.ts";
import { FaultSpecError, parseFaults, type FaultSpec } from "../../kernel/sim/faults.ts";
import { findScenario } from "../../userland/scenarios/index.ts";
import { loadScenario, UsageError } from "../load.ts";
import { replay, type Recording } from "../../kernel/sim/replay.ts";
import type { RunResult } from "../../kernel/sim/run.ts";

export function sha256(text: string | Buffer): string {
  return createHash("sha256").update(text).digest("hex");
}

/** The reference a record written to `recordPath` keeps for what the user typed (`arg`). */
export function scenarioRefFor(arg: string | undefined, scenario: Scenario, recordPath: string): ScenarioRef {
  if (arg === undefined || findScenario(arg) === scenario) return { name: scenario.name };
  const file = resolve(arg);
  return { name: scenario.name, file: relative(dirname(resolve(recordPath)), file) || file, sha256: sha256(readFileSync(file)) };
}

export function writeRecord(path: string, record: RunRecord): void {
  try {
    mkdirSync(dirname(resolve(path)), { recursive: true });
    writeFileSync(path, serializeRecord(record));
  } catch (e) {
    throw new UsageError(`${path}: cannot write the record: ${e instanceof Error ? e.message : String(e)}`);
  }
}

/** Reads and checks a record file; every problem is a UsageError (exit 2) of one line. */
export function readRecord(path: string): RunRecord {
  if (!existsSync(path)) throw new UsageError(`${path}: no such file (make one with kernsim run <scenario> --record ${path})`);
  let text: string;
  try {
    text = readFileSync(path, "utf8");
  } catch (e) {
    throw new UsageError(`${path}: cannot read it: ${e instanceof Error ? e.message : String(e)}`);
  }
  try {
    return parseRecord(text, path);
  } catch (e) {
    if (e instanceof RecordError) throw new UsageError(e.message);
    throw e;
  }
}

/** Loads the scenario a record names; `warn` hears about a file changed since recording. */
export async function scenarioOfRecord(record: RunRecord, recordPath: string, warn: (line: string) => void): Promise<Scenario> {
  const ref = record.scenario;
  if (ref.file === undefined) {
    const s = findScenario(ref.name);
    if (!s) throw new UsageError(`${recordPath}: scenario: no built-in scenario '${ref.name}' in this kernsim (kernsim list shows them)`);
    return s;
  }
  const file = isAbsolute(ref.file) ? ref.file : resolve(dirname(resolve(recordPath)), ref.file);
  if (!existsSync(file)) throw new UsageError(`${recordPath}: scenario.file: ${file} does not exist (move the record back beside it, or fix the path)`);
  if (ref.sha256 !== undefined && sha256(readFileSync(file)) !== ref.sha256) {
    warn(`kernsim: warning: ${ref.file} changed since it was recorded; the replay may diverge`);
  }
  return loadScenario(file);
}

/** `--faults short-read=0.3,eintr` → a spec (undefined when absent). */
export function faultsOption(v: unknown): FaultSpec | undefined {
  if (v === undefined) return undefined;
  try {
    return parseFaults(String(v));
  } catch (e) {
    if (e instanceof FaultSpecError) throw new UsageError(e.message);
    throw e;
  }
}

/**
 * After `run --record/--verify`: write the record, and for --verify re-run
 * it and compare. Returns the exit code to use instead of the run's (3 on
 * a difference), or 0 to carry on.
 */
export function finishRecording(rec: Recording, result: RunResult, opts: { path?: string; verify: boolean; arg?: string }): number {
  const record = rec.record(result, opts.path !== undefined ? scenarioRefFor(opts.arg, rec.sim.scenario, opts.path) : undefined);
  if (opts.path !== undefined) {
    writeRecord(opts.path, record);
    process.stderr.write(`kernsim: wrote ${opts.path} (replay it with kernsim replay ${opts.path})\n`);
  }
  if (!opts.verify) return 0;
  const again = replay(record, { scenario: rec.sim.scenario });
  if (again.divergence) {
    process.stderr.write(`kernsim: --verify: the second run differs from the first: ${again.divergence.message}\n  first:  ${again.divergence.expected}\n  second: ${again.divergence.actual}\n`);
    return 3;
  }
  process.stderr.write(`kernsim: --verify: two runs, same trace ${result.traceHash} (${result.steps} steps)\n`);
  return 0;
}
