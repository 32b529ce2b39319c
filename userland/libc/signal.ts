// <signal.h>: signal (glibc's BSD semantics: SA_RESTART, handler stays
// installed), sigaction, masks, kill, raise. Handlers are generator
// functions so they can make syscalls: `function* (signum) { ... }`.

import { SIG_DFL, SIG_ERR, SIG_IGN, type Disposition, type SignalHandler } from "../../kernel/abi.ts";
import { SA_RESTART } from "../../kernel/uapi/signal.ts";
import { syscall, type Sys } from "./syscall.ts";
import { getpid } from "./unistd.ts";

export { SIG_DFL, SIG_ERR, SIG_IGN };
export type { Disposition, SignalHandler };
export type sighandler_t = Disposition;

/** sigset_t: a set of signals 1..64. */
export interface sigset_t {
  bits: bigint;
}

export function sigset_t(): sigset_t {
  return { bits: 0n };
}

export function sigemptyset(set: sigset_t): number {
  set.bits = 0n;
  return 0;
}

export function sigfillset(set: sigset_t): number {
  set.bits = (1n << 64n) - 1n;
  return 0;
}

export function sigaddset(set: sigset_t, sig: number): number {
  set.bits |= 1n << BigInt(sig - 1);
  return 0;
}

export function sigdelset(set: sigset_t, sig: number): number {
  set.bits &= ~(1n << BigInt(sig - 1));
  return 0;
}

export function sigismember(set: sigset_t, sig: number): number {
  return (set.bits >> BigInt(sig - 1)) & 1n ? 1 : 0;
}

/** struct sigaction. */
export interface sigaction_t {
  sa_handler: Disposition;
  sa_mask: sigset_t;
  sa_flags: number;
}

export function sigaction_t(handler: Disposition = SIG_DFL, flags = 0): sigaction_t {
  return { sa_handler: handler, sa_mask: sigset_t(), sa_flags: flags };
}

interface KernelAction {
  handler: Disposition;
  mask: bigint;
  flags: number;
}

/** sigaction(sig, act, oldact): act and oldact may be null. */
export function* sigaction(sig: number, act: sigaction_t | null, oldact: sigaction_t | null = null): Sys<number> {
  const k = act ? { handler: act.sa_handler, mask: act.sa_mask.bits, flags: act.sa_flags } : null;
  const r = yield* syscall<KernelAction>("rt_sigaction", sig, k);
  if (r === -1) return -1;
  if (oldact) {
    oldact.sa_handler = r.handler;
    oldact.sa_mask = { bits: r.mask };
    oldact.sa_flags = r.flags;
  }
  return 0;
}

/** signal(sig, handler): the previous disposition, or SIG_ERR. glibc installs with SA_RESTART. */
export function* signal(sig: number, handler: Disposition): Sys<Disposition | typeof SIG_ERR> {
  const r = yield* syscall<KernelAction>("rt_sigaction", sig, { handler, mask: 0n, flags: SA_RESTART });
  return r === -1 ? SIG_ERR : r.handler;
}

export function* sigprocmask(how: number, set: sigset_t | null, oldset: sigset_t | null = null): Sys<number> {
  const r = yield* syscall<bigint>("rt_sigprocmask", how, set ? set.bits : null);
  if (r === -1) return -1;
  if (oldset) oldset.bits = r;
  return 0;
}

export function* sigpending(set: sigset_t): Sys<number> {
  const r = yield* syscall<bigint>("rt_sigpending");
  if (r === -1) return -1;
  set.bits = r;
  return 0;
}

export function kill(pid: number, sig: number): Sys<number> {
  return syscall<number>("kill", pid, sig);
}

/** raise(sig): the handler has run by the time raise returns. */
export function* raise(sig: number): Sys<number> {
  const pid = yield* getpid();
  return yield* kill(pid, sig);
}
