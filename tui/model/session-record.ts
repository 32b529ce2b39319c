// Saving a TUI session as a record file (kernel/sim/record.ts) that
// `kernsim replay` and tests replay exactly: the session's scenario, seed,
// policy and inputs are re-run by the record writer (Recording, the same
// stepping loop replay uses) up to the current step, which also computes
// the check digests replay compares.

import { Recording } from "../../kernel/sim/replay.ts";
import { buildSimulation, collectResult } from "../../kernel/sim/run.ts";
import type { RunRecord } from "../../kernel/sim/record.ts";
import { scenarioRefFor, writeRecord } from "../commands/record-file.ts";
import type { Controller } from "./controller.ts";

/** The record of the session up to the current step; `path` is where it will live (file scenarios are named relative to it). */
export function sessionRecord(ctl: Controller, path = "session.json"): RunRecord {
  const { scenario, seed, policy, arg } = ctl.spec;
  const step = ctl.step;
  const inputs = ctl.inputs.filter((t) => t.step <= step).map((t) => ({ ...t }));
  const sim = buildSimulation(scenario, { seed, sched: policy, trace: "hash" });
  const rec = new Recording(sim, { inputs, maxSteps: step > 0 ? step : undefined });
  rec.run();
  return rec.record(collectResult(sim), scenarioRefFor(arg, scenario, path));
}

/** Writes the record; returns what to tell the person. */
export function saveSessionRecord(ctl: Controller, path: string): string {
  const r = sessionRecord(ctl, path);
  writeRecord(path, r);
  return `saved ${r.inputs.length} input(s), ${r.expect.steps} steps, to ${path} (kernsim replay ${path})`;
}

export function defaultRecordPath(ctl: Controller): string {
  return `${ctl.spec.scenario.name}-seed${ctl.spec.seed}-step${ctl.step}.json`;
}
