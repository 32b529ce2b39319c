// <unistd.h>, <fcntl.h> and friends: thin wrappers over the syscall
// primitive. Buffers are Uint8Array; out-parameters are objects.

import { Call, syscall, set_errno, type Ref, type Sys } from "./syscall.ts";
import { AT_FDCWD, O_CREAT } from "../../kernel/uapi/fcntl.ts";
import { EFAULT, EINVAL } from "../../kernel/uapi/errno.ts";

/**
 * `#define AT_FDCWD -100` (`<fcntl.h>`): the `dirfd` that makes the `*at()`
 * calls resolve a relative path against the current working directory.
 */
export { AT_FDCWD };
const enc = new TextEncoder();

/**
 * The bytes of a `write`/`send` buffer argument: a string is encoded as
 * UTF-8 (C would pass its bytes); a `count` limits them to the first
 * `count` bytes. kernsim only (libc internals); a plain function.
 *
 * @example const b = bytesOf("hello\n"); // Uint8Array(6)
 */
export function bytesOf(buf: Uint8Array | string, count?: number): Uint8Array {
  const b = typeof buf === "string" ? enc.encode(buf) : buf;
  return count === undefined || count >= b.length ? b : b.subarray(0, Math.max(0, count));
}

/**
 * `pid_t fork(void);`
 *
 * create a child process (fork(2)). Returns the child's pid in the parent
 * and 0 in the child, or -1 with `errno` set (EAGAIN: the host's process
 * limit). The child gets a copy of the caller's memory — locals, buffers,
 * the stdio buffers (flush first, or unflushed output appears twice, as in
 * C) and `errno` — and of its descriptors. kernsim rebuilds the child by
 * replaying the parent's syscall results into a fresh run of the program,
 * so a program must be a pure function of its syscall results (no
 * `Math.random()`, `Date.now()` or changing module-level state; see
 * docs/porting.md).
 *
 * @example const cpid = yield* fork(); if (cpid === 0) { ... child ... }
 */
export function fork(): Sys<number> {
  return syscall<number>("fork");
}

/**
 * `int execve(const char *pathname, char *const argv[], char *const envp[]);`
 *
 * execute program (execve(2)). Replaces the calling process's program with
 * the one installed at `path` (programs live in the host's file system as
 * `/bin/<name>`). `argv` is a string array (no NULL terminator; `argv[0]`
 * is conventionally the name). `envp` is accepted and ignored: kernsim has
 * no environment. On success it does not return: caught signals go back to
 * `SIG_DFL` (ignored ones and the mask are kept), close-on-exec descriptors
 * are closed and process memory, including unflushed stdio output, is
 * discarded, as in C. Returns -1 with `errno` set: ENOENT (no such file),
 * EACCES (a directory, or no execute permission), ENOEXEC (not a program).
 *
 * @example yield* execve("/bin/ls", ["ls", "-l"], []); yield* perror("execve");
 */
export function execve(path: string, argv: readonly string[], _envp: readonly string[] = []): Sys<number> {
  return syscall<number>("execve", path, [...argv]);
}

/**
 * `int execv(const char *pathname, char *const argv[]);`
 *
 * execute a file (exec(3)). `execve(path, argv)` with the current
 * environment (kernsim has none). Does not return on success; -1 with
 * `errno` set (ENOENT, EACCES, ENOEXEC) otherwise.
 *
 * @example yield* execv("/bin/cat", ["cat", "notes.txt"]);
 */
export function* execv(path: string, argv: readonly string[]): Sys<number> {
  return yield* execve(path, argv);
}

/**
 * `int execvp(const char *file, char *const argv[]);`
 *
 * execute a file (exec(3)). Like `execv`, but a `file` without a slash is
 * looked up as `/bin/<file>` (kernsim's only PATH directory; there is no
 * PATH variable). Does not return on success; -1 with `errno` set (ENOENT,
 * EACCES, ENOEXEC) otherwise.
 *
 * @example yield* execvp(argv[1], argv.slice(1));
 */
export function* execvp(file: string, argv: readonly string[]): Sys<number> {
  return yield* execve(file.includes("/") ? file : `/bin/${file}`, argv);
}

