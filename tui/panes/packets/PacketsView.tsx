// The packets tab: the recent packets as tcpdump -n prints them, newest at
// the bottom, filtered by `/` (or F: the selected socket's connection).

import type { ReactNode } from "react";
import type { SimSnapshot } from "../../../kernel/sim/snapshot.ts";
import { filterPackets, packetLines } from "../../format/packets.ts";
import { fit, lastRows } from "../../format/fit.ts";
import { Rows, type Row } from "../../components/Rows.tsx";
import { theme } from "../../theme.ts";
import type { UiState } from "../../model/ui-state.ts";

export function PacketsView({ snap, ui, width, height }: { snap: SimSnapshot; ui: UiState; width: number; height: number }): ReactNode {
  if (!snap.header.network && snap.packets.length === 0) {
    return <Rows rows={[[{ text: "this scenario has no network: no packets", color: theme.muted }]]} width={width} height={height} />;
  }
  const all = packetLines(snap.packets);
  const lines = filterPackets(all, ui.packetFilter);
  const title = `${lines.length} of ${all.length} recent packets${ui.packetFilter ? ` matching '${ui.packetFilter}'` : ""} (/ filter, F: selected socket)`;
  const rows: Row[] = [[{ text: fit(title, width), color: theme.muted }], ...lastRows(lines, height - 1).map((l) => fit(l, width))];
  return <Rows rows={rows} width={width} height={height} />;
}
