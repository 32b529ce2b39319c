// The bottom two lines: a question being asked, the last message (errors
// in red) or what the run is doing; then the key hints from the command
// table.

import type { ReactNode } from "react";
import { COMMANDS, keyLabel } from "../../keymap.ts";
import { PROMPTS } from "../../model/prompts.ts";
import { Rows, type Row, type Seg } from "../../components/Rows.tsx";
import { theme } from "../../theme.ts";
import type { UiState } from "../../model/ui-state.ts";

export function hintSegs(ui: UiState): Seg[] {
  if (ui.mode === "typing") return [{ text: "typing — Enter: send line  ^C: interrupt  ^D: end of input  Esc: back to commands", color: theme.typing }];
  if (ui.mode === "prompt") return [{ text: "Enter: ok  Esc: cancel", color: theme.muted }];
  if (ui.mode === "help") return [{ text: "Esc or ?: close help", color: theme.muted }];
  const segs: Seg[] = [];
  for (const c of COMMANDS) {
    if (!c.hint || !c.modes.includes("keys")) continue;
    segs.push({ text: keyLabel(c), color: theme.highlight, bold: true }, { text: ` ${c.hint}  `, color: theme.muted });
  }
  return segs;
}

export function StatusView({ ui, note, width }: { ui: UiState; note: string; width: number }): ReactNode {
  let first: Row;
  if (ui.mode === "prompt" && ui.prompt) {
    first = [{ text: `${PROMPTS[ui.prompt.kind].label}: `, color: theme.title, bold: true }, { text: `${ui.prompt.value}▏`, color: theme.typing }];
  } else if (ui.message) {
    first = [{ text: ui.message.text, color: ui.message.error ? theme.error : theme.running }];
  } else if (note) {
    first = [{ text: note, color: theme.muted }];
  } else first = "";
  return <Rows rows={[first, hintSegs(ui)]} width={width} height={2} />;
}
