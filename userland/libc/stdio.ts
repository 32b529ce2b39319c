// <stdio.h> as glibc behaves: stdout is line-buffered on a terminal and
// fully buffered (4096 bytes) on a pipe, file or socket; stderr is
// unbuffered; reading a line-buffered stdin first flushes line-buffered
// output (so "REQ: " shows before fgets waits). Buffers are process memory:
// fork copies them (the child is replayed), exit() flushes them, _exit()
// does not.

import { strerror } from "../../kernel/uapi/errno.ts";
import { formatPrintf } from "./printf.ts";
import { errno, syscall, userSlot, type Sys } from "./syscall.ts";
import { _exit, fstat, stat_t } from "./unistd.ts";
import type { SyscallRequest } from "../../kernel/abi.ts";

/**
 * `#define EOF (-1)`: what the character and line functions (`fgetc`,
 * `getchar`, `fputs`, `fflush`, ...) return at end of file or on error.
 */
export const EOF = -1;
/**
 * `#define BUFSIZ 8192`, as glibc's <stdio.h> has it (the default `setvbuf`
 * size). A stream's own buffer is the descriptor's st_blksize, 4096 here,
 * as glibc sizes it; that is also how much `fgets`/`fgetc` read at a time.
 */
export const BUFSIZ = 8192;
/** glibc sizes a stream's buffer by the descriptor's st_blksize. */
const BLKSIZE = 4096;
/**
 * `#define _IOFBF 0`: `setvbuf` mode, fully buffered (output leaves when
 * the buffer is full or flushed; stdout on a pipe, file or socket).
 */
export const _IOFBF = 0,
  /**
   * `#define _IOLBF 1`: `setvbuf` mode, line-buffered (output leaves at each
   * newline; stdout on a terminal).
   */
  _IOLBF = 1,
  /** `#define _IONBF 2`: `setvbuf` mode, unbuffered (every call writes at once; stderr). */
  _IONBF = 2;

/**
 * `typedef struct _IO_FILE FILE;`
 *
 * A stdio stream handle: the descriptor it reads or writes and a name. The
 * buffer itself lives in process memory, keyed by fd (so fork copies it).
 * The streams are `stdin`, `stdout` and `stderr`; there is no `fopen`.
 */
export interface FILE {
  readonly fd: number;
  readonly name: string;
}

/**
 * `extern FILE *stdin;`
 *
 * standard I/O streams (stdin(3)): standard input, descriptor 0. Read with
 * `fgets`, `fgetc`, `getchar`; line-buffered on a terminal, fully buffered
 * otherwise.
 *
 * @example while ((yield* fgets(buf, buf.length, stdin)) !== null) { ... }
 */
export const stdin: FILE = Object.freeze({ fd: 0, name: "stdin" });
/**
 * `extern FILE *stdout;`
 *
 * standard I/O streams (stdout(3)): standard output, descriptor 1, where
 * `printf`, `puts` and `putchar` write. Line-buffered on a terminal, fully
 * buffered (4096 bytes) on a pipe, file or socket, as in glibc.
 *
 * @example yield* fprintf(stdout, "%d\n", n);
 */
export const stdout: FILE = Object.freeze({ fd: 1, name: "stdout" });
/**
 * `extern FILE *stderr;`
 *
 * standard I/O streams (stderr(3)): standard error, descriptor 2, where
 * `perror` writes. Unbuffered: each call writes at once.
 *
 * @example yield* fprintf(stderr, "usage: %s port\n", argv[0]);
 */
export const stderr: FILE = Object.freeze({ fd: 2, name: "stderr" });

interface Stream {
  /** -1 until the first I/O decides it (glibc's _IO_file_doallocate). */
  mode: number;
  out: Uint8Array;
  outLen: number;
  inBuf: Uint8Array;
  inPos: number;
  eof: boolean;
  error: boolean;
}

interface Stdio {
  streams: { [fd: number]: Stream };
  atexit: Array<() => Generator<SyscallRequest, unknown, unknown>>;
}

const enc = new TextEncoder();
const S_IFMT = 0o170000, S_IFCHR = 0o020000;

function state(): Stdio {
  return userSlot<Stdio>("stdio", () => ({ streams: {}, atexit: [] }));
}

function stream(fp: FILE): Stream {
  const st = state();
  return (st.streams[fp.fd] ??= {
    mode: fp.fd === 2 ? _IONBF : -1,
    out: new Uint8Array(0),
    outLen: 0,
    inBuf: new Uint8Array(0),
    inPos: 0,
    eof: false,
    error: false,
  });
}

