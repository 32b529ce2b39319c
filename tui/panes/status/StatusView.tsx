// The bottom two lines: a question being asked, the last message (errors
// in red) or what the run is doing; then the key hints from the command
// table.

import type { ReactNode } from "react";
import { COMMANDS, keyLabel } from "../../keymap.ts";
import { PROMPTS } from "../../model/prompts.ts";
import { Rows, type Row, type Seg } from "../../components/Rows.tsx";
import { theme } from "../../theme.ts";
import type { UiState } from "../../model/ui-state.ts";
import type { SimSnapshot } from "../../../kernel/sim/snapshot.ts";

export function hintSegs(ui: UiState): Seg[] {
  if (ui.mode === "typing") return [{ text: "typing — Enter: send line  ^C: interrupt  ^D: end of input  Esc: back to commands", color: theme.typing }];
  if (ui.mode === "prompt") return [{ text: "Enter: ok  Esc: cancel", color: theme.muted }];
  if (ui.mode === "help") return [{ text: "Esc or ?: close help", color: theme.muted }];
  const segs: Seg[] = [];
  const hinted = COMMANDS.filter((c) => c.hint && c.modes.includes("keys"));
  for (const c of [...hinted.filter((x) => x.hintFirst), ...hinted.filter((x) => !x.hintFirst)]) {
    segs.push({ text: keyLabel(c), color: theme.highlight, bold: true }, { text: ` ${c.hint}  `, color: theme.muted });
  }
  return segs;
}

/** "pids 2, 3 can run on localhost: select one, c runs it next" when a host is at a scheduling point. */
export function schedulingHint(snap: SimSnapshot): string {
  for (const h of snap.hostOrder) {
    const q = snap.hosts[h]!.runq;
    if (q.length >= 2) return `pids ${q.join(", ")} can run on ${h}: select one, c runs it next`;
  }
  return "";
}

export function StatusView({ ui, note, snap, width }: { ui: UiState; note: string; snap: SimSnapshot; width: number }): ReactNode {
  let first: Row;
  if (ui.mode === "prompt" && ui.prompt) {
    first = [{ text: `${PROMPTS[ui.prompt.kind].label}: `, color: theme.title, bold: true }, { text: `${ui.prompt.value}▏`, color: theme.typing }];
  } else if (ui.message) {
    first = [{ text: ui.message.text, color: ui.message.error ? theme.error : theme.running }];
  } else if (note) {
    first = [{ text: note, color: theme.muted }];
  } else first = [{ text: schedulingHint(snap), color: theme.muted }];
  return <Rows rows={[first, hintSegs(ui)]} width={width} height={2} />;
}
