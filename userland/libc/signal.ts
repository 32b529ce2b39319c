// <signal.h>: signal (glibc's BSD semantics: SA_RESTART, handler stays
// installed), sigaction, masks, kill, raise. Handlers are generator
// functions so they can make syscalls: `function* (signum) { ... }`.

import { SIG_DFL, SIG_ERR, SIG_IGN, type Disposition, type SignalHandler } from "../../kernel/abi.ts";
import { SA_RESTART } from "../../kernel/uapi/signal.ts";
import { EINVAL } from "../../kernel/uapi/errno.ts";
import { set_errno, syscall, type Sys } from "./syscall.ts";
import { getpid } from "./unistd.ts";

/**
 * `#define SIG_DFL ((sighandler_t) 0)`, `SIG_IGN ((sighandler_t) 1)`,
 * `SIG_ERR ((sighandler_t) -1)`: the dispositions that are not handlers,
 * with C's values. Pass `SIG_DFL` (the signal's default action) or
 * `SIG_IGN` (ignore it) where a handler goes; `signal()` returns `SIG_ERR`
 * when it fails. `SignalHandler` is a handler, `function* (signum) {...}`;
 * `Disposition` is any of the three.
 */
export { SIG_DFL, SIG_ERR, SIG_IGN };
export type { Disposition, SignalHandler };

/**
 * `typedef void (*sighandler_t)(int);`
 *
 * What `signal()` takes and returns: a handler — a generator function
 * `function* (signum: number) { ... }`, so it can `yield*` syscalls such as
 * `printf` and `exit` — or `SIG_DFL` / `SIG_IGN`.
 */
export type sighandler_t = Disposition;

/** sigset_t: a set of signals 1..64 (bit `sig - 1` of `bits`). Make one with `sigset_t()`. */
export interface sigset_t {
  bits: bigint;
}

/**
 * `sigset_t set;`
 *
 * A fresh, empty signal set (as `sigemptyset` leaves it; in C, initialize
 * it with sigemptyset or sigfillset before use). kernsim only.
 *
 * @example const mask = sigset_t(); sigaddset(mask, SIGINT);
 */
export function sigset_t(): sigset_t {
  return { bits: 0n };
}

/**
 * `int sigemptyset(sigset_t *set);`
 *
 * POSIX signal set operations (sigsetops(3)): empties `set`. Returns 0.
 * Pure function, no `yield*`.
 *
 * @example sigemptyset(act.sa_mask);
 */
export function sigemptyset(set: sigset_t): number {
  set.bits = 0n;
  return 0;
}

/** glibc's sigaddset family fails with EINVAL outside 1..64. */
function badSignal(): -1 {
  set_errno(EINVAL);
  return -1;
}

/**
 * `int sigfillset(sigset_t *set);`
 *
 * POSIX signal set operations (sigsetops(3)): adds every signal 1..64 to
 * `set`. Returns 0. Pure function, no `yield*`.
 *
 * @example sigfillset(all); yield* sigprocmask(SIG_BLOCK, all, old);
 */
export function sigfillset(set: sigset_t): number {
  set.bits = (1n << 64n) - 1n;
  return 0;
}

/**
 * `int sigaddset(sigset_t *set, int signum);`
 *
 * POSIX signal set operations (sigsetops(3)): adds `sig` to `set`. Returns
 * 0; unlike glibc it does not check `sig` (glibc fails with EINVAL outside
 * 1..64), so pass a valid signal. Pure function, no `yield*`.
 *
 * @example sigaddset(mask, SIGCHLD);
 */
export function sigaddset(set: sigset_t, sig: number): number {
  if (!(sig >= 1 && sig <= 64)) return badSignal();
  set.bits |= 1n << BigInt(sig - 1);
  return 0;
}

/**
 * `int sigdelset(sigset_t *set, int signum);`
 *
 * POSIX signal set operations (sigsetops(3)): removes `sig` from `set`.
 * Returns 0; `sig` is not checked (glibc: -1/EINVAL outside 1..64). Pure
 * function, no `yield*`.
 *
 * @example sigdelset(mask, SIGINT);
 */
export function sigdelset(set: sigset_t, sig: number): number {
  if (!(sig >= 1 && sig <= 64)) return badSignal();
  set.bits &= ~(1n << BigInt(sig - 1));
  return 0;
}

/**
 * `int sigismember(const sigset_t *set, int signum);`
 *
 * POSIX signal set operations (sigsetops(3)): 1 if `sig` is in `set`, else
 * 0 (`sig` is not checked; glibc returns -1/EINVAL for an invalid one). Pure
 * function, no `yield*`.
 *
 * @example if (sigismember(pending, SIGINT)) { ... }
 */
export function sigismember(set: sigset_t, sig: number): number {
  if (!(sig >= 1 && sig <= 64)) return badSignal();
  return (set.bits >> BigInt(sig - 1)) & 1n ? 1 : 0;
}

/**
 * struct sigaction: `sa_handler` (a generator-function handler, `SIG_DFL`
 * or `SIG_IGN`), `sa_mask` (signals also blocked while the handler runs),
 * `sa_flags` (`SA_RESTART`, `SA_NODEFER`, `SA_RESETHAND`, `SA_NOCLDSTOP`,
 * `SA_NOCLDWAIT`). There is no `sa_sigaction`: handlers get only the signal
 * number. Make one with `sigaction_t()`.
 */
export interface sigaction_t {
  sa_handler: Disposition;
  sa_mask: sigset_t;
  sa_flags: number;
}