/** Decides buffering as glibc does: a character device that is a tty is line-buffered. */
function* setup(fp: FILE, s: Stream): Sys<void> {
  if (s.mode !== -1) return;
  const st = stat_t();
  let mode = _IOFBF;
  if ((yield* fstat(fp.fd, st)) === 0 && (st.st_mode & S_IFMT) === S_IFCHR) {
    const r = yield* syscall<number>("ioctl", fp.fd, 0x5401 /* TCGETS */);
    if (r !== -1) mode = _IOLBF;
  }
  s.mode = mode;
  s.out = new Uint8Array(st.st_blksize > 0 ? st.st_blksize : BLKSIZE);
}

/**
 * `int setvbuf(FILE *restrict stream, char *restrict buf, int mode, size_t size);`
 *
 * stream buffering operations (setvbuf(3)). Sets `fp`'s buffering to
 * `_IOFBF` (a `size`-byte buffer, default `BUFSIZ`), `_IOLBF` or `_IONBF`.
 * Call it before any I/O on the stream, as C requires (output still in the
 * old buffer is dropped). `buf` must be `null`: the library allocates the
 * buffer. Returns 0; `mode` is not checked. A plain function, no `yield*`.
 *
 * @example setvbuf(stdout, null, _IONBF, 0);
 */
export function setvbuf(fp: FILE, _buf: null, mode: number, size = BUFSIZ): number {
  const s = stream(fp);
  s.mode = mode;
  s.out = new Uint8Array(mode === _IONBF ? 0 : Math.max(1, size));
  return 0;
}

/**
 * `void setbuf(FILE *restrict stream, char *restrict buf);`
 *
 * stream buffering operations (setbuf(3)). Only `setbuf(fp, null)` is
 * supported, which makes `fp` unbuffered (`setvbuf(fp, null, _IONBF, 0)`);
 * call it before any I/O on the stream. A plain function, no `yield*`.
 *
 * @example setbuf(stdout, null);
 */
export function setbuf(fp: FILE, buf: null): void {
  setvbuf(fp, buf, _IONBF, 0);
}

/** Writes all of `b` to fd, looping over partial writes. */
function* writeAll(fd: number, b: Uint8Array): Sys<boolean> {
  let off = 0;
  while (off < b.length) {
    const n = yield* syscall<number>("write", fd, off === 0 ? b : b.subarray(off));
    if (n === -1) return false;
    off += n;
  }
  return true;
}

function* flushStream(fp: FILE, s: Stream): Sys<number> {
  if (s.outLen === 0) return 0;
  const data = s.out.slice(0, s.outLen);
  s.outLen = 0;
  if (!(yield* writeAll(fp.fd, data))) {
    s.error = true;
    return EOF;
  }
  return 0;
}

/** The common output path of printf, puts, fputs, putchar. */
function* putBytes(fp: FILE, b: Uint8Array): Sys<number> {
  const s = stream(fp);
  if (s.mode === -1) yield* setup(fp, s);
  if (s.mode === _IONBF) return (yield* writeAll(fp.fd, b)) ? b.length : EOF;
  // Line-buffered: everything through the last newline goes out now.
  let upTo = 0;
  if (s.mode === _IOLBF) {
    const nl = b.lastIndexOf(10);
    if (nl >= 0) upTo = nl + 1;
  }
  let i = 0;
  while (i < b.length) {
    const room = s.out.length - s.outLen;
    const n = Math.min(room, b.length - i, upTo > i ? upTo - i : b.length - i);
    s.out.set(b.subarray(i, i + n), s.outLen);
    s.outLen += n;
    i += n;
    if (s.outLen === s.out.length || i === upTo) {
      if ((yield* flushStream(fp, s)) === EOF) return EOF;
    }
  }
  return b.length;
}

function* putString(fp: FILE, str: string): Sys<number> {
  return yield* putBytes(fp, enc.encode(str));
}

/**
 * `int printf(const char *restrict format, ...);`
 *
 * formatted output conversion (printf(3)): formats `args` as glibc does
 * (`%d %i %u %x %X %o %c %s %p %f %e %g %%`, flags, width, precision,
 * `l`/`ll`/`z`) and writes to `stdout` through its buffer: a terminal gets
 * each line at its newline, a pipe, file or socket when 4096 bytes have
 * gathered or at `fflush`/`exit` (not `_exit`). `%s` takes a JS string or a
 * char array (up to its NUL). Returns the number of bytes produced (UTF-8),
 * or EOF (-1) when a write failed, with `errno` set by write (EPIPE,
 * EBADF, ...); with a buffer, a failure shows at the flush that wrote.
 *
 * @example yield* printf("[%d] parent of [%d]\n", mypid, cpid);
 */
