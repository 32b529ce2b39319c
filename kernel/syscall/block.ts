// The one way a syscall goes to sleep (gVisor: register on the wait queue,
// then sleep; Linux: `if (signal_pending(current)) return -ERESTARTSYS`).

import type { Host } from "../host.ts";
import type { Process } from "../proc/proc.ts";
import type { WaitQueue } from "../proc/wait-queue.ts";
import { ERESTARTNOHAND, ERESTARTSYS } from "../uapi/errno.ts";
import { BLOCK } from "./markers.ts";

/**
 * Sleeps on `queues` until notified or `deadline`, unless a signal is
 * pending: then the call is interrupted (ERESTARTSYS, restarted under
 * SA_RESTART; or ERESTARTNOHAND, never restarted when a handler runs, for
 * pause, nanosleep, poll, epoll_wait and calls with timeouts).
 */
export function block(
  h: Host,
  p: Process,
  queues: readonly WaitQueue[],
  deadline = Infinity,
  noRestart = false,
): number | typeof BLOCK {
  if (p.signalPending) return noRestart ? -ERESTARTNOHAND : -ERESTARTSYS;
  h.sleep(p, queues, deadline);
  return BLOCK;
}
