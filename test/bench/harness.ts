// A tiny benchmark harness: run a function a few times, keep the best
// (least disturbed) wall time. Benchmarks are measured, never asserted.

export interface Figure {
  bench: string;
  /** What one op is ("syscalls", "round trips", "forks"). */
  unit: string;
  ops: number;
  seconds: number;
  opsPerSec: number;
  /** The Linux figure for the same shape, measured in the same run when possible. */
  linux?: number;
  target?: string;
  note?: string;
}

export function timeIt(fn: () => void, repeat = 3): number {
  let best = Infinity;
  for (let i = 0; i < repeat; i++) {
    const t0 = process.hrtime.bigint();
    fn();
    const s = Number(process.hrtime.bigint() - t0) / 1e9;
    if (s < best) best = s;
  }
  return best;
}

export function fmtRate(x: number): string {
  if (x >= 1e6) return `${(x / 1e6).toFixed(2)} M/s`;
  if (x >= 1e3) return `${(x / 1e3).toFixed(1)} k/s`;
  return `${x.toFixed(0)} /s`;
}

export function table(figs: Figure[]): string {
  const rows = figs.map((f) => [
    f.bench, fmtRate(f.opsPerSec), f.linux ? fmtRate(f.linux) : "–", f.linux ? `${(f.opsPerSec / f.linux).toFixed(2)}×` : "–", f.target ?? "", f.note ?? "",
  ]);
  const head = ["benchmark", "kernsim", "Linux", "ratio", "target", "note"];
  const w = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (r: string[]) => "| " + r.map((c, i) => c.padEnd(w[i]!)).join(" | ") + " |";
  return [line(head), "|" + w.map((n) => "-".repeat(n + 2)).join("|") + "|", ...rows.map(line)].join("\n");
}
