// The sockets tab: ss -tan rows of the selected host; [ and ] select one.

import type { ReactNode } from "react";
import type { SimSnapshot } from "../../../kernel/sim/snapshot.ts";
import { NO_NETWORK, SS_HEADER, socketLine } from "../../format/sockets.ts";
import { fit, windowAround } from "../../format/fit.ts";
import { Rows, type Row } from "../../components/Rows.tsx";
import { theme } from "../../theme.ts";
import type { UiState } from "../../model/ui-state.ts";
import { visibleSockets } from "./input.ts";

export function SocketsView({ snap, ui, width, height }: { snap: SimSnapshot; ui: UiState; width: number; height: number }): ReactNode {
  if (!snap.header.network && snap.sockets.length === 0) return <Rows rows={[[{ text: NO_NETWORK, color: theme.muted }]]} width={width} height={height} />;
  const list = visibleSockets(ui, snap);
  const sel = Math.min(ui.socket, list.length - 1);
  const body: Row[] = list.map((s, i) => [{ text: socketLine(s, width), inverse: i === sel, color: i === sel ? theme.highlight : undefined }]);
  if (list.length === 0) body.push([{ text: "no sockets on this host yet", color: theme.muted }]);
  const shown = windowAround(body, Math.max(0, sel), height - 1).rows;
  return <Rows rows={[[{ text: fit(SS_HEADER, width), color: theme.muted, bold: true }], ...shown]} width={width} height={height} />;
}
