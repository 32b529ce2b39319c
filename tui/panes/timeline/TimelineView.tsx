// The timeline tab (the race view): who held the CPU, step by step, one
// row per process of the selected host; the current step is the right edge.

import type { ReactNode } from "react";
import type { SimSnapshot } from "../../../kernel/sim/snapshot.ts";
import { timelineLines, RAN } from "../../format/timeline.ts";
import { treeOrder } from "../../format/proc-tree.ts";
import { windowAround } from "../../format/fit.ts";
import { Rows, type Row, type Seg } from "../../components/Rows.tsx";
import { stateColor, theme } from "../../theme.ts";
import { selectedHost, type UiState } from "../../model/ui-state.ts";

const RUNS = new RegExp(`${RAN}+|[^${RAN}]+`, "g");

export function TimelineView({ snap, ui, width, height }: { snap: SimSnapshot; ui: UiState; width: number; height: number }): ReactNode {
  const host = selectedHost(ui, snap);
  if (!host) return <Rows rows={["no host"]} width={width} height={height} />;
  const slices = snap.timeline[host] ?? [];
  const live = treeOrder(snap, host).map((t) => ({ pid: t.proc.pid, name: t.proc.program }));
  // Processes that ran in the window but are gone (reaped) still get a row.
  const seen = new Set(live.map((p) => p.pid));
  const gone = [...new Set(slices.map((s) => s.pid))].filter((pid) => !seen.has(pid)).map((pid) => ({ pid, name: "(gone)" }));
  const procs = [...live.filter((p) => p.pid !== 1 || slices.some((s) => s.pid === 1)), ...gone];
  const { ruler, rows } = timelineLines({ slices, procs, step: snap.header.step, zoom: ui.zoom, width, windowFrom: snap.windowFrom });
  const selPid = ui.selected ? snap.procs[ui.selected]?.pid : undefined;
  const body: Row[] = rows.map((r) => {
    const p = snap.procs[`${host}:${r.pid}`];
    const label = r.text.slice(0, 14);
    const bar = r.text.slice(14);
    const segs: Seg[] = [{ text: label, inverse: r.pid === selPid, color: p ? stateColor(p.state) : theme.muted }];
    // The bar in runs of "held the CPU" and "did not".
    for (const m of bar.matchAll(RUNS)) segs.push({ text: m[0], color: m[0].startsWith(RAN) ? theme.running : theme.muted });
    return segs;
  });
  const selRow = Math.max(0, rows.findIndex((r) => r.pid === selPid));
  const shown = windowAround(body, selRow, height - 1).rows;
  return <Rows rows={[[{ text: ruler, color: theme.highlight }], ...shown]} width={width} height={height} />;
}
