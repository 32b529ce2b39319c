// <sys/select.h>: select() with fd_set bitmaps (FD_SETSIZE 1024 bits in
// 32-bit words) and the FD_ZERO/FD_SET/FD_CLR/FD_ISSET macros. As on
// Linux, select rewrites the sets to the ready fds and the timeval to the
// time left. Like glibc 2.36 it is built on the pselect6 syscall.

import { set_errno, syscall, type Sys } from "./syscall.ts";
import { FD_SETSIZE } from "../../kernel/uapi/eventpoll.ts";
import { EINVAL } from "../../kernel/uapi/errno.ts";
import type { SelectReply } from "../../kernel/syscall/sys-select.ts";
import { timeval } from "./socket.ts";

// struct timeval is <sys/time.h>'s, shared with SO_RCVTIMEO: one definition, in socket.ts.
export { FD_SETSIZE, timeval };

/** fd_set: 1024 bits. */
export interface fd_set {
  fds_bits: Uint32Array;
}

/** A cleared fd_set (`fd_set s; FD_ZERO(&s);`). */
export function fd_set(): fd_set {
  return { fds_bits: new Uint32Array(FD_SETSIZE / 32) };
}

export function FD_ZERO(set: fd_set): void {
  set.fds_bits.fill(0);
}

/** fds outside 0..FD_SETSIZE-1 are ignored (glibc's fortified macros would abort). */
export function FD_SET(fd: number, set: fd_set): void {
  if (fd >= 0 && fd < FD_SETSIZE) set.fds_bits[fd >>> 5]! |= 1 << (fd & 31);
}

export function FD_CLR(fd: number, set: fd_set): void {
  if (fd >= 0 && fd < FD_SETSIZE) set.fds_bits[fd >>> 5]! &= ~(1 << (fd & 31));
}

export function FD_ISSET(fd: number, set: fd_set): boolean {
  return fd >= 0 && fd < FD_SETSIZE && (set.fds_bits[fd >>> 5]! & (1 << (fd & 31))) !== 0;
}

function words(set: fd_set | null, nfds: number): number[] | null {
  if (set === null) return null;
  return Array.from(set.fds_bits.subarray(0, Math.ceil(Math.min(Math.max(nfds, 0), FD_SETSIZE) / 32)));
}

function writeBack(set: fd_set | null, w: number[] | null): void {
  if (set === null || w === null) return;
  for (let i = 0; i < w.length; i++) set.fds_bits[i] = w[i]!;
}

/**
 * select(nfds, readfds, writefds, exceptfds, timeout): the number of bits
 * set in the three sets, 0 on timeout, or -1. A null timeout waits forever.
 * As glibc 2.36 does: a negative timeout is EINVAL without a syscall; the
 * timeval is normalised into a timespec for pselect6, and written back
 * with the time left.
 */
export function* select(
  nfds: number, readfds: fd_set | null, writefds: fd_set | null, exceptfds: fd_set | null, timeout: timeval | null,
): Sys<number> {
  let ts: { tv_sec: number; tv_nsec: number } | null = null;
  if (timeout !== null) {
    if (timeout.tv_sec < 0 || timeout.tv_usec < 0) {
      set_errno(EINVAL);
      return -1;
    }
    ts = { tv_sec: timeout.tv_sec + Math.floor(timeout.tv_usec / 1e6), tv_nsec: (timeout.tv_usec % 1e6) * 1000 };
  }
  const r = yield* syscall<SelectReply>("pselect6", nfds, words(readfds, nfds), words(writefds, nfds), words(exceptfds, nfds), ts, null);
  if (timeout !== null && ts !== null) {
    // TIMESPEC_TO_TIMEVAL: the time left when the kernel wrote it, else the normalised timeout.
    const left = r !== -1 && r.rem !== null ? r.rem : ts.tv_sec * 1e9 + ts.tv_nsec;
    timeout.tv_sec = Math.floor(left / 1e9);
    timeout.tv_usec = Math.floor((left % 1e9) / 1000);
  }
  if (r === -1) return -1;
  if (r.ret < 0) {
    set_errno(-r.ret);
    return -1;
  }
  writeBack(readfds, r.readfds);
  writeBack(writefds, r.writefds);
  writeBack(exceptfds, r.exceptfds);
  return r.ret;
}
