// poll and select (Linux fs/select.c: do_poll, do_select): one scan of the
// given fds' readiness bits (the same `poll(f)` epoll uses), then sleep on
// all their wait queues and scan again when any changes. Both cost O(fds)
// per scan, as on Linux. Interrupted by a handled signal they fail with
// EINTR, never restarted even under SA_RESTART (README §11); after a stop
// without a handler they resume with the same deadline (restart_block).

import type { Host } from "../host.ts";
import type { Process } from "../proc/proc.ts";
import type { WaitQueue } from "../proc/wait-queue.ts";
import { MS, US } from "../clock.ts";
import { EBADF, EFAULT, EINVAL } from "../uapi/errno.ts";
import {
  FD_SETSIZE, POLLERR, POLLHUP, POLLIN, POLLNVAL, POLLOUT, POLLPRI, POLLRDBAND, POLLRDNORM, POLLWRBAND, POLLWRNORM,
} from "../uapi/eventpoll.ts";
import { block } from "./block.ts";
import type { SyscallDef } from "./table.ts";

/** What select counts as readable, writable, exceptional (fs/select.c POLLIN_SET, POLLOUT_SET, POLLEX_SET). */
const POLLIN_SET = POLLRDNORM | POLLRDBAND | POLLIN | POLLHUP | POLLERR;
const POLLOUT_SET = POLLWRBAND | POLLWRNORM | POLLOUT | POLLERR;
const POLLEX_SET = POLLPRI;

/** struct pollfd as the libc passes it (revents comes back in the reply). */
export interface PollFdArg {
  fd: number;
  events: number;
}

export interface PollReply {
  ret: number;
  revents: number[];
}

/** struct timeval. */
export interface TimevalArg {
  tv_sec: number;
  tv_usec: number;
}

/** select's reply: the count, the three sets rewritten (32-bit words), and the time left (Linux updates the timeval). */
export interface SelectReply {
  ret: number;
  readfds: number[] | null;
  writefds: number[] | null;
  exceptfds: number[] | null;
  /** Nanoseconds left of the timeout, or null when there was none (or it was zero). */
  rem: number | null;
}

/** The deadline of this call, fixed on its first try (a restart keeps it, as Linux's restart_block does). */
function deadlineOf(p: Process, now: number, timeoutNs: number): number {
  return (p.sys.deadline ??= timeoutNs < 0 ? Infinity : now + timeoutNs);
}

/** poll(fds, nfds, timeout ms): nfds above RLIMIT_NOFILE is EINVAL (do_sys_poll). */
export function sysPoll(h: Host, p: Process, [fds, nfds, timeout]: [PollFdArg[], number, number]): PollReply | number | symbol {
  if (!(nfds >= 0) || nfds > p.fds.limit) return -EINVAL;
  // C would read past the array.
  if (!Array.isArray(fds) || nfds > fds.length) return -EFAULT;
  const revents = new Array<number>(nfds);
  const queues: WaitQueue[] = [];
  let count = 0;
  for (let i = 0; i < nfds; i++) {
    const { fd, events } = fds[i]!;
    let mask = 0;
    if (fd >= 0) {
      const f = p.fds.get(fd);
      if (!f) {
        mask = POLLNVAL;
      } else {
        // events is a short; ERR and HUP are reported whether asked for or not.
        mask = f.obj.poll(f) & ((events & 0xffff) | POLLERR | POLLHUP);
        if (!queues.includes(f.obj.wq)) queues.push(f.obj.wq);
      }
    }
    revents[i] = mask;
    if (mask) count++;
  }
  if (count > 0) return { ret: count, revents };
  const now = h.world.now;
  const deadline = deadlineOf(p, now, timeout < 0 ? -1 : Math.floor(timeout) * MS);
  if (now >= deadline) return { ret: 0, revents };
  return block(h, p, queues, deadline, true);
}

