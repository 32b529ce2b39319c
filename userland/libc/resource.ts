// <sys/resource.h>: getrlimit, setrlimit, prlimit and struct rlimit. As in
// glibc on x86-64, all three are the prlimit64 system call (pid 0 is the
// caller), which is what strace shows for them.

import { syscall, type Sys } from "./syscall.ts";
import type { RlimitArg } from "../../kernel/syscall/sys-resource.ts";

/**
 * The `<sys/resource.h>` resources, Linux's numbers: `RLIMIT_CPU` 0,
 * `RLIMIT_FSIZE` 1, `RLIMIT_DATA` 2, `RLIMIT_STACK` 3, `RLIMIT_CORE` 4,
 * `RLIMIT_RSS` 5, `RLIMIT_NPROC` 6, `RLIMIT_NOFILE` 7 (`RLIMIT_OFILE`),
 * `RLIMIT_MEMLOCK` 8, `RLIMIT_AS` 9, `RLIMIT_LOCKS` 10,
 * `RLIMIT_SIGPENDING` 11, `RLIMIT_MSGQUEUE` 12, `RLIMIT_NICE` 13,
 * `RLIMIT_RTPRIO` 14, `RLIMIT_RTTIME` 15, and `RLIM_NLIMITS` (16).
 * `RLIM_INFINITY` ("no limit") is `Infinity`: C's `(rlim_t)-1` is beyond a
 * JS number's exact range (the kernel also takes -1). kernsim enforces
 * `RLIMIT_NOFILE` only; the others are reported and stored.
 */
export {
  RLIMIT_CPU, RLIMIT_FSIZE, RLIMIT_DATA, RLIMIT_STACK, RLIMIT_CORE, RLIMIT_RSS, RLIMIT_NPROC, RLIMIT_NOFILE,
  RLIMIT_OFILE, RLIMIT_MEMLOCK, RLIMIT_AS, RLIMIT_LOCKS, RLIMIT_SIGPENDING, RLIMIT_MSGQUEUE, RLIMIT_NICE,
  RLIMIT_RTPRIO, RLIMIT_RTTIME, RLIM_NLIMITS, RLIM_INFINITY, RLIM_SAVED_CUR, RLIM_SAVED_MAX,
} from "../../kernel/uapi/resource.ts";

/**
 * `struct rlimit { rlim_t rlim_cur; rlim_t rlim_max; };`
 *
 * A resource limit: `rlim_cur` is the soft limit, the one the kernel
 * enforces; `rlim_max` the hard limit, the ceiling up to which an
 * unprivileged process may raise `rlim_cur`. `RLIM_INFINITY` means no
 * limit. Make one with `rlimit()`.
 */
export interface rlimit {
  rlim_cur: number;
  rlim_max: number;
}

/**
 * `struct rlimit rl = { .rlim_cur = cur, .rlim_max = max };`
 *
 * A struct rlimit (both fields default to 0), to fill with `getrlimit` or
 * to pass to `setrlimit`. kernsim only.
 *
 * @example const rl = rlimit(); yield* getrlimit(RLIMIT_NOFILE, rl); rl.rlim_cur = rl.rlim_max;
 */
export function rlimit(rlim_cur = 0, rlim_max = 0): rlimit {
  return { rlim_cur, rlim_max };
}

/** The limit as passed to the kernel: a copy, so the trace and the record keep the values of the call. */
function copyIn(r: rlimit | null): RlimitArg | null {
  return r === null ? null : { rlim_cur: r.rlim_cur, rlim_max: r.rlim_max };
}

/**
 * `int prlimit(pid_t pid, int resource, const struct rlimit *new_limit, struct rlimit *old_limit);`
 *
 * get/set resource limits (prlimit(2)). Sets (`new_limit`, or `null`) and/or
 * reads (`old_limit`, or `null`: filled with the limit before the call)
 * process `pid`'s limit for `resource`; pid 0 is the caller. Another
 * process needs the caller's uid, or root. Returns 0, or -1 with `errno`
 * set: ESRCH (no process `pid`), EPERM (another uid's process without
 * being root; raising the hard limit without being root; an
 * `RLIMIT_NOFILE` hard limit above fs.nr_open, 1048576), EINVAL (unknown
 * `resource`, or `rlim_cur` above `rlim_max`).
 *
 * @example const old = rlimit(); yield* prlimit(0, RLIMIT_NOFILE, rlimit(4096, 4096), old);
 */
export function* prlimit(pid: number, resource: number, new_limit: rlimit | null, old_limit: rlimit | null): Sys<number> {
  const r = yield* syscall<RlimitArg | 0>("prlimit64", pid, resource, copyIn(new_limit), old_limit !== null);
  if (r === -1) return -1;
  if (old_limit !== null && typeof r === "object") {
    old_limit.rlim_cur = r.rlim_cur;
    old_limit.rlim_max = r.rlim_max;
  }
  return 0;
}

/**
 * `int getrlimit(int resource, struct rlimit *rlim);`
 *
 * get/set resource limits (getrlimit(2)). Fills `rlim` with the caller's
 * soft and hard limits for `resource`. A process starts with
 * `RLIMIT_NOFILE` 1024 soft / 4096 hard (its fds are 0..1023), inherits its
 * parent's limits on `fork` and keeps them across `execve`. Returns 0, or
 * -1 with `errno` set to EINVAL (unknown `resource`). glibc makes it
 * `prlimit64(0, resource, NULL, rlim)`.
 *
 * @example const rl = rlimit(); yield* getrlimit(RLIMIT_NOFILE, rl); yield* printf("%d\n", rl.rlim_cur);
 */
export function* getrlimit(resource: number, rlim: rlimit | null): Sys<number> {
  return yield* prlimit(0, resource, null, rlim);
}

/**
 * `int setrlimit(int resource, const struct rlimit *rlim);`
 *
 * get/set resource limits (setrlimit(2)). Sets the caller's soft and hard
 * limits for `resource`. Anyone may lower either or raise the soft limit
 * up to the hard one; raising the hard limit takes root. Lowering
 * `RLIMIT_NOFILE` closes nothing: fds at or above the new limit stay open
 * and usable, new ones get EMFILE. Returns 0, or -1 with `errno` set:
 * EINVAL (unknown `resource`, or `rlim_cur` above `rlim_max`), EPERM
 * (raising `rlim_max` without being root, or an `RLIMIT_NOFILE` `rlim_max`
 * above fs.nr_open, 1048576). glibc makes it
 * `prlimit64(0, resource, rlim, NULL)`.
 *
 * @example const rl = rlimit(); yield* getrlimit(RLIMIT_NOFILE, rl); rl.rlim_cur = rl.rlim_max; yield* setrlimit(RLIMIT_NOFILE, rl);
 */
export function* setrlimit(resource: number, rlim: rlimit | null): Sys<number> {
  return yield* prlimit(0, resource, rlim, null);
}
