// Signal syscalls: rt_sigaction (what glibc's signal() and sigaction()
// call), rt_sigprocmask, rt_sigpending. Delivery lives in proc/signal.ts.

import { SIG_DFL, SIG_IGN, type Disposition } from "../abi.ts";
import type { Host } from "../host.ts";
import { sigbit, type Process, type SigAction } from "../proc/proc.ts";
import { UNBLOCKABLE } from "../proc/signal.ts";
import { EINVAL } from "../uapi/errno.ts";
import { SIG_BLOCK, SIG_SETMASK, SIG_UNBLOCK, SIGKILL, SIGSTOP, defaultAction } from "../uapi/signal.ts";

export interface SigactionArg {
  handler: Disposition;
  mask?: bigint;
  flags?: number;
}

/** rt_sigaction(sig, act | null): the old action, or -EINVAL. */
export function sysRtSigaction(_h: Host, p: Process, [sig, act]: [number, SigactionArg | null]): SigAction | number {
  if (!Number.isInteger(sig) || sig < 1 || sig > 64) return -EINVAL;
  if (act && (sig === SIGKILL || sig === SIGSTOP)) return -EINVAL;
  const old = { ...p.actions[sig]! };
  if (act) {
    const handler = act.handler;
    if (handler !== SIG_DFL && handler !== SIG_IGN && typeof handler !== "function") return -EINVAL;
    p.actions[sig] = { handler, mask: act.mask ?? 0n, flags: act.flags ?? 0 };
    // Setting a signal to be ignored discards it if pending (POSIX).
    if (handler === SIG_IGN || (handler === SIG_DFL && defaultAction(sig) === "ign")) p.pending &= ~sigbit(sig);
  }
  return old;
}

/** rt_sigprocmask(how, set | null): the old mask. SIGKILL and SIGSTOP are silently left out. */
export function sysRtSigprocmask(_h: Host, p: Process, [how, set]: [number, bigint | null]): bigint | number {
  const old = p.blocked;
  if (set !== null && set !== undefined) {
    const s = BigInt(set) & ~UNBLOCKABLE;
    if (how === SIG_BLOCK) p.blocked |= s;
    else if (how === SIG_UNBLOCK) p.blocked &= ~s;
    else if (how === SIG_SETMASK) p.blocked = s;
    else return -EINVAL;
  }
  return old;
}

export function sysRtSigpending(_h: Host, p: Process): bigint {
  return p.pending & p.blocked;
}
