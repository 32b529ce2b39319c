// Resource limits: prlimit64 (what glibc's getrlimit, setrlimit and
// prlimit call on x86-64) and the older getrlimit/setrlimit entry points.
// Checks in Linux's order (kernel/sys.c: prlimit64 → ESRCH, then
// check_prlimit_permission → EPERM; do_prlimit → EINVAL for the resource
// and cur > max, EPERM for a NOFILE hard limit above fs.nr_open, EPERM for
// raising a hard limit without CAP_SYS_RESOURCE, which here is uid 0).

import { NOFILE, NOFILE_HARD, NPROC, NR_OPEN } from "../config.ts";
import type { Host } from "../host.ts";
import type { Process } from "../proc/proc.ts";
import { getRlimit, setRlimit } from "../proc/rlimit.ts";
import { EFAULT, EINVAL, EPERM, ESRCH } from "../uapi/errno.ts";
import { RLIM_INFINITY, RLIM_NLIMITS, RLIMIT_NOFILE } from "../uapi/resource.ts";
import type { SyscallEntry } from "./table.ts";

/** A struct rlimit as the libc passes and the kernel returns it. */
export interface RlimitArg {
  rlim_cur: number;
  rlim_max: number;
}

const TWO64 = 2 ** 64;

/** An rlim_t (unsigned 64-bit) from user memory: Infinity, -1 (C's (rlim_t)-1) and anything ≥ 2^64-1 are RLIM_INFINITY; null if not a number. */
function rlimT(v: unknown): number | null {
  if (typeof v === "bigint") v = Number(BigInt.asUintN(64, v));
  if (typeof v !== "number" || v !== v) return null;
  if (v === Infinity || v === -1 || v >= TWO64) return RLIM_INFINITY;
  const t = Math.trunc(v);
  return t < 0 ? Number(BigInt.asUintN(64, BigInt(t))) : t;
}

/** copy_from_user of a struct rlimit: the limit, or null when it cannot be read (EFAULT). */
function readRlimit(v: unknown): { cur: number; max: number } | null {
  if (typeof v !== "object" || v === null) return null;
  const cur = rlimT((v as RlimitArg).rlim_cur), max = rlimT((v as RlimitArg).rlim_max);
  return cur === null || max === null ? null : { cur, max };
}

/**
 * do_prlimit(): `caller` sets (`lim`) and/or reads (`wantOld`) `target`'s
 * limit. Returns the old limit when asked, else 0, or -errno.
 */
function doPrlimit(caller: Process, target: Process, resource: number, lim: { cur: number; max: number } | null, wantOld: boolean): RlimitArg | number {
  if (resource >= RLIM_NLIMITS) return -EINVAL;
  if (lim) {
    if (lim.cur > lim.max) return -EINVAL;
    if (resource === RLIMIT_NOFILE && lim.max > NR_OPEN) return -EPERM;
  }
  const old = getRlimit(target, resource);
  if (lim) {
    if (lim.max > old.rlim_max && caller.uid !== 0) return -EPERM;
    setRlimit(target, resource, lim.cur, lim.max);
  }
  return wantOld ? old : 0;
}

/** The resource argument as the kernel's `unsigned int`. */
function resourceArg(r: unknown): number {
  return typeof r === "number" ? r >>> 0 : RLIM_NLIMITS;
}

/**
 * prlimit64(pid, resource, new, wantOld): `new` is a struct rlimit or null;
 * `wantOld` says whether the caller passed an old_limit to fill. Returns
 * the old limit when asked (a struct), else 0, or -errno.
 */
export function sysPrlimit64(h: Host, p: Process, [pid, resource, nlim, wantOld]: [number, number, RlimitArg | null, boolean]): RlimitArg | number {
  let lim: { cur: number; max: number } | null = null;
  if (nlim !== null && nlim !== undefined) {
    lim = readRlimit(nlim);
    if (!lim) return -EFAULT;
  }
  const target = !pid ? p : h.procs.get(pid);
  if (!target) return -ESRCH;
  // check_prlimit_permission(): another process only with the same uid, or as root (CAP_SYS_RESOURCE).
  if (target !== p && p.uid !== 0 && target.uid !== p.uid) return -EPERM;
  return doPrlimit(p, target, resourceArg(resource), lim, !!wantOld);
}

/** getrlimit(resource): the x86-64 system call (glibc calls prlimit64 instead). */
export function sysGetrlimit(_h: Host, p: Process, [resource]: [number]): RlimitArg | number {
  return doPrlimit(p, p, resourceArg(resource), null, true);
}

/** setrlimit(resource, new): the x86-64 system call (glibc calls prlimit64 instead). */
export function sysSetrlimit(_h: Host, p: Process, [resource, nlim]: [number, RlimitArg]): number {
  const lim = readRlimit(nlim);
  if (!lim) return -EFAULT;
  return doPrlimit(p, p, resourceArg(resource), lim, false) as number;
}

export const RESOURCE_SYSCALLS: { [name: string]: SyscallEntry } = {
  prlimit64: {
    group: "process", handler: sysPrlimit64,
    signature: "int prlimit(pid_t pid, int resource, const struct rlimit *new_limit, struct rlimit *old_limit)",
    note: `What glibc's getrlimit() and setrlimit() call (pid 0). Defaults: RLIMIT_NOFILE ${NOFILE} soft / ${NOFILE_HARD} hard, RLIMIT_CORE 0 / unlimited, ` +
      `RLIMIT_STACK 8 MiB / unlimited, RLIMIT_NPROC the host's process limit (${NPROC}). Only RLIMIT_NOFILE is enforced ` +
      "(lowering it leaves higher fds open; new ones get EMFILE); the others are stored. Root (uid 0) may raise a hard limit, " +
      `RLIMIT_NOFILE's up to fs.nr_open (${NR_OPEN}). Another process: same uid, or root.`,
    errors: "EINVAL, EPERM, ESRCH",
  },
  getrlimit: {
    group: "process", handler: sysGetrlimit, signature: "int getrlimit(int resource, struct rlimit *rlim)",
    note: "The x86-64 system call, reached with syscall(); glibc's getrlimit() calls prlimit64.", errors: "EINVAL",
  },
  setrlimit: {
    group: "process", handler: sysSetrlimit, signature: "int setrlimit(int resource, const struct rlimit *rlim)",
    note: "The x86-64 system call, reached with syscall(); glibc's setrlimit() calls prlimit64.", errors: "EINVAL, EPERM",
  },
};
