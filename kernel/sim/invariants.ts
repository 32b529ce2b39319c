// Kernel invariants, checked after every step when a run asks for them
// (`runScenario(s, { invariants: true })`, the reliability tests). What a
// program can observe is an errno; what is checked here is what must be
// true of the kernel's own bookkeeping, whatever programs do (STYLE.md
// habit 3: a broken invariant throws with a precise message, never logs).
//
// Checked after every step, for every host:
//   - fds: every fd-table slot refers to a live (never released) open file
//     description whose `refs` equals the number of slots, in all processes,
//     referring to it; epoll interest never names a released description;
//   - pipes: `readers`/`writers` equal the live descriptions open on each end;
//   - scheduling: the run queue holds exactly the runnable processes, each
//     once; a sleeping process (S) is registered on every wait queue in
//     `p.waits`, a runnable, stopped or dead one on none; every waiter found
//     on a reachable wait queue belongs to a process sleeping on it;
//   - process tree: children/ppid agree; zombies hold no fds and no frames
//     and have a live parent other than init (init reaps at once);
//   - TCP (when the network is attached; read defensively): every TCB is in
//     an RFC 9293 state; listeners hold no data; LISTEN and CLOSED TCBs run
//     no timer; SYN-SENT has received nothing; SND.NXT is not behind SND.UNA;
//     sequence space in flight means the retransmission timer runs (RFC 6298
//     §5.1 — else the connection would hang).
// And at release time: a description is released once, with no reference
// left. `checkFinal` adds what must hold once a run is over and every
// timer has fired: no process but init, no TCB outside CLOSED/TIME-WAIT.
//
// Cost: zero when off (World.checkInvariants is null: one comparison per
// step); when on, O(processes + fds + waiters) per step.
//
// Epoll keeps its interest list private; the checker reads it through a
// narrow cast (`interestOf`) rather than widening the kernel's API for a
// debug tool.

import type { World } from "../world.ts";
import type { Host } from "../host.ts";
import type { Process } from "../proc/proc.ts";
import type { OpenFile } from "../fs/file.ts";
import { Pipe } from "../fs/pipe.ts";
import { O_ACCMODE, O_RDONLY, O_RDWR, O_WRONLY } from "../uapi/fcntl.ts";
import type { WaitQueue, Waiter } from "../proc/wait-queue.ts";
import { TCP_STATES } from "../net/tcp/machine.ts";

export class InvariantError extends Error {
  constructor(w: World, what: string) {
    super(`kernel invariant broken at step ${w.steps} (t=${w.now} ns): ${what}`);
    this.name = "InvariantError";
  }
}

/** What the checker keeps about a world between steps. */
export interface InvariantState {
  /** Descriptions whose last reference closed (World.releaseFile ran). */
  released: WeakSet<OpenFile>;
  /** Steps checked so far. */
  checks: number;
  /**
   * Bytes a pipe still held when its last reader went away (ino → bytes):
   * lost because the reader died or closed, which the "nothing lost"
   * property of the reliability tests allows.
   */
  discarded: Map<number, Uint8Array>;
}

const STATES = new WeakMap<World, InvariantState>();

/** Counts over all worlds, for the reliability report. */
export const invariantStats = { checks: 0 };

/** Switches the checker on for `w`: after every step, and on every release. */
export function installInvariants(w: World): InvariantState {
  const existing = STATES.get(w);
  if (existing) return existing;
  const st: InvariantState = { released: new WeakSet(), checks: 0, discarded: new Map() };
  STATES.set(w, st);
  const release = w.releaseFile.bind(w);
  // An own property shadows the method: FdTable.onLastClose calls w.releaseFile(f).
  w.releaseFile = (f: OpenFile) => {
    if (st.released.has(f)) throw new InvariantError(w, `open file ${f.id} (${f.obj.describe()}) released twice`);
    if (f.refs !== 0) throw new InvariantError(w, `open file ${f.id} (${f.obj.describe()}) released with refs ${f.refs}`);
    st.released.add(f);
    release(f);
    const o = f.obj;
    if (o instanceof Pipe && o.readers === 0 && o.size > 0 && !st.discarded.has(o.ino)) st.discarded.set(o.ino, pipeContents(o));
  };
  w.checkInvariants = (world) => {
    st.checks++;
    invariantStats.checks++;
    checkWorld(world, st);
  };
  return st;
}

export function invariantState(w: World): InvariantState | undefined {
  return STATES.get(w);
}

/** The bytes buffered in a pipe, oldest first (read-only: the pipe is not touched). */
export function pipeContents(p: Pipe): Uint8Array {
  const slots = (p as unknown as { slots: Array<{ data: Uint8Array; off: number; len: number }> }).slots;
  const out = new Uint8Array(p.size);
  let at = 0;
  for (const s of slots) {
    out.set(s.data.subarray(s.off, s.off + s.len), at);
    at += s.len;
  }
  return out;
}

