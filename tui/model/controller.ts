// The TUI's model of a session: it owns the Simulation, the inputs a person
// applied so far ({step, input}), run/pause and speed. Going back in time
// restores the nearest checkpoint before the target (kernel/sim/
// checkpoint.ts; taken as the run goes, spaced by what they cost) or
// rebuilds the simulation from (scenario, seed, policy), and replays to the
// target step, applying the recorded inputs at their steps: exact by
// construction, since a run is a pure function of those. Only the last
// WINDOW steps before the target are observed (see kernel/sim/snapshot.ts);
// the rest replays with the trace in "hash" mode, at full speed.
// Wall-clock time appears only in `tick` (animation) and in spacing
// checkpoints (model/checkpoints.ts), never in the run.

import type { Scenario } from "../../kernel/sim/scenario.ts";
import type { SchedPolicy } from "../../kernel/host.ts";
import { buildSimulation, type Simulation } from "../../kernel/sim/run.ts";
import { applyInput, InputError, type ExternalInput, type TimedInput } from "../../kernel/sim/inputs.ts";
import { buildSnapshot, Observer, WINDOW, type SimSnapshot } from "../../kernel/sim/snapshot.ts";
import type { Checkpoint } from "../../kernel/sim/checkpoint.ts";
import { Checkpoints } from "./checkpoints.ts";

export { MIN_CHECKPOINT_STEPS } from "./checkpoints.ts";

export interface SessionSpec {
  scenario: Scenario;
  seed: number;
  policy: SchedPolicy;
  /** What the command line named (a built-in or a file path): how a saved record refers to the scenario. */
  arg?: string;
}

/** Run speeds, in simulation steps per second of wall-clock time. */
export const SPEEDS = [1, 3, 10, 30, 100, 300, 1_000, 3_000, 10_000, 100_000, 1_000_000] as const;
const DEFAULT_SPEED = 3;
/** "Step to the next event of a process" gives up after this many steps. */
export const MAX_SEEK_STEPS = 1_000_000;
/** Steps of idle-time replay per call of prepare(): short, so a key pressed meanwhile does not wait. */
const PREPARE_SLICE = 10_000;

export class Controller {
  spec: SessionSpec;
  sim!: Simulation;
  private observer!: Observer;
  private recorded: TimedInput[] = [];

  /** Every input applied in this session's history, in order of step. */
  get inputs(): TimedInput[] {
    return this.recorded;
  }

  set inputs(list: TimedInput[]) {
    this.recorded = list;
    this.byStep = null;
    this.checkpoints.dropFrom(0);
  }

  /** Checkpoints of this run so far (all consistent with `inputs`). */
  private readonly checkpoints = new Checkpoints();

  /** Why this run has no checkpoints (it holds a hook, or a restore failed), or null. */
  get checkpointsOff(): string | null {
    return this.checkpoints.off;
  }

  /**
   * Idle-time work, called by the TUI while a person reads the screen, one
   * slice at a time: restores the checkpoint that a step back from here
   * would need (rebuilding every process by replay), then runs that copy
   * on, unobserved, to where the step back starts observing. The step back
   * is then only the last WINDOW steps. True if it did a slice (call again
   * for the next), false when the step back is ready or cannot be helped.
   */
  prepare(): boolean {
    if (this.running) return false;
    const from = this.step - 1 - WINDOW;
    const spare = this.checkpoints.prepare(from);
    if (spare === "restored") return true;
    if (spare === null) return false;
    const w = spare.world;
    if (w.steps >= from) return false;
    const stop = Math.min(from, w.steps + PREPARE_SLICE);
    try {
      while (w.steps < stop) {
        if (spare.stopAtExit && spare.allExited()) break;
        if (!w.step(spare.timeLimit)) break;
        if (this.inputs.length > 0) this.applyRecorded(w.steps, spare);
      }
    } catch {
      return false; // the step back itself will meet it and say what it was
    }
    return true;
  }

  /** Where the run prepared in idle time for the next step back is (see prepare), or null: for inspection and tests. */
  get preparedAt(): number | null {
    return this.checkpoints.spareAt;
  }

  /** Checkpoints kept, for inspection and the benchmarks. */
  get checkpointSteps(): number[] {
    return this.checkpoints.steps;
  }

  running = false;
  speed = DEFAULT_SPEED;
  /** Set when the simulation cannot go on (nothing left to do, or it failed). */
  halted = false;
  /** Why it stopped, for the status line. */
  note = "";
  /** Bumped on every change; views re-read the snapshot when it moves. */
  version = 0;
  private cached: { version: number; snap: SimSnapshot } | null = null;
  private carry = 0;
  private readonly listeners = new Set<() => void>();

  constructor(spec: SessionSpec) {
    this.spec = spec;
    this.rebuild(0);
  }

  get step(): number {
    return this.sim.world.steps;
  }

  get stepsPerSecond(): number {
    return SPEEDS[this.speed]!;
  }

  get hasNetwork(): boolean {
    const w = this.sim.world;
    return w.networkFault !== null || w.networkEvent !== null;
  }