/**
 * `[[noreturn]] void _exit(int status);`
 *
 * terminate the calling process (_exit(2)). Ends the process at once:
 * unlike `exit()`, no atexit handlers run and stdio buffers are lost
 * (unflushed `printf` output never appears). Only the low 8 bits of
 * `status` reach the parent (`WEXITSTATUS`). Its children are re-parented
 * to init and the parent gets SIGCHLD. Never returns; cannot fail.
 *
 * @example if (cpid === 0) yield* _exit(0);
 */
export function* _exit(status: number): Sys<never> {
  yield* syscall("exit_group", status);
  throw new Error("unreachable: exit_group returned");
}

/** One shared empty argument list: the kernel never writes to a request. */
const NOARGS: readonly unknown[] = [];

/**
 * `pid_t getpid(void);`
 *
 * get process identification (getpid(2)). The caller's process ID. Always
 * succeeds.
 *
 * @example const mypid = yield* getpid();
 */
export function getpid(): Sys<number> {
  return new Call<number>("getpid", NOARGS);
}


/**
 * `pid_t getppid(void);`
 *
 * get process identification (getppid(2)). The parent's process ID; an
 * orphan reports 1 (init adopts and reaps it). Always succeeds.
 *
 * @example yield* printf("parent is %d\n", yield* getppid());
 */
export function getppid(): Sys<number> {
  return syscall<number>("getppid");
}

/**
 * `pid_t getpgrp(void);`
 *
 * set/get process group (getpgrp(2)). The caller's process group ID (POSIX
 * version: `getpgid(0)`). Always succeeds.
 *
 * @example const pgrp = yield* getpgrp();
 */
export function getpgrp(): Sys<number> {
  return syscall<number>("getpgid", 0);
}

/**
 * `pid_t getpgid(pid_t pid);`
 *
 * set/get process group (getpgid(2)). The process group ID of process
 * `pid` (0: the caller). Returns -1 with `errno` set to ESRCH when there is
 * no such process.
 *
 * @example const g = yield* getpgid(cpid);
 */
export function getpgid(pid: number): Sys<number> {
  return syscall<number>("getpgid", pid);
}

/**
 * `int setpgid(pid_t pid, pid_t pgid);`
 *
 * set/get process group (setpgid(2)). Moves process `pid` (0: the caller;
 * otherwise the caller or one of its children) into group `pgid` (0: a new
 * group whose ID is `pid`), as a shell does for a job. Returns 0, or -1 with
 * `errno` set: ESRCH (not the caller or its child), EINVAL (`pgid` < 0),
 * EPERM (another session, or no such group in the caller's session).
 *
 * @example yield* setpgid(0, 0); // become a process group leader
 */
export function setpgid(pid: number, pgid: number): Sys<number> {
  return syscall<number>("setpgid", pid, pgid);
}

/**
 * `uid_t getuid(void);`
 *
 * get user identity (getuid(2)). The caller's real user ID; scenario
 * processes run as uid 1000. Always succeeds.
 *
 * @example if ((yield* getuid()) === 0) { ... }
 */
export function getuid(): Sys<number> {
  return syscall<number>("getuid");
}

/**
 * `ssize_t read(int fd, void *buf, size_t count);`
 *
 * read from a file descriptor (read(2)). Reads up to `count` bytes
 * (default: `buf.length`) into `buf`, filling it from offset 0 (pass
 * `buf.subarray(off)` to read into the middle); blocks until data is there
 * unless the descriptor is O_NONBLOCK. Returns the number of bytes read, 0
 * at end of file (or when the peer closed), or -1 with `errno` set: EBADF,
 * EINVAL, EAGAIN (O_NONBLOCK and nothing to read), EINTR (a handler without
 * SA_RESTART interrupted it), EISDIR, ECONNRESET, ENOTCONN, and EFAULT for
 * a `count` larger than `buf` (where C would write past the buffer).
 *
 * @example const n = yield* read(fd, buf, buf.length);
 */
