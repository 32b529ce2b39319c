// Scenarios (SPEC §4): which hosts exist, which programs run where with
// what input, what happens when, and when the run ends. defineScenario
// checks everything up front, so a broken scenario gets one clear line
// naming the field, not a failure halfway through a run.

import type { Program } from "../abi.ts";
import { parseDuration } from "../clock.ts";
import { ipFromString } from "../net/packet.ts";
import { signalNumber } from "../uapi/signal.ts";
import type { SchedPolicy } from "../host.ts";
import { validateFaults, FaultSpecError, type FaultSpec } from "./faults.ts";

export type Duration = string | number;
export type StdioKind = "tty" | "pipe";

export interface ScenarioProcess {
  /** Host name; may be left out when the scenario has one host. */
  host?: string;
  program: Program;
  argv?: string[];
  /** Typed at the terminal a line at a time (tty), or the content of the stdin pipe. */
  stdin?: string;
  /** When it starts ("10ms"); default at once. */
  start?: Duration;
  stdio?: StdioKind | [StdioKind, StdioKind, StdioKind];
  /** Terminal name in results and the TUI; default argv[0] (numbered when repeated). */
  name?: string;
}

export interface HostSpec {
  name: string;
  ip?: string;
  /** Files to create: path → content. */
  files?: { [path: string]: string };
}

export interface NetworkSpec {
  latency?: Duration;
  jitter?: Duration;
  /** Bits per second; 0 or absent for no serialisation delay. */
  bandwidth?: number | string;
  loss?: number;
  duplicate?: number;
  reorder?: number;
  mtu?: number;
}

export interface ScenarioEvent {
  at: Duration;
  /** Whose terminal or processes: a terminal name. */
  process?: string;
  host?: string;
  /** kill(-pgid, signal) on the scenario process (its group), e.g. "SIGINT". */
  signal?: string | number;
  /** Text typed at the process's terminal ("\x03" is Ctrl-C, "\x04" Ctrl-D). */
  input?: string;
  /** Cut the network between two hosts ("partition"), or heal it ("heal"). */
  partition?: [string, string];
  heal?: [string, string];
}

export type Until = "exit" | { time: Duration } | { exit: true; time?: Duration };

export interface Scenario {
  name: string;
  description?: string;
  seed?: number;
  sched?: SchedPolicy;
  hosts?: HostSpec[];
  network?: NetworkSpec;
  processes: ScenarioProcess[];
  events?: ScenarioEvent[];
  until?: Until;
  /** Extra programs installed as /bin/<name> on every host (for execve). */
  programs?: Program[];
  /** Syscall fault injection (kernel/sim/faults.ts), e.g. { shortRead: 0.5 }. */
  faults?: FaultSpec;
}

export class ScenarioError extends Error {
  constructor(scenario: string, field: string, problem: string) {
    super(`scenario '${scenario}': ${field}: ${problem}`);
    this.name = "ScenarioError";
  }
}

/** Checks a scenario and returns it (frozen); throws ScenarioError naming the bad field. */
export function defineScenario<S extends Scenario>(s: S): S {
  validateScenario(s);
  return s;
}

function isProgram(p: unknown): p is Program {
  return typeof p === "object" && p !== null && typeof (p as Program).start === "function" && typeof (p as Program).name === "string";
}

