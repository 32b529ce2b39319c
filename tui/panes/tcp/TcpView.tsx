// The tcp tab: RFC 9293's state diagram drawn from the kernel's xstate
// machine (tcpEdges()), the selected socket's state highlighted, states it
// went through marked, and the transitions out of the current state listed.

import type { ReactNode } from "react";
import type { SimSnapshot } from "../../../kernel/sim/snapshot.ts";
import { diagramGrid, edgesFrom, toTcpState, edgeCount } from "../../format/tcp-diagram.ts";
import { fit } from "../../format/fit.ts";
import { Rows, type Row, type Seg } from "../../components/Rows.tsx";
import { theme } from "../../theme.ts";
import type { UiState } from "../../model/ui-state.ts";
import { selectedSocket } from "../sockets/input.ts";

export function TcpView({ snap, ui, width, height }: { snap: SimSnapshot; ui: UiState; width: number; height: number }): ReactNode {
  const sock = selectedSocket(ui, snap);
  const state = sock ? toTcpState(sock.tcpState ?? sock.state) : null;
  const history = sock?.history ?? [];
  const gridW = Math.min(width, Math.max(42, Math.floor(width * 0.55)));
  const cellW = Math.floor(gridW / 3);
  const title = sock ? `socket ${sock.local} ↔ ${sock.peer}: ${sock.state}` : "no socket selected: the RFC 9293 machine ([/] select a socket)";
  const left: Row[] = [[{ text: fit(title, gridW), color: theme.title }]];
  for (const row of diagramGrid(state, history.map((h) => toTcpState(h) ?? h))) {
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
    right.push([{ text: fit(state ? `from ${state}:` : `${edgeCount()} transitions; select a socket`, rightW), color: theme.muted }]);
    if (state) for (const e of edgesFrom(state)) right.push(fit(e, rightW));
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
  return segs.reduce((n, s) => n + [...s.text].length, 0);
}
