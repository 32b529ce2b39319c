// <string.h>, <strings.h>, <stdlib.h> helpers: pure functions over
// Uint8Array "char arrays". C strings end at the first NUL.

/**
 * `char *strerror(int errnum);` / `char *strsignal(int sig);` (`<string.h>`)
 *
 * strerror - return string describing error number (strerror(3)); strsignal -
 * return string describing signal (strsignal(3)). glibc's exact texts:
 * `strerror(ECONNREFUSED)` is "Connection refused", `strerror(0)` "Success",
 * an unknown number "Unknown error 200"; `strsignal(SIGINT)` is "Interrupt",
 * a real-time signal "Real-time signal 3". Plain functions returning a JS
 * string; no `yield*`.
 */
export { strerror } from "../../kernel/uapi/errno.ts";
export { strsignal } from "../../kernel/uapi/signal.ts";

const enc = new TextEncoder();
const dec = new TextDecoder();

/**
 * `(const char *) buf`
 *
 * A char array's C string as a JS string: the bytes before the first NUL
 * (all of them if there is none), decoded as UTF-8. kernsim only, the
 * bridge from C buffers to JS strings; a string is returned unchanged.
 *
 * @example const line = cstr(buf); // after yield* fgets(buf, buf.length, stdin)
 */
export function cstr(buf: Uint8Array | string): string {
  if (typeof buf === "string") return buf;
  const nul = buf.indexOf(0);
  return dec.decode(nul < 0 ? buf : buf.subarray(0, nul));
}

/**
 * `size_t strlen(const char *s);`
 *
 * calculate the length of a string (strlen(3)). The number of bytes before
 * the first NUL, or the whole array's length if it has none (C would read
 * past the end). A JS string counts its UTF-8 bytes, as C counts chars.
 * Pure function, no `yield*`.
 *
 * @example yield* write(sock, buf, strlen(buf));
 */
export function strlen(s: Uint8Array | string): number {
  if (typeof s === "string") return enc.encode(s).length;
  const nul = s.indexOf(0);
  return nul < 0 ? s.length : nul;
}

/**
 * `void *memset(void *s, int c, size_t n);`
 *
 * fill memory with a constant byte (memset(3)). Sets the first `n` bytes of
 * `buf` (default: all of it) to `c & 255` and returns `buf`. `n` past the
 * end of the array is clamped (C would overflow). Pure function, no `yield*`.
 *
 * @example memset(buf, 0, 256);
 */
export function memset(buf: Uint8Array, c: number, n: number = buf.length): Uint8Array {
  buf.fill(c & 255, 0, Math.min(n, buf.length));
  return buf;
}

/**
 * `void bzero(void *s, size_t n);`
 *
 * zero a byte string (bzero(3), `<strings.h>`). `memset(buf, 0, n)`; `n`
 * defaults to the whole array and is clamped to it. Pure function.
 *
 * @example bzero(buf, 256);
 */
export function bzero(buf: Uint8Array, n: number = buf.length): void {
  memset(buf, 0, n);
}

/**
 * `void *memcpy(void *restrict dest, const void *restrict src, size_t n);`
 *
 * copy memory area (memcpy(3)). Copies `n` bytes (default: all of `src`)
 * from `src` to the start of `dst` and returns `dst`. `src` may be a string
 * (its UTF-8 bytes, no NUL added). The count is clamped to both arrays'
 * lengths (C would read or write out of bounds), and overlapping copies
 * behave like memmove. For an offset, pass `dst.subarray(off)`. Pure function.
 *
 * @example memcpy(reply, buf, n);
 */
export function memcpy(dst: Uint8Array, src: Uint8Array | string, n?: number): Uint8Array {
  const s = typeof src === "string" ? enc.encode(src) : src;
  const len = Math.min(n ?? s.length, s.length, dst.length);
  dst.set(s.subarray(0, len));
  return dst;
}

/**
 * `void bcopy(const void *src, void *dest, size_t n);`
 *
 * copy byte sequence (bcopy(3), `<strings.h>`, deprecated): memcpy with the
 * arguments swapped (BSD), clamped like `memcpy`. Pure function. To copy an
 * address from a `hostent`, assign the struct field instead
 * (`serv_addr.sin_addr.s_addr = server.h_addr.s_addr`).
 *
 * @example bcopy(src, dst, n);
 */
export function bcopy(src: Uint8Array, dst: Uint8Array, n: number): void {
  memcpy(dst, src, n);
}

/**
 * `int memcmp(const void *s1, const void *s2, size_t n);`
 *
 * compare memory areas (memcmp(3)). Compares the first `n` bytes as
 * unsigned chars: returns 0 if they are equal, else the difference of the
 * first differing pair (negative if `a` sorts first). Bytes past the end of
 * an array read as 0 (C would read out of bounds). Pure function.
 *
 * @example if (memcmp(a, b, 4) === 0) { ... }
 */
