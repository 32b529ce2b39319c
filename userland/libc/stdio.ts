// <stdio.h> as glibc behaves: stdout is line-buffered on a terminal and
// fully buffered (4096 bytes) on a pipe, file or socket; stderr is
// unbuffered; reading a line-buffered stdin first flushes line-buffered
// output (so "REQ: " shows before fgets waits). Buffers are process memory:
// fork copies them (the child is replayed), exit() flushes them, _exit()
// does not.

import { strerror } from "../../kernel/uapi/errno.ts";
import { formatPrintf } from "./printf.ts";
import { errno, set_errno, syscall, userSlot, type Sys } from "./syscall.ts";
import { _exit, fstat, stat_t } from "./unistd.ts";
import type { SyscallRequest } from "../../kernel/abi.ts";

export const EOF = -1;
export const BUFSIZ = 4096;
export const _IOFBF = 0, _IOLBF = 1, _IONBF = 2;

/** A stdio stream handle. The buffer itself lives in process memory, keyed by fd. */
export interface FILE {
  readonly fd: number;
  readonly name: string;
}

export const stdin: FILE = Object.freeze({ fd: 0, name: "stdin" });
export const stdout: FILE = Object.freeze({ fd: 1, name: "stdout" });
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
  s.out = new Uint8Array(BUFSIZ);
}

/** setvbuf(fp, null, mode, size): before any I/O. */
export function setvbuf(fp: FILE, _buf: null, mode: number, size = BUFSIZ): number {
  const s = stream(fp);
  s.mode = mode;
  s.out = new Uint8Array(mode === _IONBF ? 0 : Math.max(1, size));
  return 0;
}

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

export function* printf(format: string, ...args: unknown[]): Sys<number> {
  return yield* putString(stdout, formatPrintf(format, args));
}

export function* fprintf(fp: FILE, format: string, ...args: unknown[]): Sys<number> {
  return yield* putString(fp, formatPrintf(format, args));
}

/** dprintf(fd, ...): formatted output straight to a descriptor, no buffer. */
export function* dprintf(fd: number, format: string, ...args: unknown[]): Sys<number> {
  const b = enc.encode(formatPrintf(format, args));
  return (yield* writeAll(fd, b)) ? b.length : -1;
}

/** sprintf into a string (JS has no char arrays to overflow). */
export function sprintf(format: string, ...args: unknown[]): string {
  return formatPrintf(format, args);
}

/** snprintf(buf, size, ...): writes at most size-1 bytes and a NUL; returns the full length. */
export function snprintf(buf: Uint8Array, size: number, format: string, ...args: unknown[]): number {
  const b = enc.encode(formatPrintf(format, args));
  if (size > 0) {
    const n = Math.min(b.length, size - 1, buf.length - 1);
    buf.set(b.subarray(0, n));
    buf[n] = 0;
  }
  return b.length;
}

export function* puts(s: string): Sys<number> {
  return (yield* putString(stdout, s + "\n")) === EOF ? EOF : 1;
}

export function* fputs(s: string | Uint8Array, fp: FILE): Sys<number> {
  const b = typeof s === "string" ? enc.encode(s) : cbytes(s);
  return (yield* putBytes(fp, b)) === EOF ? EOF : 1;
}

export function* putchar(c: number): Sys<number> {
  return (yield* putBytes(stdout, Uint8Array.of(c & 255))) === EOF ? EOF : c & 255;
}

export function* fputc(c: number, fp: FILE): Sys<number> {
  return (yield* putBytes(fp, Uint8Array.of(c & 255))) === EOF ? EOF : c & 255;
}

/** fflush(fp), or every stream for null. */
export function* fflush(fp: FILE | null): Sys<number> {
  if (fp) {
    const s = stream(fp);
    return yield* flushStream(fp, s);
  }
  let r = 0;
  for (const f of [stdout, stderr]) if ((yield* flushStream(f, stream(f))) === EOF) r = EOF;
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
  const r = yield* syscall<Uint8Array>("read", fp.fd, BUFSIZ);
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

/** fgets(buf, n, fp): reads a line (through "\n") of at most n-1 bytes, NUL-terminates; null at EOF. */
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

/** getc/getchar: the next byte, or EOF. */
export function* fgetc(fp: FILE): Sys<number> {
  const s = stream(fp);
  if (s.inPos >= s.inBuf.length && !(yield* underflow(fp, s))) return EOF;
  return s.inBuf[s.inPos++]!;
}

export function* getchar(): Sys<number> {
  return yield* fgetc(stdin);
}

export function feof(fp: FILE): number {
  return stream(fp).eof ? 1 : 0;
}

export function ferror(fp: FILE): number {
  return stream(fp).error ? 1 : 0;
}

export function clearerr(fp: FILE): void {
  const s = stream(fp);
  s.eof = false;
  s.error = false;
}

/** perror(s): "s: <strerror(errno)>\n" on stderr (just the text when s is empty or null). */
export function* perror(s: string | null = null): Sys<void> {
  const text = strerror(errno);
  yield* putString(stderr, s ? `${s}: ${text}\n` : `${text}\n`);
}

/** atexit(fn): fn (a generator function) runs at exit(), last registered first. */
export function atexit(fn: () => Generator<SyscallRequest, unknown, unknown>): number {
  state().atexit.push(fn);
  return 0;
}

/** exit(status): runs atexit handlers, flushes stdio, ends the process. */
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

