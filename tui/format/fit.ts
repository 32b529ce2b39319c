// Fitting text into a fixed number of terminal cells: truncation with an
// ellipsis, padding, and wrapping. Pure; every pane builds its rows with
// these so nothing overflows its box (East Asian wide characters and emoji
// a program prints take two cells, combining marks none).

/** Cells a code point takes: 2 for East Asian wide and emoji, 0 for combining marks, else 1. */
export function cpWidth(cp: number): number {
  if (cp < 0x300) return 1;
  if ((cp >= 0x300 && cp <= 0x36f) || (cp >= 0x200b && cp <= 0x200f) || (cp >= 0xfe00 && cp <= 0xfe0f)) return 0;
  if (
    (cp >= 0x1100 && cp <= 0x115f) || (cp >= 0x2e80 && cp <= 0xa4cf) || (cp >= 0xac00 && cp <= 0xd7a3) ||
    (cp >= 0xf900 && cp <= 0xfaff) || (cp >= 0xfe30 && cp <= 0xfe4f) || (cp >= 0xff00 && cp <= 0xff60) ||
    (cp >= 0xffe0 && cp <= 0xffe6) || (cp >= 0x1f300 && cp <= 0x1f64f) || (cp >= 0x1f900 && cp <= 0x1f9ff) ||
    (cp >= 0x20000 && cp <= 0x3fffd)
  ) return 2;
  return 1;
}

/** Cells a string takes. */
export function cells(s: string): number {
  let n = 0;
  for (const ch of s) n += cpWidth(ch.codePointAt(0)!);
  return n;
}

/** The longest prefix of `s` that fits in `width` cells, and its width. */
function prefix(s: string, width: number): [string, number] {
  let n = 0, out = "";
  for (const ch of s) {
    const w = cpWidth(ch.codePointAt(0)!);
    if (n + w > width) break;
    out += ch;
    n += w;
  }
  return [out, n];
}

/** Exactly `width` cells: cut with "…" when too long, padded with spaces when short. */
export function fit(s: string, width: number): string {
  if (width <= 0) return "";
  const w = cells(s);
  if (w > width) {
    const [p, n] = prefix(s, width - 1);
    return p + "…" + " ".repeat(width - 1 - n);
  }
  return s + " ".repeat(width - w);
}

/** At most `width` cells, not padded. */
export function cut(s: string, width: number): string {
  if (width <= 0) return "";
  return cells(s) > width ? prefix(s, width - 1)[0] + "…" : s;
}

/** Hard-wraps one line into pieces of at most `width` cells (an empty line stays one empty piece). */
export function wrap(line: string, width: number): string[] {
  if (width <= 0) return [];
  if (cells(line) <= width) return [line];
  const out: string[] = [];
  let rest = line;
  while (rest.length > 0) {
    let [p] = prefix(rest, width);
    if (p.length === 0) p = [...rest][0]!; // a wide character in a 1-cell column
    out.push(p);
    rest = rest.slice(p.length);
  }
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
