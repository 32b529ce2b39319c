// The record file: everything that determines a run (which scenario, the
// seed, the scheduler policy, every external input with its step, the
// fault settings) and what the run produced (its trace hash and step
// count, plus the digests replay uses to find the first differing step).
// Versioned JSON; the schema is kernel/sim/record-schema.ts, published as
// docs/record.schema.json.
//
// The check digests, and their bound (docs/record.md):
//   check.steps  one line per step for the first STEP_LOG_LIMIT (4096)
//                steps: "pid syscall=result #h", h being the low 32 bits
//                of the rolling trace hash after the step. Replay finds the
//                first differing step exactly, and prints both lines.
//   check.hashes the full trace hash after every `every` steps, at most
//                MAX_CHECKPOINTS (1024) of them: `every` starts at 1 and
//                doubles (keeping every other checkpoint) when the list is
//                full. Past step 4096, replay names the window of `every`
//                steps where the run first differs.
// So a record stays under ~150 KB whatever the length of the run.

import type { TimedInput } from "./inputs.ts";
import type { FaultSpec } from "./faults.ts";
import type { Scenario } from "./scenario.ts";
import type { SchedPolicy } from "../host.ts";
import { RECORD_SCHEMA, validateAgainst } from "./record-schema.ts";

export const RECORD_FORMAT = "kernsim-record";
export const RECORD_VERSION = 1;
export const KERNSIM_VERSION = "0.1.0";
export const STEP_LOG_LIMIT = 4096;
export const MAX_CHECKPOINTS = 1024;

/** Which scenario: a built-in by name, or a file (path relative to the record, and its content's sha256). */
export interface ScenarioRef {
  name: string;
  file?: string;
  sha256?: string;
}

export interface RecordedInput extends TimedInput {
  /** Simulated time when it was applied (for people reading the file; `step` is what counts). */
  timeNs?: number;
}

export interface RunRecord {
  format: typeof RECORD_FORMAT;
  version: number;
  kernsim?: string;
  scenario: ScenarioRef;
  seed: number;
  sched: SchedPolicy;
  maxSteps?: number;
  faults?: FaultSpec | null;
  reseed?: { step: number; seed: number };
  inputs: RecordedInput[];
  expect: { traceHash: string; steps: number; simTimeNs?: number };
  check: { every: number; hashes: string[]; steps: string[] };
}

/** A record file that cannot be used; the message is one line naming the field. */
export class RecordError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "RecordError";
  }
}

/** The record as the file holds it (inputs in step order, two-space JSON, final newline). */
export function serializeRecord(r: RunRecord): string {
  return JSON.stringify(r, null, 2) + "\n";
}

/**
 * Parses and checks a record file's text. `where` names the file in
 * messages. Older versions are migrated here; newer ones are refused with
 * a line saying so.
 */
export function parseRecord(text: string, where = "record"): RunRecord {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (e) {
    const why = e instanceof Error ? e.message.split("\n")[0] : String(e);
    // An error at the very end of the text means the text stops too soon.
    const pos = /position (\d+)/.exec(why ?? "");
    const atEnd = /end of( JSON)? input/i.test(why ?? "") || (pos !== null && Number(pos[1]) >= text.trimEnd().length);
    const hint = text.trim().length === 0 ? "the file is empty" : atEnd ? "the file looks truncated" : why;
    throw new RecordError(`${where}: not valid JSON (${hint}); re-record it with kernsim run --record`);
  }
  return checkRecord(data, where);
}

/** Checks an already parsed record object (what `replay(record)` accepts). */
export function checkRecord(data: unknown, where = "record"): RunRecord {
  if (typeof data !== "object" || data === null || Array.isArray(data)) throw new RecordError(`${where}: expected a JSON object (a kernsim record)`);
  const d = data as { format?: unknown; version?: unknown };
  if (d.format !== RECORD_FORMAT) {
    throw new RecordError(`${where}: not a kernsim record (format: expected "${RECORD_FORMAT}", got ${d.format === undefined ? "nothing" : JSON.stringify(d.format)})`);
  }
  if (!Number.isSafeInteger(d.version) || (d.version as number) < 1) {
    throw new RecordError(`${where}: version: expected a positive integer, got ${JSON.stringify(d.version) ?? "nothing"}`);
  }
  if ((d.version as number) > RECORD_VERSION) {
    throw new RecordError(`${where}: record format version ${d.version as number} is newer than this kernsim reads (${RECORD_VERSION}); upgrade kernsim`);
  }
  const migrated = migrate(data as { version: number });
  const problem = validateAgainst(RECORD_SCHEMA, migrated);
  if (problem) throw new RecordError(`${where}: ${problem}`);
  const r = migrated as unknown as RunRecord;
  for (let i = 1; i < r.inputs.length; i++) {
    if (r.inputs[i]!.step < r.inputs[i - 1]!.step) throw new RecordError(`${where}: inputs[${i}].step: inputs must be in step order (${r.inputs[i]!.step} after ${r.inputs[i - 1]!.step})`);
  }
  return r;
}

/** Brings an older record up to RECORD_VERSION. Version 1 is the first: nothing to do yet. */
function migrate(data: { version: number }): unknown {
  return data;
}

// --- scenarios by reference ----------------------------------------------

const builtins = new Map<string, Scenario>();

/** Userland registers the built-in scenarios, so a record naming one replays without help. */
export function registerBuiltinScenarios(list: readonly Scenario[]): void {
  for (const s of list) builtins.set(s.name, s);
}

export function builtinScenario(name: string): Scenario | undefined {
  return builtins.get(name);
}

/** The reference a record keeps for `scenario`: built-ins by name; anything else needs its file. */
export function scenarioRef(scenario: Scenario, file?: { path: string; sha256: string }): ScenarioRef {
  if (file) return { name: scenario.name, file: file.path, sha256: file.sha256 };
  return { name: scenario.name };
}
