// The tcp tab: RFC 9293's state diagram drawn from the kernel's xstate
// machine (tcpEdges()), the selected socket's state highlighted, states it
// went through marked, and the transitions out of the current state listed.

import type { ReactNode } from "react";
import type { SimSnapshot } from "../../../kernel/sim/snapshot.ts";
import { TCP_STATES } from "../../../kernel/net/tcp/machine.ts";
import { diagramGrid, edgesFrom, toTcpState, edgeCount, pathStates } from "../../format/tcp-diagram.ts";
import { cells, fit } from "../../format/fit.ts";
import { Rows, type Row, type Seg } from "../../components/Rows.tsx";
import { theme } from "../../theme.ts";
import type { UiState } from "../../model/ui-state.ts";
import { selectedSocket } from "../sockets/input.ts";

export function TcpView({ snap, ui, width, height }: { snap: SimSnapshot; ui: UiState; width: number; height: number }): ReactNode {
  const sock = selectedSocket(ui, snap);
  // Without a socket, the person browses the machine state by state ([ and ]).
  const state = sock ? toTcpState(sock.tcpState ?? sock.state) : TCP_STATES[ui.tcpCursor % TCP_STATES.length]!;
  const history = sock?.history ?? [];
  const gridW = Math.min(width, Math.max(42, Math.floor(width * 0.55)));
  const cellW = Math.floor(gridW / 3);
  const title = sock ? `socket ${sock.local} ↔ ${sock.peer}: ${sock.state}` : "RFC 9293 machine, no socket: [/] browse states";
  const left: Row[] = [[{ text: fit(title, gridW), color: theme.title }]];
  const path = pathStates(history);
  for (const row of diagramGrid(state, path)) {
    const segs: Seg[] = row.map((c) =>
      c
        ? { text: fit(` ${c.current ? "▶" : c.visited ? "•" : " "}${c.label}`, cellW), color: c.current ? theme.highlight : c.visited ? theme.title : theme.muted, inverse: c.current, bold: c.current }
        : { text: " ".repeat(cellW) },
    );
    left.push(segs);
  }
  const rightW = width - gridW - 1;
  const right: Row[] = [];
  if (rightW >= 20) {
    right.push([{ text: fit(state ? `${edgesFrom(state).length} of ${edgeCount()} transitions leave ${state}:` : `${edgeCount()} transitions`, rightW), color: theme.muted }]);
    if (state) for (const e of edgesFrom(state)) right.push(fit(e, rightW));
    if (history.length > 0) {
      right.push([{ text: fit("path so far:", rightW), color: theme.muted }]);
      const room = Math.max(1, height - right.length);
      for (const h of history.slice(-room)) right.push([{ text: fit(h, rightW), color: theme.title }]);
    }
  }
  const rows: Row[] = [];
  for (let i = 0; i < height; i++) {
    const l = left[i] ?? [{ text: " ".repeat(gridW) }];
    const r = right[i];
    const lsegs: Seg[] = typeof l === "string" ? [{ text: fit(l, gridW) }] : l;
    rows.push([...lsegs, { text: " ".repeat(Math.max(0, gridW - segWidth(lsegs))) }, ...(r === undefined ? [] : [{ text: " " }, ...(typeof r === "string" ? [{ text: r }] : r)])]);
  }
  return <Rows rows={rows} width={width} height={height} />;
}

function segWidth(segs: Seg[]): number {
  return segs.reduce((n, s) => n + cells(s.text), 0);
}
