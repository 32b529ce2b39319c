// A simulated process (xv6's struct proc). The live generator stack is a
// cache: what defines the process is its program, argv and the record of
// every reply it received, from which fork (and time travel) rebuild it.

import type { Disposition, Program, SyscallRequest, UserGen } from "../abi.ts";
import { SIG_DFL } from "../abi.ts";
import { NSIG } from "../uapi/signal.ts";
import { FdTable } from "../fs/fdtable.ts";
import { Record } from "./record.ts";
import { defaultRlimits, type Rlimit } from "./rlimit.ts";
import type { Host } from "../host.ts";
import type { Terminal } from "../fs/tty.ts";
import { WaitQueue, type Waiter } from "./wait-queue.ts";

/** R running/runnable, S sleeping in a syscall, T stopped, Z zombie (ps(1) letters). */
export type ProcState = "R" | "S" | "T" | "Z";

/**
 * A signal's disposition. Never changed in place: sigaction, exec and
 * SA_RESETHAND put a new one in the table, so parent and child after fork,
 * and a checkpoint, share the ones they have in common.
 */
export interface SigAction {
  readonly handler: Disposition;
  /** Signals blocked while the handler runs, as a bit set over 1..64. */
  readonly mask: bigint;
  readonly flags: number;
}

/** SIG_DFL with no mask or flags: what every signal starts with. */
export const DEFAULT_ACTION: SigAction = Object.freeze({ handler: SIG_DFL, mask: 0n, flags: 0 });

/** One generator on the process's stack: main, or a signal handler on top of it. */
export interface Frame {
  gen: UserGen;
  /** The request this frame is suspended in, if any. */
  req: SyscallRequest | null;
  /** The reply waiting to be handed to `req`, if it has completed. */
  hasReply: boolean;
  reply: unknown;
  /** Signal mask to restore when this (handler) frame returns. */
  savedMask: bigint;
  /** Signal this frame handles (0 for main). */
  signo: number;
  /** Scratch state of the syscall in progress that survives blocking and restarts (partial progress, deadlines). */
  sys: { [k: string]: any } | null;
}

/** Frame.signo of the frame that replaced main when it returned (crt0's exit path). */
export const MAIN_RETURNED = -1;

/** Marker in the record: "a handler for this signal was entered here". */
export const REC_SIGNAL = "@signal";

export class Process {
  state: ProcState = "R";
  frames: Frame[] = [];
  /** Every reply delivered, for fork's replay (see record.ts). */
  rec = new Record();
  /** CPU cost of the step in progress, set by heavy handlers. */
  cost = 0;

  pgid: number;
  sid: number;
  uid = 1000;
  cwd = "/home/user";
  fds: FdTable;
  /** Resource limits by RLIMIT_* (proc/rlimit.ts): inherited by fork, kept by execve. RLIMIT_NOFILE's soft one is `fds.limit`. */
  rlim: Rlimit[];
  /** Userland's per-process memory (stdio buffers, errno): opaque to the kernel, rebuilt by replay. */
  user: { [k: string]: unknown } = {};

  actions: SigAction[] = [];
  blocked = 0n;
  pending = 0n;
  /** Queued real-time signals beyond the first (they queue, standard ones coalesce). */
  rtQueue: number[] = [];

  children: Process[] = [];
  /** Wait status (Linux encoding) once a zombie. */
  status = 0;
  /** Set while a stop/continue is waiting to be reported to the parent. */
  stopReport: "stopped" | "continued" | null = null;
  exit: { code: number } | { signal: number } | null = null;
  /** What the process is blocked in, for ps/TUI: "read(4)", "wait4(-1)". */
  wchan = "";
  /** Wakes a parent blocked in wait4 on this process's children. */
  readonly childWq: WaitQueue = new WaitQueue();
  /** Where the process sleeps: unregistered on wake-up. */
  waits: WaitQueue[] = [];
  /** Generation of the current sleep, so stale timers are ignored. */
  sleepGen = 0;
  readonly waiter: Waiter;
  alarmAt = 0;
  /** Bytes written to fd 1 and 2 (the result's stdout/stderr). */
  out: Uint8Array[] = [];
  err: Uint8Array[] = [];
  /** Total simulated CPU time consumed. */
  cpuNs = 0;
  startNs = 0;
  /** Syscalls made (the step counter of this process). */
  nsyscalls = 0;

  constructor(
    readonly host: Host,
    readonly pid: number,
    public ppid: number,
    public program: Program,
    public argv: readonly string[],
    public tty: Terminal | null,
    fdLimit: number,
  ) {
    this.pgid = pid;
    this.sid = pid;
    this.fds = new FdTable(fdLimit);
    this.rlim = defaultRlimits(fdLimit);
    for (let i = 0; i < NSIG; i++) this.actions.push(DEFAULT_ACTION);
    this.waiter = new ProcWaiter(this);
    // Stored a second time on purpose. A restore from a checkpoint (kernel/sim/checkpoint.ts) gives
    // a process a new record, memory and frame stack; V8 takes a field stored only once for a
    // constant, and the first restore would throw away all the code compiled on that premise.
    this.frames = [];
    this.rec = new Record();
    this.user = {};
  }

  get name(): string {
    return this.program.name;
  }

  get top(): Frame {
    return this.frames[this.frames.length - 1]!;
  }

  /** Scratch state of the current syscall (see Frame.sys). */
  get sys(): { [k: string]: any } {
    const f = this.top;
    return (f.sys ??= {});
  }

  get alive(): boolean {
    return this.state !== "Z";
  }

  /** A signal is pending and not blocked (Linux's signal_pending()). */
  get signalPending(): boolean {
    return this.pending !== 0n && (this.pending & ~this.blocked) !== 0n;
  }

  toString(): string {
    return `pid ${this.pid} (${this.program.name}) on ${this.host.name}`;
  }
}

/** What a sleeping process leaves on a wait queue: a notification wakes it. */
class ProcWaiter implements Waiter {
  constructor(private readonly p: Process) {}
  notify(): void {
    this.p.host.wake(this.p);
  }
}

const BITS: bigint[] = [];
for (let s = 0; s <= 64; s++) BITS.push(s === 0 ? 0n : 1n << BigInt(s - 1));

/** The bit of signal `sig` in a mask. */
export function sigbit(sig: number): bigint {
  return BITS[sig] ?? 0n;
}

export function newFrame(gen: UserGen, signo = 0, savedMask = 0n): Frame {
  return { gen, req: null, hasReply: false, reply: undefined, savedMask, signo, sys: null };
}
