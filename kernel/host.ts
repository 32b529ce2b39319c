// One simulated machine: its own kernel with pids, a run queue and one
// CPU, a file system, terminals, and (see net/) its own network stack.
// Hosts share only the World: the clock, the event queue, the PRNG and
// the trace.

import type { Program } from "./abi.ts";
import { NOFILE, NPROC } from "./config.ts";
import { Process, newFrame } from "./proc/proc.ts";
import { Vfs } from "./fs/vfs.ts";
import type { Terminal } from "./fs/tty.ts";
import type { World } from "./world.ts";
import type { WaitQueue } from "./proc/wait-queue.ts";

export type SchedPolicy = "rr" | "random";

export class Host {
  readonly procs = new Map<number, Process>();
  /** Runnable processes in round-robin order (the running one included). */
  readonly runq: Process[] = [];
  /** The process that ran last, and how much of its slice it has used. */
  current: Process | null = null;
  sliceUsed = 0;
  /** A person chose who runs next (the TUI's "run this one"): honoured at the next scheduling point. */
  forced: Process | null = null;
  /** The CPU is busy until this time. */
  cpuFreeAt = 0;
  private nextPid = 2;
  readonly vfs: Vfs;
  readonly init: Process;
  /** Network stack, attached by net/ when the world has a network. */
  net: unknown = null;

  constructor(
    readonly world: World,
    readonly index: number,
    readonly name: string,
    readonly ip: number,
  ) {
    this.vfs = new Vfs(world);
    // pid 1 (init) never runs userland code here: the kernel reaps its
    // children for it (what init's wait loop does), so it sits in wait4.
    const initProgram: Program = { name: "init", start: function* () { return 0; } };
    this.init = new Process(this, 1, 0, initProgram, ["init"], null, NOFILE);
    this.init.state = "S";
    this.init.wchan = "wait4(-1)";
    this.init.uid = 0;
    this.init.cwd = "/";
    this.procs.set(1, this.init);
  }

  /** Allocates a pid, or -1 past the per-host process limit. */
  allocPid(): number {
    if (this.procs.size >= NPROC) return -1;
    while (this.procs.has(this.nextPid)) this.nextPid = this.nextPid >= 4194304 ? 2 : this.nextPid + 1;
    return this.nextPid++;
  }

  /** Creates a runnable process running `program` (a scenario process or exec'd child). */
  spawn(program: Program, argv: readonly string[], ppid: number, tty: Terminal | null): Process {
    const pid = this.allocPid();
    if (pid < 0) throw new Error(`${this.name}: process table full`);
    const p = new Process(this, pid, ppid, program, argv, tty, NOFILE);
    p.fds.releaser = this.world;
    p.frames.push(newFrame(program.start(argv)));
    p.startNs = this.world.now;
    this.procs.set(pid, p);
    this.world.allProcs.push(p);
    const parent = this.procs.get(ppid);
    if (parent) parent.children.push(p);
    this.runq.push(p);
    return p;
  }

  /** Makes a sleeping process runnable (its syscall will be retried). */
  wake(p: Process): void {
    if (p.state !== "S") return;
    for (const q of p.waits) q.remove(p.waiter);
    p.waits.length = 0;
    p.sleepGen++;
    p.state = "R";
    p.wchan = "";
    this.runq.push(p);
  }

  /** Puts `p` to sleep on `queues` until one notifies, or until `deadline` (absolute ns). */
  sleep(p: Process, queues: readonly WaitQueue[], deadline = Infinity): void {
    p.state = "S";
    for (const q of queues) {
      q.add(p.waiter);
      p.waits.push(q);
    }
    this.dequeue(p);
    if (deadline !== Infinity) {
      this.world.events.push(deadline, "timeout", new SleepTimeout(this, p, p.sleepGen));
    }
  }

  /** Removes `p` from the run queue (it slept, stopped or died). */
  dequeue(p: Process): void {
    const i = this.runq.indexOf(p);
    if (i >= 0) this.runq.splice(i, 1);
    if (this.current === p) this.current = null;
  }
}

/** A sleep's deadline (the event's action): wakes the process if it is still in that sleep. */
class SleepTimeout {
  constructor(private readonly host: Host, private readonly p: Process, private readonly gen: number) {}
  run(): void {
    const p = this.p;
    if (p.state === "S" && p.sleepGen === this.gen) this.host.wake(p);
  }
}
