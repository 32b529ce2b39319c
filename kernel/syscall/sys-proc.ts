// Process syscalls: fork, execve, exit, wait4, ids, process groups,
// sleeping and burning CPU. Argument checks live here; the mechanisms in
// proc/.

import { SIG_DFL, SIG_IGN } from "../abi.ts";
import { SEC } from "../clock.ts";
import { EXEC_NS, FORK_NS, QUANTUM_NS } from "../config.ts";
import type { Host } from "../host.ts";
import type { Process } from "../proc/proc.ts";
import { doExit, reap } from "../proc/exit.ts";
import { forkProcess } from "../proc/fork.ts";
import { newFrame } from "../proc/proc.ts";
import { Record } from "../proc/record.ts";
import { sliceLeft } from "../proc/sched.ts";
import { canAccess } from "../fs/vfs.ts";
import {
  EACCES, ECHILD, EINVAL, ENOENT, ENOEXEC, EPERM, ESRCH,
} from "../uapi/errno.ts";
import { SIGALRM } from "../uapi/signal.ts";
import { WCONTINUED, WNOHANG, WUNTRACED, wExited } from "../uapi/wait.ts";
import { sendSignal } from "../proc/signal.ts";
import { AGAIN, NORETURN } from "./markers.ts";
import { block } from "./block.ts";

const WAIT_OPTIONS = WNOHANG | WUNTRACED | WCONTINUED | 0x20000000 | 0x40000000 | 0x80000000;

export function sysFork(h: Host, p: Process): number {
  p.cost = FORK_NS;
  return forkProcess(h, p);
}

export function sysExecve(h: Host, p: Process, [path, argv]: [string, readonly string[]]): number | typeof NORETURN {
  if (typeof path !== "string") return -ENOENT;
  const ino = h.vfs.lookup(path, p.cwd, p.uid);
  if (typeof ino === "number") return ino;
  if (ino.isDir || !canAccess(ino, p.uid, 1)) return -EACCES;
  if (!ino.program) return -ENOEXEC;
  p.cost = EXEC_NS;
  const args = Array.isArray(argv) ? argv.map(String) : [path];
  h.world.traceSyscall(h, p, { nr: "execve", args: [path, args] }, 0);
  p.program = ino.program;
  p.argv = args;
  p.fds.closeOnExec();
  // Caught signals go back to default; ignored ones and the mask survive (p11_signals.c).
  p.actions = p.actions.map((a) => (a.handler === SIG_IGN || a.handler === SIG_DFL ? a : { ...a, handler: SIG_DFL }));
  p.user = {};
  p.rec = new Record();
  p.frames = [newFrame(p.program.start(p.argv))];
  h.world.recordProc(h, p, "exec", 0);
  return NORETURN;
}

export function sysExitGroup(h: Host, p: Process, [status]: [number]): typeof NORETURN {
  h.world.traceSyscall(h, p, { nr: "exit_group", args: [status] }, 0);
  doExit(h, p, wExited(status | 0));
  return NORETURN;
}

/** wait4(pid, options): {pid, status} for a reaped or reported child, 0 with WNOHANG, or -errno. */
export function sysWait4(h: Host, p: Process, [pid, options]: [number, number]) {
  options = options | 0;
  if (options & ~WAIT_OPTIONS) return -EINVAL;
  const matches = (c: Process) =>
    pid === -1 ? true : pid > 0 ? c.pid === pid : pid === 0 ? c.pgid === p.pgid : c.pgid === -pid;
  const candidates = p.children.filter(matches);
  if (candidates.length === 0) return -ECHILD;
  for (const c of candidates) {
    if (c.state === "Z") {
      reap(h, c);
      return { pid: c.pid, status: c.status };
    }
    if (c.stopReport === "stopped" && options & WUNTRACED && c.state === "T") {
      c.stopReport = null;
      return { pid: c.pid, status: c.status };
    }
    if (c.stopReport === "continued" && options & WCONTINUED) {
      c.stopReport = null;
      return { pid: c.pid, status: 0xffff };
    }
  }
  if (options & WNOHANG) return 0;
  return block(h, p, [p.childWq]);
}

export function sysGetpid(_h: Host, p: Process): number {
  return p.pid;
}

export function sysGetppid(_h: Host, p: Process): number {
  return p.ppid;
}

export function sysGetpgid(h: Host, p: Process, [pid]: [number]): number {
  if (!pid) return p.pgid;
  const t = h.procs.get(pid);
  return t ? t.pgid : -ESRCH;
}

