// Which shared state a syscall touches, for explore's partial-order
// reduction: two steps of different processes are independent (their
// order cannot change the outcome) when neither writes what the other
// reads or writes. Computed from the syscall and the objects behind its
// fds, just before it runs. Anything not classified here is "global"
// (dependent on everything), which is always sound, only slower.
//
// Keys (h = host index):
//   s{h}.{pid}  the process's signal state: every step of a process reads
//               it (signals are delivered on the way back to user mode);
//               kill and sigaction write it
//   k{h}.{pid}  its children (zombies to reap): exit, wait4, fork
//   p{h}.{pid}  its parent pointer: the parent's exit reparents it
//   g{h}.{pid}  its process group
//   o{ino}      an object's content: a terminal's screen and input, a
//               pipe's bytes, a file's data
//   m{ino}      an object's metadata (fstat, isatty): nothing writes it
//   d{id}       an open file description's offset and flags
//   c{id}       a description's reference count (fork, dup, close, exit)
//   v{h}        the host's directory tree; pid{h}, ino: id allocators
// Time is global: a step that reads the clock or sleeps is dependent on
// everything (reordering steps changes when each one runs).
//
// Simplification: user code between two syscalls is assumed not to race
// with a signal handler of the same process (a handler reading a variable
// main just set); getpid and friends are treated as invisible.

import type { Host } from "../host.ts";
import type { Process } from "../proc/proc.ts";
import type { SyscallRequest } from "../abi.ts";
import type { OpenFile } from "../fs/file.ts";
import { SIG_DFL, SIG_IGN } from "../abi.ts";
import { SIGCHLD } from "../uapi/signal.ts";
import { sigbit } from "../proc/proc.ts";
import { O_CREAT, O_TRUNC } from "../uapi/fcntl.ts";

export interface Footprint {
  /** Dependent on everything. */
  g: boolean;
  r: string[];
  w: string[];
}

export const GLOBAL: Footprint = Object.freeze({ g: true, r: [], w: [] }) as Footprint;

const TCGETS = 0x5401, TIOCGPGRP = 0x540f;
const TIME = new Set(["nanosleep", "clock_gettime", "alarm", "compute", "spin", "pause", "execve"]);
const INVISIBLE = new Set(["getpid", "getuid", "sched_yield", "uname", "getcwd"]);
const F_GETFL = 3, F_GETFD = 1;

export function dependent(a: Footprint, b: Footprint): boolean {
  if (a.g || b.g) return true;
  return meets(a.w, b.w) || meets(a.w, b.r) || meets(a.r, b.w);
}

function meets(x: readonly string[], y: readonly string[]): boolean {
  for (const k of x) if (y.includes(k)) return true;
  return false;
}

/** Touches nothing another process's step can touch: such a step can always be taken first. */
export function isLocal(fp: Footprint, pidKey: string): boolean {
  return !fp.g && fp.w.length === 0 && fp.r.every((k) => k === pidKey || k.startsWith("m"));
}

export function sigKey(h: Host, pid: number): string {
  return `s${h.index}.${pid}`;
}

