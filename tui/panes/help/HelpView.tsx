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

export function HelpView({ width, height }: { width: number; height: number }): ReactNode {
  const lines = helpLines();
  const body = height - 1;
  const cols = Math.max(1, Math.min(3, Math.ceil(lines.length / body)));
  const colW = Math.floor(width / cols);
  const rows: Row[] = [[{ text: fit("kernsim — keys (Esc or ? closes)", width), color: theme.active, bold: true }]];
  for (let r = 0; r < body; r++) {
    const segs: Row = [];
    for (let c = 0; c < cols; c++) {
      const l = lines[c * body + r];
      if (!l) segs.push({ text: " ".repeat(colW) });
      else if (l.title) segs.push({ text: fit(l.title, colW), color: theme.title, bold: true });
      else segs.push({ text: fit(` ${l.key!.padEnd(9)} `, Math.min(11, colW)), color: theme.highlight }, { text: fit(l.text!, Math.max(0, colW - 11)) });
    }
    rows.push(segs);
  }
  return <Rows rows={rows} width={width} height={height} />;
}
