// Signal generation and delivery (Linux kernel/signal.c). Generation marks
// a signal pending (or drops it when ignored and unblocked) and interrupts
// an interruptible sleep; delivery happens on the way back to user mode:
// default actions, or a handler pushed as a new generator frame on top of
// the interrupted one. Standard signals coalesce; real-time signals queue.

import { SIG_DFL, SIG_IGN } from "../abi.ts";
import type { Host } from "../host.ts";
import {
  SA_NODEFER, SA_RESETHAND, SA_RESTART, SIGCHLD, SIGCONT, SIGKILL, SIGRTMIN, SIGSTOP, SIGTSTP,
  SIGTTIN, SIGTTOU, defaultAction,
} from "../uapi/signal.ts";
import { wSignaled, wStopped } from "../uapi/wait.ts";
import { doExit } from "./exit.ts";
import { DEFAULT_ACTION, newFrame, REC_SIGNAL, sigbit, type Process } from "./proc.ts";
import { fixupRestart } from "./runner.ts";

const STOP_MASK = sigbit(SIGSTOP) | sigbit(SIGTSTP) | sigbit(SIGTTIN) | sigbit(SIGTTOU);
/** SIGKILL and SIGSTOP can be neither blocked nor caught. */
export const UNBLOCKABLE = sigbit(SIGKILL) | sigbit(SIGSTOP);

function isIgnored(p: Process, sig: number): boolean {
  const h = p.actions[sig]!.handler;
  return h === SIG_IGN || (h === SIG_DFL && defaultAction(sig) === "ign");
}

/** Generates `sig` for `p` (kill, raise, the tty, the kernel). */
export function sendSignal(h: Host, p: Process, sig: number, from = 0): void {
  if (p.state === "Z" || sig === 0) return;
  // init is unkillable (Linux's SIGNAL_UNKILLABLE, sig_task_ignored()): a
  // signal it has no handler for is dropped, SIGKILL included. Here init
  // never runs userland code, so every signal to it is dropped.
  if (p.pid === 1 && p.actions[sig]?.handler === SIG_DFL) return;
  const w = h.world;
  const bit = sigbit(sig);
  // SIGCONT and stop signals cancel each other (prepare_signal).
  if (sig === SIGCONT || sig === SIGKILL) {
    p.pending &= ~STOP_MASK;
    if (p.state === "T") continueProcess(h, p);
  } else if (bit & STOP_MASK) {
    p.pending &= ~sigbit(SIGCONT);
  }
  if (sig !== SIGKILL && isIgnored(p, sig) && (p.blocked & bit) === 0n) {
    w.recordSignal(h, p, "ignore", sig, from);
    return;
  }
  w.recordSignal(h, p, "send", sig, from);
  if (sig >= SIGRTMIN && (p.pending & bit) !== 0n) p.rtQueue.push(sig);
  p.pending |= bit;
  if ((p.blocked & bit) === 0n || sig === SIGKILL) {
    if (p.state === "S") h.wake(p);
  }
}

/** Sends to every live process of a process group; false when there is none. */
export function sendSignalToGroup(h: Host, pgid: number, sig: number, from = 0): boolean {
  let found = false;
  for (const p of [...h.procs.values()]) {
    if (p.pgid === pgid && p.pid !== 1 && p.state !== "Z") {
      found = true;
      sendSignal(h, p, sig, from);
    }
  }
  return found;
}

/** Delivers the lowest pending unblocked signal to `p`, which is returning to user mode. */
export function deliverSignal(h: Host, p: Process): void {
  const w = h.world;
  const ready = p.pending & ~p.blocked;
  let sig = 1;
  while ((ready & sigbit(sig)) === 0n) sig++;
  const bit = sigbit(sig);
  const q = p.rtQueue.indexOf(sig);
  if (q >= 0) p.rtQueue.splice(q, 1);
  else p.pending &= ~bit;

  const act = p.actions[sig]!;
  if (sig === SIGKILL) {
    w.recordSignal(h, p, "deliver", sig, 0);
    doExit(h, p, wSignaled(SIGKILL));
    return;
  }
  const handler = act.handler;
  if (handler === SIG_IGN) {
    fixupRestart(p, false, false);
    return;
  }
  if (handler === SIG_DFL) {
    w.recordSignal(h, p, "deliver", sig, 0);
    switch (defaultAction(sig)) {
      case "ign":
      case "cont":
        fixupRestart(p, false, false);
        return;
      case "stop":
        fixupRestart(p, false, false);
        stopProcess(h, p, sig);
        return;
      case "term":
      case "core":
        // RLIMIT_CORE is 0 (as measured), so no core flag in the status.
        doExit(h, p, wSignaled(sig));
        return;
    }
  }
  w.recordSignal(h, p, "handle", sig, 0);
  fixupRestart(p, true, (act.flags & SA_RESTART) !== 0);
  const frame = newFrame(handler(sig), sig, p.blocked);
  p.blocked |= act.mask & ~UNBLOCKABLE;
  if ((act.flags & SA_NODEFER) === 0) p.blocked |= bit;
  if (act.flags & SA_RESETHAND) p.actions[sig] = DEFAULT_ACTION;
  p.frames.push(frame);
  p.rec.push(REC_SIGNAL, sig);
}

function stopProcess(h: Host, p: Process, sig: number): void {
  p.state = "T";
  p.status = wStopped(sig);
  p.stopReport = "stopped";
  h.dequeue(p);
  h.world.recordProc(h, p, "stop", sig);
  notifyParent(h, p, true);
}

function continueProcess(h: Host, p: Process): void {
  p.state = "R";
  p.stopReport = "continued";
  h.runq.push(p);
  h.world.recordProc(h, p, "continue", SIGCONT);
  notifyParent(h, p, true);
}

/** Tells the parent about a child's state change: SIGCHLD and a wake-up of wait4. */
export function notifyParent(h: Host, child: Process, stopOrCont = false): void {
  const parent = h.procs.get(child.ppid);
  if (!parent || parent.pid === 1) return;
  const act = parent.actions[SIGCHLD]!;
  // SA_NOCLDSTOP suppresses SIGCHLD for stops and continues.
  if (!(stopOrCont && act.flags & 1)) sendSignal(h, parent, SIGCHLD, child.pid);
  parent.childWq.notify(0);
}