export function validateScenario(s: unknown): asserts s is Scenario {
  if (typeof s !== "object" || s === null) throw new ScenarioError("?", "scenario", "expected an object from defineScenario({...})");
  const sc = s as Partial<Scenario>;
  const name = typeof sc.name === "string" && sc.name ? sc.name : "?";
  const err = (field: string, problem: string) => new ScenarioError(name, field, problem);
  if (typeof sc.name !== "string" || sc.name.length === 0) throw err("name", "expected a non-empty string");
  if (sc.seed !== undefined && !(Number.isSafeInteger(sc.seed) && sc.seed >= 0)) throw err("seed", `expected a non-negative integer, got ${JSON.stringify(sc.seed)}`);
  if (sc.sched !== undefined && sc.sched !== "rr" && sc.sched !== "random") throw err("sched", `expected "rr" or "random", got ${JSON.stringify(sc.sched)}`);
  const hosts = sc.hosts ?? [{ name: "localhost" }];
  if (!Array.isArray(hosts) || hosts.length === 0) throw err("hosts", "expected a non-empty array of { name, ip }");
  const names = new Set<string>();
  const ips = new Set<number>();
  // Array.from: a sparse array's holes are checked (as undefined), not skipped.
  Array.from(hosts).forEach((h, i) => {
    if (typeof h !== "object" || h === null || typeof h.name !== "string" || !/^[A-Za-z0-9][A-Za-z0-9.-]*$/.test(h.name)) {
      throw err(`hosts[${i}].name`, "expected a host name (letters, digits, '-' and '.')");
    }
    if (names.has(h.name)) throw err(`hosts[${i}].name`, `'${h.name}' is used twice`);
    names.add(h.name);
    if (h.ip !== undefined) {
      const ip = typeof h.ip === "string" ? ipFromString(h.ip) : undefined;
      if (ip === undefined) throw err(`hosts[${i}].ip`, `expected a dotted IPv4 address like "10.0.0.1", got ${JSON.stringify(h.ip)}`);
      if (ip >>> 24 === 127) throw err(`hosts[${i}].ip`, "127.0.0.0/8 is every host's loopback; give the host its own address");
      if (ips.has(ip)) throw err(`hosts[${i}].ip`, `${h.ip} is used twice`);
      ips.add(ip);
    }
    if (h.files !== undefined) {
      if (typeof h.files !== "object" || h.files === null || Array.isArray(h.files)) throw err(`hosts[${i}].files`, `expected an object of path → content, like { "notes.txt": "hello\\n" }`);
      for (const [path, content] of Object.entries(h.files)) {
        if (typeof content !== "string") throw err(`hosts[${i}].files`, `expected the content of ${JSON.stringify(path)} to be a string`);
      }
    }
  });
  const hostList = [...names].join(", ");
  if (!Array.isArray(sc.processes) || sc.processes.length === 0) throw err("processes", "expected a non-empty array of { host, program, argv }");
  Array.from(sc.processes).forEach((p, i) => {
    const f = `processes[${i}]`;
    if (typeof p !== "object" || p === null) throw err(f, "expected { host, program, argv }");
    if (p.host === undefined) {
      if (hosts.length > 1) throw err(`${f}.host`, `missing; the hosts are ${hostList}`);
    } else if (!names.has(p.host)) {
      throw err(`${f}.host`, `unknown host '${p.host}'; the hosts are ${hostList}`);
    }
    if (!isProgram(p.program)) throw err(`${f}.program`, "expected a program made with defineProgram(name, function* (argv) {...})");
    if (p.argv !== undefined && (!Array.isArray(p.argv) || p.argv.some((a) => typeof a !== "string"))) {
      throw err(`${f}.argv`, `expected an array of strings, like ["eserver", "5000"], got ${JSON.stringify(p.argv)}`);
    }
    if (p.stdin !== undefined && typeof p.stdin !== "string") throw err(`${f}.stdin`, "expected a string");
    if (p.start !== undefined && parseDuration(p.start) === undefined) throw err(`${f}.start`, `expected a duration like "10ms" or "1.5s", got ${JSON.stringify(p.start)}`);
    const okKind = (k: unknown) => k === "tty" || k === "pipe";
    if (p.stdio !== undefined && !(okKind(p.stdio) || (Array.isArray(p.stdio) && p.stdio.length === 3 && p.stdio.every(okKind)))) {
      throw err(`${f}.stdio`, `expected "tty", "pipe" or an array of three of them, got ${JSON.stringify(p.stdio)}`);
    }
    if (p.name !== undefined && (typeof p.name !== "string" || !p.name)) throw err(`${f}.name`, "expected a non-empty string");
  });
  if (sc.network !== undefined) {
    const n = sc.network;
    if (typeof n !== "object" || n === null) throw err("network", "expected an object like { latency: \"1ms\", loss: 0 }");
    for (const k of ["latency", "jitter"] as const) {
      if (n[k] !== undefined && parseDuration(n[k]) === undefined) throw err(`network.${k}`, `expected a duration like "1ms", got ${JSON.stringify(n[k])}`);
    }
    for (const k of ["loss", "duplicate", "reorder"] as const) {
      const v = n[k];
      if (v !== undefined && !(typeof v === "number" && v >= 0 && v <= 1)) throw err(`network.${k}`, `expected a probability between 0 and 1, got ${JSON.stringify(v)}`);
    }
    if (n.mtu !== undefined && !(Number.isInteger(n.mtu) && n.mtu >= 68 && n.mtu <= 65536)) throw err("network.mtu", `expected an integer from 68 to 65536, got ${JSON.stringify(n.mtu)}`);
    if (n.bandwidth !== undefined && parseBandwidth(n.bandwidth) === undefined) throw err("network.bandwidth", `expected bits per second (1000000 or "10Mbit"), got ${JSON.stringify(n.bandwidth)}`);
  }
  const terminals = new Set(terminalNames(sc.processes as ScenarioProcess[]));
  if (sc.events !== undefined && !Array.isArray(sc.events)) throw err("events", `expected an array of { at, ... }, got ${JSON.stringify(sc.events)}`);
  Array.from(sc.events ?? []).forEach((e, i) => {
    const f = `events[${i}]`;
    if (typeof e !== "object" || e === null) throw err(f, "expected { at, ... }");
    if (parseDuration(e.at) === undefined) throw err(`${f}.at`, `expected a duration like "2s", got ${JSON.stringify(e.at)}`);
    if (e.host !== undefined && !names.has(e.host)) throw err(`${f}.host`, `unknown host '${e.host}'; the hosts are ${hostList}`);
    if (e.process !== undefined && !terminals.has(e.process)) throw err(`${f}.process`, `unknown process '${e.process}'; the scenario's processes are ${[...terminals].join(", ")}`);
    if (e.signal !== undefined) {
      const n = typeof e.signal === "number" ? e.signal : typeof e.signal === "string" ? signalNumber(e.signal) : undefined;
      if (n === undefined || n < 1 || n > 64) throw err(`${f}.signal`, `unknown signal ${JSON.stringify(e.signal)} (use a name like "SIGINT")`);
      if (e.host === undefined && e.process === undefined) throw err(f, "a signal needs a `process` or a `host` to go to");
    }
    if (e.input !== undefined) {
      if (typeof e.input !== "string") throw err(`${f}.input`, "expected a string");
      if (e.process === undefined) throw err(f, "input needs the `process` whose terminal it is typed at");
    }
    for (const k of ["partition", "heal"] as const) {
      const pair = e[k];
      if (pair !== undefined && !(Array.isArray(pair) && pair.length === 2 && pair.every((x) => names.has(x)))) {
        throw err(`${f}.${k}`, `expected two host names from: ${hostList}`);
      }
    }
    if (e.signal === undefined && e.input === undefined && e.partition === undefined && e.heal === undefined) {
      throw err(f, "nothing happens: give it a signal, input, partition or heal");
    }
  });
  const u = sc.until;
  if (u !== undefined && u !== "exit") {
    const t = typeof u === "object" && u !== null ? (u as { time?: Duration }).time : undefined;
    if (typeof u !== "object" || u === null || (t !== undefined && parseDuration(t) === undefined) || (t === undefined && !("exit" in u))) {
      throw err("until", `expected "exit" or { time: "10s" }, got ${JSON.stringify(u)}`);
    }
  }
  if (sc.programs !== undefined && !Array.isArray(sc.programs)) throw err("programs", "expected an array of programs made with defineProgram");
  Array.from(sc.programs ?? []).forEach((p, i) => {
    if (!isProgram(p)) throw err(`programs[${i}]`, "expected a program made with defineProgram");
  });
  if (sc.faults !== undefined) {
    try {
      validateFaults(sc.faults);
    } catch (e) {
      if (e instanceof FaultSpecError) {
        const at = e.message.indexOf(": ");
        throw err(e.message.slice(0, at), e.message.slice(at + 2));
      }
      throw e;
    }
  }
}

/** Terminal names: the process's `name`, else argv[0] or the program name, numbered when repeated. */
export function terminalNames(procs: readonly ScenarioProcess[]): string[] {
  const base = procs.map((p) => p.name ?? p.argv?.[0] ?? p.program.name);
  const count = new Map<string, number>();
  for (const b of base) count.set(b, (count.get(b) ?? 0) + 1);
  const seen = new Map<string, number>();
  return base.map((b) => {
    if (count.get(b) === 1) return b;
    const n = (seen.get(b) ?? 0) + 1;
    seen.set(b, n);
    return `${b}#${n}`;
  });
}

export function parseBandwidth(v: number | string): number | undefined {
  if (typeof v === "number") return v >= 0 && Number.isFinite(v) ? v : undefined;
  const m = /^\s*(\d+(?:\.\d+)?)\s*(bit|kbit|mbit|gbit|bps|kbps|mbps|gbps)?\s*$/i.exec(v);
  if (!m) return undefined;
  const mult: Record<string, number> = { bit: 1, bps: 1, kbit: 1e3, kbps: 1e3, mbit: 1e6, mbps: 1e6, gbit: 1e9, gbps: 1e9 };
  return Number(m[1]) * mult[(m[2] ?? "bit").toLowerCase()]!;
}
