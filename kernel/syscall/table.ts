// The syscall table (xv6's syscall.c, gVisor's as data): name → handler,
// with what is supported and how it differs from Linux. docs/syscalls.md
// is generated from it. Names are Linux's, as strace prints them; the libc
// maps C calls onto them (open → openat, pipe → pipe2, signal → rt_sigaction).

import type { Host } from "../host.ts";
import type { Process } from "../proc/proc.ts";
import { EXEC_NS, FORK_NS } from "../config.ts";
import * as proc from "./sys-proc.ts";
import * as file from "./sys-file.ts";
import * as sig from "./sys-signal.ts";
import { EPOLL_SYSCALLS } from "./sys-epoll.ts";
import { SELECT_SYSCALLS } from "./sys-select.ts";
import { SOCKET_SYSCALLS } from "./sys-socket.ts";
import { RESOURCE_SYSCALLS } from "./sys-resource.ts";


// eslint-disable-next-line @typescript-eslint/no-explicit-any -- each handler destructures its own argument tuple
export type Handler = (h: Host, p: Process, args: any) => unknown;

export interface SyscallDef {
  readonly id: number;
  readonly name: string;
  readonly handler: Handler;
  /** Simulated CPU cost when not the default SYSCALL_NS. */
  readonly cost?: number;
  /** C signature as the libc exposes it, for docs. */
  readonly signature: string;
  /** What is supported; where it differs from Linux. */
  readonly note: string;
  /** Errors it returns. */
  readonly errors: string;
  /** Which part of the kernel implements it (docs grouping). */
  readonly group: string;
}

/** A table entry as a subsystem writes it (the table adds id and name). */
export type SyscallEntry = Omit<SyscallDef, "id" | "name">;

export const SYSCALLS: { [name: string]: SyscallDef } = Object.create(null);

/** The same table as a Map: the per-syscall lookup on the hot path (a null-prototype object is a slow dictionary in V8). */
export const SYSCALL_MAP = new Map<string, SyscallDef>();

/** Adds syscalls to the table (subsystems register theirs at load time). */
export function registerSyscalls(entries: { [name: string]: SyscallEntry }): void {
  for (const [name, e] of Object.entries(entries)) {
    const def = { ...e, name, id: Object.keys(SYSCALLS).length };
    SYSCALLS[name] = def;
    SYSCALL_MAP.set(name, def);
  }
}

