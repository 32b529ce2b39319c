// The tab bar: the tabs for the selected process or host, the active one
// highlighted, and what they are about.

import type { ReactNode } from "react";
import type { SimSnapshot } from "../../../kernel/sim/snapshot.ts";
import { Rows, type Seg } from "../../components/Rows.tsx";
import { theme } from "../../theme.ts";
import { TABS, selectedHost, type UiState } from "../../model/ui-state.ts";

export function TabBar({ snap, ui, width }: { snap: SimSnapshot; ui: UiState; width: number }): ReactNode {
  const segs: Seg[] = [];
  TABS.forEach((t, i) => {
    const on = t === ui.tab;
    segs.push({ text: ` ${i + 1} ${t} `, color: on ? theme.active : theme.muted, inverse: on, bold: on });
  });
  const p = ui.selected ? snap.procs[ui.selected] : undefined;
  const who = p ? ` pid ${p.pid} ${p.program}@${p.host}` : ` host ${selectedHost(ui, snap) ?? "-"}`;
  segs.push({ text: who, color: theme.title });
  return <Rows rows={[segs]} width={width} height={1} />;
}
