// Packets pane input: filter on the selected socket's connection.

import type { SimSnapshot } from "../../../kernel/sim/snapshot.ts";
import { ssToTcpdump } from "../../format/packets.ts";
import type { UiState } from "../../model/ui-state.ts";
import { selectedSocket } from "../sockets/input.ts";

/** The filter for the selected socket ("a.p > b.p", or its local end for a listener), or null. */
export function connectionFilter(ui: UiState, snap: SimSnapshot): string | null {
  const s = selectedSocket(ui, snap);
  if (!s) return null;
  const local = ssToTcpdump(s.local);
  return /\*$/.test(s.peer) ? local : `${local} > ${ssToTcpdump(s.peer)}`;
}
