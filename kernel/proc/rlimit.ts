// Per-process resource limits (Linux's signal->rlim): a soft and a hard
// value per RLIMIT_*, inherited by fork and kept across execve. Only
// RLIMIT_NOFILE is enforced, through the fd table: its soft limit *is*
// `p.fds.limit` (the EMFILE bound of open/dup/socket..., dup2's EBADF,
// F_DUPFD's EINVAL and poll's nfds EINVAL). The others are reported and
// stored as Linux would, and have no effect.

import { NOFILE, NOFILE_HARD, NPROC } from "../config.ts";
import {
  RLIM_INFINITY, RLIM_NLIMITS, RLIMIT_CORE, RLIMIT_MEMLOCK, RLIMIT_MSGQUEUE, RLIMIT_NICE, RLIMIT_NOFILE,
  RLIMIT_NPROC, RLIMIT_RTPRIO, RLIMIT_SIGPENDING, RLIMIT_STACK,
} from "../uapi/resource.ts";
import type { Process } from "./proc.ts";

/** One limit: soft (`cur`, what is enforced) and hard (`max`, the ceiling of `cur`). */
export interface Rlimit {
  cur: number;
  max: number;
}

/**
 * A process's limits when nothing changed them: Linux's INIT_RLIMITS as a
 * login shell inherits them (8 MiB stack, no core files as measured in
 * ../shared/linux, 1024/524288 fds (systemd's default for a session), 8 MiB memlock, 800 KiB of POSIX message
 * queues). RLIMIT_NPROC and RLIMIT_SIGPENDING are sized from memory on
 * Linux (max_threads / 2); here they report the host's process limit.
 */
export function defaultRlimits(nofile = NOFILE): Rlimit[] {
  const r: Rlimit[] = [];
  for (let i = 0; i < RLIM_NLIMITS; i++) r.push({ cur: RLIM_INFINITY, max: RLIM_INFINITY });
  r[RLIMIT_STACK]!.cur = 8 * 1024 * 1024;
  r[RLIMIT_CORE]!.cur = 0;
  r[RLIMIT_NPROC] = { cur: NPROC, max: NPROC };
  r[RLIMIT_NOFILE] = { cur: nofile, max: Math.max(nofile, NOFILE_HARD) };
  r[RLIMIT_MEMLOCK] = { cur: 8 * 1024 * 1024, max: 8 * 1024 * 1024 };
  r[RLIMIT_SIGPENDING] = { cur: NPROC, max: NPROC };
  r[RLIMIT_MSGQUEUE] = { cur: 819200, max: 819200 };
  r[RLIMIT_NICE] = { cur: 0, max: 0 };
  r[RLIMIT_RTPRIO] = { cur: 0, max: 0 };
  return r;
}

/** The limits a forked child starts with: a copy. */
export function copyRlimits(r: readonly Rlimit[]): Rlimit[] {
  return r.map((x) => ({ cur: x.cur, max: x.max }));
}

/** `p`'s limit for `resource` (0 ≤ resource < RLIM_NLIMITS) as struct rlimit. */
export function getRlimit(p: Process, resource: number): { rlim_cur: number; rlim_max: number } {
  const r = p.rlim[resource]!;
  return { rlim_cur: resource === RLIMIT_NOFILE ? p.fds.limit : r.cur, rlim_max: r.max };
}

/** Sets `p`'s limit (already checked: cur ≤ max, permissions). */
export function setRlimit(p: Process, resource: number, cur: number, max: number): void {
  p.rlim[resource] = { cur, max };
  // Lowering it closes nothing: fds at or above the new limit stay open (Linux).
  if (resource === RLIMIT_NOFILE) p.fds.limit = cur;
}
