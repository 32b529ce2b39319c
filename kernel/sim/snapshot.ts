// Inspection snapshots: one immutable tree of plain records, keyed by ids,
// describing a Simulation at one step — what the TUI draws and what tests
// can assert on (turmoil's netstat-shaped snapshots; immer's frozen trees).
// No class instances and no cross references: a process lists its fds as
// open-file-description ids, the description lists its holders as
// (host, pid, fd). Built on demand (once per frame), never per step.
//
// What the trace says about the recent past (syscalls per process, packets,
// who held the CPU) is gathered by an Observer subscribed to the trace. It
// keeps only the last WINDOW steps, and a snapshot shows only events of
// those steps, so a snapshot at step k is a function of the last WINDOW
// steps alone: time travel can replay the first k-WINDOW steps without
// observing them (trace mode "hash", fast) and still produce the same
// snapshot as a run that observed everything.

import { freeze } from "immer";
import type { TraceEvent } from "../trace.ts";
import type { Simulation } from "./run.ts";
import type { Host } from "../host.ts";
import type { Process, ProcState } from "../proc/proc.ts";
import type { FileType, OpenFile } from "../fs/file.ts";
import { ipToString } from "../net/packet.ts";
import type { SocketRow } from "../net/netstat.ts";

/** How many recent steps a snapshot describes (syscalls, packets, timeline). */
export const WINDOW = 20_000;
/** At most this many recent syscalls per process, packets, and timeline slices per host. */
export const MAX_SYSCALLS_PER_PROC = 300;
export const MAX_PACKETS = 1_000;
export const MAX_SLICES_PER_HOST = 2_000;
/** Lines of each terminal's screen kept in a snapshot (the end of it). */
export const SCREEN_LINES = 500;

/** A process key: "host:pid" (pids are per host). */
export type ProcKey = string;

export function procKey(host: string, pid: number): ProcKey {
  return `${host}:${pid}`;
}

export interface HeaderSnap {
  scenario: string;
  seed: number;
  policy: string;
  step: number;
  timeNs: number;
  finished: boolean;
  /** Nothing can happen without an outside input (every process blocked or done, no timer). */
  idle: boolean;
  /** The scenario has a network (faults can be injected). */
  network: boolean;
}

export interface HostSnap {
  name: string;
  ip: string;
  /** Live processes (zombies included), by pid. */
  pids: number[];
  /** Runnable pids, in run-queue order. */
  runq: number[];
  /** Who ran last on this host's CPU. */
  current: number | null;
}

export interface FdSnap {
  fd: number;
  /** The open file description's id (a key of `files`). */
  file: number;
  cloexec: boolean;
}

export interface ProcSnap {
  key: ProcKey;
  host: string;
  pid: number;
  ppid: number;
  pgid: number;
  sid: number;
  state: ProcState;
  program: string;
  argv: string[];
  /** What it is blocked in: "read(0)", "wait4(-1)"; "" when not sleeping. */
  wchan: string;
  cpuNs: number;
  startNs: number;
  nsyscalls: number;
  exit: { code: number } | { signal: number } | null;
  /** Name of its controlling terminal, if any. */
  tty: string | null;
  fds: FdSnap[];
  /** Pending signal numbers. */
  pending: number[];
}

export interface FileHolder {
  host: string;
  pid: number;
  fd: number;
}

/** An open file description (Linux's struct file) and the object behind it. */
export interface FileSnap {
  id: number;
  type: FileType;
  /** The object as /proc/pid/fd shows it: "pipe:[12]", "/dev/pts/3", "socket:[7]". */
  object: string;
  ino: number;
  flags: number;
  offset: number;
  /** fd-table slots referring to it (any process). */
  refs: number;
  path: string | null;
  holders: FileHolder[];
}

export interface TerminalSnap {
  name: string;
  host: string;
  /** The last SCREEN_LINES lines of what a person sees. */
  screen: string;
  fgPgid: number;
}

/** One `ss -tan` row, read from the network when it has a netstat view. */
export interface SocketSnap {
  /** Stable key within the snapshot: "host:index". */
  key: string;
  host: string;
  netid: string;
  state: string;
  recvQ: number;
  sendQ: number;
  local: string;
  peer: string;
  /** Owning processes as ss -p shows them, if known. */
  process: string;
  /** RFC 9293 state id (TCP_STATES) when known, for the diagram. */
  tcpState: string | null;
  /** States this socket went through, oldest first, when the network keeps them. */
  history: string[];
}

