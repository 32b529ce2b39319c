// Terminal pane input: which terminal has focus, and the line being typed
// there (sent as one input when Enter is pressed, as a canonical-mode tty
// hands lines to readers).

import type { SimSnapshot } from "../../../kernel/sim/snapshot.ts";
import type { UiState } from "../../model/ui-state.ts";

export function focusNextTerminal(ui: UiState, snap: SimSnapshot): UiState {
  const names = snap.terminalOrder;
  if (names.length === 0) return ui;
  const i = ui.terminal ? names.indexOf(ui.terminal) : -1;
  return { ...ui, terminal: names[(i + 1) % names.length]!, line: "" };
}

/** Printable text typed into the pending line (control characters dropped). */
export function typeText(ui: UiState, text: string): UiState {
  const clean = [...text].filter((c) => c >= " " && c !== "\x7f").join("");
  return clean ? { ...ui, line: ui.line + clean } : ui;
}

export function eraseChar(ui: UiState): UiState {
  return ui.line ? { ...ui, line: [...ui.line].slice(0, -1).join("") } : ui;
}
