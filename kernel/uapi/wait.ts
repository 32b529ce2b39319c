// Linux wait statuses and wait4 options (x86_64): glibc 2.36's bits/waitstatus.h macros and strace 6.1's rendering, as measured with test/kernel/uapi-cases.c.

import { signalName } from "./signal.ts";
import { xlatFlags, type FlagTable } from "./fcntl.ts";

/** waitpid options (wait(2)): WNOHANG returns 0 at once if no child has changed state; WUNTRACED (= WSTOPPED) also reports stopped children; WCONTINUED reports children resumed by SIGCONT. */
export const WNOHANG = 1, WUNTRACED = 2, WSTOPPED = 2, WEXITED = 4, WCONTINUED = 8,
  WNOWAIT = 0x01000000, __WNOTHREAD = 0x20000000, __WALL = 0x40000000, __WCLONE = 0x80000000;

/** The status of a continued child (WIFCONTINUED). */
export const W_CONTINUED = 0xffff;
export const WCOREFLAG = 0x80;

/** exit(code): only the low 8 bits survive, so exit(256) reads as 0 and exit(-1) as 255. */
export function wExited(code: number): number {
  return (code & 0xff) << 8;
}

/** Killed by `sig`, with the core-dump bit if a core was written. */
export function wSignaled(sig: number, core = false): number {
  return (sig & 0x7f) | (core ? WCOREFLAG : 0);
}

/** Stopped by `sig` (reported with WUNTRACED). */
export function wStopped(sig: number): number {
  return ((sig & 0xff) << 8) | 0x7f;
}

// The macros, computed as glibc's bits/waitstatus.h does.
/** `WEXITSTATUS(status)` (wait(2)): the exit code of a child that exited normally (low 8 bits of its exit() argument). */
export function WEXITSTATUS(status: number): number { return (status & 0xff00) >> 8; }
/** `WTERMSIG(status)` (wait(2)): the number of the signal that terminated the child. */
export function WTERMSIG(status: number): number { return status & 0x7f; }
/** `WSTOPSIG(status)` (wait(2)): the number of the signal that stopped the child (WUNTRACED). */
export function WSTOPSIG(status: number): number { return WEXITSTATUS(status); }
/** `WIFEXITED(status)` (wait(2)): true if the child terminated normally, by exit() or returning from main. */
export function WIFEXITED(status: number): boolean { return WTERMSIG(status) === 0; }
/** `((signed char) ((status & 0x7f) + 1) >> 1) > 0`: a signal number 1..126, so not stopped (0x7f). */
export function WIFSIGNALED(status: number): boolean { return ((((status & 0x7f) + 1) << 24) >> 25) > 0; }
/** `WIFSTOPPED(status)` (wait(2)): true if the child was stopped by a signal (reported with WUNTRACED). */
export function WIFSTOPPED(status: number): boolean { return (status & 0xff) === 0x7f; }
/** `WIFCONTINUED(status)` (wait(2)): true if the child was resumed by SIGCONT (reported with WCONTINUED). */
export function WIFCONTINUED(status: number): boolean { return status === W_CONTINUED; }
/** `WCOREDUMP(status)` (wait(2)): true if the child dumped core (never here: RLIMIT_CORE is 0, as measured). */
export function WCOREDUMP(status: number): boolean { return (status & WCOREFLAG) !== 0; }

const PTRACE_EVENTS = new Map<number, string>([
  [1, "PTRACE_EVENT_FORK"], [2, "PTRACE_EVENT_VFORK"], [3, "PTRACE_EVENT_CLONE"],
  [4, "PTRACE_EVENT_EXEC"], [5, "PTRACE_EVENT_VFORK_DONE"], [6, "PTRACE_EVENT_EXIT"],
  [7, "PTRACE_EVENT_SECCOMP"], [128, "PTRACE_EVENT_STOP"],
]);

function hex(n: number): string {
  return n === 0 ? "0" : "0x" + (n >>> 0).toString(16);
}

/** A wait status as strace prints it (its printstatus()): `[{WIFEXITED(s) && WEXITSTATUS(s) == 0}]`. */
export function waitStatusToString(status: number): string {
  let s = status | 0;
  let out: string;
  if (WIFSTOPPED(s)) {
    const sig = WSTOPSIG(s);
    out = `[{WIFSTOPPED(s) && WSTOPSIG(s) == ${signalName(sig & 0x7f)}${sig & 0x80 ? " | 0x80" : ""}}`;
    s &= ~((sig << 8) | 0x7f);
  } else if (WIFSIGNALED(s)) {
    const sig = WTERMSIG(s);
    out = `[{WIFSIGNALED(s) && WTERMSIG(s) == ${signalName(sig)}${WCOREDUMP(s) ? " && WCOREDUMP(s)" : ""}}`;
    s &= ~(sig | WCOREFLAG);
  } else if (WIFEXITED(s)) {
    out = `[{WIFEXITED(s) && WEXITSTATUS(s) == ${WEXITSTATUS(s)}}`;
    s &= ~(WEXITSTATUS(s) << 8);
  } else if (WIFCONTINUED(s)) {
    out = "[{WIFCONTINUED(s)}";
    s &= ~W_CONTINUED;
  } else {
    return `[${hex(s)}]`;
  }
  // Leftover bits: a ptrace event in the high half, anything else as hex.
  const event = s >>> 16;
  if (event !== 0) {
    out += ` | ${PTRACE_EVENTS.get(event) ?? `${hex(event)} /* PTRACE_EVENT_??? */`} << 16`;
    s &= 0xffff;
  }
  if (s !== 0) out += ` | ${hex(s)}`;
  return out + "]";
}

// strace's order, WUNTRACED shown as WSTOPPED.
const WAIT_OPTIONS: FlagTable = [
  [WNOHANG, "WNOHANG"], [WEXITED, "WEXITED"], [WSTOPPED, "WSTOPPED"], [WCONTINUED, "WCONTINUED"],
  [WNOWAIT, "WNOWAIT"], [__WCLONE, "__WCLONE"], [__WALL, "__WALL"], [__WNOTHREAD, "__WNOTHREAD"],
];

/** wait4/waitpid options: `WNOHANG|WSTOPPED`, `0`. */
export function waitOptionsToString(options: number): string {
  return xlatFlags(WAIT_OPTIONS, options, "W???");
}
