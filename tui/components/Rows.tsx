// A fixed box of rows: exactly `height` rows of exactly `width` cells, each
// row a string or coloured segments (already fitted by the formatters).
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

function fitSegs(segs: Seg[], width: number): Seg[] {
  const out: Seg[] = [];
  let used = 0;
  for (const s of segs) {
    if (used >= width) break;
    const room = width - used;
    const text = cells(s.text) > room ? fit(s.text, room) : s.text;
    out.push({ ...s, text });
    used += cells(text);
  }
  if (used < width) out.push({ text: " ".repeat(width - used) });
  return out;
}

export function Rows({ rows, width, height }: { rows: readonly Row[]; width: number; height: number }): ReactNode {
  const shown: Row[] = rows.slice(0, height);
  while (shown.length < height) shown.push("");
  return (
    <Box flexDirection="column" width={width} height={height} overflow="hidden">
      {shown.map((r, i) => (
        <Text key={i} wrap="truncate">
          {typeof r === "string"
            ? fit(r, width)
            : fitSegs(r, width).map((s, j) => (
                <Text key={j} color={s.color} bold={s.bold} inverse={s.inverse} dimColor={s.dim}>
                  {s.text}
                </Text>
              ))}
        </Text>
      ))}
    </Box>
  );
}
