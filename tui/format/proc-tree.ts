// Processes of one host as a tree, like `ps -ejf --forest`: PID, PPID,
// state letter, the command indented under its parent, and what it is
// blocked in. Children are listed under their parent in pid order.

import type { ProcKey, ProcSnap, SimSnapshot } from "../../kernel/sim/snapshot.ts";
import { procKey } from "../../kernel/sim/snapshot.ts";
import { fit } from "./fit.ts";

export interface ProcRow {
  key: ProcKey;
  state: ProcSnap["state"];
  text: string;
}

export const PROC_HEADER = "  PID  PPID S COMMAND";

/** Pids of a host's processes in tree order (parents before children), with their depth. */
export function treeOrder(snap: SimSnapshot, host: string): Array<{ proc: ProcSnap; depth: number; last: boolean[] }> {
  const h = snap.hosts[host];
  if (!h) return [];
  const procs = h.pids.map((pid) => snap.procs[procKey(host, pid)]!).filter(Boolean);
  const byParent = new Map<number, ProcSnap[]>();
  const present = new Set(procs.map((p) => p.pid));
  const roots: ProcSnap[] = [];
  for (const p of procs) {
    if (present.has(p.ppid) && p.ppid !== p.pid) {
      const l = byParent.get(p.ppid) ?? [];
      l.push(p);
      byParent.set(p.ppid, l);
    } else roots.push(p);
  }
  const out: Array<{ proc: ProcSnap; depth: number; last: boolean[] }> = [];
  const visit = (p: ProcSnap, depth: number, last: boolean[]) => {
    out.push({ proc: p, depth, last });
    const kids = byParent.get(p.pid) ?? [];
    kids.forEach((k, i) => visit(k, depth + 1, [...last, i === kids.length - 1]));
  };
  roots.forEach((r) => visit(r, 0, []));
  return out;
}

/** The tree prefix: "├─", "│ └─" ... (init at depth 0 has none). */
function prefix(last: boolean[]): string {
  if (last.length === 0) return "";
  let s = "";
  for (let i = 0; i < last.length - 1; i++) s += last[i] ? "  " : "│ ";
  return s + (last[last.length - 1] ? "└─" : "├─");
}

function command(p: ProcSnap, last: boolean[]): string {
  return `${prefix(last)}${p.program}`;
}

/** One row: "▶   2     1 R ├─fork  wait4(-1)" cut to `width`; the wait channel starts at column `cmdW` of the command. */
export function procRowText(p: ProcSnap, last: boolean[], width: number, cmdW = 8, oncpu = false): string {
  const cmd = command(p, last);
  const what = p.state === "Z" ? "<defunct>" : p.wchan;
  // ▶ marks the process that last had the host's CPU.
  const left = `${oncpu ? "▶" : " "}${String(p.pid).padStart(4)} ${String(p.ppid).padStart(5)} ${p.state} `;
  const body = what ? `${cmd.padEnd(cmdW)} ${what}` : cmd;
  return fit(left + body, width);
}

export function procRows(snap: SimSnapshot, host: string, width: number): ProcRow[] {
  const order = treeOrder(snap, host);
  // The wait channels line up after the longest command (within reason).
  const cmdW = Math.min(Math.max(8, ...order.map(({ proc, last }) => [...command(proc, last)].length)), Math.max(8, width - 30));
  const cur = snap.hosts[host]?.current ?? null;
  return order.map(({ proc, last }) => ({ key: proc.key, state: proc.state, text: procRowText(proc, last, width, cmdW, proc.pid === cur && proc.state !== "Z") }));
}

/** Every process of every host in display order (what ↑/↓ move through). */
export function allProcKeys(snap: SimSnapshot): ProcKey[] {
  return snap.hostOrder.flatMap((h) => treeOrder(snap, h).map((t) => t.proc.key));
}
