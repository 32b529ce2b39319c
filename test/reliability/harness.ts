// Runs a generated program (gen.ts) the way the reliability properties need:
// invariants on, then every survivor SIGKILLed (wherever it is blocked) and
// the world drained until no timer is left, then the end-of-run invariants,
// then the nothing-lost accounting over what the programs logged.

import { defineScenario } from "../../kernel/sim/scenario.ts";
import { buildSimulation, runSimulation, type Simulation } from "../../kernel/sim/run.ts";
import { checkFinal, invariantState } from "../../kernel/sim/invariants.ts";
import { sendSignal } from "../../kernel/proc/signal.ts";
import { SIGKILL } from "../../kernel/uapi/signal.ts";
import { Pipe } from "../../kernel/fs/pipe.ts";
import { installFaults, type FaultSpec } from "../../kernel/sim/faults.ts";
import type { SyscallRequest } from "../../kernel/abi.ts";
import { TcpSocket } from "../../kernel/net/tcp/socket.ts";
import type { SchedPolicy } from "../../kernel/host.ts";
import { interpreter, kid, parseRecords, type LogStore, type Op, type ReadLog } from "./gen.ts";

function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

export interface RandomRun {
  sim: Simulation;
  hash: string;
  syscalls: number;
  processes: number;
  store: LogStore;
  /** What every pipe took in and handed out, as the kernel saw it. */
  pipeStreams: PipeTap;
  /** Every read a pipe answered with data, by pid, as the kernel handed it out (the program may have died before seeing the last one). */
  kernelReads: Map<number, Array<{ ino: number; bytes: Uint8Array }>>;
  /** Syscalls that had a fault injected (short read/write, EINTR, EAGAIN, ECONNRESET). */
  faultsInjected: number;
  /** Processes still alive at the end, SIGKILLed wherever they were (faults injected). */
  killedAtEnd: number;
  /** Kernel-internal errnos (ERESTARTSYS 512 and up) a program saw: must be none. */
  leaks: string[];
}

/** Steps allowed for the program itself, and for the drain after the SIGKILLs. */
const RUN_STEPS = 400_000;
const DRAIN_STEPS = 400_000;

/** The scenario a generated program runs in: one host, the interpreter, /bin/kid for exec. */
export function randomScenario(ops: readonly Op[], store: LogStore) {
  return defineScenario({
    name: "random-program",
    hosts: [{ name: "localhost", ip: "10.0.0.1" }],
    processes: [{ program: interpreter(ops, store), argv: ["rand"] }],
    programs: [kid],
    until: { exit: true, time: "5s" },
  });
}

export function runRandom(ops: readonly Op[], seed: number, sched: SchedPolicy, invariants = true, faults?: FaultSpec): RandomRun {
  const store: LogStore = new Map();
  const scenario = randomScenario(ops, store);
  const sim = buildSimulation(scenario, { seed, sched, invariants, trace: "hash", faults: null });
  const w = sim.world;
  // Faults (kernel/sim/faults.ts) around a counter: a call that reaches the
  // handler changed (short read/write) or not at all (EINTR, EAGAIN,
  // ECONNRESET) had a fault injected.
  let faultsInjected = 0;
  if (faults) {
    let reached: SyscallRequest | null = null;
    w.interpose = (h, p, req, def) => {
      reached = req;
      return def.handler(h, p, req.args);
    };
    installFaults(w, faults);
    const faulty = w.interpose!;
    w.interpose = (h, p, req, def) => {
      reached = null;
      const r = faulty(h, p, req, def);
      if (reached !== req) faultsInjected++;
      return r;
    };
  }
  const rec: PipeTap = { reads: new Map(), written: new Map(), readByPipe: new Map(), tcp: new Map() };
  tap = rec;
  let killedAtEnd = 0;
  try {
    runSimulation(sim, RUN_STEPS);
    // Whatever is left (blocked in read, wait, poll; stopped; spinning) is killed mid-syscall.
    for (const h of w.hosts) {
      for (const p of [...h.procs.values()]) {
        if (p.pid !== 1 && p.state !== "Z") {
          killedAtEnd++;
          sendSignal(h, p, SIGKILL);
        }
      }
    }
    let n = 0;
    while (w.step()) if (++n > DRAIN_STEPS) throw new Error(`the world did not drain after SIGKILL in ${DRAIN_STEPS} steps`);
  } finally {
    tap = null;
  }
  if (invariants) checkFinal(w);
  let syscalls = 0;
  for (const p of w.allProcs) syscalls += p.nsyscalls;
  const leaks: string[] = [];
  for (const [pid, entries] of store) for (const e of entries) if (e && e.kind === "leak") leaks.push(`pid ${pid} saw errno ${e.errno} after ${e.op}`);
  return { sim, hash: w.trace.hash, syscalls, processes: w.allProcs.length, store, leaks, kernelReads: rec.reads, pipeStreams: rec, killedAtEnd, faultsInjected };
}