export function* printf(format: string, ...args: unknown[]): Sys<number> {
  return yield* putString(stdout, formatPrintf(format, args));
}

/**
 * `int fprintf(FILE *restrict stream, const char *restrict format, ...);`
 *
 * formatted output conversion (fprintf(3)): `printf` to the stream `fp`,
 * `stdout` or `stderr` (unbuffered). Returns the number of bytes produced,
 * or EOF (-1) when a write failed, with `errno` set.
 *
 * @example yield* fprintf(stderr, "ERROR: %s\n", strerror(errno));
 */
export function* fprintf(fp: FILE, format: string, ...args: unknown[]): Sys<number> {
  return yield* putString(fp, formatPrintf(format, args));
}

/**
 * `int dprintf(int fd, const char *restrict format, ...);`
 *
 * formatted output conversion (dprintf(3)): formats as `printf` and writes
 * straight to the descriptor `fd`, with no stdio buffer (so it is not
 * ordered with buffered `printf` output). Returns the number of bytes
 * written, or -1 with `errno` set by write (EBADF, EPIPE, ...).
 *
 * @example yield* dprintf(sock, "HTTP/1.0 200 OK\r\n");
 */
export function* dprintf(fd: number, format: string, ...args: unknown[]): Sys<number> {
  const b = enc.encode(formatPrintf(format, args));
  return (yield* writeAll(fd, b)) ? b.length : -1;
}

/**
 * `int sprintf(char *restrict str, const char *restrict format, ...);`
 *
 * formatted output conversion (sprintf(3)). The port has no `str`
 * argument: it returns the formatted text as a JS string (JS has no char
 * arrays to overflow); use `snprintf` to format into a char array. A plain
 * function, no `yield*`.
 *
 * @example const line = sprintf("%s:%d", host, port);
 */
export function sprintf(format: string, ...args: unknown[]): string {
  return formatPrintf(format, args);
}

/**
 * `int snprintf(char *restrict str, size_t size, const char *restrict format, ...);`
 *
 * formatted output conversion (snprintf(3)). Formats as `printf` into the
 * char array `buf`: at most `size - 1` bytes (and never past the end of
 * `buf`) followed by a NUL; with `size` 0 nothing is written. Returns the
 * length of the whole formatted text in bytes, so a result >= `size` means
 * it was truncated. A plain function, no `yield*`.
 *
 * @example const n = snprintf(buf, buf.length, "%d\n", value); yield* write(fd, buf, n);
 */
export function snprintf(buf: Uint8Array, size: number, format: string, ...args: unknown[]): number {
  const b = enc.encode(formatPrintf(format, args));
  if (size > 0) {
    const n = Math.min(b.length, size - 1, buf.length - 1);
    buf.set(b.subarray(0, n));
    buf[n] = 0;
  }
  return b.length;
}

/**
 * `int puts(const char *s);`
 *
 * output of characters and strings (puts(3)): writes `s` and a newline to
 * `stdout` (buffered like `printf`). Returns 1 (C promises a nonnegative
 * number), or EOF (-1) on a write error, with `errno` set.
 *
 * @example yield* puts("hello");
 */
export function* puts(s: string): Sys<number> {
  const n = yield* putString(stdout, s + "\n");
  // glibc returns the bytes written (the string and the newline).
  return n === EOF ? EOF : n;
}

/**
 * `int fputs(const char *restrict s, FILE *restrict stream);`
 *
 * output of characters and strings (fputs(3)): writes `s` to `fp`, without
 * a newline. `s` is a JS string or a char array (up to its NUL). Returns 1
 * (C promises a nonnegative number), or EOF (-1) on a write error, with
 * `errno` set.
 *
 * @example yield* fputs(buf, stdout);
 */
export function* fputs(s: string | Uint8Array, fp: FILE): Sys<number> {
  const b = typeof s === "string" ? enc.encode(s) : cbytes(s);
  return (yield* putBytes(fp, b)) === EOF ? EOF : 1;
}

