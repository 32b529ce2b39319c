// The timeline tab (the race view): who held the CPU, step by step, one
// row per process, grouped by host; the current step is the right edge.

import type { ReactNode } from "react";
import type { SimSnapshot } from "../../../kernel/sim/snapshot.ts";
import { labelWidth, timelineLines, RAN } from "../../format/timeline.ts";
import { treeOrder } from "../../format/proc-tree.ts";
import { windowAround } from "../../format/fit.ts";
import { Rows, type Row, type Seg } from "../../components/Rows.tsx";
import { stateColor, theme } from "../../theme.ts";
import type { UiState } from "../../model/ui-state.ts";

const RUNS = new RegExp(`${RAN}+|[^${RAN}]+`, "g");

/** The rows of one host: its processes (and those that ran in the window but are gone). */
function hostRows(snap: SimSnapshot, host: string): Array<{ pid: number; name: string }> {
  const slices = snap.timeline[host] ?? [];
  const live = treeOrder(snap, host).map((t) => ({ pid: t.proc.pid, name: t.proc.program }));
  const seen = new Set(live.map((p) => p.pid));
  const gone = [...new Set(slices.map((s) => s.pid))].filter((pid) => !seen.has(pid)).map((pid) => ({ pid, name: "(gone)" }));
  // init never runs here (the kernel reaps for it): no row unless it did.
  return [...live.filter((p) => p.pid !== 1 || slices.some((s) => s.pid === 1)), ...gone];
}

export function TimelineView({ snap, ui, width, height }: { snap: SimSnapshot; ui: UiState; width: number; height: number }): ReactNode {
  const many = snap.hostOrder.length > 1;
  const body: Row[] = [];
  let ruler = "";
  let selRow = 0;
  const perHost = snap.hostOrder.map((host) => [host, hostRows(snap, host)] as const);
  // One label width for every host, so the columns line up.
  const label = labelWidth(perHost.flatMap(([, p]) => p));
  for (const [host, procs] of perHost) {
    const t = timelineLines({ slices: snap.timeline[host] ?? [], procs, step: snap.header.step, zoom: ui.zoom, width, windowFrom: snap.windowFrom, label });
    ruler ||= t.ruler;
    if (many) body.push([{ text: `${host} ${snap.hosts[host]!.ip}`, color: theme.title, bold: true }]);
    for (const r of t.rows) {
      const key = `${host}:${r.pid}`;
      if (key === ui.selected) selRow = body.length;
      const p = snap.procs[key];
      const segs: Seg[] = [{ text: r.text.slice(0, label), inverse: key === ui.selected, color: p ? stateColor(p.state) : theme.muted }];
      // The bar in runs of "held the CPU" and "did not".
      for (const m of r.text.slice(label).matchAll(RUNS)) segs.push({ text: m[0], color: m[0].startsWith(RAN) ? theme.running : theme.muted });
      body.push(segs);
    }
  }
  if (!ruler) return <Rows rows={["no host"]} width={width} height={height} />;
  const shown = windowAround(body, selRow, height - 1).rows;
  return <Rows rows={[[{ text: ruler, color: theme.highlight }], ...shown]} width={width} height={height} />;
}
