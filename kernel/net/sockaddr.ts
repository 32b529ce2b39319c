// struct sockaddr as programs pass it (network byte order, as in C) and as
// the kernel keeps it (KAddr: host order). On little-endian x86_64 a
// network-order 16-bit port read as a number is the byte-swapped value,
// which is why a program that forgets htons() binds port 34835 for 5000,
// exactly as in C.

import { EAFNOSUPPORT, EFAULT, EINVAL } from "../uapi/errno.ts";
import { AF_INET, AF_UNIX, AF_UNSPEC } from "../uapi/socket.ts";
import type { KAddr } from "./socket.ts";

/** struct sockaddr_in as the libc builds it. */
export interface UserSockaddrIn {
  sin_family: number;
  sin_port: number;
  sin_addr: { s_addr: number };
}

/** struct sockaddr_un. */
export interface UserSockaddrUn {
  sun_family: number;
  sun_path: string;
}

export type UserSockaddr = UserSockaddrIn | UserSockaddrUn | { sa_family: number };

export const SOCKADDR_IN_LEN = 16;
/** offsetof(struct sockaddr_un, sun_path) + 108. */
export const SOCKADDR_UN_LEN = 110;

export function bswap16(x: number): number {
  return ((x & 0xff) << 8) | ((x >>> 8) & 0xff);
}

export function bswap32(x: number): number {
  return (((x & 0xff) << 24) | ((x & 0xff00) << 8) | ((x >>> 8) & 0xff00) | ((x >>> 24) & 0xff)) >>> 0;
}

export function familyOf(a: unknown): number {
  if (typeof a !== "object" || a === null) return -1;
  const o = a as { sin_family?: number; sun_family?: number; sa_family?: number };
  return o.sin_family ?? o.sun_family ?? o.sa_family ?? -1;
}

/**
 * The kernel's view of a user address: a KAddr, null for AF_UNSPEC, or
 * -errno (EFAULT for NULL, EINVAL for a short addrlen, EAFNOSUPPORT).
 * Relative AF_UNIX paths resolve against `cwd`.
 */
export function addrFromUser(a: unknown, addrlen: number, cwd: string): KAddr | null | number {
  if (a === null || a === undefined) return -EFAULT;
  const fam = familyOf(a);
  if (!(addrlen >= 2)) return -EINVAL;
  if (fam === AF_UNSPEC) return null;
  if (fam === AF_INET) {
    if (addrlen < SOCKADDR_IN_LEN) return -EINVAL;
    const s = a as UserSockaddrIn;
    return { family: AF_INET, ip: bswap32((s.sin_addr?.s_addr ?? 0) >>> 0), port: bswap16((s.sin_port ?? 0) & 0xffff) };
  }
  if (fam === AF_UNIX) {
    const p = String((a as UserSockaddrUn).sun_path ?? "");
    if (p.length === 0 || p.length >= 108) return -EINVAL;
    return { family: AF_UNIX, path: p.startsWith("/") ? p : `${cwd === "/" ? "" : cwd}/${p}` };
  }
  return -EAFNOSUPPORT;
}

/** The address as the user sees it after accept/getsockname/recvfrom. */
export function addrToUser(k: KAddr): UserSockaddrIn | UserSockaddrUn {
  if (k.family === AF_INET) return { sin_family: AF_INET, sin_port: bswap16(k.port), sin_addr: { s_addr: bswap32(k.ip) } };
  return { sun_family: AF_UNIX, sun_path: k.path };
}

/** The length the kernel writes back into *addrlen. */
export function addrLen(k: KAddr): number {
  return k.family === AF_INET ? SOCKADDR_IN_LEN : k.path === "" ? 2 : 2 + k.path.length + 1;
}