/** A stretch of consecutive steps in which one process held its host's CPU. */
export interface SliceSnap {
  host: string;
  pid: number;
  fromStep: number;
  toStep: number;
  /** null when the slice began before the snapshot's window. */
  fromNs: number | null;
  toNs: number;
}

export interface SimSnapshot {
  header: HeaderSnap;
  hostOrder: string[];
  hosts: Record<string, HostSnap>;
  procs: Record<ProcKey, ProcSnap>;
  files: Record<string, FileSnap>;
  terminalOrder: string[];
  terminals: Record<string, TerminalSnap>;
  sockets: SocketSnap[];
  /** Recent syscall, signal and process events per process (strace's input), oldest first. */
  syscalls: Record<ProcKey, TraceEvent[]>;
  /** Recent packet trace events, oldest first. */
  packets: TraceEvent[];
  /** Recent CPU slices per host, oldest first (the race view). */
  timeline: Record<string, SliceSnap[]>;
  /** The first step the recent-past sections describe. */
  windowFrom: number;
}

// --- the observer: what the trace says about the recent past --------------

/**
 * Subscribes to a simulation's trace and keeps a bounded log of the recent
 * past. A snapshot at step k shows only events of steps after k - WINDOW,
 * so an observer attached at world.steps = a gives, at any step k ≥
 * a + WINDOW (or any k when a = 0), exactly the snapshot of a run observed
 * from the start.
 */
export class Observer {
  readonly syscalls = new Map<ProcKey, TraceEvent[]>();
  readonly packets: TraceEvent[] = [];
  readonly slices = new Map<string, SliceSnap[]>();
  /** Step at which the observer was attached. */
  readonly since: number;
  /** Also called with every event (a caller watching for something). */
  tap: ((e: TraceEvent) => void) | null = null;

  private readonly listener = (e: TraceEvent): void => this.see(e);

  constructor(private readonly sim: Simulation) {
    this.since = sim.world.steps;
    sim.world.trace.subscribe(this.listener);
  }

  /** Stops observing (the run goes on unobserved, at full speed). */
  detach(): void {
    this.sim.world.trace.unsubscribe(this.listener);
  }

  private see(e: TraceEvent): void {
    this.tap?.(e);
    // Trace events are never changed once recorded (their arguments are
    // copies, and a packet is not changed once sent): the few that reach a
    // snapshot are frozen there, once, and later snapshots share them.
    // Freezing (or copying) every event as it is seen would cost more than
    // the step that made it.
    if (e.kind === "packet") {
      this.packets.push(e);
      if (this.packets.length > MAX_PACKETS * 2) this.packets.splice(0, this.packets.length - MAX_PACKETS);
      return;
    }
    if (e.kind === "syscall" || e.kind === "signal" || e.kind === "proc") {
      if (e.pid > 0) {
        const k = procKey(e.host, e.pid);
        let list = this.syscalls.get(k);
        if (!list) this.syscalls.set(k, (list = []));
        list.push(e);
        if (list.length > MAX_SYSCALLS_PER_PROC * 2) list.splice(0, list.length - MAX_SYSCALLS_PER_PROC);
      }
      if (e.kind === "syscall") this.ran(e);
    } else if (e.kind === "sched") {
      this.ran(e);
    }
  }

  private ran(e: TraceEvent): void {
    if (e.pid <= 0 || !e.host) return;
    let list = this.slices.get(e.host);
    if (!list) this.slices.set(e.host, (list = []));
    const last = list[list.length - 1];
    if (last && last.pid === e.pid && e.step <= last.toStep + 1) {
      last.toStep = e.step;
      last.toNs = e.time;
      return;
    }
    list.push({ host: e.host, pid: e.pid, fromStep: e.step, toStep: e.step, fromNs: e.time, toNs: e.time });
    if (list.length > MAX_SLICES_PER_HOST * 2) list.splice(0, list.length - MAX_SLICES_PER_HOST);
  }
}

// --- building a snapshot ----------------------------------------------------

/**
 * Reads a simulation (and its observer, if any) into a frozen snapshot.
 * Given the previous snapshot, every part that has not changed is the
 * previous (frozen) object itself, as immer's structural sharing does: the
 * deep freeze then stops there, and a view can compare parts by identity.
 */
