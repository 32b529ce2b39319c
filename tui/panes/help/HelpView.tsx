// The help overlay: every key of the command table, grouped by mode, in
// as many columns as fit.

import type { ReactNode } from "react";
import { COMMANDS, keyLabel } from "../../keymap.ts";
import { fit } from "../../format/fit.ts";
import { Rows, type Row } from "../../components/Rows.tsx";
import { theme } from "../../theme.ts";
import type { Mode } from "../../model/ui-state.ts";

const MODE_TITLE: Record<Mode, string> = { keys: "Commands", typing: "Typing at a terminal", prompt: "Answering a question", help: "This help" };

/** The help text as lines (key, description), one block per mode. */
export function helpLines(): Array<{ title?: string; key?: string; text?: string }> {
  const out: Array<{ title?: string; key?: string; text?: string }> = [];
  for (const mode of ["keys", "typing", "prompt", "help"] as const) {
    out.push({ title: MODE_TITLE[mode] });
    for (const c of COMMANDS.filter((x) => x.modes.includes(mode))) out.push({ key: keyLabel(c), text: c.description });
    if (mode === "typing") out.push({ key: "text", text: "typed into the line" });
  }
  return out;
}

/** Help laid out in columns of at least 40 cells, in pages when it does not fit. */
export function helpPages(width: number, height: number): { pages: number; colW: number; cols: number; body: number } {
  const body = Math.max(1, height - 1);
  const cols = Math.max(1, Math.min(3, Math.floor(width / 40)));
  const per = body * cols;
  return { pages: Math.max(1, Math.ceil(helpLines().length / per)), colW: Math.floor(width / cols), cols, body };
}

export function HelpView({ width, height, page }: { width: number; height: number; page: number }): ReactNode {
  const lines = helpLines();
  const { pages, colW, cols, body } = helpPages(width, height);
  const pg = page % pages;
  const start = pg * body * cols;
  const more = pages > 1 ? ` — page ${pg + 1}/${pages}, space: next page` : "";
  const rows: Row[] = [[{ text: fit(`kernsim — keys (Esc or ? closes)${more}`, width), color: theme.active, bold: true }]];
  const keyW = 12;
  for (let r = 0; r < body; r++) {
    const segs: Row = [];
    for (let c = 0; c < cols; c++) {
      const l = lines[start + c * body + r];
      if (!l) segs.push({ text: " ".repeat(colW) });
      else if (l.title) segs.push({ text: fit(l.title, colW), color: theme.title, bold: true });
      else segs.push({ text: fit(` ${l.key!}`, keyW), color: theme.highlight }, { text: fit(l.text!, colW - keyW) });
    }
    rows.push(segs);
  }
  return <Rows rows={rows} width={width} height={height} />;
}
