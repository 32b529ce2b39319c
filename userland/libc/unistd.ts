// <unistd.h>, <fcntl.h> and friends: thin wrappers over the syscall
// primitive. Buffers are Uint8Array; out-parameters are objects.

import { result, syscall, set_errno, type Ref, type Sys } from "./syscall.ts";
import { AT_FDCWD, O_CREAT } from "../../kernel/uapi/fcntl.ts";
import { EFAULT, EINVAL } from "../../kernel/uapi/errno.ts";

export { AT_FDCWD };
const enc = new TextEncoder();

/** Bytes of a write argument: a string is encoded as UTF-8 (C would pass its bytes). */
export function bytesOf(buf: Uint8Array | string, count?: number): Uint8Array {
  const b = typeof buf === "string" ? enc.encode(buf) : buf;
  return count === undefined || count >= b.length ? b : b.subarray(0, Math.max(0, count));
}

export function fork(): Sys<number> {
  return syscall<number>("fork");
}

export function execve(path: string, argv: readonly string[], _envp: readonly string[] = []): Sys<number> {
  return syscall<number>("execve", path, [...argv]);
}

/** execv(path, argv): execve with the current environment. */
export function* execv(path: string, argv: readonly string[]): Sys<number> {
  return yield* execve(path, argv);
}

/** execvp: looks the name up in /bin when it has no slash. */
export function* execvp(file: string, argv: readonly string[]): Sys<number> {
  return yield* execve(file.includes("/") ? file : `/bin/${file}`, argv);
}

/** _exit(status): ends the process at once; stdio buffers are lost. */
export function* _exit(status: number): Sys<never> {
  yield* syscall("exit_group", status);
  throw new Error("unreachable: exit_group returned");
}

const NOARGS: readonly unknown[] = [];

export function* getpid(): Sys<number> {
  return result<number>(yield { nr: "getpid", args: NOARGS });
}

export function getppid(): Sys<number> {
  return syscall<number>("getppid");
}

export function getpgrp(): Sys<number> {
  return syscall<number>("getpgid", 0);
}

export function getpgid(pid: number): Sys<number> {
  return syscall<number>("getpgid", pid);
}

export function setpgid(pid: number, pgid: number): Sys<number> {
  return syscall<number>("setpgid", pid, pgid);
}

export function getuid(): Sys<number> {
  return syscall<number>("getuid");
}

/** read(fd, buf, count): fills buf from offset 0; returns the byte count, 0 at EOF, or -1. */
export function* read(fd: number, buf: Uint8Array, count: number = buf.length): Sys<number> {
  // C would write past the buffer; the kernel's copy_to_user faults instead.
  if (count > buf.length) return fault();
  const r = result<Uint8Array>(yield { nr: "read", args: [fd, count] });
  if (r === -1) return -1;
  buf.set(r);
  return r.length;
}

/** write(fd, buf, count): buf may be a string (its UTF-8 bytes). */
export function* write(fd: number, buf: Uint8Array | string, count?: number): Sys<number> {
  const b = bytesOf(buf, count);
  if (count !== undefined && count > b.length) return fault();
  return result<number>(yield { nr: "write", args: [fd, b] });
}

/** EFAULT: a count larger than the buffer (C would read or write out of bounds). */
export function fault(): -1 {
  set_errno(EFAULT);
  return -1;
}

export function close(fd: number): Sys<number> {
  return syscall<number>("close", fd);
}

export function lseek(fd: number, offset: number, whence: number): Sys<number> {
  return syscall<number>("lseek", fd, offset, whence);
}

export function dup(fd: number): Sys<number> {
  return syscall<number>("dup", fd);
}

export function dup2(oldfd: number, newfd: number): Sys<number> {
  return syscall<number>("dup2", oldfd, newfd);
}

export function dup3(oldfd: number, newfd: number, flags: number): Sys<number> {
  return syscall<number>("dup3", oldfd, newfd, flags);
}

/** pipe(fds): fds[0] is the read end, fds[1] the write end. */
export function* pipe(fds: Int32Array | number[]): Sys<number> {
  return yield* pipe2(fds, 0);
}

export function* pipe2(fds: Int32Array | number[], flags: number): Sys<number> {
  const r = yield* syscall<[number, number]>("pipe2", flags);
  if (r === -1) return -1;
  fds[0] = r[0];
  fds[1] = r[1];
  return 0;
}

/** open(path, flags[, mode]). */
export function open(path: string, flags: number, mode = 0o666): Sys<number> {
  return syscall<number>("openat", path, flags, flags & O_CREAT ? mode : undefined);
}

export function* creat(path: string, mode: number): Sys<number> {
  return yield* open(path, 0o1 | 0o100 | 0o1000, mode);
}

