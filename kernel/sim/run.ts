// Running a scenario: build the world (hosts, files, programs in /bin,
// terminals, the scenario's processes and events), step it until the
// scenario's `until`, and collect the result object of SPEC §4.

import { parseDuration, SEC } from "../clock.ts";
import type { Program } from "../abi.ts";
import { World } from "../world.ts";
import type { Host, SchedPolicy } from "../host.ts";
import type { Process } from "../proc/proc.ts";
import { Terminal } from "../fs/tty.ts";
import { Pipe } from "../fs/pipe.ts";
import { Capture, concat } from "../fs/capture.ts";
import { OpenFile } from "../fs/file.ts";
import { standardDevices } from "../fs/devices.ts";
import { ipFromString, ipToString } from "../net/packet.ts";
import { O_RDONLY, O_RDWR, O_WRONLY } from "../uapi/fcntl.ts";
import { signalNumber } from "../uapi/signal.ts";
import { sendSignalToGroup } from "../proc/signal.ts";
import type { TraceEvent, TraceMode } from "../trace.ts";
import { terminalNames, validateScenario, type Scenario, type ScenarioEvent as ScenarioEventSpec, type ScenarioProcess, type StdioKind } from "./scenario.ts";
import { attachNetwork } from "./network-hook.ts";
import { installFaults, type FaultSpec } from "./faults.ts";
import { installInvariants } from "./invariants.ts";

export interface RunOptions {
  seed?: number;
  sched?: SchedPolicy;
  /** "full" keeps every trace event (strace, the TUI, tests); "hash" only folds the hash. */
  trace?: TraceMode;
  /** Stop after this many steps (a safety net; default 50 million). */
  maxSteps?: number;
  /** Overrides the scenario's `until`. */
  until?: Scenario["until"];
  /** Overrides the scenario's `faults` (null: none). */
  faults?: FaultSpec | null;
  /** Check the kernel's invariants after every step (kernel/sim/invariants.ts); tests switch it on. */
  invariants?: boolean;
}

export interface ProcessResult {
  pid: number;
  ppid: number;
  host: string;
  argv: string[];
  exit: { code: number } | { signal: number } | null;
  stdout: string;
  stderr: string;
}

export interface RunResult {
  seed: number;
  steps: number;
  simTimeNs: number;
  traceHash: string;
  processes: ProcessResult[];
  terminals: { [name: string]: string };
  captures: Array<{ pid: number; stdout: string; stderr: string }>;
  /** Not in JSON output: the trace events (when kept), crashes, and the world itself. */
  readonly trace: readonly TraceEvent[];
  readonly crashes: World["crashes"];
  readonly world: World;
  readonly scenario: Scenario;
  /** Pids of the scenario's own processes, in scenario order (null if never started). */
  readonly scenarioPids: ReadonlyArray<number | null>;
}

/** What a scenario process got at start, for the result and the TUI. */
export interface Launched {
  index: number;
  name: string;
  host: Host;
  terminal: Terminal;
  stdio: [StdioKind, StdioKind, StdioKind];
  captureOut: Capture | null;
  captureErr: Capture | null;
  proc: Process | null;
}

/** A built world, ready to step (the TUI and replay build one and step it themselves). */
export interface Simulation {
  world: World;
  scenario: Scenario;
  seed: number;
  launched: Launched[];
  /** Absolute time limit, or Infinity. */
  timeLimit: number;
  stopAtExit: boolean;
  /** True once the scenario's `until` is met. */
  finished(): boolean;
  /** Every scenario process, and every process it started, has exited. */
  allExited(): boolean;
}

const DEFAULT_MAX_STEPS = 50_000_000;
/** With until "exit", a run that never ends is cut here (simulated). */
const DEFAULT_TIME_CAP = 3600 * SEC;