export function memcmp(a: Uint8Array, b: Uint8Array, n: number): number {
  for (let i = 0; i < n; i++) if (a[i] !== b[i]) return (a[i] ?? 0) - (b[i] ?? 0);
  return 0;
}

/**
 * `char *strcpy(char *restrict dst, const char *restrict src);`
 *
 * copy a string (strcpy(3)). Copies the C string `src` (a char array up to
 * its NUL, or a JS string as UTF-8) and its NUL into `dst`; returns `dst`.
 * Where C would overflow `dst`, the copy is truncated to `dst.length - 1`
 * bytes and still NUL-terminated. Pure function.
 *
 * @example strcpy(buf, "hello");
 */
export function strcpy(dst: Uint8Array, src: Uint8Array | string): Uint8Array {
  const b = typeof src === "string" ? enc.encode(src) : src.subarray(0, strlen(src));
  dst.set(b.subarray(0, dst.length - 1));
  dst[Math.min(b.length, dst.length - 1)] = 0;
  return dst;
}

/**
 * `char *strncpy(char *restrict dst, const char *restrict src, size_t sz);`
 *
 * zero a fixed-width buffer and copy a string into a character sequence
 * with truncation and zero the rest of it (strncpy(3)). Writes exactly `n`
 * bytes: the string's bytes, then NULs to pad. As in C, `dst` is not
 * NUL-terminated when `src` has `n` or more bytes. Writes stop at the end
 * of `dst`. Returns `dst`. Pure function.
 *
 * @example strncpy(name, argv[1], name.length - 1);
 */
export function strncpy(dst: Uint8Array, src: Uint8Array | string, n: number): Uint8Array {
  const b = typeof src === "string" ? enc.encode(src) : src.subarray(0, strlen(src));
  for (let i = 0; i < n && i < dst.length; i++) dst[i] = i < b.length ? b[i]! : 0;
  return dst;
}

/**
 * `int strcmp(const char *s1, const char *s2);`
 *
 * compare two strings (strcmp(3)). Compares the C strings (char arrays up
 * to their NUL, or JS strings): returns -1, 0 or 1 (C only promises the
 * sign). The comparison is of the decoded strings, which for ASCII is
 * C's byte order. Pure function.
 *
 * @example if (strcmp(buf, "quit\n") === 0) break;
 */
export function strcmp(a: Uint8Array | string, b: Uint8Array | string): number {
  const x = cstr(a), y = cstr(b);
  return x < y ? -1 : x > y ? 1 : 0;
}

/**
 * `int strncmp(const char *s1, const char *s2, size_t n);`
 *
 * compare two strings (strncmp(3)). `strcmp` of at most the first `n`
 * characters (bytes, for ASCII) of each: -1, 0 or 1. Pure function.
 *
 * @example if (strncmp(buf, "GET ", 4) === 0) { ... }
 */
export function strncmp(a: Uint8Array | string, b: Uint8Array | string, n: number): number {
  return strcmp(cstr(a).slice(0, n), cstr(b).slice(0, n));
}

/**
 * `int atoi(const char *nptr);`
 *
 * convert a string to an integer (atoi(3)). Skips leading whitespace, reads
 * an optional sign and decimal digits, stops at the first other character;
 * 0 when there are none. Takes a char array or a JS string (`atoi(argv[1])`).
 * Out-of-range values wrap to 32 bits, as glibc's `(int) strtol(...)` does.
 * Never sets `errno`. Pure function.
 *
 * @example const port = atoi(argv[1]);
 */
export function atoi(s: string | Uint8Array): number {
  const m = /^\s*([+-]?\d+)/.exec(cstr(s));
  return m ? Number(m[1]) | 0 : 0;
}

/**
 * `long strtol(const char *restrict nptr, char **restrict endptr, int base);`
 *
 * convert a string to a long integer (strtol(3)). The port has no
 * `endptr`: the second argument is the base (default 10), so C's
 * `strtol(s, NULL, 16)` is `strtol(s, 16)`. Leading whitespace, a sign and
 * the digits of `base` are read up to the first other character (JS
 * `parseInt`); 0 when there are none. Base 16 accepts a `0x` prefix; base 0
 * detects `0x` only (no octal: "010" reads as 10). No ERANGE clamping: the
 * result is a JS number. Never sets `errno`. Pure function.
 *
 * @example const n = strtol(argv[2], 16);
 */
export function strtol(s: string | Uint8Array, base = 10): number {
  const n = parseInt(cstr(s).trim(), base);
  return Number.isNaN(n) ? 0 : n;
}

/**
 * `char buf[size] = "s";`
 *
 * A fresh char array holding `s` and a NUL (like a string literal), at
 * least `size` bytes long (zero-filled after the NUL); `s` is stored as
 * UTF-8. kernsim only; a plain function.
 *
 * @example const msg = cbuf("hello\n", 256);
 */
export function cbuf(s: string, size?: number): Uint8Array {
  const b = enc.encode(s);
  const out = new Uint8Array(Math.max(size ?? 0, b.length + 1));
  out.set(b);
  return out;
}
