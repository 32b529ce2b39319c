// The terminal pane: the focused terminal's screen (what the scenario
// process and its children wrote, typed input echoed), and while typing,
// the line not yet sent with a cursor.

import type { ReactNode } from "react";
import type { SimSnapshot } from "../../../kernel/sim/snapshot.ts";
import { screenRows } from "../../format/screen.ts";
import { fit } from "../../format/fit.ts";
import { Rows, type Row } from "../../components/Rows.tsx";
import { theme } from "../../theme.ts";
import type { UiState } from "../../model/ui-state.ts";

export function TerminalView({ snap, ui, width, height }: { snap: SimSnapshot; ui: UiState; width: number; height: number }): ReactNode {
  const t = ui.terminal ? snap.terminals[ui.terminal] : undefined;
  const typing = ui.mode === "typing";
  const many = snap.terminalOrder.length > 1;
  const which = many ? ` ${snap.terminalOrder.indexOf(ui.terminal ?? "") + 1}/${snap.terminalOrder.length}` : "";
  const title = t ? `tty ${t.name}@${t.host}${which} · ${typing ? "typing" : `i: type${many ? "  f: next" : ""}`}` : "no terminal";
  const rows: Row[] = [[{ text: fit(title, width), color: typing ? theme.active : theme.title, bold: true, inverse: typing }]];
  if (t) {
    for (const r of screenRows(t.screen, width, height - 1, typing ? ui.line : null)) rows.push([{ text: r, color: undefined }]);
  }
  return <Rows rows={rows} width={width} height={height} />;
}
