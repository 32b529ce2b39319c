// The syscalls tab: the selected process's recent syscalls as strace lines
// (signals and exit included), newest at the bottom.

import type { ReactNode } from "react";
import type { SimSnapshot } from "../../../kernel/sim/snapshot.ts";
import { straceLines } from "../../format/syscalls.ts";
import { fit, lastRows } from "../../format/fit.ts";
import { Rows, type Row } from "../../components/Rows.tsx";
import { theme } from "../../theme.ts";
import type { UiState } from "../../model/ui-state.ts";

export function SyscallsView({ snap, ui, width, height }: { snap: SimSnapshot; ui: UiState; width: number; height: number }): ReactNode {
  const p = ui.selected ? snap.procs[ui.selected] : undefined;
  if (!p) return <Rows rows={["no process selected (↑/↓ select one)"]} width={width} height={height} />;
  // Only the events that can still be on screen are formatted (plus slack for the
  // "<unfinished ...>" halves that pair with them).
  const events = snap.syscalls[p.key] ?? [];
  const lines = straceLines(events.slice(Math.max(0, events.length - height * 2 - 16)));
  if (lines.length === 0) return <Rows rows={[[{ text: `pid ${p.pid} (${p.program}) made no syscalls in the last steps`, color: theme.muted }]]} width={width} height={height} />;
  const rows: Row[] = lastRows(lines, height).map((l) =>
    l.startsWith("---") || l.startsWith("+++") ? [{ text: fit(l, width), color: theme.highlight }] : / = -1 /.test(l) ? [{ text: fit(l, width), color: theme.error }] : fit(l, width),
  );
  return <Rows rows={rows} width={width} height={height} />;
}