registerSyscalls({
  fork: { group: "process", handler: proc.sysFork, cost: FORK_NS, signature: "pid_t fork(void)",
    note: "The child is rebuilt by replaying the parent's record (see docs/porting.md).", errors: "EAGAIN (per-host process limit)" },
  execve: { group: "process", handler: proc.sysExecve, cost: EXEC_NS, signature: "int execve(const char *path, char *const argv[], char *const envp[])",
    note: "Runs a program installed in the host's file system (/bin/<name>). The environment is ignored.", errors: "ENOENT, EACCES, ENOEXEC" },
  exit_group: { group: "process", handler: proc.sysExitGroup, signature: "void _exit(int status)",
    note: "Terminates the process; exit() flushes stdio first.", errors: "none" },
  wait4: { group: "process", handler: proc.sysWait4, signature: "pid_t waitpid(pid_t pid, int *status, int options)",
    note: "WNOHANG, WUNTRACED, WCONTINUED; statuses encoded as Linux does.", errors: "ECHILD, EINVAL, EINTR" },
  getpid: { group: "process", handler: proc.sysGetpid, signature: "pid_t getpid(void)", note: "", errors: "none" },
  getppid: { group: "process", handler: proc.sysGetppid, signature: "pid_t getppid(void)", note: "Orphans report 1 (init reaps them).", errors: "none" },
  getpgid: { group: "process", handler: proc.sysGetpgid, signature: "pid_t getpgid(pid_t pid)", note: "getpgrp() is getpgid(0).", errors: "ESRCH" },
  setpgid: { group: "process", handler: proc.sysSetpgid, signature: "int setpgid(pid_t pid, pid_t pgid)", note: "", errors: "ESRCH, EPERM, EINVAL" },
  getuid: { group: "process", handler: proc.sysGetuid, signature: "uid_t getuid(void)", note: "Scenario processes run as uid 1000.", errors: "none" },
  kill: { group: "signal", handler: proc.sysKill, signature: "int kill(pid_t pid, int sig)", note: "Within one host.", errors: "EINVAL, ESRCH" },
  rt_sigaction: { group: "signal", handler: sig.sysRtSigaction, signature: "int sigaction(int sig, const struct sigaction *act, struct sigaction *oldact)",
    note: "Handlers are generator functions run at the next syscall boundary. glibc's signal() installs with SA_RESTART.", errors: "EINVAL" },
  rt_sigprocmask: { group: "signal", handler: sig.sysRtSigprocmask, signature: "int sigprocmask(int how, const sigset_t *set, sigset_t *oldset)",
    note: "SIGKILL and SIGSTOP are silently left out of the mask.", errors: "EINVAL" },
  rt_sigpending: { group: "signal", handler: sig.sysRtSigpending, signature: "int sigpending(sigset_t *set)", note: "", errors: "none" },
  nanosleep: { group: "time", handler: proc.sysNanosleep, signature: "int nanosleep(const struct timespec *req, struct timespec *rem)",
    note: "Simulated time. sleep() and usleep() are built on it.", errors: "EINTR, EINVAL" },
  pause: { group: "signal", handler: proc.sysPause, signature: "int pause(void)", note: "Returns only when a handler ran.", errors: "EINTR" },
  alarm: { group: "signal", handler: proc.sysAlarm, signature: "unsigned alarm(unsigned seconds)", note: "", errors: "none" },
  compute: { group: "kernsim", handler: proc.sysCompute, signature: "void compute(long ns)",
    note: "kernsim only: burns `ns` of simulated CPU, preemptible at time-slice boundaries.", errors: "EINVAL" },
  spin: { group: "kernsim", handler: proc.sysSpin, signature: "void spin(void)",
    note: "kernsim only: one turn of a busy loop (`while (1) {}` ports as `for (;;) yield* spin()`); burns the rest of the slice.", errors: "none" },
  sched_yield: { group: "process", handler: proc.sysSchedYield, signature: "int sched_yield(void)", note: "", errors: "none" },
  uname: { group: "process", handler: proc.sysUname, signature: "int uname(struct utsname *buf)", note: "gethostname() reads nodename.", errors: "none" },
  clock_gettime: { group: "time", handler: proc.sysGettime, signature: "int clock_gettime(clockid_t clk, struct timespec *tp)",
    note: "Simulated time since the start of the run, for every clock.", errors: "none" },

  openat: { group: "file", handler: file.sysOpenat, signature: "int open(const char *path, int flags, mode_t mode)",
    note: "O_RDONLY/O_WRONLY/O_RDWR/O_CREAT/O_EXCL/O_TRUNC/O_APPEND/O_NONBLOCK/O_CLOEXEC/O_DIRECTORY; umask 022.", errors: "ENOENT, EEXIST, EISDIR, ENOTDIR, EACCES, EMFILE, EINVAL" },
  close: { group: "file", handler: file.sysClose, signature: "int close(int fd)", note: "", errors: "EBADF" },
  read: { group: "file", handler: file.sysRead, signature: "ssize_t read(int fd, void *buf, size_t count)", note: "", errors: "EBADF, EINVAL, EAGAIN, EINTR, EISDIR, ECONNRESET, ENOTCONN" },
  write: { group: "file", handler: file.sysWrite, signature: "ssize_t write(int fd, const void *buf, size_t count)",
    note: "Blocking writes complete or return the partial count when interrupted.", errors: "EBADF, EAGAIN, EPIPE (+SIGPIPE), EINTR" },
  lseek: { group: "file", handler: file.sysLseek, signature: "off_t lseek(int fd, off_t offset, int whence)", note: "", errors: "EBADF, ESPIPE, EINVAL" },
  dup: { group: "file", handler: file.sysDup, signature: "int dup(int fd)", note: "", errors: "EBADF, EMFILE" },
  dup2: { group: "file", handler: file.sysDup2, signature: "int dup2(int oldfd, int newfd)", note: "", errors: "EBADF" },
  dup3: { group: "file", handler: file.sysDup3, signature: "int dup3(int oldfd, int newfd, int flags)", note: "", errors: "EBADF, EINVAL" },
  fcntl: { group: "file", handler: file.sysFcntl, signature: "int fcntl(int fd, int cmd, ... /* arg */)",
    note: "F_DUPFD, F_DUPFD_CLOEXEC, F_GETFD, F_SETFD, F_GETFL, F_SETFL (O_APPEND, O_NONBLOCK), F_GETPIPE_SZ, F_SETPIPE_SZ.", errors: "EBADF, EINVAL, EPERM, EBUSY" },
  pipe2: { group: "file", handler: file.sysPipe2, signature: "int pipe(int fds[2])",
    note: "16 page slots as Linux (64 KiB; 100-byte writes fill at 64,000).", errors: "EMFILE, EINVAL" },
  ioctl: { group: "file", handler: file.sysIoctl, signature: "int ioctl(int fd, unsigned long request, ...)",
    note: "TCGETS (isatty), FIONREAD, TIOCGPGRP.", errors: "EBADF, ENOTTY" },
  fstat: { group: "file", handler: file.sysFstat, signature: "int fstat(int fd, struct stat *st)", note: "st_ino, st_mode, st_nlink, st_uid, st_size, st_blksize.", errors: "EBADF" },
  stat: { group: "file", handler: file.sysStat, signature: "int stat(const char *path, struct stat *st)", note: "", errors: "ENOENT, ENOTDIR, EACCES" },
  unlink: { group: "file", handler: file.sysUnlink, signature: "int unlink(const char *path)", note: "Open descriptions keep the data.", errors: "ENOENT, EISDIR, EACCES" },
  mkdir: { group: "file", handler: file.sysMkdir, signature: "int mkdir(const char *path, mode_t mode)", note: "", errors: "EEXIST, ENOENT, EACCES" },
  rmdir: { group: "file", handler: file.sysRmdir, signature: "int rmdir(const char *path)", note: "", errors: "ENOENT, ENOTDIR, ENOTEMPTY" },
  getcwd: { group: "file", handler: file.sysGetcwd, signature: "char *getcwd(char *buf, size_t size)", note: "", errors: "none" },
  chdir: { group: "file", handler: file.sysChdir, signature: "int chdir(const char *path)", note: "", errors: "ENOENT, ENOTDIR" },
});

registerSyscalls(EPOLL_SYSCALLS);
registerSyscalls(SELECT_SYSCALLS);
registerSyscalls(SOCKET_SYSCALLS);
registerSyscalls(RESOURCE_SYSCALLS);
