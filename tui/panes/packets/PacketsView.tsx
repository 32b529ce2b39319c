// The packets tab: the recent packets as tcpdump -n prints them, newest at
// the bottom, filtered by `/` (or F: the selected socket's connection).

import { useMemo, type ReactNode } from "react";
import type { SimSnapshot } from "../../../kernel/sim/snapshot.ts";
import { filterPackets, packetLines } from "../../format/packets.ts";
import { fit, lastRows } from "../../format/fit.ts";
import { Rows, type Row } from "../../components/Rows.tsx";
import { theme } from "../../theme.ts";
import type { UiState } from "../../model/ui-state.ts";

/**
 * tcpdump lines of the recent packets, filtered. Packet events are frozen
 * and shared from one snapshot to the next, so the first and last event
 * and the count identify the list: the lines are formatted again only when
 * packets came or went.
 */
function useFormatted(packets: SimSnapshot["packets"], filter: string): { all: string[]; lines: string[] } {
  const first = packets[0], last = packets[packets.length - 1];
  const all = useMemo(() => packetLines(packets), [first, last, packets.length]);
  const lines = useMemo(() => filterPackets(all, filter), [all, filter]);
  return { all, lines };
}

export function PacketsView({ snap, ui, width, height }: { snap: SimSnapshot; ui: UiState; width: number; height: number }): ReactNode {
  const { all, lines } = useFormatted(snap.packets, ui.packetFilter);
  if (!snap.header.network && snap.packets.length === 0) {
    return <Rows rows={[[{ text: "this scenario has no network: no packets", color: theme.muted }]]} width={width} height={height} />;
  }
  const title = `${lines.length} of ${all.length} recent packets${ui.packetFilter ? ` matching '${ui.packetFilter}'` : ""} (/ filter, F: selected socket)`;
  const rows: Row[] = [[{ text: fit(title, width), color: theme.muted }], ...lastRows(lines, height - 1).map((l) => fit(l, width))];
  return <Rows rows={rows} width={width} height={height} />;
}
