// How the screen is divided, from its size: header, processes | terminal,
// tab bar, tab body, status and hints. Pure, so the 80×24 budget is tested.

export interface Layout {
  width: number;
  /** Rows drawn (one less than the terminal, so Ink never scrolls). */
  height: number;
  top: number;
  leftWidth: number;
  rightWidth: number;
  body: number;
}

export const MIN_WIDTH = 60, MIN_HEIGHT = 16;

export function layout(columns: number, rows: number): Layout {
  const width = Math.max(MIN_WIDTH, columns);
  const height = Math.max(MIN_HEIGHT, rows) - 1;
  const free = height - 4; // header, tab bar, status, hints
  const top = Math.max(5, Math.floor(free * 0.42));
  const body = free - top;
  const leftWidth = Math.floor(width * 0.5);
  return { width, height, top, leftWidth, rightWidth: width - leftWidth - 1, body };
}
