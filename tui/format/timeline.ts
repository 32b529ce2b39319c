// The timeline tab (the race view): one row per process of a host, one
// column per `zoom` steps, a block where the process held the CPU; the
// right edge is the current step, marked ▼. Two processes alternating
// block by block is what a race looks like.

import type { SliceSnap } from "../../kernel/sim/snapshot.ts";
import { cells, fit } from "./fit.ts";

export const RAN = "█";
export const IDLE = "·";
/** Label column: "  pid name", between 14 and 22 cells (wide enough for the longest name shown). */
export function labelWidth(procs: ReadonlyArray<{ pid: number; name: string }>): number {
  const longest = Math.max(0, ...procs.map((p) => cells(`${String(p.pid).padStart(5)} ${p.name}`)));
  return Math.min(22, Math.max(14, longest + 2));
}

export interface TimelineRow {
  pid: number;
  text: string;
}

export interface TimelineInput {
  slices: readonly SliceSnap[];
  /** The rows to draw: pid and a name, in display order. */
  procs: ReadonlyArray<{ pid: number; name: string }>;
  step: number;
  /** Steps per column (≥ 1). */
  zoom: number;
  width: number;
  /** First step the slices describe (older columns are blank). */
  windowFrom: number;
  /** Label column width (default: labelWidth(procs)). */
  label?: number;
}

/** Which columns pid ran in: column c covers steps (step - (cols-c)·zoom, step - (cols-1-c)·zoom]. */
export function ranColumns(slices: readonly SliceSnap[], pid: number, step: number, zoom: number, cols: number): boolean[] {
  const out = new Array<boolean>(cols).fill(false);
  const first = step - cols * zoom + 1;
  for (const s of slices) {
    if (s.pid !== pid || s.toStep < first || s.fromStep > step) continue;
    const a = Math.max(s.fromStep, first), b = Math.min(s.toStep, step);
    const ca = Math.floor((a - first) / zoom), cb = Math.floor((b - first) / zoom);
    for (let c = ca; c <= cb; c++) out[c] = true;
  }
  return out;
}

export function timelineLines(t: TimelineInput): { ruler: string; rows: TimelineRow[]; label: number } {
  const LABEL = t.label ?? labelWidth(t.procs);
  const cols = Math.max(1, t.width - LABEL);
  const first = Math.max(0, t.step - cols * t.zoom + 1);
  const left = `step ${first}`;
  const right = `${t.step} ▼`;
  // "▼" sits over the last column: the current step.
  const gap = cols - cells(left) - cells(right);
  const ruler = fit(`${`×${t.zoom} steps/col`.padEnd(LABEL)}${gap >= 1 ? left + " ".repeat(gap) : " ".repeat(Math.max(0, cols - cells(right)))}${right}`, t.width);
  const rows = t.procs.map(({ pid, name }) => {
    const ran = ranColumns(t.slices, pid, t.step, t.zoom, cols);
    const firstStepOfCol = (c: number) => t.step - (cols - c) * t.zoom + 1;
    const bar = ran.map((r, c) => (r ? RAN : firstStepOfCol(c) + t.zoom - 1 < Math.max(t.windowFrom, 1) ? " " : IDLE)).join("");
    return { pid, text: fit(`${String(pid).padStart(5)} ${name}`, LABEL - 1) + " " + bar };
  });
  return { ruler, rows, label: LABEL };
}
