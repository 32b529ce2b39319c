// Fitting text into a fixed number of terminal cells: truncation with an
// ellipsis, padding, and wrapping. Pure; every pane builds its rows with
// these so nothing overflows its box (one cell per code point: the TUI
// draws only ASCII, box-drawing and block characters).

/** Exactly `width` cells: cut with "…" when too long, padded with spaces when short. */
export function fit(s: string, width: number): string {
  if (width <= 0) return "";
  const cps = [...s];
  if (cps.length > width) return cps.slice(0, width - 1).join("") + "…";
  return s + " ".repeat(width - cps.length);
}

/** At most `width` cells, not padded. */
export function cut(s: string, width: number): string {
  if (width <= 0) return "";
  const cps = [...s];
  return cps.length > width ? cps.slice(0, width - 1).join("") + "…" : s;
}

/** Cells a string takes. */
export function cells(s: string): number {
  return [...s].length;
}

/** Hard-wraps one line into pieces of `width` cells (an empty line stays one empty piece). */
export function wrap(line: string, width: number): string[] {
  if (width <= 0) return [];
  const cps = [...line];
  if (cps.length <= width) return [line];
  const out: string[] = [];
  for (let i = 0; i < cps.length; i += width) out.push(cps.slice(i, i + width).join(""));
  return out;
}

/** The last `height` rows of `rows`, or all of them padded with empty rows at the end. */
export function lastRows<T>(rows: readonly T[], height: number): T[] {
  return rows.length > height ? rows.slice(rows.length - height) : rows.slice();
}

/** A window of `height` rows that keeps row `sel` visible (for selectable lists). */
export function windowAround<T>(rows: readonly T[], sel: number, height: number): { rows: T[]; offset: number } {
  if (rows.length <= height) return { rows: rows.slice(), offset: 0 };
  let off = Math.max(0, sel - Math.floor(height / 2));
  off = Math.min(off, rows.length - height);
  return { rows: rows.slice(off, off + height), offset: off };
}
