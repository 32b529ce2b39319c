// The simulated universe: one clock, one event queue, one PRNG, one trace,
// and the hosts. `step()` advances it by exactly one thing — the earliest
// timed event, or one syscall of the process a host's scheduler picks —
// which is what the TUI steps through and what "steps" counts.

import type { SyscallRequest } from "./abi.ts";
import { EventQueue } from "./clock.ts";
import { Rand } from "./rand.ts";
import { Trace, type TraceMode } from "./trace.ts";
import { Host, type SchedPolicy } from "./host.ts";
import type { Process } from "./proc/proc.ts";
import { pickNext } from "./proc/sched.ts";
import { runProcess } from "./proc/runner.ts";
import type { OpenFile } from "./fs/file.ts";
import { copyForTrace, hashValue } from "./syscall/trace-args.ts";
import { SYSCALL_MAP, type SyscallDef } from "./syscall/table.ts";

export interface WorldOptions {
  seed: number;
  policy?: SchedPolicy;
  trace?: TraceMode;
}

/** Runs `def`'s handler for `req` (or does something else instead, like a fault); returns its reply. */
export type SyscallInterposer = (h: Host, p: Process, req: SyscallRequest, def: SyscallDef) => unknown;

/** A program crashed (threw): kept for the result and the command line. */
export interface Crash {
  host: string;
  pid: number;
  program: string;
  message: string;
  stack?: string;
}

export class World {
  now = 0;
  steps = 0;
  readonly events = new EventQueue();
  readonly rand: Rand;
  readonly trace: Trace;
  readonly hosts: Host[] = [];
  /** Every process ever created, in creation order (the result lists them). */
  readonly allProcs: Process[] = [];
  policy: SchedPolicy;
  /** Overrides the scheduling policy where more than one process is runnable. */
  chooser: ((h: Host, runq: readonly Process[]) => number) | null = null;
  readonly crashes: Crash[] = [];
  /** Set by the network: injected faults (drop the next packet, ...). */
  networkFault: ((fault: { kind: string; host?: string }) => void) | null = null;
  /** Set by the network: scenario partitions and heals. */
  networkEvent: ((what: "partition" | "heal", hosts: readonly [string, string]) => void) | null = null;
  /**
   * Wraps syscall handler execution (fault injection, explore's footprints):
   * null on the hot path, so a plain run pays one check per syscall.
   */
  interpose: SyscallInterposer | null = null;
  /**
   * Debug hook run after every step (kernel/sim/invariants.ts installs it
   * when a run asks for `invariants: true`); it throws on a broken
   * invariant. Null otherwise, so a plain step pays one comparison.
   */
  checkInvariants: ((w: World) => void) | null = null;
  /** Called whenever a process exits (the run loop's "until exit" check). */
  exitListeners: Array<(h: Host, p: Process) => void> = [];
  private nextFileId = 1;
  private nextIno = 1;

  constructor(opts: WorldOptions) {
    this.rand = new Rand(opts.seed);
    this.policy = opts.policy ?? "rr";
    this.trace = new Trace(opts.trace ?? "full");
  }

  /**
   * Replaces the PRNG's state with a fresh one from `seed` (replay up to a
   * step, then continue differently: the TUI's restart-from-here). The
   * reseed is folded into the trace hash, so the continued run's hash says so.
   */
  reseed(seed: number): void {
    this.rand.restore(new Rand(seed).save());
    this.trace.mix(-5);
    this.trace.mix(seed);
  }

  addHost(name: string, ip: number): Host {
    const h = new Host(this, this.hosts.length, name, ip);
    this.hosts.push(h);
    return h;
  }

  host(name: string): Host | undefined {
    return this.hosts.find((h) => h.name === name);
  }

  fileId(): number {
    return this.nextFileId++;
  }

  ino(): number {
    return this.nextIno++;
  }

