// The syscalls tab: the selected process's recent syscalls as strace lines.

import type { TraceEvent } from "../../kernel/trace.ts";
import { StraceFormatter } from "./strace.ts";

export function straceLines(events: readonly TraceEvent[]): string[] {
  const f = new StraceFormatter(false);
  const out: string[] = [];
  for (const e of events) {
    const l = f.format(e);
    if (l !== null) out.push(l);
  }
  return out;
}
