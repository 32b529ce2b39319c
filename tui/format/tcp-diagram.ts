// The tcp tab: RFC 9293's Figure 5 drawn from the kernel's own state
// machine (tcpEdges(), the xstate definition): every state as a box at its
// place in the RFC's figure, the selected socket's state highlighted, and
// the transitions out of it (event → next state / actions), so what can
// happen next is read from the same table the kernel executes.

import { tcpEdges, tcpStateRfcName, TCP_STATES, type TcpEdge, type TcpState } from "../../kernel/net/tcp/machine.ts";

/** Where each state sits in the figure (row, column of 3), as in RFC 9293 Figure 5. */
export const LAYOUT: Readonly<Record<TcpState, readonly [number, number]>> = {
  CLOSED: [0, 1],
  LISTEN: [1, 1],
  SYN_RECEIVED: [2, 0],
  SYN_SENT: [2, 2],
  ESTABLISHED: [3, 1],
  FIN_WAIT_1: [4, 0],
  CLOSE_WAIT: [4, 2],
  FIN_WAIT_2: [5, 0],
  CLOSING: [5, 1],
  LAST_ACK: [5, 2],
  TIME_WAIT: [6, 0],
};

export interface DiagramCell {
  state: TcpState;
  label: string;
  /** The highlighted (current) state. */
  current: boolean;
  /** Visited before (the socket's path so far). */
  visited: boolean;
}

/** Rows of cells (up to 3 per row), top to bottom. */
export function diagramGrid(current: TcpState | null, history: readonly string[] = []): Array<Array<DiagramCell | null>> {
  const rows: Array<Array<DiagramCell | null>> = [];
  for (const s of TCP_STATES) {
    const [r, c] = LAYOUT[s];
    while (rows.length <= r) rows.push([null, null, null]);
    rows[r]![c] = { state: s, label: tcpStateRfcName[s], current: s === current, visited: history.includes(s) };
  }
  return rows;
}

/** "CLOSE → FIN-WAIT-1 [sendFin]" for each edge out of `state` (passive-only edges marked). */
export function edgesFrom(state: TcpState, edges: readonly TcpEdge[] = tcpEdges()): string[] {
  return edges
    .filter((e) => e.from === state)
    .map((e) => `${e.event}${e.passive === undefined ? "" : e.passive ? " (passive)" : " (active)"} → ${tcpStateRfcName[e.to]}${e.actions.length ? ` [${e.actions.join(", ")}]` : ""}`);
}

/** Accepts ss names ("ESTAB", "SYN-RECV"), RFC names and ids; null when unknown. */
export function toTcpState(s: string | null | undefined): TcpState | null {
  if (!s) return null;
  const id = s.toUpperCase().replace(/-/g, "_");
  const alias: Record<string, TcpState> = { ESTAB: "ESTABLISHED", SYN_RECV: "SYN_RECEIVED", CLOSE: "CLOSED", UNCONN: "CLOSED" };
  if ((TCP_STATES as readonly string[]).includes(id)) return id as TcpState;
  return alias[id] ?? null;
}

/** How many edges the machine has (shown under the diagram). */
export function edgeCount(): number {
  return tcpEdges().length;
}

/** The states a socket's history ("FROM --EVENT--> TO" lines, or bare state names) went through, in order. */
export function pathStates(history: readonly string[]): TcpState[] {
  const out: TcpState[] = [];
  const push = (x: string | undefined) => {
    const st = toTcpState(x);
    if (st && out[out.length - 1] !== st) out.push(st);
  };
  for (const h of history) {
    const m = /^(\S+)\s+--(\S+)-->\s+(\S+)$/.exec(h.trim());
    if (m) {
      push(m[1]);
      push(m[3]);
    } else push(h);
  }
  return out;
}
