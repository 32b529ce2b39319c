// Recording a run and replaying it (SPEC §4 `kernsim replay`). Both build
// the world the same way and step it with the same loop (`drive`), which
// applies each recorded input before the step it was recorded at. While
// stepping, a CheckLog computes the digests described in record.ts;
// replay compares them step by step and stops at the first difference.

import type { Scenario } from "./scenario.ts";
import { buildSimulation, collectResult, type RunResult, type Simulation } from "./run.ts";
import { applyInput, InputError, type TimedInput } from "./inputs.ts";
import type { FaultSpec } from "./faults.ts";
import type { SchedPolicy } from "../host.ts";
import type { TraceMode } from "../trace.ts";
import type { World, SyscallInterposer } from "../world.ts";
import { AGAIN, BLOCK, NORETURN } from "../syscall/markers.ts";
import {
  builtinScenario, checkRecord, parseRecord, KERNSIM_VERSION, MAX_CHECKPOINTS, RECORD_FORMAT, RECORD_VERSION, RecordError,
  STEP_LOG_LIMIT, type RecordedInput, type RunRecord, type ScenarioRef,
} from "./record.ts";

const DEFAULT_MAX_STEPS = 50_000_000;

export interface DriveOptions {
  inputs?: readonly TimedInput[];
  maxSteps?: number;
  /** Reseed the PRNG before this step. */
  reseed?: { step: number; seed: number };
  /** Stop once this many steps have run (replay up to step k). */
  stopAt?: number;
  /** Called after every step; returning true stops the run. */
  afterStep?: () => boolean | void;
  /** Called after input `i` was applied. */
  onApply?: (i: number) => void;
}

/** What `drive` did: how far it got in the inputs, and whether afterStep stopped it. */
export interface DriveState {
  nextInput: number;
  stopped: boolean;
}

/**
 * Steps a simulation as runSimulation does (same end conditions), applying
 * each input when world.steps reaches its step. Throws InputError when an
 * input names nothing (a record made for another scenario).
 */
export function drive(sim: Simulation, opts: DriveOptions = {}): DriveState {
  const w = sim.world;
  const inputs = opts.inputs ?? [];
  const maxSteps = opts.maxSteps ?? DEFAULT_MAX_STEPS;
  const stopAt = opts.stopAt ?? Infinity;
  const limit = sim.timeLimit;
  const state: DriveState = { nextInput: 0, stopped: false };
  let reseeded = false;
  while (w.steps < maxSteps && w.steps < stopAt) {
    if (sim.stopAtExit && sim.allExited()) break;
    while (state.nextInput < inputs.length && inputs[state.nextInput]!.step <= w.steps) {
      applyInput(sim, inputs[state.nextInput]!.input);
      opts.onApply?.(state.nextInput);
      state.nextInput++;
    }
    if (opts.reseed && !reseeded && opts.reseed.step <= w.steps) {
      w.reseed(opts.reseed.seed);
      reseeded = true;
    }
    if (!w.step(limit)) break;
    if (opts.afterStep?.()) {
      state.stopped = true;
      return state;
    }
  }
  if (w.steps < stopAt && sim.timeLimit !== Infinity && !sim.stopAtExit && w.now < sim.timeLimit) w.now = sim.timeLimit;
  return state;
}

// --- the check digests ----------------------------------------------------

/** Builds check.steps and check.hashes as a run goes (see record.ts for the bound). */
export class CheckLog {
  every: number;
  readonly hashes: string[] = [];
  readonly steps: string[] = [];
  private line: string | null = null;
  private readonly mine: SyscallInterposer;
  private readonly inner: SyscallInterposer | null;

  /** `every` fixed (replay compares at the record's spacing) or null (start at 1 and double). */
  constructor(private readonly world: World, private readonly fixedEvery: number | null = null) {
    this.every = fixedEvery ?? 1;
    const inner = (this.inner = world.interpose);
    this.mine = (h, p, req, def) => {
      const r = inner === null ? def.handler(h, p, req.args) : inner(h, p, req, def);
      this.line = `${p.pid} ${req.nr}=${summarize(r)}`;
      return r;
    };
    world.interpose = this.mine;
  }

  /** Records the step that just ran. */
  afterStep(): void {
    const w = this.world;
    const s = w.steps;
    if (s <= STEP_LOG_LIMIT) {
      this.steps.push(`${this.line ?? "-"} #${w.trace.hash.slice(8)}`);
      this.line = null;
      if (s === STEP_LOG_LIMIT && w.interpose === this.mine) w.interpose = this.inner;
    }
    if (s % this.every === 0) {
      this.hashes.push(w.trace.hash);
      if (this.fixedEvery === null && this.hashes.length > MAX_CHECKPOINTS) {
        // Keep the checkpoints at multiples of 2*every.
        let j = 0;
        for (let i = 1; i < this.hashes.length; i += 2) this.hashes[j++] = this.hashes[i]!;
        this.hashes.length = j;
        this.every *= 2;
      }
    }
  }
}

