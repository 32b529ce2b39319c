// <arpa/inet.h> and <netinet/in.h>: byte order and address text, pure
// functions as in glibc (x86_64 is little-endian, so htons swaps).

import { AF_INET, INADDR_NONE } from "../../kernel/uapi/socket.ts";
import { set_errno } from "./syscall.ts";

export function htons(x: number): number {
  return ((x & 0xff) << 8) | ((x >>> 8) & 0xff);
}

export function ntohs(x: number): number {
  return htons(x);
}

export function htonl(x: number): number {
  return (((x & 0xff) << 24) | ((x & 0xff00) << 8) | ((x >>> 8) & 0xff00) | ((x >>> 24) & 0xff)) >>> 0;
}

export function ntohl(x: number): number {
  return htonl(x);
}

/** struct in_addr: s_addr in network byte order. */
export interface in_addr {
  s_addr: number;
}

export function in_addr(s_addr = 0): in_addr {
  return { s_addr };
}

/** glibc's inet_aton: dotted quads, and the a, a.b, a.b.c forms; decimal, octal (0) and hex (0x) parts. */
function parseAton(cp: string): number | null {
  const parts = cp.split(".");
  if (parts.length < 1 || parts.length > 4) return null;
  const vals: number[] = [];
  for (const part of parts) {
    const m = /^(0[xX][0-9a-fA-F]*|0[0-7]*|[1-9][0-9]*)$/.exec(part);
    if (!m) return null;
    const v = part.startsWith("0x") || part.startsWith("0X") ? parseInt(part.slice(2) || "0", 16) : part.length > 1 && part.startsWith("0") ? parseInt(part, 8) : Number(part);
    if (!Number.isFinite(v)) return null;
    vals.push(v);
  }
  const last = vals[vals.length - 1]!;
  const lead = vals.slice(0, -1);
  if (lead.some((v) => v > 255)) return null;
  const room = [0xffffffff, 0xffffff, 0xffff, 0xff][lead.length]!;
  if (last > room) return null;
  let ip = 0;
  lead.forEach((v, i) => (ip |= v << (24 - 8 * i)));
  return ((ip | last) >>> 0);
}

/** inet_aton(cp, inp): 1 and the address in network order, or 0. */
export function inet_aton(cp: string, inp: in_addr): number {
  const ip = parseAton(cp);
  if (ip === null) return 0;
  inp.s_addr = htonl(ip);
  return 1;
}

/** inet_addr(cp): the address in network order, or INADDR_NONE (0xffffffff). */
export function inet_addr(cp: string): number {
  const ip = parseAton(cp);
  return ip === null ? INADDR_NONE : htonl(ip);
}

/** inet_ntoa(in): "a.b.c.d". */
export function inet_ntoa(inp: in_addr): string {
  const ip = ntohl(inp.s_addr >>> 0);
  return `${ip >>> 24}.${(ip >>> 16) & 255}.${(ip >>> 8) & 255}.${ip & 255}`;
}

/** inet_pton(AF_INET, src, dst): 1, 0 for a malformed address, -1 (EAFNOSUPPORT) for another family. Strict dotted decimal. */
export function inet_pton(af: number, src: string, dst: in_addr): number {
  if (af !== AF_INET) {
    set_errno(97);
    return -1;
  }
  const m = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.exec(src);
  if (!m) return 0;
  const p = m.slice(1).map(Number);
  if (p.some((x, i) => x > 255 || (m[i + 1]!.length > 1 && m[i + 1]!.startsWith("0")))) return 0;
  dst.s_addr = htonl(((p[0]! << 24) | (p[1]! << 16) | (p[2]! << 8) | p[3]!) >>> 0);
  return 1;
}

/** inet_ntop(AF_INET, src): the text, or null (EAFNOSUPPORT / ENOSPC when size is too small). */
export function inet_ntop(af: number, src: in_addr, size = 16): string | null {
  if (af !== AF_INET) {
    set_errno(97);
    return null;
  }
  const s = inet_ntoa(src);
  if (s.length + 1 > size) {
    set_errno(28);
    return null;
  }
  return s;
}
