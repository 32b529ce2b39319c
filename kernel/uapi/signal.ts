// Linux signal numbers (x86_64), default actions (signal(7)) and glibc
// strsignal() text, as measured in ../shared/linux (p00_errno.c, p11_signals.c).

export const SIGHUP = 1, SIGINT = 2, SIGQUIT = 3, SIGILL = 4, SIGTRAP = 5, SIGABRT = 6,
  SIGIOT = 6, SIGBUS = 7, SIGFPE = 8, SIGKILL = 9, SIGUSR1 = 10, SIGSEGV = 11, SIGUSR2 = 12,
  SIGPIPE = 13, SIGALRM = 14, SIGTERM = 15, SIGSTKFLT = 16, SIGCHLD = 17, SIGCONT = 18,
  SIGSTOP = 19, SIGTSTP = 20, SIGTTIN = 21, SIGTTOU = 22, SIGURG = 23, SIGXCPU = 24,
  SIGXFSZ = 25, SIGVTALRM = 26, SIGPROF = 27, SIGWINCH = 28, SIGIO = 29, SIGPOLL = 29,
  SIGPWR = 30, SIGSYS = 31, SIGRTMIN = 34, SIGRTMAX = 64;
/** Signals are 1..NSIG-1. */
export const NSIG = 65;

export const SA_NOCLDSTOP = 0x1, SA_NOCLDWAIT = 0x2, SA_SIGINFO = 0x4, SA_ONSTACK = 0x08000000,
  SA_RESTART = 0x10000000, SA_NODEFER = 0x40000000, SA_RESETHAND = 0x80000000;
export const SIG_BLOCK = 0, SIG_UNBLOCK = 1, SIG_SETMASK = 2;

export type DefaultAction = "term" | "core" | "ign" | "stop" | "cont";

const TABLE: Array<[string, number, string, DefaultAction]> = [
  ["SIGHUP", 1, "Hangup", "term"], ["SIGINT", 2, "Interrupt", "term"], ["SIGQUIT", 3, "Quit", "core"],
  ["SIGILL", 4, "Illegal instruction", "core"], ["SIGTRAP", 5, "Trace/breakpoint trap", "core"],
  ["SIGABRT", 6, "Aborted", "core"], ["SIGBUS", 7, "Bus error", "core"],
  ["SIGFPE", 8, "Floating point exception", "core"], ["SIGKILL", 9, "Killed", "term"],
  ["SIGUSR1", 10, "User defined signal 1", "term"], ["SIGSEGV", 11, "Segmentation fault", "core"],
  ["SIGUSR2", 12, "User defined signal 2", "term"], ["SIGPIPE", 13, "Broken pipe", "term"],
  ["SIGALRM", 14, "Alarm clock", "term"], ["SIGTERM", 15, "Terminated", "term"],
  ["SIGSTKFLT", 16, "Stack fault", "term"], ["SIGCHLD", 17, "Child exited", "ign"],
  ["SIGCONT", 18, "Continued", "cont"], ["SIGSTOP", 19, "Stopped (signal)", "stop"],
  ["SIGTSTP", 20, "Stopped", "stop"], ["SIGTTIN", 21, "Stopped (tty input)", "stop"],
  ["SIGTTOU", 22, "Stopped (tty output)", "stop"], ["SIGURG", 23, "Urgent I/O condition", "ign"],
  ["SIGXCPU", 24, "CPU time limit exceeded", "core"], ["SIGXFSZ", 25, "File size limit exceeded", "core"],
  ["SIGVTALRM", 26, "Virtual timer expired", "term"], ["SIGPROF", 27, "Profiling timer expired", "term"],
  ["SIGWINCH", 28, "Window changed", "ign"], ["SIGIO", 29, "I/O possible", "term"],
  ["SIGPWR", 30, "Power failure", "term"], ["SIGSYS", 31, "Bad system call", "core"],
];

const BY_NUM = new Map(TABLE.map((r) => [r[1], r]));
const BY_NAME = new Map(TABLE.map((r) => [r[0], r[1]]));
BY_NAME.set("SIGIOT", 6); BY_NAME.set("SIGPOLL", 29);

/** glibc strsignal(). */
export function strsignal(sig: number): string {
  const row = BY_NUM.get(sig);
  if (row) return row[2];
  if (sig >= SIGRTMIN && sig <= SIGRTMAX) return `Real-time signal ${sig - SIGRTMIN}`;
  return `Unknown signal ${sig}`;
}

/** "SIGINT" for 2; "SIGRT_3"-style names as strace prints them for real-time signals. */
export function signalName(sig: number): string {
  const row = BY_NUM.get(sig);
  if (row) return row[0];
  if (sig === SIGRTMIN) return "SIGRTMIN";
  if (sig > SIGRTMIN && sig <= SIGRTMAX) return `SIGRT_${sig - SIGRTMIN}`;
  return String(sig);
}

/** Signal number from a name ("SIGINT" or "INT"), or undefined. */
export function signalNumber(name: string): number | undefined {
  const n = name.toUpperCase();
  return BY_NAME.get(n.startsWith("SIG") ? n : `SIG${n}`);
}

/** Default action of signal(7): real-time signals terminate. */
export function defaultAction(sig: number): DefaultAction {
  return BY_NUM.get(sig)?.[3] ?? "term";
}
