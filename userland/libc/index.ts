// `kernsim/libc`: the C library programs are written against. C names,
// Linux constants, -1 + errno.

export { errno, set_errno, ref, syscall } from "./syscall.ts";
export type { Ref, Sys } from "./syscall.ts";
export * from "./unistd.ts";
export * from "./wait.ts";
export * from "./signal.ts";
export * from "./stdio.ts";
export * from "./string.ts";
export * from "./socket.ts";
export * from "./inet.ts";
export * from "./netdb.ts";
export * from "./epoll.ts";
export * from "./poll.ts";
export * from "./select.ts";
export * from "./resource.ts";
// select.ts re-exports socket.ts's struct timeval: name the one binding explicitly.
export { timeval } from "./socket.ts";
export * from "../../kernel/uapi/errno.ts";
export {
  SIGHUP, SIGINT, SIGQUIT, SIGILL, SIGTRAP, SIGABRT, SIGBUS, SIGFPE, SIGKILL, SIGUSR1, SIGSEGV, SIGUSR2,
  SIGPIPE, SIGALRM, SIGTERM, SIGSTKFLT, SIGCHLD, SIGCONT, SIGSTOP, SIGTSTP, SIGTTIN, SIGTTOU, SIGURG,
  SIGXCPU, SIGXFSZ, SIGVTALRM, SIGPROF, SIGWINCH, SIGIO, SIGPOLL, SIGPWR, SIGSYS, SIGRTMIN, SIGRTMAX, NSIG,
  SA_NOCLDSTOP, SA_NOCLDWAIT, SA_SIGINFO, SA_RESTART, SA_NODEFER, SA_RESETHAND, SIG_BLOCK, SIG_UNBLOCK, SIG_SETMASK,
} from "../../kernel/uapi/signal.ts";
export * from "../../kernel/uapi/fcntl.ts";
export { defineProgram } from "./crt0.ts";

export const EXIT_SUCCESS = 0;
export const EXIT_FAILURE = 1;
export const STDIN_FILENO = 0, STDOUT_FILENO = 1, STDERR_FILENO = 2;
export const NULL = null;