export function sysSetpgid(h: Host, p: Process, [pid, pgid]: [number, number]): number {
  const target = pid === 0 ? p : h.procs.get(pid);
  if (!target || (target !== p && target.ppid !== p.pid)) return -ESRCH;
  if (pgid < 0) return -EINVAL;
  const group = pgid === 0 ? target.pid : pgid;
  if (target.sid !== p.sid) return -EPERM;
  if (group !== target.pid && ![...h.procs.values()].some((q) => q.pgid === group && q.sid === p.sid)) return -EPERM;
  target.pgid = group;
  return 0;
}

export function sysGetuid(_h: Host, p: Process): number {
  return p.uid;
}

/** kill(pid, sig): to one process, a group (pid 0 or < -1), or everyone but init (-1). */
export function sysKill(h: Host, p: Process, [pid, sig]: [number, number]): number {
  if (!Number.isInteger(sig) || sig < 0 || sig > 64) return -EINVAL;
  if (pid > 0) {
    const t = h.procs.get(pid);
    if (!t) return -ESRCH;
    // check_kill_permission(): an unprivileged sender may signal only its own uid's processes (kill(1, sig) as a user is EPERM).
    if (p.uid !== 0 && t.uid !== p.uid) return -EPERM;
    sendSignal(h, t, sig, p.pid);
    return 0;
  }
  let targets: Process[];
  // kill(-1): everyone but init and the caller (kernel/signal.c kill_something_info).
  if (pid === -1) targets = [...h.procs.values()].filter((t) => t.pid !== 1 && t !== p);
  else {
    const pgid = pid === 0 ? p.pgid : -pid;
    targets = [...h.procs.values()].filter((t) => t.pgid === pgid && t.pid !== 1);
  }
  if (targets.length === 0) return -ESRCH;
  for (const t of targets) sendSignal(h, t, sig, p.pid);
  return 0;
}

/** nanosleep(ns): 0, or {ret: -EINTR, rem} when a handler interrupted it. */
export function sysNanosleep(h: Host, p: Process, [ns]: [number]) {
  if (!(ns >= 0)) return -EINVAL;
  const sys = p.sys;
  const deadline: number = (sys.deadline ??= h.world.now + Math.round(ns));
  if (h.world.now >= deadline) return 0;
  const r = block(h, p, [], deadline, true);
  return typeof r === "number" ? { ret: r, rem: deadline - h.world.now } : r;
}

export function sysPause(h: Host, p: Process) {
  return block(h, p, [], Infinity, true);
}

/** alarm(seconds): schedules SIGALRM, returns the seconds left on the previous alarm (rounded). */
export function sysAlarm(h: Host, p: Process, [seconds]: [number]): number {
  const w = h.world;
  const left = p.alarmAt > w.now ? Math.max(1, Math.round((p.alarmAt - w.now) / SEC)) : 0;
  p.alarmAt = seconds > 0 ? w.now + seconds * SEC : 0;
  if (seconds > 0) {
    w.events.push(p.alarmAt, "alarm", new AlarmRings(h, p, p.alarmAt));
  }
  return left;
}

/** SIGALRM's delivery (the event's action), unless the alarm was reset since. */
class AlarmRings {
  constructor(private readonly h: Host, private readonly p: Process, private readonly at: number) {}
  run(): void {
    const p = this.p;
    if (p.alarmAt === this.at && p.state !== "Z") {
      p.alarmAt = 0;
      sendSignal(this.h, p, SIGALRM);
    }
  }
}

/** kernsim: burn `ns` of CPU, preemptible at slice boundaries. */
export function sysCompute(h: Host, p: Process, [ns]: [number]) {
  if (!(ns >= 0)) return -EINVAL;
  const sys = p.sys;
  const left: number = sys.left ?? Math.round(ns);
  const run = Math.min(left, sliceLeft(h));
  p.cost = Math.max(run, 1);
  sys.left = left - run;
  return sys.left > 0 ? AGAIN : 0;
}

/** kernsim: one turn of a busy loop (`while (1) {}`): burns the rest of the time slice. */
export function sysSpin(h: Host, p: Process): number {
  p.cost = Math.min(sliceLeft(h), QUANTUM_NS);
  return 0;
}

export function sysSchedYield(h: Host): number {
  h.sliceUsed = QUANTUM_NS;
  return 0;
}

export function sysUname(h: Host) {
  return { sysname: "Linux", nodename: h.name, release: "6.1.0-kernsim", version: "#1 SMP", machine: "x86_64" };
}

export function sysGettime(h: Host): number {
  return h.world.now;
}
