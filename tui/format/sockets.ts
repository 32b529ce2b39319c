// The sockets tab: `ss -tan` columns for the sockets of one host.

import type { SocketSnap } from "../../kernel/sim/snapshot.ts";
import { fit } from "./fit.ts";

export const SS_HEADER = "State       Recv-Q Send-Q Local Address:Port    Peer Address:Port     Process";

export function socketLine(s: SocketSnap, width: number): string {
  return fit(
    `${s.state.padEnd(11)} ${String(s.recvQ).padStart(6)} ${String(s.sendQ).padStart(6)} ${s.local.padEnd(21)} ${s.peer.padEnd(21)} ${s.process}`,
    width,
  );
}

export function hostSockets(all: readonly SocketSnap[], host: string | null): SocketSnap[] {
  return host === null ? all.slice() : all.filter((s) => s.host === host);
}

export const NO_NETWORK = "this scenario has no network: no sockets to show";