export function read(fd: number, buf: Uint8Array, count: number = buf.length): Sys<number> {
  // C would write past the buffer; the kernel's copy_to_user faults instead.
  if (count > buf.length) return efault();
  return new Call<number>("read", [fd, count], copyRead, buf);
}

/** read's reply is the bytes: they land in the caller's buffer. */
function copyRead(r: unknown, buf: unknown): number {
  if (r === -1) return -1;
  const src = r as Uint8Array;
  const dst = buf as Uint8Array;
  const n = src.length;
  // A few bytes (a line, an echo) copy faster by hand than through TypedArray.set.
  if (n <= 64) for (let i = 0; i < n; i++) dst[i] = src[i]!;
  else dst.set(src);
  return n;
}

/**
 * `ssize_t write(int fd, const void *buf, size_t count);`
 *
 * write to a file descriptor (write(2)). Writes `count` bytes (default: all
 * of `buf`) from `buf`, which may be a string (its UTF-8 bytes). Bypasses
 * stdio: output already buffered by `printf` is not flushed first. A
 * blocking write completes, or returns the partial count when a handler
 * interrupts it after some bytes went out. Returns the number of bytes
 * written, or -1 with `errno` set: EBADF, EAGAIN (O_NONBLOCK and no room),
 * EPIPE (no reader; SIGPIPE is sent too), EINTR, and EFAULT for a `count`
 * larger than `buf` (where C would read past the buffer).
 *
 * @example yield* write(1, buf, n);
 */
export function write(fd: number, buf: Uint8Array | string, count?: number): Sys<number> {
  const b = bytesOf(buf, count);
  if (count !== undefined && count > b.length) return efault();
  return new Call<number>("write", [fd, b]);
}

/**
 * Sets `errno` to EFAULT and returns -1: what the libc reports for a count
 * larger than the buffer (C would read or write out of bounds). kernsim
 * only (libc internals); a plain function.
 *
 * @example if (count > buf.length) return fault();
 */
export function fault(): -1 {
  set_errno(EFAULT);
  return -1;
}

/** `fault()` as a call that makes no syscall, for wrappers that return their Call. */
function* efault(): Sys<number> {
  return fault();
}

/**
 * `int close(int fd);`
 *
 * close a file descriptor (close(2)). Frees `fd`; the open file (pipe end,
 * socket) is released when its last descriptor closes — that is when a
 * pipe's reader sees EOF or a TCP connection is shut down. Returns 0, or -1
 * with `errno` set to EBADF (not an open descriptor).
 *
 * @example yield* close(fds[0]);
 */
export function close(fd: number): Sys<number> {
  return syscall<number>("close", fd);
}

/**
 * `off_t lseek(int fd, off_t offset, int whence);`
 *
 * reposition read/write file offset (lseek(2)). Sets the open file's
 * offset to `offset` from the start (`SEEK_SET`), the current offset
 * (`SEEK_CUR`) or the end (`SEEK_END`); the offset is shared by dup'ed and
 * inherited descriptors. Returns the new offset, or -1 with `errno` set:
 * EBADF, ESPIPE (a pipe, socket or terminal), EINVAL (bad `whence`, or a
 * negative result).
 *
 * @example const size = yield* lseek(fd, 0, SEEK_END);
 */
export function lseek(fd: number, offset: number, whence: number): Sys<number> {
  return syscall<number>("lseek", fd, offset, whence);
}

/**
 * `int dup(int oldfd);`
 *
 * duplicate a file descriptor (dup(2)). A new descriptor, the lowest free
 * one, for the same open file (sharing its offset and status flags).
 * Returns it, or -1 with `errno` set: EBADF, EMFILE (descriptor table full).
 *
 * @example yield* close(1); yield* dup(fds[1]); // stdout is now the pipe
 */
export function dup(fd: number): Sys<number> {
  return syscall<number>("dup", fd);
}

/**
 * `int dup2(int oldfd, int newfd);`
 *
 * duplicate a file descriptor (dup2(2)). Makes `newfd` refer to the same
 * open file as `oldfd`, first closing `newfd` if it was open (does nothing
 * if they are equal). Returns `newfd`, or -1 with `errno` set to EBADF
 * (`oldfd` not open, or `newfd` out of range).
 *
 * @example yield* dup2(fds[1], STDOUT_FILENO);
 */
