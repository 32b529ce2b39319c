// <sys/socket.h>: the socket calls over the syscall primitive. Addresses
// are C structs as objects (sockaddr_in() is a zeroed struct, network byte
// order inside); out-parameters are filled in place, as the kernel's
// copy_to_user would, from the reply the kernel recorded (so fork's replay
// fills them the same way).

import { syscall, set_errno, type Ref, type Sys } from "./syscall.ts";
import { bytesOf, fault } from "./unistd.ts";
import { AF_INET, AF_UNIX, SOL_SOCKET, SO_LINGER, SO_RCVTIMEO, SO_SNDTIMEO } from "../../kernel/uapi/socket.ts";
import { EFAULT } from "../../kernel/uapi/errno.ts";
import type { in_addr } from "./inet.ts";

export * from "../../kernel/uapi/socket.ts";

/** struct sockaddr_in (16 bytes): sin_port and sin_addr.s_addr in network byte order. */
export interface sockaddr_in {
  sin_family: number;
  sin_port: number;
  sin_addr: in_addr;
  sin_zero?: number[];
}

/** struct sockaddr_un: sun_path up to 107 bytes. */
export interface sockaddr_un {
  sun_family: number;
  sun_path: string;
}

export type sockaddr = sockaddr_in | sockaddr_un;

/** A zeroed struct sockaddr_in, as `memset(&a, 0, sizeof a)` leaves it. */
export function sockaddr_in(): sockaddr_in {
  return { sin_family: 0, sin_port: 0, sin_addr: { s_addr: 0 } };
}

export function sockaddr_un(path = ""): sockaddr_un {
  return { sun_family: AF_UNIX, sun_path: path };
}

/** struct linger. */
export interface linger {
  l_onoff: number;
  l_linger: number;
}

export function linger(l_onoff = 0, l_linger = 0): linger {
  return { l_onoff, l_linger };
}

/** struct timeval (SO_RCVTIMEO, SO_SNDTIMEO). */
export interface timeval {
  tv_sec: number;
  tv_usec: number;
}

export function timeval(tv_sec = 0, tv_usec = 0): timeval {
  return { tv_sec, tv_usec };
}

export const SOCKADDR_IN_SIZE = 16;

function sizeOf(a: sockaddr): number {
  return "sun_path" in a ? 110 : SOCKADDR_IN_SIZE;
}

/** A copy of the struct as the kernel reads it (the program may reuse its own). */
function copyIn(a: sockaddr | null): unknown {
  if (a === null) return null;
  if ("sun_path" in a) return { sun_family: a.sun_family, sun_path: a.sun_path };
  return { sin_family: a.sin_family, sin_port: a.sin_port, sin_addr: { s_addr: a.sin_addr?.s_addr ?? 0 } };
}

/** Writes a kernel-returned address into the caller's struct. */
function copyOut(dst: sockaddr | null, len: Ref<number> | null, src: unknown, srclen: number): void {
  if (dst !== null && src !== null && typeof src === "object") {
    const s = src as Partial<sockaddr_in & sockaddr_un>;
    if (s.sun_family !== undefined) Object.assign(dst, { sun_family: s.sun_family, sun_path: s.sun_path });
    else Object.assign(dst, { sin_family: s.sin_family, sin_port: s.sin_port, sin_addr: { s_addr: s.sin_addr!.s_addr } });
  }
  if (len !== null) len.value = srclen;
}

export function* socket(domain: number, type: number, protocol: number): Sys<number> {
  return yield* syscall<number>("socket", domain, type, protocol);
}

/** socketpair(domain, type, protocol, sv): sv[0] and sv[1] are connected. */
export function* socketpair(domain: number, type: number, protocol: number, sv: Int32Array | number[]): Sys<number> {
  const r = yield* syscall<[number, number]>("socketpair", domain, type, protocol);
  if (r === -1) return -1;
  sv[0] = r[0];
  sv[1] = r[1];
  return 0;
}

export function* bind(fd: number, addr: sockaddr | null, addrlen?: number): Sys<number> {
  return yield* syscall<number>("bind", fd, copyIn(addr), addrlen ?? (addr ? sizeOf(addr) : 0));
}

export function* listen(fd: number, backlog: number): Sys<number> {
  return yield* syscall<number>("listen", fd, backlog);
}

interface AddrReply {
  ret: number;
  addr: unknown;
  addrlen: number;
}