/**
 * `int putchar(int c);`
 *
 * output of characters and strings (putchar(3)): writes the byte `c & 255`
 * to `stdout` (buffered like `printf`). Returns that byte as an unsigned
 * char, or EOF (-1) on a write error, with `errno` set.
 *
 * @example yield* putchar(10); // '\n'
 */
export function* putchar(c: number): Sys<number> {
  return (yield* putBytes(stdout, Uint8Array.of(c & 255))) === EOF ? EOF : c & 255;
}

/**
 * `int fputc(int c, FILE *stream);`
 *
 * output of characters and strings (fputc(3)): writes the byte `c & 255` to
 * `fp`. Returns that byte as an unsigned char, or EOF (-1) on a write
 * error, with `errno` set.
 *
 * @example yield* fputc(0x41, stderr); // 'A'
 */
export function* fputc(c: number, fp: FILE): Sys<number> {
  return (yield* putBytes(fp, Uint8Array.of(c & 255))) === EOF ? EOF : c & 255;
}

/**
 * `int fflush(FILE *stream);`
 *
 * flush a stream (fflush(3)): writes out what `fp`'s buffer holds, or, for
 * `null` (C's `fflush(NULL)`), that of `stdout` and `stderr`. Needed before
 * `fork` (or the child inherits a copy of the pending output and it appears
 * twice), before `_exit`/`execve`, and to show a prompt without a newline
 * on a pipe. Returns 0, or EOF (-1) if a write failed, with `errno` set
 * (EPIPE, EBADF, ...); the buffered data is then dropped.
 *
 * @example yield* printf("REQ: "); yield* fflush(stdout);
 */
export function* fflush(fp: FILE | null): Sys<number> {
  if (fp) {
    const s = stream(fp);
    return yield* flushStream(fp, s);
  }
  // fflush(NULL): every output stream the process has.
  let r = 0;
  const st = state();
  for (const fd of Object.keys(st.streams).map(Number)) {
    const f = fd === 1 ? stdout : fd === 2 ? stderr : { fd, name: `fd${fd}` };
    if ((yield* flushStream(f, st.streams[fd]!)) === EOF) r = EOF;
  }
  return r;
}

/** Refills an input stream; false at end of file or error. */
function* underflow(fp: FILE, s: Stream): Sys<boolean> {
  if (s.mode === -1) yield* setup(fp, s);
  // glibc flushes line-buffered output before reading a line-buffered (or unbuffered) stream.
  if (s.mode !== _IOFBF) {
    const o = stream(stdout);
    if (o.mode === _IOLBF) yield* flushStream(stdout, o);
  }
  const r = yield* syscall<Uint8Array>("read", fp.fd, BLKSIZE);
  if (r === -1) {
    s.error = true;
    return false;
  }
  if (r.length === 0) {
    s.eof = true;
    return false;
  }
  s.inBuf = r;
  s.inPos = 0;
  return true;
}

/**
 * `char *fgets(char *restrict s, int size, FILE *restrict stream);`
 *
 * input of characters and strings (fgets(3)). Reads a line from `fp` into
 * the char array `buf`: bytes up to and including the newline, at most
 * `n - 1` of them (and at most `buf.length - 1`), then a NUL. Reading a
 * terminal or unbuffered stream first flushes line-buffered `stdout`, so a
 * prompt shows before it waits. Returns `buf`, or `null` (C's NULL) when
 * nothing could be read: end of file, or a read error with `errno` set
 * (EINTR, EAGAIN, EBADF, ...); tell them apart with `feof`/`ferror`. Read
 * the line with `cstr(buf)`.
 *
 * @example while ((yield* fgets(buf, 256, stdin)) !== null) yield* printf("%s", buf);
 */
export function* fgets(buf: Uint8Array, n: number, fp: FILE): Sys<Uint8Array | null> {
  const s = stream(fp);
  let len = 0;
  const max = Math.min(n, buf.length) - 1;
  if (max < 0) return null;
  while (len < max) {
    if (s.inPos >= s.inBuf.length) {
      if (!(yield* underflow(fp, s))) break;
    }
    const c = s.inBuf[s.inPos++]!;
    buf[len++] = c;
    if (c === 10) break;
  }
  if (len === 0 && max > 0) return null;
  buf[len] = 0;
  return buf;
}

/**
 * `int fgetc(FILE *stream);`
 *
 * input of characters and strings (fgetc(3)): the next byte of `fp` as an
 * unsigned char (0..255), or EOF (-1) at end of file or on a read error
 * (`errno` set; tell them apart with `feof`/`ferror`). Shares the stream's
 * buffer with `fgets` and `getchar`.
 *
 * @example let c: number; while ((c = yield* fgetc(stdin)) !== EOF) yield* putchar(c);
 */
