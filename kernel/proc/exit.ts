// Process termination (Linux kernel/exit.c): release the fd table and
// everything else the process holds, become a zombie holding the wait
// status, hand children to init (which reaps them), and tell the parent.
// A parent that ignores SIGCHLD has its children reaped at once.

import { SIG_IGN } from "../abi.ts";
import type { Host } from "../host.ts";
import { SA_NOCLDWAIT, SIGCHLD } from "../uapi/signal.ts";
import { WIFEXITED, WEXITSTATUS, WTERMSIG } from "../uapi/wait.ts";
import type { Process } from "./proc.ts";
import { Record } from "./record.ts";
import { notifyParent } from "./signal.ts";

export function doExit(h: Host, p: Process, status: number): void {
  if (p.state === "Z") return;
  const w = h.world;
  for (const q of p.waits) q.remove(p.waiter);
  p.waits.length = 0;
  p.sleepGen++;
  h.dequeue(p);
  p.frames.length = 0;
  // A zombie is never replayed: let its record go.
  p.rec = new Record();
  p.fds.closeAll();
  p.state = "Z";
  p.status = status;
  p.exit = WIFEXITED(status) ? { code: WEXITSTATUS(status) } : { signal: WTERMSIG(status) };
  p.wchan = "";
  p.alarmAt = 0;
  w.recordProc(h, p, "exit", status);
  w.onExit(h, p);

  // Orphans go to init, which reaps zombies at once.
  for (const c of p.children) {
    c.ppid = 1;
    if (c.state === "Z") reap(h, c);
  }
  p.children = [];

  const parent = h.procs.get(p.ppid);
  if (!parent || parent.pid === 1) {
    reap(h, p);
    return;
  }
  const act = parent.actions[SIGCHLD]!;
  if (act.handler === SIG_IGN || act.flags & SA_NOCLDWAIT) {
    // Linux reaps at once and sends no SIGCHLD when it is ignored.
    reap(h, p);
    parent.childWq.notify(0);
    return;
  }
  notifyParent(h, p);
}

/** Removes a zombie from the process table (wait4 returned it, or init reaped it). */
export function reap(h: Host, p: Process): void {
  h.procs.delete(p.pid);
  const parent = h.procs.get(p.ppid);
  if (parent) {
    const i = parent.children.indexOf(p);
    if (i >= 0) parent.children.splice(i, 1);
  }
  h.world.recordProc(h, p, "reap", p.status);
}