export function buildSnapshot(sim: Simulation, observer: Observer | null = null, prev: SimSnapshot | null = null): SimSnapshot {
  const w = sim.world;
  const step = w.steps;
  const from = Math.max(0, step - WINDOW) + 1;
  const tty = new Map<unknown, string>();
  for (const l of sim.launched) tty.set(l.terminal, l.name);

  const hosts: Record<string, HostSnap> = {};
  const procs: Record<ProcKey, ProcSnap> = {};
  const files: Record<string, FileSnap> = {};
  for (const h of w.hosts) {
    hosts[h.name] = {
      name: h.name,
      ip: ipToString(h.ip),
      pids: [...h.procs.keys()].sort((a, b) => a - b),
      runq: h.runq.map((p) => p.pid),
      current: h.current?.pid ?? null,
    };
    for (const p of h.procs.values()) {
      procs[procKey(h.name, p.pid)] = procSnap(h, p, tty, files);
    }
  }

  const terminals: Record<string, TerminalSnap> = {};
  for (const l of sim.launched) {
    terminals[l.name] = { name: l.name, host: l.host.name, screen: tail(l.terminal.screen, SCREEN_LINES), fgPgid: l.terminal.fgPgid };
  }

  const syscalls: Record<ProcKey, TraceEvent[]> = {};
  const timeline: Record<string, SliceSnap[]> = {};
  let packets: TraceEvent[] = [];
  if (observer) {
    for (const [k, list] of observer.syscalls) {
      const recent = lastN(list, MAX_SYSCALLS_PER_PROC).filter((e) => e.step >= from);
      if (recent.length > 0) syscalls[k] = recent;
    }
    packets = lastN(observer.packets, MAX_PACKETS).filter((e) => e.step >= from);
    for (const [h, list] of observer.slices) {
      const recent = lastN(list, MAX_SLICES_PER_HOST)
        .filter((s) => s.toStep >= from)
        // A slice reaching back to the window's first step may have begun before it: its start is unknown.
        .map((s) => (s.fromStep > from ? { ...s } : { ...s, fromStep: from, fromNs: null }));
      if (recent.length > 0) timeline[h] = recent;
    }
  }

  const exited = sim.stopAtExit && sim.launched.every((l) => l.proc !== null && l.proc.state === "Z");
  const idle = w.nextTime() === Infinity && !exited;
  const snap: SimSnapshot = {
    header: {
      scenario: sim.scenario.name,
      seed: sim.seed,
      policy: w.policy,
      step,
      timeNs: w.now,
      finished: sim.finished() && !idle,
      idle,
      network: w.networkFault !== null || w.networkEvent !== null,
    },
    hostOrder: w.hosts.map((h) => h.name),
    hosts,
    procs,
    files,
    terminalOrder: sim.launched.map((l) => l.name),
    terminals,
    sockets: readSockets(w.hosts, files, procs),
    syscalls,
    packets,
    timeline,
    windowFrom: from,
  };
  return freeze(prev === null ? snap : share(prev, snap), true);
}

/**
 * `next`, with every part equal to the same part of `prev` replaced by
 * prev's: `prev` itself when nothing differs. `next` is fresh (not yet
 * frozen) and is completed in place; frozen parts of it (the observer's
 * events) are only compared by identity.
 */
export function share<T>(prev: T, next: T): T {
  if (prev === next || typeof next !== "object" || next === null || typeof prev !== "object" || prev === null) return next;
  if (Array.isArray(next)) {
    if (!Array.isArray(prev) || Object.isFrozen(next)) return next;
    let same = prev.length === next.length;
    for (let i = 0; i < next.length; i++) {
      const was = prev[i];
      const v = next[i];
      if (v === was) continue;
      const c = share(was, v);
      if (c !== v) next[i] = c;
      if (c !== was) same = false;
    }
    return same ? prev : next;
  }
  if (Array.isArray(prev) || Object.isFrozen(next)) return next;
  const n = next as Record<string, unknown>;
  const p = prev as Record<string, unknown>;
  const keys = Object.keys(n);
  let same = keys.length === Object.keys(p).length;
  for (let i = 0; i < keys.length; i++) {
    const k = keys[i]!;
    const was = p[k];
    const v = n[k];
    if (v === was) {
      if (v === undefined && !(k in p)) same = false;
      continue;
    }
    const c = share(was, v);
    if (c !== v) n[k] = c;
    if (c !== was) same = false;
  }
  return same ? prev : next;
}

