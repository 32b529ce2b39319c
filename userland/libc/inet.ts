// <arpa/inet.h> and <netinet/in.h>: byte order and address text, pure
// functions as in glibc (x86_64 is little-endian, so htons swaps).

import { AF_INET, INADDR_NONE } from "../../kernel/uapi/socket.ts";
import { set_errno } from "./syscall.ts";

/**
 * `uint16_t htons(uint16_t hostshort);`
 *
 * convert values between host and network byte order (htons(3)). Swaps the
 * two bytes of a 16-bit value (x86-64 is little-endian): use it to put a
 * port into `sin_port`. A plain function: no `yield*`.
 *
 * @example addr.sin_port = htons(8080);
 */
export function htons(x: number): number {
  return ((x & 0xff) << 8) | ((x >>> 8) & 0xff);
}

/**
 * `uint16_t ntohs(uint16_t netshort);`
 *
 * convert values between host and network byte order (ntohs(3)). The
 * inverse of `htons` (the same swap): a port read from `sin_port` as a
 * number. A plain function: no `yield*`.
 *
 * @example yield* printf("port %d\n", ntohs(peer.sin_port));
 */
export function ntohs(x: number): number {
  return htons(x);
}

/**
 * `uint32_t htonl(uint32_t hostlong);`
 *
 * convert values between host and network byte order (htonl(3)). Reverses
 * the four bytes of a 32-bit value, returned unsigned: use it for
 * `sin_addr.s_addr` (`htonl(INADDR_ANY)`, `htonl(INADDR_LOOPBACK)`). A
 * plain function: no `yield*`.
 *
 * @example addr.sin_addr.s_addr = htonl(INADDR_ANY);
 */
export function htonl(x: number): number {
  return (((x & 0xff) << 24) | ((x & 0xff00) << 8) | ((x >>> 8) & 0xff00) | ((x >>> 24) & 0xff)) >>> 0;
}

/**
 * `uint32_t ntohl(uint32_t netlong);`
 *
 * convert values between host and network byte order (ntohl(3)). The
 * inverse of `htonl`, returned unsigned. A plain function: no `yield*`.
 *
 * @example const ip = ntohl(peer.sin_addr.s_addr);
 */
export function ntohl(x: number): number {
  return htonl(x);
}

/**
 * `struct in_addr { in_addr_t s_addr; };`
 *
 * An IPv4 address: `s_addr` is a 32-bit unsigned number in network byte
 * order (what `inet_pton`, `inet_aton` and `htonl` produce). Make one with
 * `in_addr()`.
 */
export interface in_addr {
  s_addr: number;
}

/**
 * `struct in_addr a = { .s_addr = s_addr };`
 *
 * A struct in_addr holding `s_addr` (default 0), e.g. as `inet_pton`'s
 * out-parameter. kernsim only.
 *
 * @example const a = in_addr(); yield* inet_pton(AF_INET, "10.0.0.1", a);
 */
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

/**
 * `int inet_aton(const char *cp, struct in_addr *inp);`
 *
 * Internet address manipulation routines (inet_aton(3)). Parses `cp` as
 * glibc does — dotted quads and the a, a.b, a.b.c forms, each part decimal,
 * octal (leading 0) or hex (0x) — and stores the address, in network byte
 * order, in `inp.s_addr`. Returns 1, or 0 for an invalid address (`errno`
 * is not set). A plain function: no `yield*`.
 *
 * @example const a = in_addr(); if (!inet_aton(argv[1], a)) yield* fprintf(stderr, "bad address\n");
 */
export function inet_aton(cp: string, inp: in_addr): number {
  const ip = parseAton(cp);
  if (ip === null) return 0;
  inp.s_addr = htonl(ip);
  return 1;
}

/**
 * `in_addr_t inet_addr(const char *cp);`
 *
 * Internet address manipulation routines (inet_addr(3)). Parses `cp` as
 * `inet_aton` does and returns the address in network byte order, or
 * `INADDR_NONE` (0xffffffff) when it is invalid — which is also what the
 * valid "255.255.255.255" gives (prefer `inet_pton`). A plain function: no
 * `yield*`.
 *
 * @example addr.sin_addr.s_addr = inet_addr("127.0.0.1");
 */
export function inet_addr(cp: string): number {
  const ip = parseAton(cp);
  return ip === null ? INADDR_NONE : htonl(ip);
}

/**
 * `char *inet_ntoa(struct in_addr in);`
 *
 * Internet address manipulation routines (inet_ntoa(3)). The address
 * (network byte order) as dotted-decimal text "a.b.c.d". Returns a fresh
 * string (C returns a static buffer that the next call overwrites). Cannot
 * fail. A plain function: no `yield*`.
 *
 * @example yield* printf("from %s\n", inet_ntoa(peer.sin_addr));
 */
export function inet_ntoa(inp: in_addr): string {
  const ip = ntohl(inp.s_addr >>> 0);
  return `${ip >>> 24}.${(ip >>> 16) & 255}.${(ip >>> 8) & 255}.${ip & 255}`;
}

/**
 * `int inet_pton(int af, const char *src, void *dst);`
 *
 * convert IPv4 and IPv6 addresses from text to binary form (inet_pton(3)).
 * For `AF_INET` only (no IPv6): parses `src` as strict dotted decimal (four
 * parts 0..255, no leading zeros) and stores the address, in network byte
 * order, in `dst.s_addr`. Returns 1; 0 when `src` is not a valid address
 * (`errno` not set); or -1 with `errno` set to EAFNOSUPPORT for another
 * `af`. A plain function: no `yield*`.
 *
 * @example if (inet_pton(AF_INET, "10.0.0.2", addr.sin_addr) !== 1) yield* fprintf(stderr, "bad address\n");
 */
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

/**
 * `const char *inet_ntop(int af, const void *src, char *dst, socklen_t size);`
 *
 * convert IPv4 and IPv6 addresses from binary to text form (inet_ntop(3)).
 * For `AF_INET` only: the address in `src` (network byte order) as
 * dotted-decimal text. The text is returned rather than written into a
 * `dst` buffer; `size` (default `INET_ADDRSTRLEN`, 16) is the buffer size C
 * would pass, NUL included. Returns the text, or null with `errno` set:
 * EAFNOSUPPORT (another `af`), ENOSPC (`size` too small). A plain function:
 * no `yield*`.
 *
 * @example yield* printf("peer %s\n", inet_ntop(AF_INET, peer.sin_addr, INET_ADDRSTRLEN));
 */
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
