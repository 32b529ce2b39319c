// The scheduler of one host's CPU. Preemption happens only at syscall
// boundaries (a generator cannot be interrupted elsewhere). Policies:
//   rr     — round robin with a time slice of QUANTUM_NS of simulated CPU;
//   random — a seeded uniform choice among runnable processes at every
//            boundary, which shakes out races.
// A World may install a chooser (explore, the TUI's "run this one next")
// that overrides the policy wherever more than one process could run.

import { QUANTUM_NS } from "../config.ts";
import type { Host } from "../host.ts";
import type { Process } from "./proc.ts";

export function pickNext(h: Host): Process | null {
  const q = h.runq;
  if (q.length === 0) return null;
  const w = h.world;
  const cur = h.current;
  let next: Process;
  const forced = h.forced;
  if (forced !== null) h.forced = null;
  if (forced !== null && forced.state === "R" && q.includes(forced)) {
    next = forced;
  } else if (q.length === 1) {
    next = q[0]!;
  } else if (w.chooser) {
    next = q[w.chooser(h, q)] ?? q[0]!;
  } else if (w.policy === "random") {
    next = q[w.rand.below(q.length)]!;
  } else if (cur && cur.state === "R" && h.sliceUsed < QUANTUM_NS) {
    next = cur;
  } else {
    // The slice is over: the runner goes to the back of the queue.
    if (cur && cur.state === "R") {
      const i = q.indexOf(cur);
      if (i >= 0) {
        q.splice(i, 1);
        q.push(cur);
      }
    }
    next = q[0]!;
  }
  if (next !== cur) {
    if (q.length > 1 || cur !== null) {
      w.recordSched(h, next, q);
    }
    h.current = next;
    h.sliceUsed = 0;
  }
  return next;
}

/** CPU time left in the running process's slice (what spin() burns). */
export function sliceLeft(h: Host): number {
  return Math.max(QUANTUM_NS - h.sliceUsed, 1000);
}