  /**
   * Advances by one step. Returns false when nothing can ever happen again
   * (no runnable process on any host, no pending event), or when the next
   * thing would happen after `until`.
   */
  step(until = Infinity): boolean {
    let best: Host | null = null;
    let bestAt = Infinity;
    for (const h of this.hosts) {
      if (h.runq.length === 0) continue;
      const at = h.cpuFreeAt > this.now ? h.cpuFreeAt : this.now;
      if (at < bestAt) {
        bestAt = at;
        best = h;
      }
    }
    const evAt = this.events.peekTime();
    if (evAt === Infinity && best === null) return false;
    if (evAt > until && bestAt > until) return false;
    this.steps++;
    if (evAt <= bestAt) {
      const ev = this.events.pop()!;
      this.now = ev.time;
      const f = ev.fire;
      if (typeof f === "function") f();
      else f.run();
    } else {
      this.now = bestAt;
      const h = best!;
      const p = pickNext(h);
      if (p) runProcess(h, p);
    }
    if (this.checkInvariants !== null) this.checkInvariants(this);
    return true;
  }

  /** Time of the next thing that will happen, or Infinity. */
  nextTime(): number {
    let t = this.events.peekTime();
    for (const h of this.hosts) if (h.runq.length > 0) t = Math.min(t, Math.max(this.now, h.cpuFreeAt));
    return t;
  }

  /**
   * The last reference to a description was closed: its release listeners
   * (epoll interest) hear first, then the object (Linux __fput():
   * eventpoll_release() before f_op->release).
   */
  releaseFile(f: OpenFile): void {
    f.notifyReleased();
    f.obj.release(f);
  }

  onExit(h: Host, p: Process): void {
    for (const fn of this.exitListeners) fn(h, p);
  }

  // --- tracing: every event goes through here ---------------------------

  traceSyscall(h: Host, p: Process, req: SyscallRequest, ret: unknown, id = SYSCALL_MAP.get(req.nr)?.id ?? -1): void {
    const t = this.trace;
    t.mix(this.now);
    t.mix(p.pid);
    t.mix(id);
    if (typeof ret === "number") t.mix(ret);
    else hashValue(t, ret);
    if (t.keeping) {
      t.record({
        step: this.steps, time: this.now, host: h.name, pid: p.pid, kind: "syscall",
        name: req.nr, args: copyForTrace(req.args), ret: copyForTrace([ret])[0],
      });
    }
  }

  traceBlock(h: Host, p: Process, req: SyscallRequest): void {
    if (this.trace.keeping) {
      this.trace.record({
        step: this.steps, time: this.now, host: h.name, pid: p.pid, kind: "syscall",
        name: req.nr, args: copyForTrace(req.args), info: "blocked",
      });
    }
  }

  recordSched(h: Host, next: Process, runq: readonly Process[]): void {
    const t = this.trace;
    t.mix(-1);
    t.mix(next.pid);
    if (t.keeping) {
      t.record({
        step: this.steps, time: this.now, host: h.name, pid: next.pid, kind: "sched", name: "switch",
        info: runq.map((q) => q.pid),
      });
    }
  }

  recordSignal(h: Host, p: Process, what: string, sig: number, from: number): void {
    const t = this.trace;
    t.mix(-2);
    t.mix(p.pid);
    t.mix(sig);
    if (t.keeping) {
      t.record({ step: this.steps, time: this.now, host: h.name, pid: p.pid, kind: "signal", name: what, info: { sig, from } });
    }
  }

  recordProc(h: Host, p: Process, what: string, value: number): void {
    const t = this.trace;
    t.mix(-3);
    t.mix(p.pid);
    t.mix(value);
    if (t.keeping) {
      t.record({ step: this.steps, time: this.now, host: h.name, pid: p.pid, kind: "proc", name: what, info: value });
    }
  }

  /** An external input (typed text, a signal from outside, a fault, a manual choice) entered the run. */
  recordInput(input: { kind: string }): void {
    const t = this.trace;
    t.mix(-4);
    t.mixString(JSON.stringify(input));
    if (t.keeping) t.record({ step: this.steps, time: this.now, host: "", pid: 0, kind: "input", name: input.kind, info: input });
  }

  recordCrash(h: Host, p: Process, message: string, stack?: string): void {
    this.crashes.push({ host: h.name, pid: p.pid, program: p.program.name, message, stack });
    if (this.trace.keeping) {
      this.trace.record({ step: this.steps, time: this.now, host: h.name, pid: p.pid, kind: "proc", name: "crash", info: message });
    }
  }
}