export function unlink(path: string): Sys<number> {
  return syscall<number>("unlink", path);
}

export function mkdir(path: string, mode = 0o777): Sys<number> {
  return syscall<number>("mkdir", path, mode);
}

export function rmdir(path: string): Sys<number> {
  return syscall<number>("rmdir", path);
}

export function chdir(path: string): Sys<number> {
  return syscall<number>("chdir", path);
}

export function* getcwd(): Sys<string | null> {
  const r = yield* syscall<string>("getcwd");
  return r === -1 ? null : r;
}

export function fcntl(fd: number, cmd: number, arg = 0): Sys<number> {
  return syscall<number>("fcntl", fd, cmd, arg);
}

export function* ioctl(fd: number, request: number, out?: Ref<number>): Sys<number> {
  const r = yield* syscall<number>("ioctl", fd, request);
  if (r === -1) return -1;
  if (out) {
    out.value = r;
    return 0;
  }
  return r;
}

export interface stat_t {
  st_ino: number;
  st_mode: number;
  st_nlink: number;
  st_uid: number;
  st_size: number;
  st_blksize: number;
}

export function stat_t(): stat_t {
  return { st_ino: 0, st_mode: 0, st_nlink: 0, st_uid: 0, st_size: 0, st_blksize: 0 };
}

export function* fstat(fd: number, st: stat_t): Sys<number> {
  const r = yield* syscall<stat_t>("fstat", fd);
  if (r === -1) return -1;
  Object.assign(st, r);
  return 0;
}

export function* stat(path: string, st: stat_t): Sys<number> {
  const r = yield* syscall<stat_t>("stat", path);
  if (r === -1) return -1;
  Object.assign(st, r);
  return 0;
}

export function* isatty(fd: number): Sys<number> {
  const r = yield* syscall<number>("ioctl", fd, 0x5401);
  return r === -1 ? 0 : 1;
}

export interface timespec {
  tv_sec: number;
  tv_nsec: number;
}

export function timespec(tv_sec = 0, tv_nsec = 0): timespec {
  return { tv_sec, tv_nsec };
}

/** nanosleep(req, rem): -1/EINTR with the time left in rem when a handler interrupts it. */
export function* nanosleep(req: timespec, rem: timespec | null = null): Sys<number> {
  if (req.tv_nsec < 0 || req.tv_nsec >= 1e9 || req.tv_sec < 0) {
    set_errno(EINVAL);
    return -1;
  }
  const r = yield* syscall<number | { ret: number; rem: number }>("nanosleep", req.tv_sec * 1e9 + req.tv_nsec);
  if (typeof r === "object") {
    if (rem) {
      rem.tv_sec = Math.floor(r.rem / 1e9);
      rem.tv_nsec = r.rem % 1e9;
    }
    set_errno(-r.ret);
    return -1;
  }
  return r;
}

/** sleep(seconds): 0, or the whole seconds left (truncated) when a handler interrupted it. */
export function* sleep(seconds: number): Sys<number> {
  const rem = timespec();
  const r = yield* nanosleep(timespec(Math.floor(seconds), 0), rem);
  return r === -1 ? rem.tv_sec : 0;
}

export function* usleep(usec: number): Sys<number> {
  return yield* nanosleep(timespec(Math.floor(usec / 1e6), (usec % 1e6) * 1000));
}

export function pause(): Sys<number> {
  return syscall<number>("pause");
}

export function alarm(seconds: number): Sys<number> {
  return syscall<number>("alarm", seconds);
}

/** kernsim: burn `ns` nanoseconds of CPU (a computation that takes that long). */
export function compute(ns: number): Sys<number> {
  return syscall<number>("compute", ns);
}

/** kernsim: one turn of a busy loop. `while (1) {}` ports as `for (;;) yield* spin();`. */
export function spin(): Sys<number> {
  return syscall<number>("spin");
}

export function sched_yield(): Sys<number> {
  return syscall<number>("sched_yield");
}

/** gethostname(name, len): fills `name` with the host name (a NUL-terminated C string). */
export function* gethostname(name: Uint8Array, len: number = name.length): Sys<number> {
  const u = yield* syscall<{ nodename: string }>("uname");
  if (u === -1) return -1;
  const b = enc.encode(u.nodename);
  if (b.length + 1 > len) {
    set_errno(36); // ENAMETOOLONG
    return -1;
  }
  name.set(b);
  name[b.length] = 0;
  return 0;
}

/** Simulated nanoseconds since the run began (CLOCK_MONOTONIC). */
export function clock_gettime_ns(): Sys<number> {
  return syscall<number>("clock_gettime");
}