function summarize(r: unknown): string {
  if (typeof r === "number") return String(r);
  if (r === BLOCK) return "blocked";
  if (r === AGAIN) return "again";
  if (r === NORETURN) return "noreturn";
  if (r instanceof Uint8Array) return `${r.length}B`;
  if (typeof r === "object" && r !== null && "ret" in r) return String((r as { ret: unknown }).ret);
  return typeof r;
}

// --- recording --------------------------------------------------------------

export interface RecordOptions {
  seed?: number;
  sched?: SchedPolicy;
  /** Overrides the scenario's faults (null: none). */
  faults?: FaultSpec | null;
  inputs?: readonly RecordedInput[];
  maxSteps?: number;
  reseed?: { step: number; seed: number };
  trace?: TraceMode;
  /** How the record names the scenario (default: by name, as a built-in). */
  ref?: ScenarioRef;
  /** Called once the world is built, before the first step (strace streaming). */
  onBuilt?: (sim: Simulation) => void;
}

/** Runs `scenario` and returns its result with the record that replays it. */
export function recordRun(scenario: Scenario, opts: RecordOptions = {}): { record: RunRecord; result: RunResult } {
  const sim = buildSimulation(scenario, { seed: opts.seed, sched: opts.sched, faults: opts.faults, trace: opts.trace ?? "hash" });
  opts.onBuilt?.(sim);
  const rec = new Recording(sim, opts);
  rec.run();
  const result = collectResult(sim);
  return { record: rec.record(result), result };
}

/**
 * Records a simulation someone else built (the command line's `run
 * --record`, the TUI): run() steps it to its end like runSimulation, and
 * record() describes the run.
 */
export class Recording {
  private readonly log: CheckLog;
  private readonly inputs: RecordedInput[];

  constructor(readonly sim: Simulation, private readonly opts: Omit<RecordOptions, "seed" | "sched" | "trace" | "onBuilt"> = {}) {
    this.log = new CheckLog(sim.world);
    this.inputs = (opts.inputs ?? []).map((i) => ({ ...i }));
  }

  run(): void {
    drive(this.sim, {
      inputs: this.inputs, maxSteps: this.opts.maxSteps, reseed: this.opts.reseed,
      afterStep: () => this.log.afterStep(),
      // The simulated time of each input, for people reading the record.
      onApply: (i) => (this.inputs[i]!.timeNs ??= this.sim.world.now),
    });
  }

  record(result: RunResult, ref?: ScenarioRef): RunRecord {
    const { sim, opts, log } = this;
    const faults = opts.faults !== undefined ? opts.faults : sim.scenario.faults ?? null;
    return {
      format: RECORD_FORMAT,
      version: RECORD_VERSION,
      kernsim: KERNSIM_VERSION,
      scenario: ref ?? opts.ref ?? { name: sim.scenario.name },
      seed: sim.seed,
      sched: sim.world.policy,
      ...(opts.maxSteps !== undefined ? { maxSteps: opts.maxSteps } : {}),
      faults,
      ...(opts.reseed ? { reseed: { ...opts.reseed } } : {}),
      inputs: this.inputs,
      expect: { traceHash: result.traceHash, steps: result.steps, simTimeNs: result.simTimeNs },
      check: { every: log.every, hashes: log.hashes.slice(), steps: log.steps.slice() },
    };
  }
}

// --- replaying --------------------------------------------------------------

/** Where a replay first differs from its record. */
export interface Divergence {
  /** The first step known to differ (for a window past the step log, its first step). */
  step: number;
  /** Last step of the window when the exact step is not known (past STEP_LOG_LIMIT). */
  until?: number;
  expected: string;
  actual: string;
  /** One line for people. */
  message: string;
}

export interface ReplayResult {
  ok: boolean;
  divergence: Divergence | null;
  /** The replayed run (cut at the divergence, if any). */
  result: RunResult;
  record: RunRecord;
}

export interface ReplayOptions {
  /** The scenario, when the record names a file (or to override the built-in). */
  scenario?: Scenario;
  trace?: TraceMode;
  /** Keep running past a divergence (the result is then the whole run). */
  keepGoing?: boolean;
  onBuilt?: (sim: Simulation) => void;
}

/** Finds the scenario a record names. */
export function resolveScenario(record: RunRecord, given?: Scenario): Scenario {
  if (given) return given;
  if (record.scenario.file === undefined) {
    const s = builtinScenario(record.scenario.name);
    if (s) return s;
    throw new RecordError(`record names the scenario '${record.scenario.name}', which is not a built-in here; pass it: replay(record, { scenario })`);
  }
  throw new RecordError(`record's scenario is the file ${record.scenario.file}; load it and pass it: replay(record, { scenario }) (or use kernsim replay)`);
}

function buildFor(record: RunRecord, scenario: Scenario, trace: TraceMode): Simulation {
  return buildSimulation(scenario, { seed: record.seed, sched: record.sched, faults: record.faults ?? null, trace });
}

