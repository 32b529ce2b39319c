// The header: scenario, seed, policy, simulated time, step, running or
// paused, speed. Parts are dropped from the right when the line is narrow.

import type { ReactNode } from "react";
import type { HeaderSnap } from "../../../kernel/sim/snapshot.ts";
import { headerParts, runState, type RunInfo } from "../../format/header.ts";
import { Rows, type Seg } from "../../components/Rows.tsx";
import { theme } from "../../theme.ts";

export function HeaderView({ header, run, width }: { header: HeaderSnap; run: RunInfo; width: number }): ReactNode {
  const parts = headerParts(header, run);
  const state = runState(header, run);
  const segs: Seg[] = parts.map((p, i) => ({
    text: (i ? "  " : "") + p,
    color: i === 0 ? theme.title : p === state ? (state === "running" ? theme.running : state === "paused" ? theme.stopped : theme.dead) : undefined,
    bold: i === 0 || p === state,
  }));
  return <Rows rows={[segs]} width={width} height={1} />;
}
