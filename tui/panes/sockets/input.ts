// Sockets pane input: selecting a socket of the selected host (the tcp tab
// highlights its state, the packets tab can filter on its connection).

import type { SimSnapshot, SocketSnap } from "../../../kernel/sim/snapshot.ts";
import { TCP_STATES } from "../../../kernel/net/tcp/machine.ts";
import { hostSockets } from "../../format/sockets.ts";
import { selectedHost, type UiState } from "../../model/ui-state.ts";

export function visibleSockets(ui: UiState, snap: SimSnapshot): SocketSnap[] {
  return hostSockets(snap.sockets, selectedHost(ui, snap));
}

export function selectedSocket(ui: UiState, snap: SimSnapshot): SocketSnap | null {
  const list = visibleSockets(ui, snap);
  return list[Math.min(ui.socket, list.length - 1)] ?? null;
}

/** Moves the socket selection; with no sockets, browses the TCP states instead (tcp tab). */
export function moveSocket(ui: UiState, snap: SimSnapshot, delta: number): UiState {
  const n = visibleSockets(ui, snap).length;
  if (n === 0) return { ...ui, tcpCursor: (ui.tcpCursor + delta + TCP_STATES.length) % TCP_STATES.length };
  return { ...ui, socket: Math.min(n - 1, Math.max(0, ui.socket + delta)) };
}
