// A terminal's screen as rows of a fixed width: the text a person sees,
// with backspaces and carriage returns applied, long lines wrapped, the
// last `height` rows shown (the screen scrolls), and the line being typed
// (not yet sent) with a cursor at the end.

import { wrap, lastRows, fit } from "./fit.ts";

export const CURSOR = "▏";

/** Applies \b and \r within one line, drops other control characters. */
export function renderLine(raw: string): string {
  let out: string[] = [];
  let col = 0;
  for (const ch of raw) {
    if (ch === "\b") col = Math.max(0, col - 1);
    else if (ch === "\r") col = 0;
    else if (ch === "\t") {
      const n = 8 - (col % 8);
      for (let i = 0; i < n; i++) out[col++] = " ";
    } else if (ch < " " || ch === "\x7f") continue;
    else out[col++] = ch;
  }
  // A "\b \b" erase leaves a trailing blank: trim what was erased.
  out = out.slice(0, Math.max(col, lastNonBlank(out) + 1));
  return out.map((c) => c ?? " ").join("").replace(/\s+$/, "");
}

function lastNonBlank(a: string[]): number {
  for (let i = a.length - 1; i >= 0; i--) if (a[i] !== undefined && a[i] !== " ") return i;
  return -1;
}

export function screenRows(screen: string, width: number, height: number, pending: string | null = null): string[] {
  const lines = screen.split("\n").map(renderLine);
  if (pending !== null) lines[lines.length - 1] = (lines[lines.length - 1] ?? "") + pending + CURSOR;
  const rows = lines.flatMap((l) => wrap(l, width));
  // A screen ending in "\n" has an empty last line: the cursor sits there.
  return lastRows(rows, height).map((r) => fit(r, width));
}
