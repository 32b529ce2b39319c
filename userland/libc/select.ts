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
/**
 * `#define FD_SETSIZE 1024`: the number of descriptors an fd_set holds;
 * `FD_SET` and friends ignore fds outside 0..FD_SETSIZE-1, and `select`
 * looks at no more than FD_SETSIZE. `timeval` is `struct timeval` (the
 * same one as SO_RCVTIMEO's, made with `timeval(sec, usec)`).
 */
export { FD_SETSIZE, timeval };

/**
 * `typedef struct { unsigned long fds_bits[FD_SETSIZE / (8 * sizeof(long))]; } fd_set;`
 *
 * A set of descriptors for `select`: FD_SETSIZE (1024) bits, here in
 * 32-bit words (bit `fd & 31` of word `fd >> 5`). Use the FD_* macros
 * rather than the bits. Make a cleared one with `fd_set()`.
 */
export interface fd_set {
  fds_bits: Uint32Array;
}

/**
 * `fd_set s; FD_ZERO(&s);`
 *
 * A cleared fd_set. kernsim only.
 *
 * @example const rfds = fd_set(); FD_SET(0, rfds);
 */
export function fd_set(): fd_set {
  return { fds_bits: new Uint32Array(FD_SETSIZE / 32) };
}

/**
 * `void FD_ZERO(fd_set *set);`
 *
 * synchronous I/O multiplexing (FD_ZERO(3)). Clears every descriptor from
 * `set`. Re-initialize the sets before each `select`, which overwrites
 * them. A plain function: no `yield*`.
 *
 * @example FD_ZERO(rfds);
 */
export function FD_ZERO(set: fd_set): void {
  set.fds_bits.fill(0);
}

/**
 * `void FD_SET(int fd, fd_set *set);`
 *
 * synchronous I/O multiplexing (FD_SET(3)). Adds `fd` to `set`. An fd
 * outside 0..FD_SETSIZE-1 is ignored (glibc's fortified macros would
 * abort). A plain function: no `yield*`.
 *
 * @example FD_SET(sock, rfds);
 */
export function FD_SET(fd: number, set: fd_set): void {
  if (fd >= 0 && fd < FD_SETSIZE) set.fds_bits[fd >>> 5]! |= 1 << (fd & 31);
}

/**
 * `void FD_CLR(int fd, fd_set *set);`
 *
 * synchronous I/O multiplexing (FD_CLR(3)). Removes `fd` from `set`; an fd
 * outside 0..FD_SETSIZE-1 is ignored. A plain function: no `yield*`.
 *
 * @example FD_CLR(cfd, allfds);
 */
export function FD_CLR(fd: number, set: fd_set): void {
  if (fd >= 0 && fd < FD_SETSIZE) set.fds_bits[fd >>> 5]! &= ~(1 << (fd & 31));
}

/**
 * `int FD_ISSET(int fd, fd_set *set);`
 *
 * synchronous I/O multiplexing (FD_ISSET(3)). Whether `fd` is in `set`
 * (after `select`: whether it is ready); a boolean here where C gives
 * non-zero, false for an fd outside 0..FD_SETSIZE-1. A plain function: no
 * `yield*`.
 *
 * @example if (FD_ISSET(sock, rfds)) { ... }
 */
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
 * `int select(int nfds, fd_set *readfds, fd_set *writefds, fd_set *exceptfds, struct timeval *timeout);`
 *
 * synchronous I/O multiplexing (select(2)). Waits until a descriptor below
 * `nfds` (the highest watched fd + 1; at most FD_SETSIZE counts) in one of
 * the sets is ready to read, to write, or has an exceptional condition, or
 * until `timeout` passes (null: forever; zero: just check). Any set may be
 * null. On return the sets hold only the ready descriptors and, as on
 * Linux, `timeout` holds the time left — re-initialize both before the
 * next call. Built on the pselect6 syscall, as glibc 2.36 does (the
 * timeval is normalised into a timespec and converted back). Returns the
 * number of bits set in the three sets, 0 on timeout, or -1 with `errno`
 * set: EBADF (a set holds a descriptor that is not open), EINVAL (`nfds`
 * negative, or a negative timeout, refused without a syscall), EINTR (a
 * signal handler ran; never restarted, even with SA_RESTART).
 *
 * @example const n = yield* select(maxfd + 1, rfds, null, null, timeval(5, 0));
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