/** What pipes took in and handed out during one run (the pipe object's own view, below the syscalls). */
export interface PipeTap {
  /** TCP byte streams by direction ("lip:lport>rip:rport" of the sender): what send accepted, what the peer's recv returned, and whether the peer saw EOF. */
  tcp: Map<string, { sent: Uint8Array[]; recv: Uint8Array[]; eof: boolean }>;
  /** pid → the data each of its pipe reads returned, in order. */
  reads: Map<number, Array<{ ino: number; bytes: Uint8Array }>>;
  /** pipe ino → every chunk accepted, in order. */
  written: Map<number, Uint8Array[]>;
  /** pipe ino → every chunk handed out, in order. */
  readByPipe: Map<number, Uint8Array[]>;
}

let tap: PipeTap | null = null;
const pipeRead = Pipe.prototype.read;
const pipeWrite = Pipe.prototype.write;
// Taps on the pipe object itself (test-only): run the real method, note what moved.
Pipe.prototype.read = function (this: Pipe, f, count, ...rest: unknown[]) {
  const r = (pipeRead as (...a: unknown[]) => Uint8Array | number).call(this, f, count, ...rest);
  const p = rest[0] as { pid: number } | undefined;
  if (tap && r instanceof Uint8Array && r.length > 0) {
    push(tap.readByPipe, this.ino, r.slice());
    if (p) push(tap.reads, p.pid, { ino: this.ino, bytes: r.slice() });
  }
  return r;
};
Pipe.prototype.write = function (this: Pipe, f, data, ...rest: unknown[]) {
  const r = (pipeWrite as (...a: unknown[]) => number).call(this, f, data, ...rest);
  if (tap && r > 0) push(tap.written, this.ino, data.slice(0, r));
  return r;
};

// The same for TCP, on the socket: sendmsg's accepted bytes, recvmsg's returned ones.
type TcbEnds = { lip: number; lport: number; rip: number; rport: number; finRcvd: boolean; rcvQ: { length: number } };
const tcpSend = TcpSocket.prototype.sendmsg;
const tcpRecv = TcpSocket.prototype.recvmsg;
function stream(dir: string) {
  let st = tap!.tcp.get(dir);
  if (!st) tap!.tcp.set(dir, (st = { sent: [], recv: [], eof: false }));
  return st;
}
TcpSocket.prototype.sendmsg = function (this: TcpSocket, data, flags, to) {
  const r = tcpSend.call(this, data, flags, to);
  if (tap && r > 0) {
    const t = this.tcb as unknown as TcbEnds;
    stream(`${t.lip}:${t.lport}>${t.rip}:${t.rport}`).sent.push(data.slice(0, r));
  }
  return r;
};
TcpSocket.prototype.recvmsg = function (this: TcpSocket, count, flags) {
  const t = this.tcb as unknown as TcbEnds;
  const atEof = t.finRcvd && t.rcvQ.length === 0 && count > 0;
  const r = tcpRecv.call(this, count, flags);
  if (tap && typeof r === "object") {
    const st = stream(`${t.rip}:${t.rport}>${t.lip}:${t.lport}`);
    if (r.data.length > 0) st.recv.push(r.data.slice());
    else if (atEof) st.eof = true;
  }
  return r;
};

function push<K, V>(m: Map<K, V[]>, k: K, v: V): void {
  const l = m.get(k);
  if (l) l.push(v);
  else m.set(k, [v]);
}