export function dup2(oldfd: number, newfd: number): Sys<number> {
  return syscall<number>("dup2", oldfd, newfd);
}

/**
 * `int dup3(int oldfd, int newfd, int flags);`
 *
 * duplicate a file descriptor (dup3(2)). `dup2` that can set close-on-exec
 * on `newfd` (`flags` = `O_CLOEXEC` or 0). Returns `newfd`, or -1 with
 * `errno` set: EBADF, EINVAL (`oldfd` equals `newfd`, or other flags).
 *
 * @example yield* dup3(fd, 3, O_CLOEXEC);
 */
export function dup3(oldfd: number, newfd: number, flags: number): Sys<number> {
  return syscall<number>("dup3", oldfd, newfd, flags);
}

/**
 * `int pipe(int pipefd[2]);`
 *
 * create pipe (pipe(2)). Stores two new descriptors in `fds` (an
 * `Int32Array(2)`, or a number array): `fds[0]` is the read end, `fds[1]`
 * the write end. The pipe holds 64 KiB (16 page slots, as Linux); readers
 * see EOF once every write end is closed, writers get EPIPE/SIGPIPE once
 * every read end is. Returns 0, or -1 with `errno` set to EMFILE.
 *
 * @example const fds = new Int32Array(2); yield* pipe(fds);
 */
export function* pipe(fds: Int32Array | number[]): Sys<number> {
  return yield* pipe2(fds, 0);
}

/**
 * `int pipe2(int pipefd[2], int flags);`
 *
 * create pipe (pipe2(2)). `pipe` with `flags` applied to both ends:
 * `O_NONBLOCK` and/or `O_CLOEXEC`. Returns 0, or -1 with `errno` set:
 * EMFILE, EINVAL (other flags).
 *
 * @example const fds = new Int32Array(2); yield* pipe2(fds, O_NONBLOCK);
 */
export function* pipe2(fds: Int32Array | number[], flags: number): Sys<number> {
  const r = yield* syscall<[number, number]>("pipe2", flags);
  if (r === -1) return -1;
  fds[0] = r[0];
  fds[1] = r[1];
  return 0;
}

/**
 * `int open(const char *pathname, int flags, mode_t mode);`
 *
 * open and possibly create a file (open(2)). Opens `path` (relative to the
 * working directory) with `O_RDONLY`, `O_WRONLY` or `O_RDWR`, or'ed with
 * `O_CREAT`, `O_EXCL`, `O_TRUNC`, `O_APPEND`, `O_NONBLOCK`, `O_CLOEXEC`,
 * `O_DIRECTORY`. `mode` (default 0o666) is used only with `O_CREAT`, less
 * the umask 022. Returns the lowest free descriptor, or -1 with `errno`
 * set: ENOENT, EEXIST (`O_CREAT|O_EXCL` and it exists), EISDIR, ENOTDIR,
 * EACCES, EMFILE, EINVAL. Issued as the `openat` syscall, as glibc does.
 *
 * @example const fd = yield* open("out.txt", O_WRONLY | O_CREAT | O_TRUNC, 0o644);
 */
export function open(path: string, flags: number, mode = 0o666): Sys<number> {
  return syscall<number>("openat", path, flags, flags & O_CREAT ? mode : undefined);
}

/**
 * `int creat(const char *pathname, mode_t mode);`
 *
 * open and possibly create a file (creat(2)). `open(path, O_WRONLY |
 * O_CREAT | O_TRUNC, mode)`: returns the descriptor, or -1 with `errno`
 * set as `open` does.
 *
 * @example const fd = yield* creat("log.txt", 0o644);
 */
export function* creat(path: string, mode: number): Sys<number> {
  return yield* open(path, 0o1 | 0o100 | 0o1000, mode);
}