/**
 * Re-runs a record and checks it against what it expects: the digest of
 * every step it logged, its checkpoints, its final trace hash and step
 * count. Accepts a parsed record or its JSON text.
 */
export function replay(recordOrText: RunRecord | string, opts: ReplayOptions = {}): ReplayResult {
  const record = typeof recordOrText === "string" ? parseRecord(recordOrText) : checkRecord(recordOrText);
  const scenario = resolveScenario(record, opts.scenario);
  const sim = buildFor(record, scenario, opts.trace ?? "hash");
  opts.onBuilt?.(sim);
  const w = sim.world;
  const exp = record.check;
  const log = new CheckLog(w, exp.every);
  let divergence: Divergence | null = null;
  const afterStep = () => {
    log.afterStep();
    if (divergence) return false;
    const s = w.steps;
    if (s <= STEP_LOG_LIMIT) {
      const want = exp.steps[s - 1];
      const got = log.steps[s - 1]!;
      if (want === undefined) {
        divergence = stepDivergence(s, "(the run had ended)", got);
      } else if (want !== got) {
        divergence = stepDivergence(s, want, got);
      }
    }
    if (!divergence && s % exp.every === 0) {
      const k = s / exp.every - 1;
      const want = exp.hashes[k];
      if (want !== undefined && want !== log.hashes[k]) divergence = windowDivergence(s - exp.every + 1, s, want, log.hashes[k]!);
    }
    return divergence !== null && !opts.keepGoing;
  };
  try {
    drive(sim, { inputs: record.inputs, maxSteps: record.maxSteps, reseed: record.reseed, afterStep });
  } catch (e) {
    if (!(e instanceof InputError)) throw e;
    divergence ??= { step: w.steps + 1, expected: "an input could be applied", actual: e.message, message: `step ${w.steps + 1}: a recorded input no longer applies: ${e.message}` };
  }
  const result = collectResult(sim);
  if (!divergence && (result.traceHash !== record.expect.traceHash || result.steps !== record.expect.steps)) {
    const s = result.steps;
    if (s < record.expect.steps && s < exp.steps.length) {
      divergence = stepDivergence(s + 1, exp.steps[s]!, "(the run ended)");
    } else {
      const from = Math.min(s, record.expect.steps);
      const lastChecked = Math.floor(from / exp.every) * exp.every;
      divergence = {
        step: lastChecked + 1, until: Math.max(s, record.expect.steps),
        expected: `${record.expect.steps} steps, trace ${record.expect.traceHash}`, actual: `${s} steps, trace ${result.traceHash}`,
        message: `diverged after step ${lastChecked}: expected ${record.expect.steps} steps and trace ${record.expect.traceHash}, got ${s} steps and trace ${result.traceHash}`,
      };
    }
  }
  return { ok: divergence === null, divergence, result, record };
}

function stepDivergence(step: number, expected: string, actual: string): Divergence {
  const [we, he] = expected.split(" #");
  const [wa, ha] = actual.split(" #");
  const why = we === wa && he !== ha ? " (same syscall and result; the data, a signal or a scheduling decision differs)" : "";
  return { step, expected: we!, actual: wa!, message: `diverged at step ${step}: expected ${we}, got ${wa}${why}` };
}

function windowDivergence(from: number, to: number, want: string, got: string): Divergence {
  return {
    step: from, until: to, expected: `trace ${want}`, actual: `trace ${got}`,
    message: `diverged between steps ${from} and ${to} (steps past ${STEP_LOG_LIMIT} are checked every ${to - from + 1}): expected trace ${want} at step ${to}, got ${got}`,
  };
}

/**
 * Replays a record up to step `step` and hands back the live simulation,
 * reseeded with `seed` if given, ready to continue differently (the TUI's
 * restart-from-here). Inputs recorded at later steps are not applied; they
 * are returned so a caller can choose to keep them.
 */
export function replayTo(
  recordOrText: RunRecord | string,
  step: number,
  opts: { scenario?: Scenario; seed?: number; trace?: TraceMode } = {},
): { sim: Simulation; laterInputs: RecordedInput[] } {
  const record = typeof recordOrText === "string" ? parseRecord(recordOrText) : checkRecord(recordOrText);
  if (!(Number.isSafeInteger(step) && step >= 0)) throw new RecordError(`replayTo: step: expected a non-negative integer, got ${step}`);
  const scenario = resolveScenario(record, opts.scenario);
  const sim = buildFor(record, scenario, opts.trace ?? "full");
  const st = drive(sim, { inputs: record.inputs, maxSteps: record.maxSteps, reseed: record.reseed, stopAt: step });
  // Inputs due before the next step belong to it: apply them now, as drive would have.
  let next = st.nextInput;
  while (next < record.inputs.length && record.inputs[next]!.step <= sim.world.steps) applyInput(sim, record.inputs[next++]!.input);
  if (opts.seed !== undefined) sim.world.reseed(opts.seed);
  return { sim, laterInputs: record.inputs.slice(next) };
}