function procSnap(h: Host, p: Process, tty: Map<unknown, string>, files: Record<string, FileSnap>): ProcSnap {
  const fds: FdSnap[] = [];
  for (const [fd, f] of p.fds.entries()) {
    fds.push({ fd, file: f.id, cloexec: p.fds.getCloexec(fd) });
    const fs = (files[f.id] ??= fileSnap(f));
    fs.holders.push({ host: h.name, pid: p.pid, fd });
  }
  const pending: number[] = [];
  for (let s = 1; s <= 64; s++) if ((p.pending >> BigInt(s - 1)) & 1n) pending.push(s);
  return {
    key: procKey(h.name, p.pid),
    host: h.name,
    pid: p.pid,
    ppid: p.ppid,
    pgid: p.pgid,
    sid: p.sid,
    state: p.state,
    program: p.program.name,
    argv: [...p.argv],
    wchan: p.state === "S" ? p.wchan : "",
    cpuNs: p.cpuNs,
    startNs: p.startNs,
    nsyscalls: p.nsyscalls,
    exit: p.exit ? { ...p.exit } : null,
    tty: p.tty ? (tty.get(p.tty) ?? p.tty.name) : null,
    fds,
    pending,
  };
}

function fileSnap(f: OpenFile): FileSnap {
  return {
    id: f.id,
    type: f.obj.type,
    object: f.obj.describe(),
    ino: f.obj.ino,
    flags: f.flags,
    offset: f.offset,
    refs: f.refs,
    path: f.path ?? null,
    holders: [],
  };
}

function lastN<T>(list: readonly T[], n: number): T[] {
  return list.length <= n ? list.slice() : list.slice(list.length - n);
}

/** The last `n` lines of `s` (a trailing partial line counts as one). */
export function tail(s: string, n: number): string {
  let i = s.length;
  if (s.endsWith("\n")) i--;
  for (let k = 0; k < n; k++) {
    const j = s.lastIndexOf("\n", i - 1);
    if (j < 0) return s;
    i = j;
  }
  return s.slice(i + 1);
}

// --- sockets --------------------------------------------------------------
// The network (kernel/net) attaches a stack to `host.net` with a netstat
// view (net/netstat.ts, `ss -tan` rows). A host without one lists no sockets.

function readSockets(hosts: readonly Host[], files: Record<string, FileSnap>, procs: Record<ProcKey, ProcSnap>): SocketSnap[] {
  // ss -p's users:(("prog",pid=N,fd=M)), when a row names its socket's inode.
  const byIno = new Map<string, FileSnap[]>();
  for (const f of Object.values(files)) {
    if (f.type !== "socket") continue;
    const k = `${f.holders[0]?.host}:${f.ino}`;
    byIno.set(k, [...(byIno.get(k) ?? []), f]);
  }
  const users = (host: string, ino: unknown): string => {
    if (typeof ino !== "number") return "";
    const held = (byIno.get(`${host}:${ino}`) ?? []).flatMap((f) => f.holders);
    if (held.length === 0) return "";
    return `users:(${held.map((u) => `("${procs[procKey(u.host, u.pid)]?.program ?? "?"}",pid=${u.pid},fd=${u.fd})`).join(",")})`;
  };
  const out: SocketSnap[] = [];
  for (const h of hosts) {
    const net = h.net as { netstat?: () => SocketRow[] } | null;
    if (!net || typeof net.netstat !== "function") continue;
    let rows: SocketRow[];
    try {
      rows = net.netstat();
    } catch {
      continue; // a stack mid-construction: no sockets this frame
    }
    rows.forEach((r, i) => {
      out.push({
        key: `${h.name}:${i}`, host: h.name, netid: r.netid ?? "tcp", state: r.state, recvQ: r.recvQ ?? 0, sendQ: r.sendQ ?? 0,
        local: r.local, peer: r.peer, process: r.process || users(h.name, (r as { ino?: unknown }).ino),
        tcpState: r.tcpState ?? null, history: [...(r.history ?? [])],
      });
    });
  }
  return out;
}
