// Runs one step of a process: hand the last reply to its generator (after
// delivering pending signals, as Linux does on the way back to user mode),
// let its code run to the next syscall, and execute that syscall. Every
// reply handed over is appended to the process's record, which is all
// fork's replay needs.

import { current, type SyscallRequest } from "../abi.ts";
import { SYSCALL_NS } from "../config.ts";
import type { Host } from "../host.ts";
import { EINTR, ENOSYS, ERESTARTNOHAND, ERESTARTSYS } from "../uapi/errno.ts";
import { SIGSEGV } from "../uapi/signal.ts";
import { AGAIN, BLOCK, NORETURN } from "../syscall/markers.ts";
import { SYSCALL_MAP } from "../syscall/table.ts";
import { beat, watchdog } from "../watchdog.ts";
import { doExit } from "./exit.ts";
import { MAIN_RETURNED, newFrame, type Process } from "./proc.ts";
import { deliverSignal } from "./signal.ts";
import { wExited, wSignaled } from "../uapi/wait.ts";

export function runProcess(h: Host, p: Process): void {
  const w = h.world;
  current.user = p.user;
  current.pid = p.pid;
  if (watchdog.heartbeat !== null) beat(p.pid, h.index, p.program.name);
  p.cost = SYSCALL_NS;
  const req = resume(h, p);
  if (req !== null && p.state === "R") execute(h, p, req);
  const c = p.cost;
  p.cpuNs += c;
  h.sliceUsed += c;
  h.cpuFreeAt = w.now + c;
}

function execute(h: Host, p: Process, req: SyscallRequest): void {
  const w = h.world;
  const def = SYSCALL_MAP.get(req.nr);
  let r: unknown;
  if (def === undefined) {
    r = -ENOSYS;
  } else {
    if (def.cost !== undefined) p.cost = def.cost;
    r = w.interpose === null ? def.handler(h, p, req.args) : w.interpose(h, p, req, def);
  }
  p.nsyscalls++;
  if (r === BLOCK) {
    p.wchan = wchanOf(req);
    w.traceBlock(h, p, req);
    return;
  }
  if (r === AGAIN || r === NORETURN) return;
  const f = p.top;
  f.reply = r;
  f.hasReply = true;
  w.traceSyscall(h, p, req, r, def === undefined ? -1 : def.id);
}

/**
 * Brings the process back to user mode and runs it to its next syscall.
 * Returns the request to execute, or null when the process died, stopped
 * or is between frames.
 */
function resume(h: Host, p: Process): SyscallRequest | null {
  for (;;) {
    if (p.state !== "R") return null;
    const f = p.top;
    if (f.req !== null && !f.hasReply) return f.req;
    if (p.signalPending) {
      deliverSignal(h, p);
      continue;
    }
    let res: IteratorResult<SyscallRequest, unknown>;
    try {
      if (f.req === null) {
        res = f.gen.next();
      } else {
        const reply = f.reply;
        p.rec.push(f.req.nr, reply);
        f.req = null;
        f.hasReply = false;
        f.reply = undefined;
        f.sys = null;
        res = f.gen.next(reply);
      }
    } catch (e) {
      crash(h, p, e);
      return null;
    }
    if (res.done) {
      if (p.frames.length === 1) {
        const onReturn = p.program.onReturn;
        if (onReturn && f.signo !== MAIN_RETURNED) {
          // crt0: exit(main's return value), which flushes stdio.
          p.frames[0] = newFrame(onReturn.call(p.program, res.value), MAIN_RETURNED);
          continue;
        }
        const code = typeof res.value === "number" ? res.value : 0;
        doExit(h, p, wExited(code));
        return null;
      }
      // A signal handler returned (sigreturn): restore the mask, resume the frame below.
      p.frames.pop();
      p.blocked = f.savedMask;
      continue;
    }
    const next = res.value;
    if (next === null || typeof next !== "object" || typeof (next as SyscallRequest).nr !== "string") {
      crash(h, p, new TypeError(`yielded ${String(next)} instead of a syscall (use yield* with libc calls)`));
      return null;
    }
    f.req = next;
    f.hasReply = false;
    return next;
  }
}

/** The program threw: it dies as a C program dies of a fault, and the world keeps the message. */
function crash(h: Host, p: Process, e: unknown): void {
  const msg = e instanceof Error ? `${e.name}: ${e.message}` : String(e);
  h.world.recordCrash(h, p, msg, e instanceof Error ? e.stack : undefined);
  doExit(h, p, wSignaled(SIGSEGV));
}

/** Turns an interrupted call's pending ERESTART* reply into a restart (handler === false) or EINTR. */
export function fixupRestart(p: Process, handlerRuns: boolean, saRestart: boolean): void {
  const f = p.top;
  if (!f.hasReply) return;
  // A reply is a number, or a struct whose `ret` carries the error (nanosleep's {ret, rem}).
  const boxed = typeof f.reply === "object" && f.reply !== null && "ret" in f.reply;
  const r = boxed ? (f.reply as { ret: unknown }).ret : f.reply;
  if (r === -ERESTARTSYS || r === -ERESTARTNOHAND) {
    if (!handlerRuns || (r === -ERESTARTSYS && saRestart)) {
      f.hasReply = false;
      f.reply = undefined;
    } else if (boxed) {
      (f.reply as { ret: number }).ret = -EINTR;
    } else {
      f.reply = -EINTR;
    }
  }
}

function wchanOf(req: SyscallRequest): string {
  const a0 = req.args[0];
  return typeof a0 === "number" ? `${req.nr}(${a0})` : `${req.nr}()`;
}