/**
 * `int unlink(const char *pathname);`
 *
 * delete a name and possibly the file it refers to (unlink(2)). Removes
 * `path`; descriptors already open on it keep the data until they are
 * closed. Returns 0, or -1 with `errno` set: ENOENT, EISDIR (use `rmdir`),
 * EACCES.
 *
 * @example yield* unlink("/tmp/sock");
 */
export function unlink(path: string): Sys<number> {
  return syscall<number>("unlink", path);
}

/**
 * `int mkdir(const char *pathname, mode_t mode);`
 *
 * create a directory (mkdir(2)). `mode` defaults to 0o777 (less the umask).
 * Returns 0, or -1 with `errno` set: EEXIST, ENOENT (a parent is missing),
 * EACCES.
 *
 * @example yield* mkdir("data", 0o755);
 */
export function mkdir(path: string, mode = 0o777): Sys<number> {
  return syscall<number>("mkdir", path, mode);
}

/**
 * `int rmdir(const char *pathname);`
 *
 * delete a directory (rmdir(2)), which must be empty. Returns 0, or -1 with
 * `errno` set: ENOENT, ENOTDIR, ENOTEMPTY.
 *
 * @example yield* rmdir("data");
 */
export function rmdir(path: string): Sys<number> {
  return syscall<number>("rmdir", path);
}

/**
 * `int chdir(const char *path);`
 *
 * change working directory (chdir(2)): relative paths are then resolved
 * from `path`. Returns 0, or -1 with `errno` set: ENOENT, ENOTDIR.
 *
 * @example yield* chdir("/tmp");
 */
export function chdir(path: string): Sys<number> {
  return syscall<number>("chdir", path);
}

/**
 * `char *getcwd(char *buf, size_t size);`
 *
 * get current working directory (getcwd(3)). The port takes no buffer: it
 * returns the absolute path as a JS string (`null` on failure, where C
 * returns NULL with `errno` set; the kernel's getcwd does not fail).
 *
 * @example const cwd = yield* getcwd();
 */
export function* getcwd(): Sys<string | null> {
  const r = yield* syscall<string>("getcwd");
  return r === -1 ? null : r;
}

/**
 * `int fcntl(int fd, int cmd, ...);`
 *
 * manipulate file descriptor (fcntl(2)). Supports `F_GETFL` / `F_SETFL`
 * (status flags; only `O_APPEND` and `O_NONBLOCK` can be changed), `F_GETFD`
 * / `F_SETFD` (`FD_CLOEXEC`), `F_DUPFD` / `F_DUPFD_CLOEXEC` (lowest free
 * descriptor >= `arg`), `F_GETPIPE_SZ` / `F_SETPIPE_SZ`. `arg` defaults to
 * 0. Returns what `cmd` returns (the flags, the new descriptor, or 0), or
 * -1 with `errno` set: EBADF, EINVAL (unknown `cmd` or bad `arg`), EPERM,
 * EBUSY (pipe size).
 *
 * @example const fl = yield* fcntl(fd, F_GETFL); yield* fcntl(fd, F_SETFL, fl | O_NONBLOCK);
 */
export function fcntl(fd: number, cmd: number, arg = 0): Sys<number> {
  return syscall<number>("fcntl", fd, cmd, arg);
}

/**
 * `int ioctl(int fd, unsigned long request, ...);`
 *
 * control device (ioctl(2)). Supports `FIONREAD` (bytes ready to read, on
 * sockets, pipes and terminals) and, on terminals, TCGETS (0x5401: 0 if it
 * is a terminal) and TIOCGPGRP (0x540f: the foreground process group);
 * those two have no exported constant, pass the number. Where C passes
 * `&n`, pass `out` (a `ref(0)`): it receives the value and the call
 * returns 0; without `out` the value is returned. Returns -1 with `errno`
 * set: EBADF, ENOTTY (not supported by this kind of file).
 *
 * @example const avail = ref(0); yield* ioctl(sock, FIONREAD, avail);
 */
export function* ioctl(fd: number, request: number, out?: Ref<number>): Sys<number> {
  const r = yield* syscall<number>("ioctl", fd, request);
  if (r === -1) return -1;
  if (out) {
    out.value = r;
    return 0;
  }
  return r;
}