/** The footprint of `req` made by `p`, from the state just before it runs. */
export function footprintOf(h: Host, p: Process, req: SyscallRequest): Footprint {
  const nr = req.nr;
  if (TIME.has(nr)) return GLOBAL;
  const hi = h.index;
  const self = `s${hi}.${p.pid}`;
  const r: string[] = [self];
  const w: string[] = [];
  const a = req.args;
  const fd = typeof a[0] === "number" ? p.fds.get(a[0]) : undefined;
  const obj = (f: OpenFile) => `o${f.obj.ino}`;
  switch (nr) {
    case "getppid": r.push(`p${hi}.${p.pid}`); break;
    case "getpgid": r.push(`g${hi}.${(a[0] as number) || p.pid}`); break;
    case "setpgid": w.push(`g${hi}.${(a[0] as number) || p.pid}`); break;
    case "fork":
      w.push(`k${hi}.${p.pid}`, `pid${hi}`);
      for (const [, f] of p.fds.entries()) w.push(`c${f.id}`);
      break;
    case "exit_group": exitFootprint(h, p, r, w); break;
    case "wait4": w.push(`k${hi}.${p.pid}`); break;
    case "kill": {
      const pid = a[0] as number;
      if (!(pid > 0)) return GLOBAL;
      w.push(`s${hi}.${pid}`);
      break;
    }
    case "rt_sigaction": case "rt_sigprocmask": case "rt_sigpending": w.push(self); break;
    case "openat": {
      // Opening an existing file reads the tree; creating one writes it and takes an inode number.
      // (Description ids are not observable: their order does not matter.)
      const flags = a[1] as number;
      if (flags & O_CREAT) w.push(`v${hi}`, "ino"); else r.push(`v${hi}`);
      const ino = typeof a[0] === "string" ? h.vfs.lookup(a[0], p.cwd, p.uid) : -1;
      if (typeof ino !== "number") (flags & (O_TRUNC | O_CREAT) ? w : r).push(`o${ino.ino}`);
      break;
    }
    case "stat": r.push(`v${hi}`); break;
    case "unlink": case "mkdir": case "rmdir": w.push(`v${hi}`, "ino"); break;
    case "chdir": r.push(`v${hi}`); break;
    case "pipe2": w.push("ino"); break;
    case "read": case "write": case "lseek": case "fstat": case "ioctl": case "fcntl": case "close": case "dup": {
      if (!fd) break; // EBADF: touches nothing shared
      const isFile = fd.obj.type === "file" || fd.obj.type === "dir";
      if (nr === "read") {
        if (isFile) r.push(obj(fd)); else w.push(obj(fd));
        if (isFile) w.push(`d${fd.id}`);
      } else if (nr === "write") {
        w.push(obj(fd));
        if (isFile) w.push(`d${fd.id}`);
      } else if (nr === "lseek") {
        w.push(`d${fd.id}`);
      } else if (nr === "fstat") {
        r.push(isFile ? obj(fd) : `m${fd.obj.ino}`);
      } else if (nr === "ioctl") {
        r.push(a[1] === TCGETS || a[1] === TIOCGPGRP ? `m${fd.obj.ino}` : obj(fd));
      } else if (nr === "fcntl") {
        (a[1] === F_GETFL || a[1] === F_GETFD ? r : w).push(`d${fd.id}`);
      } else {
        w.push(`c${fd.id}`);
        if (nr === "close" && fd.refs === 1 && !isFile) w.push(obj(fd));
      }
      break;
    }
    case "dup2": case "dup3": {
      if (!fd) break;
      w.push(`c${fd.id}`);
      const old = p.fds.get(a[1] as number);
      if (old && old !== fd) {
        w.push(`c${old.id}`);
        if (old.refs === 1) w.push(obj(old));
      }
      break;
    }
    default:
      if (!INVISIBLE.has(nr)) return GLOBAL;
  }
  return { g: false, r, w };
}

/** exit: closes every fd, hands children to init, tells the parent. */
function exitFootprint(h: Host, p: Process, r: string[], w: string[]): void {
  const hi = h.index;
  w.push(`k${hi}.${p.pid}`);
  r.push(`p${hi}.${p.pid}`);
  // The parent's disposition decides what its SIGCHLD does: read it; a
  // handler (or a blocked SIGCHLD) makes the exit write the parent's signals.
  // init (pid 1) reaps at once and runs no code: exiting to it touches nothing.
  const parent = h.procs.get(p.ppid);
  if (parent && parent.pid !== 1) {
    w.push(`k${hi}.${p.ppid}`);
    r.push(`s${hi}.${p.ppid}`);
    const act = parent.actions[SIGCHLD]!;
    if ((act.handler !== SIG_DFL && act.handler !== SIG_IGN) || (parent.blocked & sigbit(SIGCHLD)) !== 0n) w.push(`s${hi}.${p.ppid}`);
  }
  for (const c of p.children) w.push(`p${hi}.${c.pid}`);
  const mine = new Map<OpenFile, number>();
  for (const [, f] of p.fds.entries()) mine.set(f, (mine.get(f) ?? 0) + 1);
  for (const [f, n] of mine) {
    w.push(`c${f.id}`);
    if (f.refs === n && f.obj.type !== "file" && f.obj.type !== "dir") w.push(`o${f.obj.ino}`);
  }
}