  subscribe(fn: () => void): () => void {
    this.listeners.add(fn);
    return () => this.listeners.delete(fn);
  }

  private changed(): void {
    this.version++;
    for (const fn of this.listeners) fn();
  }

  /** The snapshot at the current step (built at most once per change). */
  snapshot(): SimSnapshot {
    if (this.cached?.version !== this.version) {
      this.cached = { version: this.version, snap: buildSnapshot(this.sim, this.observer, this.cached?.snap ?? null) };
    }
    return this.cached.snap;
  }

  // --- moving through time ------------------------------------------------

  /** One step forward; false (and a note) when the run cannot advance. */
  private advance(): boolean {
    if (this.halted) return false;
    const sim = this.sim;
    const w = sim.world;
    if (sim.stopAtExit && sim.allExited()) return this.halt("the scenario is over (its `until` is met)");
    try {
      // Stepped exactly as kernel/sim/replay.ts's drive() steps, so a saved session replays.
      // step() says no both when nothing can run and past `until`; only then ask which.
      if (!w.step(sim.timeLimit)) {
        return this.halt(w.nextTime() === Infinity
          ? "nothing can run: every process is blocked or done (type at a terminal, or send a signal)"
          : "the scenario is over (its `until` is met)");
      }
      if (this.inputs.length > 0) this.applyRecorded(w.steps);
      if (w.steps >= this.checkpoints.nextAt) this.checkpoints.take(sim);
    } catch (e) {
      return this.halt(`stopped: ${e instanceof Error ? e.message : String(e)}`);
    }
    return true;
  }

  private halt(why: string): false {
    this.halted = true;
    this.running = false;
    this.note = why;
    return false;
  }

  /** Inputs by step (rebuilt when the list changes): looked up on every step. */
  private byStep: Map<number, TimedInput[]> | null = null;

  private applyRecorded(step: number, sim = this.sim): void {
    if (this.byStep === null) {
      this.byStep = new Map();
      for (const t of this.inputs) {
        const l = this.byStep.get(t.step);
        if (l) l.push(t);
        else this.byStep.set(t.step, [t]);
      }
    }
    const due = this.byStep.get(step);
    if (due) for (const t of due) applyInput(sim, t.input);
  }

  /** Single step (one syscall or timed event). */
  stepForward(n = 1): number {
    let done = 0;
    while (done < n && this.advance()) done++;
    this.changed();
    return done;
  }

  stepBack(n = 1): void {
    this.jumpToStep(Math.max(0, this.step - n));
  }

  private pendingBack = 0;

  /**
   * Steps back `n`, merging the requests that arrive before `defer` runs
   * its callback: a held ← key becomes one replay, not one per repeat.
   */
  requestStepBack(n: number, defer: (fn: () => void) => void): void {
    this.pendingBack += n;
    if (this.pendingBack !== n) return;
    defer(() => {
      const k = this.pendingBack;
      this.pendingBack = 0;
      this.stepBack(k);
    });
  }

  /** Goes to step k: forwards by stepping, backwards by deterministic replay. */
  jumpToStep(k: number): void {
    k = Math.max(0, Math.floor(k));
    // Far ahead, replaying from the start unobserved beats stepping forward observed.
    const ahead = k - this.step;
    const cp = this.checkpoints.before(k - WINDOW);
    if (k < this.step || (cp !== null && cp.step > this.step + this.checkpoints.spacing)) {
      this.rebuild(k);
    } else if (ahead > WINDOW && !this.inputs.some((t) => t.step > this.step && t.step <= k)) {
      // Far ahead with no input on the way: run unobserved to the window, then observe it.
      this.observer.detach();
      this.fastForward(k - WINDOW);
      this.observer = new Observer(this.sim);
      while (this.step < k && this.advance()) {}
    } else {
      while (this.step < k && this.advance()) {}
    }
    this.changed();
  }

  /** Goes to the last step whose time is ≤ t (simulated ns). */
  jumpToTime(t: number): void {
    if (t < this.sim.world.now) this.rebuild(0, t);
    else this.forwardToTime(t);
    this.changed();
  }

  private forwardToTime(t: number): void {
    while (this.sim.world.nextTime() <= t && this.advance()) {}
  }

  /** Steps until the process (host, pid) does something (a syscall, a signal, an exit), at most MAX_SEEK_STEPS. */
  stepToNextEventOf(host: string, pid: number): boolean {
    let hit = false;
    this.observer.tap = (e) => {
      if (e.host === host && e.pid === pid && e.kind !== "input") hit = true;
    };
    let n = 0;
    try {
      while (n < MAX_SEEK_STEPS && !hit && this.advance()) n++;
    } finally {
      this.observer.tap = null;
    }
    if (!hit && !this.halted) this.note = `pid ${pid} did nothing in ${n} steps`;
    this.changed();
    return hit;
  }