/**
 * struct stat, with the fields kernsim keeps: `st_ino`, `st_mode` (file
 * type and permission bits as Linux encodes them: `st_mode & 0o170000` is
 * 0o100000 for a regular file, 0o040000 for a directory, 0o020000 for a
 * character device), `st_nlink`, `st_uid`, `st_size`, `st_blksize`. Make
 * one with `stat_t()`.
 */
export interface stat_t {
  st_ino: number;
  st_mode: number;
  st_nlink: number;
  st_uid: number;
  st_size: number;
  st_blksize: number;
}

/**
 * `struct stat st;`
 *
 * A zeroed struct stat to pass to `stat` / `fstat`. kernsim only.
 *
 * @example const st = stat_t(); yield* fstat(fd, st); st.st_size;
 */
export function stat_t(): stat_t {
  return { st_ino: 0, st_mode: 0, st_nlink: 0, st_uid: 0, st_size: 0, st_blksize: 0 };
}

/**
 * `int fstat(int fd, struct stat *statbuf);`
 *
 * get file status (fstat(2)). Fills `st` (from `stat_t()`) for the file
 * open on `fd`. Returns 0, or -1 with `errno` set to EBADF.
 *
 * @example const st = stat_t(); yield* fstat(fd, st);
 */
export function* fstat(fd: number, st: stat_t): Sys<number> {
  const r = yield* syscall<stat_t>("fstat", fd);
  if (r === -1) return -1;
  Object.assign(st, r);
  return 0;
}

/**
 * `int stat(const char *restrict pathname, struct stat *restrict statbuf);`
 *
 * get file status (stat(2)). Fills `st` (from `stat_t()`) for `path`.
 * Returns 0, or -1 with `errno` set: ENOENT, ENOTDIR, EACCES.
 *
 * @example const st = stat_t(); if ((yield* stat("notes.txt", st)) === 0) { ... }
 */
export function* stat(path: string, st: stat_t): Sys<number> {
  const r = yield* syscall<stat_t>("stat", path);
  if (r === -1) return -1;
  Object.assign(st, r);
  return 0;
}

/**
 * `int isatty(int fd);`
 *
 * test whether a file descriptor refers to a terminal (isatty(3)). 1 if it
 * does; 0 if not, with `errno` set (ENOTTY, or EBADF for a closed fd).
 *
 * @example if (yield* isatty(0)) yield* printf("> ");
 */
export function* isatty(fd: number): Sys<number> {
  const r = yield* syscall<number>("ioctl", fd, 0x5401);
  return r === -1 ? 0 : 1;
}

/** struct timespec: `tv_sec` seconds plus `tv_nsec` nanoseconds (0..999,999,999). */
export interface timespec {
  tv_sec: number;
  tv_nsec: number;
}

/**
 * `struct timespec ts = { tv_sec, tv_nsec };`
 *
 * A struct timespec (both fields default to 0), for `nanosleep`'s request
 * and remainder. kernsim only.
 *
 * @example yield* nanosleep(timespec(0, 500_000_000), null);
 */
export function timespec(tv_sec = 0, tv_nsec = 0): timespec {
  return { tv_sec, tv_nsec };
}

/**
 * `int nanosleep(const struct timespec *req, struct timespec *rem);`
 *
 * high-resolution sleep (nanosleep(2)). Sleeps for `req` of simulated
 * time. Returns 0, or -1 with `errno` set: EINTR when a handler interrupted
 * it (even under SA_RESTART, as on Linux), with the time left stored in
 * `rem` (a `timespec()`, or `null` / omitted where C passes NULL); EINVAL
 * when `tv_nsec` is outside 0..999,999,999 or `tv_sec` is negative.
 *
 * @example const rem = timespec(); yield* nanosleep(timespec(1, 0), rem);
 */
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

/**
 * `unsigned int sleep(unsigned int seconds);`
 *
 * sleep for a specified number of seconds (sleep(3)), of simulated time;
 * a fractional `seconds` is truncated. Returns 0, or, when a handler
 * interrupted it, the whole seconds left, truncated (`errno` is then
 * EINTR). Built on `nanosleep`.
 *
 * @example yield* sleep(1);
 */
