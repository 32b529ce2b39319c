// <sys/wait.h>: Linux's wait-status encoding and glibc's macros
// (measured in ../shared/linux §9: exit(3) is 0x0300, SIGINT 0x0002,
// stopped by SIGSTOP 0x137f, continued 0xffff).

import { signalName } from "./signal.ts";

export const WNOHANG = 1, WUNTRACED = 2, WSTOPPED = 2, WEXITED = 4, WCONTINUED = 8;

export function wExited(code: number): number {
  return (code & 0xff) << 8;
}

export function wSignaled(sig: number, core = false): number {
  return (sig & 0x7f) | (core ? 0x80 : 0);
}

export function wStopped(sig: number): number {
  return ((sig & 0xff) << 8) | 0x7f;
}

export const W_CONTINUED = 0xffff;

export const WEXITSTATUS = (s: number): number => (s & 0xff00) >> 8;
export const WTERMSIG = (s: number): number => s & 0x7f;
export const WSTOPSIG = (s: number): number => WEXITSTATUS(s);
export const WIFEXITED = (s: number): boolean => WTERMSIG(s) === 0;
export const WIFSIGNALED = (s: number): boolean => ((((s & 0x7f) + 1) << 24) >> 25) > 0;
export const WIFSTOPPED = (s: number): boolean => (s & 0xff) === 0x7f;
export const WIFCONTINUED = (s: number): boolean => s === W_CONTINUED;
export const WCOREDUMP = (s: number): boolean => (s & 0x80) !== 0;

/** As strace prints a status: [{WIFEXITED(s) && WEXITSTATUS(s) == 0}]'s inside. */
export function waitStatusToString(s: number): string {
  if (WIFEXITED(s)) return `{WIFEXITED(s) && WEXITSTATUS(s) == ${WEXITSTATUS(s)}}`;
  if (WIFSIGNALED(s)) return `{WIFSIGNALED(s) && WTERMSIG(s) == ${signalName(WTERMSIG(s))}${WCOREDUMP(s) ? " && WCOREDUMP(s)" : ""}}`;
  if (WIFCONTINUED(s)) return "{WIFCONTINUED(s)}";
  if (WIFSTOPPED(s)) return `{WIFSTOPPED(s) && WSTOPSIG(s) == ${signalName(WSTOPSIG(s))}}`;
  return `0x${s.toString(16)}`;
}
