// <sys/select.h>: select() with fd_set bitmaps (FD_SETSIZE 1024 bits in
// 32-bit words) and the FD_ZERO/FD_SET/FD_CLR/FD_ISSET macros. As on
// Linux, select rewrites the sets to the ready fds and the timeval to the
// time left.

import { set_errno, syscall, type Sys } from "./syscall.ts";
import { FD_SETSIZE } from "../../kernel/uapi/eventpoll.ts";
import type { SelectReply } from "../../kernel/syscall/sys-select.ts";

export { FD_SETSIZE };

/** fd_set: 1024 bits. */
export interface fd_set {
  fds_bits: Uint32Array;
}

/** A cleared fd_set (`fd_set s; FD_ZERO(&s);`). */
export function fd_set(): fd_set {
  return { fds_bits: new Uint32Array(FD_SETSIZE / 32) };
}

/** struct timeval. */
export interface timeval {
  tv_sec: number;
  tv_usec: number;
}

export function timeval(tv_sec = 0, tv_usec = 0): timeval {
  return { tv_sec, tv_usec };
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
 */
export function* select(
  nfds: number, readfds: fd_set | null, writefds: fd_set | null, exceptfds: fd_set | null, timeout: timeval | null,
): Sys<number> {
  const tv = timeout === null ? null : { tv_sec: timeout.tv_sec, tv_usec: timeout.tv_usec };
  const r = yield* syscall<SelectReply>("select", nfds, words(readfds, nfds), words(writefds, nfds), words(exceptfds, nfds), tv);
  if (r === -1) return -1;
  if (timeout !== null && r.rem !== null) {
    timeout.tv_sec = Math.floor(r.rem / 1e9);
    timeout.tv_usec = Math.floor((r.rem % 1e9) / 1000);
  }
  if (r.ret < 0) {
    set_errno(-r.ret);
    return -1;
  }
  writeBack(readfds, r.readfds);
  writeBack(writefds, r.writefds);
  writeBack(exceptfds, r.exceptfds);
  return r.ret;
}
