// A fixed box of rows: exactly `height` rows in a box `width` cells wide,
// each row a string or coloured segments (fitted to the width here).
// Missing rows are blank, extra rows are dropped, so a pane never pushes
// the layout around.

import { Box, Text } from "ink";
import type { ReactNode } from "react";
import { fit, cells } from "../format/fit.ts";

export interface Seg {
  text: string;
  color?: string;
  bold?: boolean;
  inverse?: boolean;
  dim?: boolean;
}

export type Row = string | Seg[];

const sameStyle = (a: Seg, b: Seg) => a.color === b.color && a.bold === b.bold && a.inverse === b.inverse && a.dim === b.dim;

/** Segments cut to `width` cells, neighbours of one style merged (fewer Ink nodes), trailing blanks dropped. */
export function fitSegs(segs: readonly Seg[], width: number): Seg[] {
  const out: Seg[] = [];
  let used = 0;
  for (const s of segs) {
    if (used >= width) break;
    const room = width - used;
    const w = cells(s.text);
    const text = w > room ? fit(s.text, room) : s.text;
    const prev = out[out.length - 1];
    if (prev && sameStyle(prev, s)) prev.text += text;
    else out.push({ ...s, text });
    used += w > room ? room : w;
  }
  // Trailing blanks are not drawn (Ink redraws whole lines): fewer cells to style.
  // An inverted segment keeps its blanks: they are the visible bar.
  while (out.length > 0 && !out[out.length - 1]!.inverse) {
    const last = out[out.length - 1]!;
    last.text = last.text.trimEnd();
    if (last.text) break;
    out.pop();
  }
  return out;
}

/** Styled segments of one row; an empty row is one blank (an empty Text would take no line). */
function Segs({ segs }: { segs: Seg[] }): ReactNode {
  if (segs.length === 0) return " ";
  return segs.map((s, j) => (
    <Text key={j} color={s.color} bold={s.bold} inverse={s.inverse} dimColor={s.dim}>
      {s.text}
    </Text>
  ));
}

export function Rows({ rows, width, height }: { rows: readonly Row[]; width: number; height: number }): ReactNode {
  const shown: Row[] = rows.slice(0, height);
  while (shown.length < height) shown.push("");
  return (
    <Box flexDirection="column" width={width} height={height} overflow="hidden">
      {shown.map((r, i) => (
        // Rows are fitted to the width already: no truncation pass (Ink's is costly); the box clips anything else.
        <Text key={i}>
          {typeof r === "string" ? fit(r, width).trimEnd() || " " : <Segs segs={fitSegs(r, width)} />}
        </Text>
      ))}
    </Box>
  );
}
