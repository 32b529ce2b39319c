// The processes pane: per host, the process tree (pid, ppid, state,
// command, what it is blocked in); the selected process inverted.

import type { ReactNode } from "react";
import type { SimSnapshot } from "../../../kernel/sim/snapshot.ts";
import { PROC_HEADER, procRows } from "../../format/proc-tree.ts";
import { fit, windowAround } from "../../format/fit.ts";
import { Rows, type Row } from "../../components/Rows.tsx";
import { stateColor, theme } from "../../theme.ts";
import type { UiState } from "../../model/ui-state.ts";

export function processRows(snap: SimSnapshot, ui: UiState, width: number): { rows: Row[]; selectedRow: number } {
  const rows: Row[] = [];
  let selectedRow = 0;
  const many = snap.hostOrder.length > 1;
  for (const host of snap.hostOrder) {
    if (many) rows.push([{ text: fit(`${host} ${snap.hosts[host]!.ip}`, width), color: theme.title, bold: true }]);
    for (const r of procRows(snap, host, width)) {
      if (r.key === ui.selected) selectedRow = rows.length;
      rows.push([{ text: r.text, color: stateColor(r.state), inverse: r.key === ui.selected }]);
    }
  }
  return { rows, selectedRow };
}

export function ProcessesView({ snap, ui, width, height }: { snap: SimSnapshot; ui: UiState; width: number; height: number }): ReactNode {
  const { rows, selectedRow } = processRows(snap, ui, width);
  const body = windowAround(rows, selectedRow, height - 1).rows;
  return <Rows rows={[[{ text: fit(PROC_HEADER + "  WCHAN", width), color: theme.muted, bold: true }], ...body]} width={width} height={height} />;
}
