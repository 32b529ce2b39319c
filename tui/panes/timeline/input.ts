// Timeline pane input: zoom (steps per column), powers of two up to 4096.

import type { UiState } from "../../model/ui-state.ts";

export const MAX_ZOOM = 4096;

export function zoomOut(ui: UiState): UiState {
  return { ...ui, zoom: Math.min(MAX_ZOOM, ui.zoom * 2) };
}

export function zoomIn(ui: UiState): UiState {
  return { ...ui, zoom: Math.max(1, ui.zoom / 2) };
}
