// <string.h>, <strings.h>, <stdlib.h> helpers: pure functions over
// Uint8Array "char arrays". C strings end at the first NUL.

export { strerror } from "../../kernel/uapi/errno.ts";
export { strsignal } from "../../kernel/uapi/signal.ts";

const enc = new TextEncoder();
const dec = new TextDecoder();

/** A char array's C string as a JS string (bytes before the first NUL). */
export function cstr(buf: Uint8Array | string): string {
  if (typeof buf === "string") return buf;
  const nul = buf.indexOf(0);
  return dec.decode(nul < 0 ? buf : buf.subarray(0, nul));
}

/** strlen: bytes before the first NUL. */
export function strlen(s: Uint8Array | string): number {
  if (typeof s === "string") return enc.encode(s).length;
  const nul = s.indexOf(0);
  return nul < 0 ? s.length : nul;
}

export function memset(buf: Uint8Array, c: number, n: number = buf.length): Uint8Array {
  buf.fill(c & 255, 0, Math.min(n, buf.length));
  return buf;
}

export function bzero(buf: Uint8Array, n: number = buf.length): void {
  memset(buf, 0, n);
}

export function memcpy(dst: Uint8Array, src: Uint8Array | string, n?: number): Uint8Array {
  const s = typeof src === "string" ? enc.encode(src) : src;
  const len = Math.min(n ?? s.length, s.length, dst.length);
  dst.set(s.subarray(0, len));
  return dst;
}

/** bcopy(src, dst, n): memcpy with the arguments swapped (BSD). */
export function bcopy(src: Uint8Array, dst: Uint8Array, n: number): void {
  memcpy(dst, src, n);
}

export function memcmp(a: Uint8Array, b: Uint8Array, n: number): number {
  for (let i = 0; i < n; i++) if (a[i] !== b[i]) return (a[i] ?? 0) - (b[i] ?? 0);
  return 0;
}

/** strcpy(dst, src): copies the C string and its NUL. */
export function strcpy(dst: Uint8Array, src: Uint8Array | string): Uint8Array {
  const b = typeof src === "string" ? enc.encode(src) : src.subarray(0, strlen(src));
  dst.set(b.subarray(0, dst.length - 1));
  dst[Math.min(b.length, dst.length - 1)] = 0;
  return dst;
}

export function strncpy(dst: Uint8Array, src: Uint8Array | string, n: number): Uint8Array {
  const b = typeof src === "string" ? enc.encode(src) : src.subarray(0, strlen(src));
  for (let i = 0; i < n && i < dst.length; i++) dst[i] = i < b.length ? b[i]! : 0;
  return dst;
}

export function strcmp(a: Uint8Array | string, b: Uint8Array | string): number {
  const x = cstr(a), y = cstr(b);
  return x < y ? -1 : x > y ? 1 : 0;
}

export function strncmp(a: Uint8Array | string, b: Uint8Array | string, n: number): number {
  return strcmp(cstr(a).slice(0, n), cstr(b).slice(0, n));
}

/** atoi: leading whitespace, sign, digits; 0 when there are none. */
export function atoi(s: string | Uint8Array): number {
  const m = /^\s*([+-]?\d+)/.exec(cstr(s));
  return m ? Number(m[1]) | 0 : 0;
}

export function strtol(s: string | Uint8Array, base = 10): number {
  const n = parseInt(cstr(s).trim(), base);
  return Number.isNaN(n) ? 0 : n;
}

/** A fresh char array holding `s` and a NUL (like a string literal). */
export function cbuf(s: string, size?: number): Uint8Array {
  const b = enc.encode(s);
  const out = new Uint8Array(Math.max(size ?? 0, b.length + 1));
  out.set(b);
  return out;
}
