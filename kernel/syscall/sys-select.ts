// poll and pselect6 (Linux fs/select.c: do_poll, do_select): one scan of the
// given fds' readiness bits (the same `poll(f)` epoll uses), then sleep on
// all their wait queues and scan again when any changes. Both cost O(fds)
// per scan, as on Linux. Interrupted by a handled signal they fail with
// EINTR, never restarted even under SA_RESTART (README §11); after a stop
// without a handler they resume with the same deadline (restart_block).
// glibc 2.36's select() is pselect6 with a NULL sigmask (it converts the
// timeval to a timespec and back), so that is the syscall strace shows.
// Simplification: pselect6's sigmask must be NULL (no mask swap modelled).

import type { Host } from "../host.ts";
import type { Process } from "../proc/proc.ts";
import type { WaitQueue } from "../proc/wait-queue.ts";
import { MS } from "../clock.ts";
import { EBADF, EFAULT, EINVAL } from "../uapi/errno.ts";
import {
  FD_SETSIZE, POLLERR, POLLHUP, POLLIN, POLLNVAL, POLLOUT, POLLPRI, POLLRDBAND, POLLRDNORM, POLLWRBAND, POLLWRNORM,
} from "../uapi/eventpoll.ts";
import { block } from "./block.ts";
import type { SyscallEntry } from "./table.ts";

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

/** struct timespec. */
export interface TimespecArg {
  tv_sec: number;
  tv_nsec: number;
}

/** pselect6's reply: the count, the three sets rewritten (32-bit words), and the time left (Linux updates the timespec). */
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
  let count = 0;
  for (let i = 0; i < nfds; i++) {
    const pf = fds[i];
    if (typeof pf !== "object" || pf === null) return -EFAULT;
    const { fd, events } = pf;
    let mask = 0;
    if (fd >= 0) {
      const f = p.fds.get(fd);
      if (!f) {
        mask = POLLNVAL;
      } else {
        // events is a short; ERR and HUP are reported whether asked for or not.
        mask = f.obj.poll(f) & ((events & 0xffff) | POLLERR | POLLHUP);
      }
    }
    revents[i] = mask;
    if (mask) count++;
  }
  if (count > 0) return { ret: count, revents };
  const now = h.world.now;
  const ms = timeout | 0; // an int, as in C
  const deadline = deadlineOf(p, now, ms < 0 ? -1 : ms * MS);
  if (now >= deadline) return { ret: 0, revents };
  return block(h, p, waitQueues(p, fds.slice(0, nfds).map((x) => x.fd)), deadline, true);
}

/** The distinct wait queues of the open fds among `fds`, in fd order given (poll_wait on each). */
function waitQueues(p: Process, fds: readonly number[]): WaitQueue[] {
  const qs = new Set<WaitQueue>();
  for (const fd of fds) {
    const f = fd >= 0 ? p.fds.get(fd) : undefined;
    if (f) qs.add(f.obj.wq);
  }
  return [...qs];
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
 * pselect6(nfds, readfds, writefds, exceptfds, timeout, sigmask): sets are
 * fd_set words; fds ≥ nfds are ignored; a set bit on a closed fd is EBADF.
 */
export function sysPselect6(
  h: Host, p: Process,
  [nfds, rd, wr, ex, ts, sigmask]: [number, number[] | null, number[] | null, number[] | null, TimespecArg | null, unknown],
): SelectReply | number | symbol {
  for (const set of [rd, wr, ex]) if (set !== null && set !== undefined && !Array.isArray(set)) return -EFAULT;
  if (sigmask !== null && sigmask !== undefined) return -EINVAL;
  let timeoutNs = -1;
  if (ts !== null && ts !== undefined) {
    if (typeof ts !== "object") return -EFAULT;
    // timespec64_valid: no negative part, nanoseconds below a second.
    if (!(ts.tv_sec >= 0) || !(ts.tv_nsec >= 0) || ts.tv_nsec >= 1e9) return -EINVAL;
    timeoutNs = Math.floor(ts.tv_sec) * 1e9 + Math.floor(ts.tv_nsec);
  }
  if (!(nfds >= 0)) return -EINVAL;
  nfds = Math.min(nfds | 0, FD_SETSIZE);
  const fds = wantedFds(nfds, [rd, wr, ex]);
  for (const fd of fds) if (!p.fds.get(fd)) return -EBADF;
  const words = Math.ceil(nfds / 32);
  const out = (s: number[] | null): number[] | null => (s === null || s === undefined ? null : new Array<number>(words).fill(0));
  const r = out(rd), w = out(wr), e = out(ex);
  let count = 0;
  for (const fd of fds) {
    const f = p.fds.get(fd)!;
    const mask = f.obj.poll(f);
    if (r && hasBit(rd, fd) && mask & POLLIN_SET) { setBit(r, fd); count++; }
    if (w && hasBit(wr, fd) && mask & POLLOUT_SET) { setBit(w, fd); count++; }
    if (e && hasBit(ex, fd) && mask & POLLEX_SET) { setBit(e, fd); count++; }
  }
  const now = h.world.now;
  const deadline = deadlineOf(p, now, timeoutNs);
  // Linux writes the time left back into a non-zero timeout (poll_select_finish).
  const rem = timeoutNs > 0 ? Math.max(0, deadline - now) : null;
  if (count > 0 || now >= deadline) return { ret: count, readfds: r, writefds: w, exceptfds: e, rem };
  const b = block(h, p, waitQueues(p, fds), deadline, true);
  return typeof b === "number" ? { ret: b, readfds: null, writefds: null, exceptfds: null, rem } : b;
}

export const SELECT_SYSCALLS: { [name: string]: SyscallEntry } = {
  poll: { group: "epoll", handler: sysPoll, signature: "int poll(struct pollfd *fds, nfds_t nfds, int timeout)",
    note: "POLLIN/OUT/PRI/RDHUP/RDNORM/WRNORM; ERR and HUP always; POLLNVAL for a closed fd; a negative fd is skipped. Not restarted after a handler (EINTR).",
    errors: "EINVAL, EINTR, EFAULT" },
  pselect6: { group: "epoll", handler: sysPselect6, signature: "int select(int nfds, fd_set *readfds, fd_set *writefds, fd_set *exceptfds, struct timeval *timeout)",
    note: "What glibc's select() calls. FD_SETSIZE 1024. As on Linux the timeout is updated with the time left. Not restarted after a handler (EINTR). The sigmask must be NULL.",
    errors: "EBADF, EINVAL, EINTR" },
};
