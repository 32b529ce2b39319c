// The fds tab: the selected process's fd table → open file descriptions →
// objects, with refcounts and the other processes sharing each description.

import type { ReactNode } from "react";
import type { SimSnapshot } from "../../../kernel/sim/snapshot.ts";
import { fdLines } from "../../format/fds.ts";
import { Rows, type Row } from "../../components/Rows.tsx";
import { theme } from "../../theme.ts";
import type { UiState } from "../../model/ui-state.ts";

export function FdsView({ snap, ui, width, height }: { snap: SimSnapshot; ui: UiState; width: number; height: number }): ReactNode {
  const lines = fdLines(snap, ui.selected, width);
  const rows: Row[] = lines.map((l, i) => (i === 0 && lines.length > 1 ? [{ text: l, color: theme.muted, bold: true }] : l));
  return <Rows rows={rows} width={width} height={height} />;
}
