// Processes pane input: moving the selection through the tree.

import type { SimSnapshot } from "../../../kernel/sim/snapshot.ts";
import { allProcKeys } from "../../format/proc-tree.ts";
import type { UiState } from "../../model/ui-state.ts";

export function moveSelection(ui: UiState, snap: SimSnapshot, delta: number): UiState {
  const keys = allProcKeys(snap);
  if (keys.length === 0) return ui;
  const i = ui.selected ? keys.indexOf(ui.selected) : -1;
  const j = Math.min(keys.length - 1, Math.max(0, (i < 0 ? 0 : i) + delta));
  return { ...ui, selected: keys[j]!, pinned: true, socket: 0 };
}
