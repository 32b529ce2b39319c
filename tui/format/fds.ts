// The fds tab: a process's fd table, each fd → its open file description
// (id, access mode, offset, refcount) → the object, and who else holds the
// same description — which makes fork's sharing and a parent's close of an
// accepted socket visible.

import type { FileSnap, ProcSnap, SimSnapshot } from "../../kernel/sim/snapshot.ts";
import { O_ACCMODE, O_APPEND, O_NONBLOCK, O_RDONLY, O_WRONLY } from "../../kernel/uapi/fcntl.ts";
import { fit } from "./fit.ts";

export const FD_HEADER = " FD  OFD   MODE  REFS OFFSET  OBJECT                SHARED WITH";

/** "r", "w", "rw" plus "a" (append) and "n" (non-blocking). */
export function accessMode(flags: number): string {
  const acc = flags & O_ACCMODE;
  let s = acc === O_RDONLY ? "r" : acc === O_WRONLY ? "w" : "rw";
  if (flags & O_APPEND) s += "a";
  if (flags & O_NONBLOCK) s += "n";
  return s;
}

/** "pid 3 fd 4" for every other holder of the description. */
export function sharedWith(f: FileSnap, self: ProcSnap): string {
  const others = f.holders.filter((h) => !(h.host === self.host && h.pid === self.pid));
  const mine = f.holders.filter((h) => h.host === self.host && h.pid === self.pid).length;
  const parts = others.map((h) => (h.host === self.host ? `${h.pid}:${h.fd}` : `${h.host}/${h.pid}:${h.fd}`));
  if (mine > 1) parts.unshift(`dup×${mine}`);
  return parts.length ? parts.join(" ") : "-";
}

export function fdLines(snap: SimSnapshot, key: string | null, width: number): string[] {
  const p = key ? snap.procs[key] : undefined;
  if (!p) return ["no process selected (↑/↓ select one)"];
  if (p.state === "Z") return [`pid ${p.pid} is a zombie: its fds were closed at exit`];
  if (p.fds.length === 0) return [`pid ${p.pid} has no open fds`];
  const rows = [fit(FD_HEADER, width)];
  for (const d of p.fds) {
    const f = snap.files[d.file];
    if (!f) continue;
    const obj = `${f.object}${f.path && f.path !== f.object ? ` ${f.path}` : ""} (${f.type})`;
    rows.push(
      fit(
        `${String(d.fd).padStart(3)}  #${String(f.id).padEnd(4)} ${(accessMode(f.flags) + (d.cloexec ? "e" : "")).padEnd(5)} ${String(f.refs).padStart(4)} ${String(f.offset).padStart(6)}  ${obj.padEnd(21)} ${sharedWith(f, p)}`,
        width,
      ),
    );
  }
  return rows;
}