/**
 * `struct sigaction act = { .sa_handler = handler, .sa_flags = flags };`
 *
 * A struct sigaction with `sa_handler` = `handler` (default `SIG_DFL`),
 * an empty `sa_mask` and `sa_flags` = `flags` (default 0). kernsim only;
 * also what to pass as `oldact`.
 *
 * @example const act = sigaction_t(handler, SA_RESTART);
 */
export function sigaction_t(handler: Disposition = SIG_DFL, flags = 0): sigaction_t {
  return { sa_handler: handler, sa_mask: sigset_t(), sa_flags: flags };
}

interface KernelAction {
  handler: Disposition;
  mask: bigint;
  flags: number;
}

/**
 * `int sigaction(int signum, const struct sigaction *restrict act, struct sigaction *restrict oldact);`
 *
 * examine and change a signal action (sigaction(2)). Installs `act` for
 * `sig` and, if `oldact` is given, stores the previous action there; `act`
 * and `oldact` may be `null`, as in C. Handlers are generator functions,
 * run when the process next returns from a syscall; `SA_RESTART` restarts
 * an interrupted blocking call (except `pause`, `nanosleep`, `poll`,
 * `epoll_wait` and calls with timeouts, which fail with EINTR, as on
 * Linux). Returns 0, or -1 with `errno` set: EINVAL for a signal outside
 * 1..64, for changing SIGKILL or SIGSTOP, or for a handler that is not a
 * function, `SIG_DFL` or `SIG_IGN`.
 *
 * @example yield* sigaction(SIGINT, sigaction_t(onint, SA_RESTART), null);
 */
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

/**
 * `sighandler_t signal(int signum, sighandler_t handler);`
 *
 * ANSI C signal handling (signal(2)). Sets the disposition of `sig` to
 * `handler` — a generator function `function* (signum) { ... }` (so it can
 * `yield* printf(...)` and `yield* exit(...)`), `SIG_DFL` or `SIG_IGN` —
 * with glibc's BSD semantics: installed with SA_RESTART (interrupted
 * blocking calls are restarted), the handler stays installed after it runs,
 * and the signal is blocked while its handler runs. Returns the previous
 * disposition, or `SIG_ERR` with `errno` set to EINVAL (a signal outside
 * 1..64, SIGKILL or SIGSTOP).
 *
 * @example yield* signal(SIGINT, function* (signum) { yield* printf("Caught signal %d\n", signum); yield* exit(1); });
 */
export function* signal(sig: number, handler: Disposition): Sys<Disposition | typeof SIG_ERR> {
  const r = yield* syscall<KernelAction>("rt_sigaction", sig, { handler, mask: 0n, flags: SA_RESTART });
  return r === -1 ? SIG_ERR : r.handler;
}

/**
 * `int sigprocmask(int how, const sigset_t *restrict set, sigset_t *restrict oldset);`
 *
 * examine and change blocked signals (sigprocmask(2)). `how` is
 * `SIG_BLOCK` (add `set` to the mask), `SIG_UNBLOCK` (remove it) or
 * `SIG_SETMASK` (replace the mask with it); `set` may be `null` to only
 * read the mask into `oldset` (which may also be `null`). SIGKILL and
 * SIGSTOP are silently left out of the mask. A pending signal that gets
 * unblocked is delivered as the call returns. Returns 0, or -1 with `errno`
 * set to EINVAL (bad `how`).
 *
 * @example const old = sigset_t(); yield* sigprocmask(SIG_BLOCK, mask, old);
 */
export function* sigprocmask(how: number, set: sigset_t | null, oldset: sigset_t | null = null): Sys<number> {
  const r = yield* syscall<bigint>("rt_sigprocmask", how, set ? set.bits : null);
  if (r === -1) return -1;
  if (oldset) oldset.bits = r;
  return 0;
}

/**
 * `int sigpending(sigset_t *set);`
 *
 * examine pending signals (sigpending(2)). Stores in `set` the signals that
 * are pending while blocked. Returns 0 (it cannot fail here).
 *
 * @example const p = sigset_t(); yield* sigpending(p); sigismember(p, SIGINT);
 */
export function* sigpending(set: sigset_t): Sys<number> {
  const r = yield* syscall<bigint>("rt_sigpending");
  if (r === -1) return -1;
  set.bits = r;
  return 0;
}

/**
 * `int kill(pid_t pid, int sig);`
 *
 * send signal to a process (kill(2)). `pid` > 0: that process; 0: every
 * process in the caller's process group; -1: every process but init (the
 * caller included, unlike Linux); < -1: every process in group -pid. Only
 * processes on the caller's host; there are no permission checks (no EPERM). `sig` 0 sends nothing, only checks that the target
 * exists. Returns 0, or -1 with `errno` set: EINVAL (bad signal number),
 * ESRCH (no such process or group).
 *
 * @example yield* kill(cpid, SIGTERM);
 */
export function kill(pid: number, sig: number): Sys<number> {
  return syscall<number>("kill", pid, sig);
}

/**
 * `int raise(int sig);`
 *
 * send a signal to the caller (raise(3)). `kill(getpid(), sig)`: if the
 * signal is not blocked, its handler has run (or its default action has
 * been taken) by the time raise returns. Returns 0, or -1 with `errno` set
 * to EINVAL (bad signal number).
 *
 * @example yield* raise(SIGUSR1);
 */
export function* raise(sig: number): Sys<number> {
  const pid = yield* getpid();
  return yield* kill(pid, sig);
}
