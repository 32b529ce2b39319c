// The header line: scenario, seed, policy, simulated time, step,
// running/paused, speed.

import type { HeaderSnap } from "../../kernel/sim/snapshot.ts";

export interface RunInfo {
  running: boolean;
  stepsPerSecond: number;
  halted: boolean;
}

export function formatSpeed(stepsPerSecond: number): string {
  if (stepsPerSecond >= 1_000_000) return `${stepsPerSecond / 1_000_000}M steps/s`;
  if (stepsPerSecond >= 1_000) return `${stepsPerSecond / 1_000}k steps/s`;
  return `${stepsPerSecond} steps/s`;
}

/** Simulated time as seconds with microseconds: "1.000250s". */
export function formatSimTime(ns: number): string {
  const us = Math.floor(ns / 1000);
  return `${Math.floor(us / 1e6)}.${String(us % 1e6).padStart(6, "0")}s`;
}

export function runState(h: HeaderSnap, r: RunInfo): string {
  if (h.idle) return "idle";
  if (h.finished) return "finished";
  if (r.halted) return "stopped";
  return r.running ? "running" : "paused";
}

/** The parts of the header, widest first to drop last. */
export function headerParts(h: HeaderSnap, r: RunInfo): string[] {
  return [
    `kernsim ${h.scenario}`,
    `seed ${h.seed}`,
    `sched ${h.policy}`,
    `t=${formatSimTime(h.timeNs)}`,
    `step ${h.step}`,
    runState(h, r),
    formatSpeed(r.stepsPerSecond),
  ];
}
