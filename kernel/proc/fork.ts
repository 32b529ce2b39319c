// fork() by deterministic replay. A JS generator cannot be copied, so the
// child is rebuilt: a fresh generator of the same program is handed, one
// by one, the replies the parent received (bytes read, addresses, wait
// statuses, signal-handler entries), up to the fork, which answers 0.
// Its locals, buffers and libc state (stdio buffers, errno) come out as the
// parent's were. A program that asks for a different syscall under the same
// replies is not deterministic, and is reported as such.

import { current, type SignalHandler, type SyscallRequest } from "../abi.ts";
import type { Host } from "../host.ts";
import { EAGAIN } from "../uapi/errno.ts";
import { FORK_CHILD_RUNS_FIRST, QUANTUM_NS } from "../config.ts";
import { MAIN_RETURNED, newFrame, Process, REC_SIGNAL } from "./proc.ts";
import { RecordCursor, type Record } from "./record.ts";
import { copyRlimits } from "./rlimit.ts";
import { beat, watchdog } from "../watchdog.ts";

export class DivergenceError extends Error {
  constructor(
    readonly program: string,
    readonly pid: number,
    readonly step: number,
    readonly expected: string,
    readonly got: string,
  ) {
    super(
      `program '${program}' (pid ${pid}) is not deterministic: replaying it for fork, at syscall #${step} it asked for ` +
        `${got} where the recorded run made ${expected}. Programs must depend only on syscall results: ` +
        `no Math.random, Date.now or module-level mutable state (see docs/porting.md).`,
    );
  }
}

/** The syscall through which programs install handlers (signal and sigaction). */
const SIGACTION = "rt_sigaction";

export function forkProcess(h: Host, parent: Process): number {
  const pid = h.allocPid();
  if (pid < 0) return -EAGAIN;
  const w = h.world;
  const child = new Process(h, pid, parent.pid, parent.program, parent.argv, parent.tty, parent.fds.limit);
  child.pgid = parent.pgid;
  child.sid = parent.sid;
  child.uid = parent.uid;
  child.cwd = parent.cwd;
  child.fds = parent.fds.clone();
  child.rlim = copyRlimits(parent.rlim);
  child.blocked = parent.blocked;
  child.startNs = w.now;

  // The child's record is the parent's plus fork's reply: 0.
  const rec = parent.rec.branch();
  rec.push("fork", 0);
  const handlers = replay(child, rec);
  child.rec = rec;

  // Dispositions are inherited; handler functions must be the child's own closures.
  child.actions = parent.actions.map((a, sig) => {
    if (typeof a.handler !== "function") return a;
    return { ...a, handler: handlers.get(sig) ?? a.handler };
  });

  h.procs.set(pid, child);
  w.allProcs.push(child);
  parent.children.push(child);
  if (FORK_CHILD_RUNS_FIRST) {
    h.runq.unshift(child);
    h.sliceUsed = QUANTUM_NS;
  } else {
    h.runq.push(child);
  }
  w.recordProc(h, child, "fork", parent.pid);
  return pid;
}

/**
 * Rebuilds `p`'s generator stack by feeding it the record's replies.
 * Returns the signal handlers the replayed code installed, by signal.
 */
export function replay(p: Process, rec: Record): Map<number, SignalHandler> {
  const saved = { user: current.user, pid: current.pid, replay: current.replay };
  const cur = new RecordCursor(rec, SIGACTION);
  current.user = p.user;
  current.pid = p.pid;
  current.replay = cur;
  // Replay runs the child's own code (up to its first syscall after fork):
  // a loop without a syscall there is the child's, and the watchdog says so.
  if (watchdog.heartbeat !== null) beat(p.pid, p.host.index, p.program.name);
  const handlers = new Map<number, SignalHandler>();
  // A handler is installed when rt_sigaction *executes*, right after it is
  // yielded; its reply may reach the program only after a signal handler
  // ran (the record then holds REC_SIGNAL before rt_sigaction's reply), so
  // handlers are captured from requests as they are yielded. The cursor
  // never answers rt_sigaction itself, so every one is yielded here.
  const note = (r: SyscallRequest | null): SyscallRequest | null => {
    if (r !== null && r.nr === SIGACTION && typeof r.args[1] === "object" && r.args[1] !== null) {
      const handler = (r.args[1] as { handler?: unknown }).handler;
      if (typeof handler === "function") handlers.set(r.args[0] as number, handler as SignalHandler);
    }
    return r;
  };
  try {
    // Most entries are taken by libc calls straight from the cursor while
    // the generator runs; this loop sees only the yielded ones: signal
    // entries, rt_sigaction, a request the record does not answer, the end.
    p.frames = [newFrame(p.program.start(p.argv))];
    const frames = p.frames;
    let req = note(start(p, cur.i));
    for (let name = cur.name; name !== null; name = cur.name) {
      if (name === REC_SIGNAL) {
        const sig = cur.next() as number;
        const h = handlers.get(sig);
        if (!h) throw new DivergenceError(p.program.name, p.pid, cur.i - 1, `a handler for signal ${sig}`, "none installed");
        frames.push(newFrame(h(sig), sig));
        req = note(start(p, cur.i));
        continue;
      }
      if (req === null) throw new DivergenceError(p.program.name, p.pid, cur.i, name, "the program to end");
      if (req.nr !== name) throw new DivergenceError(p.program.name, p.pid, cur.i, name, req.nr);
      const top = frames[frames.length - 1]!;
      const res = top.gen.next(cur.next());
      if (!res.done) {
        const next = res.value;
        top.req = next;
        req = next.nr === SIGACTION ? note(next) : next;
      } else if (frames.length > 1) {
        // A handler returned; the frame below is still waiting in its request.
        frames.pop();
        req = frames[frames.length - 1]!.req;
      } else {
        req = note(mainReturned(p, res.value, cur.i));
      }
    }
  } finally {
    current.user = saved.user;
    current.pid = saved.pid;
    current.replay = saved.replay;
  }
  return handlers;
}

/** Starts the top frame's generator; returns its first request. */
function start(p: Process, step: number): SyscallRequest | null {
  const res = p.top.gen.next();
  if (!res.done) return (p.top.req = res.value);
  if (p.frames.length > 1) {
    p.frames.pop();
    return p.top.req;
  }
  return mainReturned(p, res.value, step);
}

/** main returned during replay: continue in crt0's exit path, as the runner does. */
function mainReturned(p: Process, value: unknown, step: number): SyscallRequest | null {
  const onReturn = p.program.onReturn;
  if (!onReturn || p.frames[0]!.signo === MAIN_RETURNED) {
    throw new DivergenceError(p.program.name, p.pid, step, "more syscalls", "the program to return");
  }
  p.frames[0] = newFrame(onReturn.call(p.program, value), MAIN_RETURNED);
  return start(p, step);
}