export function* fgetc(fp: FILE): Sys<number> {
  const s = stream(fp);
  if (s.inPos >= s.inBuf.length && !(yield* underflow(fp, s))) return EOF;
  return s.inBuf[s.inPos++]!;
}

/**
 * `int getchar(void);`
 *
 * input of characters and strings (getchar(3)): `fgetc(stdin)`, the next
 * byte of standard input (0..255), or EOF (-1) at end of file or on error.
 *
 * @example const c = yield* getchar();
 */
export function* getchar(): Sys<number> {
  return yield* fgetc(stdin);
}

/**
 * `int feof(FILE *stream);`
 *
 * check and reset stream status (feof(3)): nonzero (1) if a read on `fp`
 * hit end of file, else 0. Cleared by `clearerr`. A plain function, no
 * `yield*`.
 *
 * @example if (feof(stdin)) break;
 */
export function feof(fp: FILE): number {
  return stream(fp).eof ? 1 : 0;
}

/**
 * `int ferror(FILE *stream);`
 *
 * check and reset stream status (ferror(3)): nonzero (1) if a read or
 * write on `fp` failed, else 0. Cleared by `clearerr`. A plain function,
 * no `yield*`.
 *
 * @example if (ferror(stdout)) yield* perror("stdout");
 */
export function ferror(fp: FILE): number {
  return stream(fp).error ? 1 : 0;
}

/**
 * `void clearerr(FILE *stream);`
 *
 * check and reset stream status (clearerr(3)): clears `fp`'s end-of-file
 * and error indicators. A plain function, no `yield*`.
 *
 * @example clearerr(stdin);
 */
export function clearerr(fp: FILE): void {
  const s = stream(fp);
  s.eof = false;
  s.error = false;
}

/**
 * `void perror(const char *s);`
 *
 * print a system error message (perror(3)): writes `s: <strerror(errno)>`
 * and a newline to `stderr`, with glibc's exact text (`connect: Connection
 * refused`); just the text when `s` is empty or `null` (the default). Call
 * it right after the failing call, before anything else can change
 * `errno`.
 *
 * @example if (fd < 0) { yield* perror("ERROR opening socket"); yield* exit(1); }
 */
export function* perror(s: string | null = null): Sys<void> {
  const text = strerror(errno);
  yield* putString(stderr, s ? `${s}: ${text}\n` : `${text}\n`);
}

/**
 * `int atexit(void (*function)(void));`
 *
 * register a function to be called at normal process termination
 * (atexit(3)). `fn` is a generator function (`function* () { ... }`, so it
 * can `yield* printf(...)`); the handlers run at `exit()` and at return
 * from main, last registered first, before stdio is flushed — not at
 * `_exit` or death by a signal. The registrations are process memory:
 * inherited by a forked child, cleared by `execve`. Returns 0. A plain
 * function, no `yield*`.
 *
 * @example atexit(function* () { yield* printf("bye\n"); });
 */
export function atexit(fn: () => Generator<SyscallRequest, unknown, unknown>): number {
  state().atexit.push(fn);
  return 0;
}

/**
 * `[[noreturn]] void exit(int status);`
 *
 * cause normal process termination (exit(3)). Runs the `atexit` handlers
 * (last registered first), flushes every stdio stream, then ends the
 * process as `_exit(status)` does: only the low 8 bits of `status` reach
 * the parent (`WEXITSTATUS`; `EXIT_SUCCESS` 0, `EXIT_FAILURE` 1). Returning
 * a number from main is the same as calling exit with it. Never returns.
 *
 * @example yield* exit(1);
 */
export function* exit(status: number): Sys<never> {
  const st = state();
  while (st.atexit.length > 0) yield* st.atexit.pop()!();
  for (const fd of Object.keys(st.streams).map(Number)) {
    const fp = fd === 0 ? stdin : fd === 1 ? stdout : fd === 2 ? stderr : { fd, name: `fd${fd}` };
    yield* flushStream(fp, st.streams[fd]!);
  }
  return yield* _exit(status);
}

/** The bytes of a C string (up to the first NUL). */
function cbytes(b: Uint8Array): Uint8Array {
  const nul = b.indexOf(0);
  return nul < 0 ? b : b.subarray(0, nul);
}