function concatAll(chunks: readonly Uint8Array[]): Uint8Array {
  const out = new Uint8Array(chunks.reduce((n, c) => n + c.length, 0));
  let at = 0;
  for (const c of chunks) {
    out.set(c, at);
    at += c.length;
  }
  return out;
}

const key = (ino: number, pid: number, seq: number) => `${ino}/${pid}/${seq}`;

/**
 * Nothing lost, nothing duplicated, nothing reordered: every record written
 * into a pipe was read exactly once, or was still in the pipe when its last
 * reader went away; a reader sees each writer's records in the order written.
 * Returns a description of the first violation, or null.
 */
export function checkNothingLost(run: RandomRun, faulted = false): string | null {
  // 1. Each pipe is a FIFO that loses nothing: what it handed out, then what
  //    it still held when its last reader went away, is exactly what it took in.
  const tapped = run.pipeStreams;
  const discarded = invariantState(run.sim.world)?.discarded ?? new Map<number, Uint8Array>();
  for (const [ino, chunks] of tapped.written) {
    const inBytes = concatAll(chunks);
    const outBytes = concatAll([...(tapped.readByPipe.get(ino) ?? []), discarded.get(ino) ?? new Uint8Array(0)]);
    if (!sameBytes(inBytes, outBytes)) {
      let i = 0;
      while (i < inBytes.length && i < outBytes.length && inBytes[i] === outBytes[i]) i++;
      return `pipe ${ino} took in ${inBytes.length} bytes but handed out or held ${outBytes.length}; first difference at byte ${i}`;
    }
  }
  for (const ino of tapped.readByPipe.keys()) if (!tapped.written.has(ino)) return `pipe ${ino} handed out bytes it never took in`;
  // 2. What programs saw is what the pipes handed them, in order; only a
  //    reader killed on its way back from read() (a fatal signal delivered
  //    before the reply reached user mode) misses its last one.
  for (const [pid, entries] of run.store) {
    const saw = entries.filter((e): e is ReadLog => e !== undefined && e.kind === "r");
    const got = run.kernelReads.get(pid) ?? [];
    const proc = run.sim.world.allProcs.find((p) => p.pid === pid);
    const diedOfSignal = proc?.exit != null && "signal" in proc.exit;
    if (saw.length > got.length || got.length - saw.length > (diedOfSignal ? 1 : 0)) {
      return `pid ${pid} logged ${saw.length} pipe reads but its pipes answered ${got.length}`;
    }
    for (let i = 0; i < saw.length; i++) {
      if (saw[i]!.ino !== got[i]!.ino || !sameBytes(saw[i]!.bytes, got[i]!.bytes)) return `pid ${pid}'s pipe read #${i} differs from what the pipe handed out`;
    }
  }
  // 3. TCP: a reader gets a prefix of what its peer sent, in order; after EOF, all of it.
  for (const [dir, st] of tapped.tcp) {
    const sent = concatAll(st.sent), got = concatAll(st.recv);
    if (got.length > sent.length || !sameBytes(got, sent.subarray(0, got.length))) return `TCP ${dir}: the reader got ${got.length} bytes that are not what was sent (${sent.length} bytes)`;
    if (st.eof && got.length !== sent.length) return `TCP ${dir}: the reader saw EOF after ${got.length} of the ${sent.length} bytes sent`;
  }
  // 4. Every record a program saw written went into that pipe, once
  //    (records are whole only without short-write faults).
  if (faulted) return null;
  const inPipe = new Map<string, number>();
  for (const [ino, chunks] of tapped.written) {
    for (const r of parseRecords(concatAll(chunks))) {
      const k = key(r.ino, r.pid, r.seq);
      if (r.ino !== (ino & 0xffff)) return `pipe ${ino} took in record ${k}, tagged for another pipe`;
      inPipe.set(k, (inPipe.get(k) ?? 0) + 1);
    }
  }
  for (const [, entries] of run.store) {
    for (const e of entries) {
      if (!e || e.kind !== "w") continue;
      for (const s of e.seqs) {
        const k = key(e.ino, e.pid, s);
        if (inPipe.get(k) !== 1) return `record ${k}, written by a successful write(), is in its pipe ${inPipe.get(k) ?? 0} times`;
      }
    }
  }
  return null;
}