function interestOf(obj: unknown): Map<OpenFile, Map<number, unknown>> | null {
  const m = (obj as { byFile?: unknown }).byFile;
  return m instanceof Map ? (m as Map<OpenFile, Map<number, unknown>>) : null;
}

/** Runs every per-step check on `w`; throws InvariantError on the first broken one. */
export function checkWorld(w: World, st?: InvariantState): void {
  const released = st?.released;
  for (const h of w.hosts) checkHost(w, h, released);
}

function checkHost(w: World, h: Host, released: WeakSet<OpenFile> | undefined): void {
  const fail = (what: string): never => {
    throw new InvariantError(w, `${h.name}: ${what}`);
  };
  // Run queue: runnable processes of this host, each once.
  const onRunq = new Set<Process>();
  for (const p of h.runq) {
    if (onRunq.has(p)) fail(`${p} is on the run queue twice`);
    onRunq.add(p);
    if (p.state !== "R") fail(`${p} is on the run queue in state ${p.state}`);
    if (h.procs.get(p.pid) !== p) fail(`${p} is on the run queue but not in the process table`);
  }
  const refCount = new Map<OpenFile, number>();
  const byWaiter = new Map<Waiter, Process>();
  for (const p of h.procs.values()) {
    byWaiter.set(p.waiter, p);
    if (p.host !== h) fail(`${p} is in the process table of another host`);
    if (p.pid === 1) {
      if (onRunq.has(p)) fail("init is on the run queue");
    } else if (p.state === "R") {
      if (!onRunq.has(p)) fail(`${p} is runnable but not on the run queue`);
    } else if (onRunq.has(p)) {
      fail(`${p} is in state ${p.state} but on the run queue`);
    }
    if (p.state === "S") {
      for (const q of p.waits) if (!q.has(p.waiter)) fail(`${p} sleeps in ${p.wchan || "?"} but is missing from a wait queue it registered on`);
    } else if (p.waits.length > 0) {
      fail(`${p} is in state ${p.state} but still registered on ${p.waits.length} wait queue(s)`);
    }
    if (p.state === "Z") {
      if (p.fds.count > 0) fail(`zombie ${p} still holds ${p.fds.count} fd(s)`);
      if (p.frames.length > 0) fail(`zombie ${p} still holds ${p.frames.length} generator frame(s)`);
      const parent = h.procs.get(p.ppid);
      if (!parent) fail(`zombie ${p} has no parent (ppid ${p.ppid}) in the process table`);
      else if (parent.pid === 1) fail(`zombie ${p} is a child of init, which reaps at once`);
      else if (parent.state === "Z") fail(`zombie ${p} has a zombie parent ${parent}`);
      else if (!parent.children.includes(p)) fail(`zombie ${p} is missing from its parent's children`);
    } else {
      if (p.pid !== 1 && p.frames.length === 0) fail(`${p} is in state ${p.state} with no generator frame`);
      if (p.pid !== 1 && !h.procs.has(p.ppid)) fail(`${p} has ppid ${p.ppid}, which is not in the process table`);
    }
    for (const c of p.children) {
      if (c.ppid !== p.pid) fail(`${c} is a child of ${p} but has ppid ${c.ppid}`);
      if (h.procs.get(c.pid) !== c) fail(`${c}, a child of ${p}, is not in the process table`);
    }
    for (const [fd, f] of p.fds.entries()) {
      if (released?.has(f)) fail(`${p} fd ${fd} refers to released open file ${f.id} (${f.obj.describe()})`);
      if (f.refs <= 0) fail(`${p} fd ${fd} refers to open file ${f.id} (${f.obj.describe()}) with refs ${f.refs}`);
      refCount.set(f, (refCount.get(f) ?? 0) + 1);
    }
  }
  // Descriptions are per host (no fd passing between hosts), so counts close here.
  const pipes = new Map<Pipe, { r: number; w: number }>();
  const queues = new Set<WaitQueue>();
  for (const [f, n] of refCount) {
    if (f.refs !== n) fail(`open file ${f.id} (${f.obj.describe()}) has refs ${f.refs} but ${n} fd-table slot(s) refer to it`);
    const o = f.obj;
    queues.add(o.wq);
    if (o instanceof Pipe) {
      const c = pipes.get(o) ?? { r: 0, w: 0 };
      const mode = f.flags & O_ACCMODE;
      if (mode === O_RDONLY || mode === O_RDWR) c.r++;
      if (mode === O_WRONLY || mode === O_RDWR) c.w++;
      pipes.set(o, c);
    }
    const interest = o.type === "epoll" ? interestOf(o) : null;
    if (interest && released) {
      for (const g of interest.keys()) {
        if (released.has(g)) fail(`epoll ${o.describe()} still watches released open file ${g.id} (${g.obj.describe()})`);
      }
    }
  }
  for (const [pipe, c] of pipes) {
    if (pipe.readers !== c.r || pipe.writers !== c.w) {
      fail(`${pipe.describe()} counts ${pipe.readers} reader(s) and ${pipe.writers} writer(s), but ${c.r} and ${c.w} descriptions are open`);
    }
    if (pipe.size < 0 || pipe.size > pipe.capacity) fail(`${pipe.describe()} holds ${pipe.size} bytes, capacity ${pipe.capacity}`);
  }
  // Every process waiter found on a reachable queue is asleep on that queue.
  for (const p of h.procs.values()) queues.add(p.childWq);
  for (const q of queues) {
    for (const wt of q.list()) {
      const p = byWaiter.get(wt);
      if (p === undefined) continue; // an epoll item or another kind of waiter
      if (p.state !== "S") fail(`${p} (state ${p.state}) is still on a wait queue`);
      if (!p.waits.includes(q)) fail(`${p} is on a wait queue it did not register in p.waits`);
    }
  }
  checkTcp(h, fail);
}