export function buildSimulation(scenario: Scenario, opts: RunOptions = {}): Simulation {
  validateScenario(scenario);
  const seed = opts.seed ?? scenario.seed ?? 1;
  const world = new World({ seed, policy: opts.sched ?? scenario.sched ?? "rr", trace: opts.trace ?? "full" });
  if (opts.invariants) installInvariants(world);
  const hostSpecs = scenario.hosts ?? [{ name: "localhost" }];
  hostSpecs.forEach((spec, i) => {
    const ip = spec.ip ? ipFromString(spec.ip)! : ((10 << 24) | (i + 1)) >>> 0;
    world.addHost(spec.name, ip);
  });
  const hostsFile = ["127.0.0.1\tlocalhost", ...world.hosts.map((h) => `${ipToString(h.ip)}\t${h.name}`)].join("\n") + "\n";
  const programs = new Map<string, Program>();
  for (const p of scenario.processes) programs.set(p.program.name, p.program);
  for (const p of scenario.programs ?? []) programs.set(p.name, p);
  world.hosts.forEach((h, i) => {
    for (const [path, dev] of standardDevices(world)) h.vfs.installDevice(path, dev);
    h.vfs.writeFile("/etc/hosts", hostsFile, 0o644, 0);
    h.vfs.writeFile("/etc/hostname", `${h.name}\n`, 0o644, 0);
    for (const [name, prog] of programs) h.vfs.installProgram(`/bin/${name}`, prog);
    for (const [path, content] of Object.entries(hostSpecs[i]!.files ?? {})) {
      h.vfs.writeFile(path.startsWith("/") ? path : `/home/user/${path}`, content);
    }
  });
  attachNetwork(world, scenario);
  const faults = opts.faults !== undefined ? opts.faults : scenario.faults;
  if (faults) installFaults(world, faults);

  const names = terminalNames(scenario.processes);
  const launched: Launched[] = scenario.processes.map((sp, i) => {
    const host = sp.host ? world.host(sp.host)! : world.hosts[0]!;
    const stdio: [StdioKind, StdioKind, StdioKind] = Array.isArray(sp.stdio) ? sp.stdio : [sp.stdio ?? "tty", sp.stdio ?? "tty", sp.stdio ?? "tty"];
    return {
      index: i, name: names[i]!, host, stdio,
      terminal: new Terminal(world.ino(), names[i]!, host),
      captureOut: stdio[1] === "pipe" ? new Capture(world.ino()) : null,
      captureErr: stdio[2] === "pipe" ? new Capture(world.ino()) : null,
      proc: null,
    };
  });
  scenario.processes.forEach((sp, i) => {
    world.events.push(parseDuration(sp.start ?? 0)!, "start", new StartProcess(world, launched[i]!, sp));
  });
  for (const e of scenario.events ?? []) world.events.push(parseDuration(e.at)!, "scenario", new ScenarioEvent(world, launched, e));

  const u = opts.until ?? scenario.until ?? "exit";
  const timeLimit = typeof u === "object" && u.time !== undefined ? parseDuration(u.time)! : u === "exit" || "exit" in u ? DEFAULT_TIME_CAP : Infinity;
  const stopAtExit = u === "exit" || (typeof u === "object" && "exit" in u);
  return simulationOf(world, scenario, seed, launched, timeLimit, stopAtExit, false);
}

/**
 * The Simulation around a built (or restored) world. "exit" means the
 * scenario's processes and everything they started (their sessions) are
 * done, as a shell's job is: the fork race's child may outlive its parent
 * and is still printing. `done` is that, as of the last exit.
 */
export function simulationOf(
  world: World, scenario: Scenario, seed: number, launched: Launched[], timeLimit: number, stopAtExit: boolean, done: boolean,
): Simulation {
  world.exitListeners.push(() => {
    done = launched.every((l) => l.proc !== null && l.proc.state === "Z") && !launched.some((l) => sessionAlive(l.host, l.proc!.sid));
  });
  return {
    world, scenario, seed, launched, timeLimit, stopAtExit,
    allExited: () => done,
    finished: () => (stopAtExit && done) || world.nextTime() > timeLimit,
  };
}

/** A scenario process's start (the event's action). */
class StartProcess {
  constructor(private readonly world: World, private readonly l: Launched, private readonly sp: ScenarioProcess) {}
  run(): void {
    const { l, sp } = this;
    l.proc = startProcess(this.world, l, sp.program, sp.argv ?? [sp.program.name], sp.stdin);
  }
}

