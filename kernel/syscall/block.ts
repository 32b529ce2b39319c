// The one way a syscall goes to sleep (gVisor: register on the wait queue,
// then sleep; Linux: `if (signal_pending(current)) return -ERESTARTSYS`).

import type { Host } from "../host.ts";
import type { Process } from "../proc/proc.ts";
import type { WaitQueue } from "../proc/wait-queue.ts";
import { EAGAIN, ERESTARTNOHAND, ERESTARTSYS } from "../uapi/errno.ts";
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

/**
 * Sleeps with SO_RCVTIMEO/SO_SNDTIMEO semantics: no timeout (0) sleeps as
 * block() does; with one, the deadline is fixed on the first sleep and a
 * wake-up past it is -EAGAIN. Calls with a timeout are never restarted
 * after a handler (linux README §11).
 */
export function blockTimeout(h: Host, p: Process, queues: readonly WaitQueue[], timeoNs: number): number | typeof BLOCK {
  if (!(timeoNs > 0)) return block(h, p, queues);
  const sys = p.sys;
  if (sys.deadline === undefined) sys.deadline = h.world.now + timeoNs;
  else if (h.world.now >= sys.deadline) return -EAGAIN;
  return block(h, p, queues, sys.deadline, true);
}