interface TcbLike {
  state: string;
  sendQ?: { length: number };
  rcvQ?: { length: number };
  lport?: number;
  rport?: number;
  sndUna?: number;
  sndNxt?: number;
  rtx?: { armed: boolean };
  delack?: { armed: boolean };
  ka?: { armed: boolean };
}

function tcbsOf(h: Host): Iterable<TcbLike> {
  const net = h.net as { tcbs?: unknown } | null;
  return net && net.tcbs instanceof Set ? (net.tcbs as Set<TcbLike>) : [];
}

const TCP_STATE_NAMES: ReadonlySet<string> = new Set(TCP_STATES);

/** States in which the TCB sends and retransmits (has data or a SYN/FIN in flight to time out). */
const SENDING = new Set(["SYN_SENT", "SYN_RECEIVED", "ESTABLISHED", "FIN_WAIT_1", "CLOSE_WAIT", "CLOSING", "LAST_ACK"]);

function checkTcp(h: Host, fail: (what: string) => never): void {
  for (const t of tcbsOf(h)) {
    const s = String(t.state);
    const at = `TCB ${t.lport}->${t.rport ?? "*"} (${s})`;
    if (!TCP_STATE_NAMES.has(s)) fail(`a TCB on port ${t.lport} is in unknown state ${s}`);
    if (s === "LISTEN" && ((t.sendQ?.length ?? 0) > 0 || (t.rcvQ?.length ?? 0) > 0)) fail(`listening ${at} holds data`);
    if ((s === "LISTEN" || s === "CLOSED") && (t.rtx?.armed || t.delack?.armed || t.ka?.armed)) fail(`${at} has a timer armed`);
    if (s === "SYN_SENT" && (t.rcvQ?.length ?? 0) > 0) fail(`${at} has received data before the handshake`);
    if (typeof t.sndUna === "number" && typeof t.sndNxt === "number" && SENDING.has(s)) {
      const inFlight = (t.sndNxt - t.sndUna) >>> 0;
      if (inFlight >= 0x80000000) fail(`${at} has SND.NXT ${t.sndNxt >>> 0} behind SND.UNA ${t.sndUna >>> 0}`);
      // RFC 6298 §5.1: data in flight means the retransmission timer runs (else the connection would hang).
      if (inFlight > 0 && t.rtx !== undefined && !t.rtx.armed) fail(`${at} has ${inFlight} unacknowledged sequence numbers but no retransmission timer`);
    }
  }
}

/**
 * What must hold once a run is over and every timer has fired (the event
 * queue is empty): no process but init on any host, no TCB outside
 * CLOSED/TIME-WAIT. Zombies of live parents are allowed only while the
 * parent lives, which `checkWorld` checks; after a drain none is alive.
 */
export function checkFinal(w: World): void {
  checkWorld(w, STATES.get(w));
  for (const h of w.hosts) {
    for (const p of h.procs.values()) {
      if (p.pid === 1) continue;
      if (p.state !== "Z") throw new InvariantError(w, `${h.name}: ${p} is still in state ${p.state} after the run`);
      const parent = h.procs.get(p.ppid);
      if (!parent || parent.state === "Z") throw new InvariantError(w, `${h.name}: zombie ${p} outlived its parent`);
    }
    for (const t of tcbsOf(h)) {
      const s = String(t.state);
      if (s !== "CLOSED" && s !== "TIME_WAIT") throw new InvariantError(w, `${h.name}: a TCB on port ${t.lport} is left in ${s}`);
    }
  }
}