/** A scenario event: typed input, a signal, a partition or heal (the event's action). */
class ScenarioEvent {
  constructor(private readonly world: World, private readonly launched: Launched[], private readonly e: ScenarioEventSpec) {}
  run(): void {
    const e = this.e;
    const targets = this.launched.filter((l) => (e.process ? l.name === e.process : l.host.name === e.host));
    if (e.input !== undefined) for (const l of targets) l.terminal.input(e.input);
    if (e.signal !== undefined) {
      const sig = typeof e.signal === "number" ? e.signal : signalNumber(e.signal)!;
      for (const l of targets) if (l.proc) sendSignalToGroup(l.host, l.proc.pgid, sig);
    }
    if (e.partition || e.heal) this.world.networkEvent?.(e.partition ? "partition" : "heal", (e.partition ?? e.heal)!);
  }
}

function sessionAlive(h: Host, sid: number): boolean {
  for (const p of h.procs.values()) if (p.sid === sid && p.state !== "Z") return true;
  return false;
}

function startProcess(world: World, l: Launched, program: Program, argv: readonly string[], stdin?: string): Process {
  const h = l.host;
  const p = h.spawn(program, argv, 1, l.terminal);
  l.terminal.fgPgid = p.pgid;
  const tty = new OpenFile(world.fileId(), l.terminal, O_RDWR);
  const fdFor = (fd: number): OpenFile => {
    if (l.stdio[fd] === "tty") return tty;
    if (fd === 0) {
      const pipe = new Pipe(world.ino());
      const data = new TextEncoder().encode(stdin ?? "");
      pipe.maxSlots = Math.ceil(data.length / 4096) + 16;
      const r = new OpenFile(world.fileId(), pipe, O_RDONLY);
      const w = new OpenFile(world.fileId(), pipe, O_WRONLY);
      pipe.attach(r);
      pipe.attach(w);
      if (data.length > 0) pipe.write(w, data);
      pipe.release(w);
      return r;
    }
    return new OpenFile(world.fileId(), fd === 1 ? l.captureOut! : l.captureErr!, O_WRONLY);
  };
  for (const fd of [0, 1, 2]) p.fds.installAt(fd, fdFor(fd));
  if (l.stdio[0] === "tty" && stdin !== undefined) l.terminal.setScript(stdin);
  world.recordProc(h, p, "start", 0);
  return p;
}

/** Steps until the scenario's `until` (or nothing is left to do). */
export function runSimulation(sim: Simulation, maxSteps = DEFAULT_MAX_STEPS): void {
  const w = sim.world;
  const limit = sim.timeLimit;
  while (w.steps < maxSteps) {
    if (sim.stopAtExit && sim.allExited()) break;
    if (!w.step(limit)) break;
  }
  if (sim.timeLimit !== Infinity && !sim.stopAtExit && w.now < sim.timeLimit) w.now = sim.timeLimit;
}

const dec = new TextDecoder();

export function collectResult(sim: Simulation): RunResult {
  const w = sim.world;
  const processes: ProcessResult[] = w.allProcs.map((p) => ({
    pid: p.pid,
    ppid: p.ppid,
    host: p.host.name,
    argv: [...p.argv],
    exit: p.exit,
    stdout: dec.decode(concat(p.out)),
    stderr: dec.decode(concat(p.err)),
  }));
  const terminals: { [name: string]: string } = {};
  for (const l of sim.launched) terminals[l.name] = l.terminal.screen;
  const captures = sim.launched
    .filter((l) => l.proc && (l.captureOut || l.captureErr))
    .map((l) => ({ pid: l.proc!.pid, stdout: l.captureOut?.text ?? "", stderr: l.captureErr?.text ?? "" }));
  const result = {
    seed: sim.seed,
    steps: w.steps,
    simTimeNs: w.now,
    traceHash: w.trace.hash,
    processes,
    terminals,
    captures,
  };
  Object.defineProperties(result, {
    trace: { value: w.trace.events, enumerable: false },
    crashes: { value: w.crashes, enumerable: false },
    world: { value: w, enumerable: false },
    scenario: { value: sim.scenario, enumerable: false },
    scenarioPids: { value: sim.launched.map((l) => l.proc?.pid ?? null), enumerable: false },
  });
  return result as RunResult;
}

/** Runs a scenario to its end and returns the result (SPEC §4). */
export function runScenario(scenario: Scenario, opts: RunOptions = {}): RunResult {
  const sim = buildSimulation(scenario, opts);
  runSimulation(sim, opts.maxSteps);
  return collectResult(sim);
}