/** The fds (< nfds) set in any of the three sets, ascending. */
function wantedFds(nfds: number, sets: Array<number[] | null>): number[] {
  const out: number[] = [];
  const words = Math.ceil(nfds / 32);
  for (let w = 0; w < words; w++) {
    let any = 0;
    for (const s of sets) if (s) any |= s[w] ?? 0;
    if (any === 0) continue;
    for (let b = 0; b < 32; b++) {
      const fd = w * 32 + b;
      if (fd < nfds && any & (1 << b)) out.push(fd);
    }
  }
  return out;
}

function hasBit(set: number[] | null, fd: number): boolean {
  return set !== null && ((set[fd >>> 5] ?? 0) & (1 << (fd & 31))) !== 0;
}

function setBit(set: number[], fd: number): void {
  set[fd >>> 5] = (set[fd >>> 5]! | (1 << (fd & 31))) >>> 0;
}

/**
 * select(nfds, readfds, writefds, exceptfds, timeout): sets are fd_set
 * words; fds ≥ nfds are ignored; a set bit on a closed fd is EBADF.
 */
export function sysSelect(
  h: Host, p: Process,
  [nfds, rd, wr, ex, tv]: [number, number[] | null, number[] | null, number[] | null, TimevalArg | null],
): SelectReply | number | symbol {
  let timeoutNs = -1;
  if (tv !== null && tv !== undefined) {
    if (!(tv.tv_sec >= 0) || !(tv.tv_usec >= 0)) return -EINVAL;
    timeoutNs = Math.floor(tv.tv_sec) * 1e9 + Math.floor(tv.tv_usec) * US;
  }
  if (!(nfds >= 0)) return -EINVAL;
  nfds = Math.min(nfds | 0, FD_SETSIZE);
  const fds = wantedFds(nfds, [rd, wr, ex]);
  for (const fd of fds) if (!p.fds.get(fd)) return -EBADF;
  const words = Math.ceil(nfds / 32);
  const out = (s: number[] | null): number[] | null => (s === null || s === undefined ? null : new Array<number>(words).fill(0));
  const r = out(rd), w = out(wr), e = out(ex);
  const queues: WaitQueue[] = [];
  let count = 0;
  for (const fd of fds) {
    const f = p.fds.get(fd)!;
    const mask = f.obj.poll(f);
    if (r && hasBit(rd, fd) && mask & POLLIN_SET) { setBit(r, fd); count++; }
    if (w && hasBit(wr, fd) && mask & POLLOUT_SET) { setBit(w, fd); count++; }
    if (e && hasBit(ex, fd) && mask & POLLEX_SET) { setBit(e, fd); count++; }
    if (!queues.includes(f.obj.wq)) queues.push(f.obj.wq);
  }
  const now = h.world.now;
  const deadline = deadlineOf(p, now, timeoutNs);
  // Linux writes the time left back into a non-zero timeout (poll_select_finish).
  const rem = timeoutNs > 0 ? Math.max(0, deadline - now) : null;
  if (count > 0 || now >= deadline) return { ret: count, readfds: r, writefds: w, exceptfds: e, rem };
  const b = block(h, p, queues, deadline, true);
  return typeof b === "number" ? { ret: b, readfds: null, writefds: null, exceptfds: null, rem } : b;
}

export const SELECT_SYSCALLS: { [name: string]: Omit<SyscallDef, "id" | "name"> } = {
  poll: { group: "epoll", handler: sysPoll, signature: "int poll(struct pollfd *fds, nfds_t nfds, int timeout)",
    note: "POLLIN/OUT/PRI/RDHUP/RDNORM/WRNORM; ERR and HUP always; POLLNVAL for a closed fd; a negative fd is skipped. Not restarted after a handler (EINTR).",
    errors: "EINVAL, EINTR, EFAULT" },
  select: { group: "epoll", handler: sysSelect, signature: "int select(int nfds, fd_set *readfds, fd_set *writefds, fd_set *exceptfds, struct timeval *timeout)",
    note: "FD_SETSIZE 1024. As on Linux the timeval is updated with the time left. Not restarted after a handler (EINTR).",
    errors: "EBADF, EINVAL, EINTR" },
};
