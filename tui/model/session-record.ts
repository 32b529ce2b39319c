// Saving a TUI session so `kernsim replay` and tests can re-run it: the
// scenario, seed, policy and every input at its step. Written in the
// record format's shape (kernel/sim/record-schema.ts: format, version,
// scenario, seed, sched, inputs, expect); the replay checkpoints (`check`)
// are left to the record writer (kernel/sim/record.ts) once it exists.

import { writeFileSync } from "node:fs";
import type { Controller } from "./controller.ts";

export interface SessionRecord {
  format: "kernsim-record";
  version: 1;
  scenario: { name: string };
  seed: number;
  sched: string;
  inputs: Array<{ step: number; input: unknown }>;
  expect: { traceHash: string; steps: number; simTimeNs: number };
}

export function sessionRecord(ctl: Controller): SessionRecord {
  const w = ctl.sim.world;
  return {
    format: "kernsim-record",
    version: 1,
    scenario: { name: ctl.spec.scenario.name },
    seed: ctl.spec.seed,
    sched: ctl.spec.policy,
    inputs: ctl.inputs.filter((t) => t.step <= w.steps).map((t) => ({ step: t.step, input: t.input })),
    expect: { traceHash: w.trace.hash, steps: w.steps, simTimeNs: w.now },
  };
}

/** Writes the record; returns what to tell the person. */
export function saveSessionRecord(ctl: Controller, path: string): string {
  writeFileSync(path, JSON.stringify(sessionRecord(ctl), null, 2) + "\n");
  return `saved ${ctl.inputs.length} input(s) up to step ${ctl.step} to ${path}`;
}

export function defaultRecordPath(ctl: Controller): string {
  return `${ctl.spec.scenario.name}-seed${ctl.spec.seed}-step${ctl.step}.json`;
}