export function* sleep(seconds: number): Sys<number> {
  const rem = timespec();
  const r = yield* nanosleep(timespec(Math.floor(seconds), 0), rem);
  return r === -1 ? rem.tv_sec : 0;
}

/**
 * `int usleep(useconds_t usec);`
 *
 * suspend execution for microsecond intervals (usleep(3)), of simulated
 * time. Returns 0, or -1 with `errno` set to EINTR when a handler
 * interrupted it (EINVAL for a negative `usec`). Built on `nanosleep`.
 *
 * @example yield* usleep(100_000); // 100 ms
 */
export function* usleep(usec: number): Sys<number> {
  return yield* nanosleep(timespec(Math.floor(usec / 1e6), (usec % 1e6) * 1000));
}

/**
 * `int pause(void);`
 *
 * wait for signal (pause(2)). Sleeps until a signal is delivered. Returns
 * only when a handler ran, and then always -1 with `errno` EINTR (never
 * restarted, even under SA_RESTART); a signal whose action ends the process
 * means it never returns.
 *
 * @example for (;;) yield* pause();
 */
export function pause(): Sys<number> {
  return syscall<number>("pause");
}

/**
 * `unsigned int alarm(unsigned int seconds);`
 *
 * set an alarm clock for delivery of a signal (alarm(2)). SIGALRM is sent
 * to the caller after `seconds` of simulated time, replacing any earlier
 * alarm; `alarm(0)` cancels it. Returns the seconds that were left on the
 * previous alarm (rounded, at least 1), or 0 if there was none. Cannot fail.
 *
 * @example yield* signal(SIGALRM, ontimeout); yield* alarm(5);
 */
export function alarm(seconds: number): Sys<number> {
  return syscall<number>("alarm", seconds);
}

/**
 * `void compute(long ns);` (kernsim only)
 *
 * Burns `ns` nanoseconds of simulated CPU: a computation that takes that
 * long. The process stays runnable and can be preempted at time-slice
 * boundaries, so other processes run in between. Returns 0, or -1 with
 * `errno` set to EINVAL for a negative or NaN `ns`.
 *
 * @example yield* compute(5_000_000); // 5 ms of work
 */
export function compute(ns: number): Sys<number> {
  return syscall<number>("compute", ns);
}

/**
 * `void spin(void);` (kernsim only)
 *
 * One turn of a busy loop: burns the rest of the current time slice.
 * `while (1) {}` ports as `for (;;) yield* spin();` — a loop with no
 * `yield*` in it never gives the CPU back, and the watchdog stops it.
 * Returns 0.
 *
 * @example for (;;) yield* spin();
 */
export function spin(): Sys<number> {
  return new Call<number>("spin", NOARGS);
}


/**
 * `int sched_yield(void);`
 *
 * yield the processor (sched_yield(2)): ends the caller's time slice so
 * another runnable process can run. Returns 0.
 *
 * @example yield* sched_yield();
 */
export function sched_yield(): Sys<number> {
  return syscall<number>("sched_yield");
}

/**
 * `int gethostname(char *name, size_t len);`
 *
 * get/set hostname (gethostname(2)). Fills the char array `name` with the
 * simulated host's name and a NUL (read it with `cstr(name)`); `len`
 * defaults to `name.length`. Returns 0, or -1 with `errno` set to
 * ENAMETOOLONG when the name and its NUL do not fit in `len` bytes.
 *
 * @example const name = new Uint8Array(64); yield* gethostname(name, name.length);
 */
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

/**
 * `int clock_gettime(clockid_t clockid, struct timespec *tp);`
 *
 * clock and time functions (clock_gettime(2)), kernsim's form: takes no
 * clock and no struct, and returns the simulated nanoseconds since the run
 * began (what CLOCK_MONOTONIC gives; every clock reads the same). Cannot
 * fail.
 *
 * @example const t0 = yield* clock_gettime_ns();
 */
export function clock_gettime_ns(): Sys<number> {
  return syscall<number>("clock_gettime");
}