  /**
   * Rebuilds the run and replays it to `step` (or to time `untilNs`: a first,
   * unobserved pass finds that step), applying the recorded inputs; only
   * the last WINDOW steps are observed.
   */
  private rebuild(step: number, untilNs = Infinity): void {
    if (untilNs !== Infinity) {
      this.start(this.checkpoints.before(Infinity, untilNs));
      this.forwardToTime(untilNs);
      step = this.step;
    }
    const observeFrom = Math.max(0, step - WINDOW);
    let observer: Observer | null = null;
    this.start(this.checkpoints.before(observeFrom), observeFrom, () => {
      if (observeFrom === 0) observer = new Observer(this.sim);
    });
    if (this.inputs.length === 0) this.fastForward(Math.min(step, observeFrom));
    while (this.step < step) {
      if (observer === null && this.step >= observeFrom) observer = new Observer(this.sim);
      if (!this.advance()) break;
    }
    this.observer = observer ?? new Observer(this.sim);
  }

  /** Starts again from a checkpoint (or from a run prepared from it, not past `upTo`), or from step 0 when there is none. */
  private start(cp: Checkpoint | null, upTo = cp?.step ?? 0, built?: () => void): void {
    if (cp === null) {
      this.fresh(built);
      return;
    }
    try {
      this.sim = this.checkpoints.restore(cp, upTo);
    } catch {
      this.fresh(built); // checkpoints are off now, with the reason; replay from step 0
      return;
    }
    this.halted = false;
    this.note = "";
    if (cp.step === 0) built?.();
  }

  /**
   * Steps the world to `target` as fast as it goes: no inputs to apply and
   * nothing observed, so none of advance()'s per-step bookkeeping. advance()
   * takes over for the rest and says why a run ended, if it did.
   */
  private fastForward(target: number): void {
    const sim = this.sim;
    const w = sim.world;
    const limit = sim.timeLimit;
    try {
      while (w.steps < target) {
        if (sim.stopAtExit && sim.allExited()) return;
        const stop = Math.min(target, this.checkpoints.nextAt);
        while (w.steps < stop) {
          if (sim.stopAtExit && sim.allExited()) return;
          if (!w.step(limit)) return;
        }
        if (w.steps >= this.checkpoints.nextAt) this.checkpoints.take(sim);
      }
    } catch (e) {
      this.halt(`stopped: ${e instanceof Error ? e.message : String(e)}`);
    }
  }

  /** A new simulation at step 0 with the step-0 inputs applied (`built` runs just before they are). */
  private fresh(built?: () => void): void {
    const { scenario, seed, policy } = this.spec;
    this.sim = buildSimulation(scenario, { seed, sched: policy, trace: "hash" });
    this.halted = false;
    this.note = "";
    built?.();
    this.applyRecorded(0);
  }

  // --- run / pause ----------------------------------------------------------

  toggleRun(): void {
    if (!this.running && this.halted) {
      this.changed();
      return;
    }
    this.running = !this.running;
    this.changed();
  }

  pause(): void {
    if (this.running) {
      this.running = false;
      this.changed();
    }
  }

  faster(): void {
    this.speed = Math.min(SPEEDS.length - 1, this.speed + 1);
    this.changed();
  }

  slower(): void {
    this.speed = Math.max(0, this.speed - 1);
    this.changed();
  }

  /**
   * Called by the view's timer with elapsed wall-clock ms: runs as many
   * steps as the speed allows. `overBudget` (the view's wall clock) stops a
   * tick early so keys stay responsive at top speed; the steps not run are
   * dropped (the speed is then "as fast as this machine goes").
   */
  tick(ms: number, overBudget: () => boolean = () => false): void {
    if (!this.running) return;
    this.carry += (this.stepsPerSecond * ms) / 1000;
    let n = Math.floor(this.carry);
    this.carry -= n;
    if (n <= 0) return;
    const CHUNK = 1000;
    while (n > 0 && this.running) {
      const k = Math.min(n, CHUNK);
      for (let i = 0; i < k; i++) if (!this.advance()) break;
      n -= k;
      if (this.halted || overBudget()) break;
    }
    this.changed();
  }

  // --- inputs ---------------------------------------------------------------

  /**
   * Applies a person's input now and records it. Inputs recorded after the
   * current step belonged to a future that is now rewritten: they are
   * dropped. Returns an error message, or null.
   */
  apply(input: ExternalInput): string | null {
    try {
      applyInput(this.sim, input);
    } catch (e) {
      if (e instanceof InputError) return e.message;
      throw e;
    }
    const k = this.step;
    this.recorded = [...this.inputs.filter((t) => t.step <= k), { step: k, input }];
    this.byStep = null;
    this.checkpoints.dropFrom(k);
    if (this.halted && input.kind !== "choose") this.halted = false;
    this.changed();
    return null;
  }

  /** Starts over with another seed and/or policy (the recorded inputs go: they belonged to the old run). */
  restart(change: Partial<Pick<SessionSpec, "seed" | "policy">>): void {
    this.spec = { ...this.spec, ...change };
    this.inputs = [];
    this.checkpoints.reset();
    this.running = false;
    this.rebuild(0);
    this.changed();
  }
}