/** accept(fd, addr, addrlen): addr and addrlen may be null, as in C. */
export function* accept(fd: number, addr: sockaddr | null = null, addrlen: Ref<number> | null = null): Sys<number> {
  const r = yield* syscall<AddrReply>("accept", fd, addr !== null);
  if (r === -1) return -1;
  copyOut(addr, addrlen, r.addr, r.addrlen);
  return r.ret;
}

export function* accept4(fd: number, addr: sockaddr | null, addrlen: Ref<number> | null, flags: number): Sys<number> {
  const r = yield* syscall<AddrReply>("accept4", fd, addr !== null, flags);
  if (r === -1) return -1;
  copyOut(addr, addrlen, r.addr, r.addrlen);
  return r.ret;
}

export function* connect(fd: number, addr: sockaddr | null, addrlen?: number): Sys<number> {
  return yield* syscall<number>("connect", fd, copyIn(addr), addrlen ?? (addr ? sizeOf(addr) : 16));
}

/** send(fd, buf, len, flags): buf may be a string. */
export function* send(fd: number, buf: Uint8Array | string, len?: number, flags = 0): Sys<number> {
  return yield* sendto(fd, buf, len, flags, null, 0);
}

export function* sendto(fd: number, buf: Uint8Array | string, len: number | undefined, flags: number, to: sockaddr | null, tolen?: number): Sys<number> {
  const b = bytesOf(buf, len);
  if (len !== undefined && len > b.length) return fault();
  return yield* syscall<number>("sendto", fd, b, flags, copyIn(to), tolen ?? (to ? sizeOf(to) : 0));
}

interface RecvReply {
  ret: number;
  data: Uint8Array;
  addr: unknown;
  addrlen: number;
}

/** recv(fd, buf, len, flags): fills buf from offset 0. */
export function* recv(fd: number, buf: Uint8Array, len: number = buf.length, flags = 0): Sys<number> {
  return yield* recvfrom(fd, buf, len, flags, null, null);
}

export function* recvfrom(fd: number, buf: Uint8Array, len: number, flags: number, from: sockaddr | null, fromlen: Ref<number> | null): Sys<number> {
  if (len > buf.length) return fault();
  const r = yield* syscall<RecvReply>("recvfrom", fd, len, flags, from !== null);
  if (r === -1) return -1;
  buf.set(r.data.subarray(0, Math.min(r.data.length, len)));
  if (from !== null && r.addr !== null) copyOut(from, fromlen, r.addr, r.addrlen);
  else if (fromlen !== null) fromlen.value = r.addrlen;
  return r.ret;
}

export function* shutdown(fd: number, how: number): Sys<number> {
  return yield* syscall<number>("shutdown", fd, how);
}

/**
 * setsockopt(fd, level, name, value[, optlen]): value is the int itself
 * (SPEC §2), a linger for SO_LINGER, a timeval for SO_RCVTIMEO/SO_SNDTIMEO.
 */
export function* setsockopt(fd: number, level: number, name: number, value: number | linger | timeval, optlen?: number): Sys<number> {
  const len = optlen ?? (typeof value === "number" ? 4 : level === SOL_SOCKET && name === SO_LINGER ? 8 : level === SOL_SOCKET && (name === SO_RCVTIMEO || name === SO_SNDTIMEO) ? 16 : 4);
  const v = typeof value === "object" ? { ...value } : value;
  return yield* syscall<number>("setsockopt", fd, level, name, v, len);
}

/** getsockopt(fd, level, name, out): out.value gets the option (an int, a linger, a timeval, a tcp_info). */
export function* getsockopt<T = number>(fd: number, level: number, name: number, out: Ref<T>, optlen: Ref<number> | null = null): Sys<number> {
  if (out === null || out === undefined) {
    set_errno(EFAULT);
    return -1;
  }
  const r = yield* syscall<{ ret: number; value: T }>("getsockopt", fd, level, name);
  if (r === -1) return -1;
  out.value = r.value;
  if (optlen) optlen.value = typeof r.value === "number" ? 4 : 16;
  return 0;
}

export function* getsockname(fd: number, addr: sockaddr, addrlen: Ref<number> | null = null): Sys<number> {
  const r = yield* syscall<AddrReply>("getsockname", fd);
  if (r === -1) return -1;
  copyOut(addr, addrlen, r.addr, r.addrlen);
  return 0;
}

export function* getpeername(fd: number, addr: sockaddr, addrlen: Ref<number> | null = null): Sys<number> {
  const r = yield* syscall<AddrReply>("getpeername", fd);
  if (r === -1) return -1;
  copyOut(addr, addrlen, r.addr, r.addrlen);
  return 0;
}

export { AF_INET };
