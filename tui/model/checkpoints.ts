// The checkpoints of one session's run (kernel/sim/checkpoint.ts), for the
// controller's time travel: when to take the next one, which one a jump
// starts from, which ones a new input makes stale, and one restore made
// (and run on towards the next step back) while the screen is still.
//
// Spacing: at least MIN_CHECKPOINT_STEPS apart, and so that copying takes
// about CHECKPOINT_SHARE of the run's time, judged by what the cheapest of
// the last few copies cost against what the steps before the last one did,
// and at most twice the last spacing (a copy that ran cold or that a
// collection interrupted would otherwise space the next checkpoint several
// times as far, and a jump near it would step that much longer).
// That is measured on the wall clock, which decides where checkpoints are,
// never what a run does: a restored run is the run, wherever it was copied.

import type { Simulation } from "../../kernel/sim/run.ts";
import { restoreCheckpoint, takeCheckpoint, type Checkpoint } from "../../kernel/sim/checkpoint.ts";

export const MIN_CHECKPOINT_STEPS = 25_000;
const CHECKPOINT_SHARE = 0.15;
/** How many recent copies the spacing looks at. */
const RECENT_COPIES = 3;
/** At most this many checkpoints, and objects in them all; past either, every other one goes and the spacing doubles. */
const MAX_CHECKPOINTS = 48;
const MAX_CHECKPOINT_OBJECTS = 2_500_000;

export class Checkpoints {
  private list: Checkpoint[] = [];
  /** Steps between checkpoints (by what they cost), and the least it may be (doubles when they are thinned). */
  private every = MIN_CHECKPOINT_STEPS;
  private floor = MIN_CHECKPOINT_STEPS;
  /** Wall-clock ms and step of the last checkpoint taken (for the spacing). */
  private lastWall: { ms: number; step: number } | null = null;
  /** Wall-clock ms of the last few copies. */
  private copyMs: number[] = [];
  /** A run restored ahead of need, in idle time. */
  private spare: { cp: Checkpoint; sim: Simulation } | null = null;
  /** Why this run is not checkpointed (it holds a hook, or a restore failed), or null. */
  off: string | null = null;

  /** Steps of the checkpoints kept, oldest first. */
  get steps(): number[] {
    return this.list.map((c) => c.step);
  }

  /** The step the run restored ahead of need has reached, or null when there is none. */
  get spareAt(): number | null {
    return this.spare?.sim.world.steps ?? null;
  }

  /** Steps between checkpoints now. */
  get spacing(): number {
    return this.every;
  }

  /** The step at which the next checkpoint is due. */
  get nextAt(): number {
    if (this.off !== null) return Infinity;
    return (this.list.length > 0 ? this.list[this.list.length - 1]!.step : 0) + this.every;
  }

  /** Copies the run now (it is at nextAt or past it). */
  take(sim: Simulation): void {
    const t0 = performance.now();
    const cp = takeCheckpoint(sim);
    if ("error" in cp) {
      this.off = cp.error;
      return;
    }
    const t1 = performance.now();
    this.copyMs.push(t1 - t0);
    if (this.copyMs.length > RECENT_COPIES) this.copyMs.shift();
    const last = this.lastWall;
    if (last !== null && cp.step > last.step) {
      const msPerStep = (t0 - last.ms) / (cp.step - last.step);
      // At most twice the last spacing: the first copies run cold and cost several times what later ones do.
      if (msPerStep > 0) this.every = Math.max(this.floor, Math.min(2 * this.every, Math.ceil(Math.min(...this.copyMs) / msPerStep / CHECKPOINT_SHARE)));
    }
    this.lastWall = { ms: t1, step: cp.step };
    this.list.push(cp);
    const objects = () => this.list.reduce((n, c) => n + c.objects, 0);
    while (this.list.length > MAX_CHECKPOINTS || (this.list.length > 1 && objects() > MAX_CHECKPOINT_OBJECTS)) {
      this.list = this.list.filter((_, i) => i % 2 === 1);
      this.floor *= 2;
      this.every = Math.max(this.every, this.floor);
    }
    this.dropStaleSpare();
  }

  /** Forgets the checkpoints at or after `step` (a new input rewrote the run from there). */
  dropFrom(step: number): void {
    this.list = this.list.filter((c) => c.step < step);
    this.lastWall = null;
    this.dropStaleSpare();
  }

  /** A new run (another seed or policy): nothing carries over. */
  reset(): void {
    this.list = [];
    this.every = this.floor = MIN_CHECKPOINT_STEPS;
    this.lastWall = null;
    this.copyMs = [];
    this.spare = null;
    this.off = null;
  }

  /** The latest checkpoint at or before `step` (and, with `ns`, at or before that time). */
  before(step: number, ns = Infinity): Checkpoint | null {
    for (let i = this.list.length - 1; i >= 0; i--) {
      const c = this.list[i]!;
      if (c.step <= step && c.now <= ns) return c;
    }
    return null;
  }

  /**
   * The run in `cp`'s state, or a little later (at most at step `upTo`):
   * the spare if it was made from `cp` and has not gone past `upTo`, else a
   * restore. Throws if the restore fails (and turns checkpoints off).
   */
  restore(cp: Checkpoint, upTo = cp.step): Simulation {
    if (this.spare?.cp === cp && this.spare.sim.world.steps <= upTo) {
      const sim = this.spare.sim;
      this.spare = null;
      return sim;
    }
    try {
      // The current run is dropped for this one, so the restore may write into its objects.
      return restoreCheckpoint(cp, true);
    } catch (e) {
      // A kernel bug, not a person's mistake: say so, and go on the slow, sure way.
      this.off = `a checkpoint failed to restore: ${e instanceof Error ? e.message : String(e)}`;
      this.list = [];
      this.spare = null;
      throw e;
    }
  }

  /**
   * Restores ahead of need the checkpoint a jump that starts observing at
   * `step` would start from. Returns "restored" if it did now, the run
   * restored earlier for that checkpoint (which the caller may take
   * further, up to `step`), or null when there is none.
   */
  prepare(step: number): "restored" | Simulation | null {
    const cp = this.before(step);
    if (cp === null) return null;
    if (this.spare?.cp === cp && this.spare.sim.world.steps <= step) return this.spare.sim;
    try {
      this.spare = { cp, sim: restoreCheckpoint(cp) };
    } catch {
      this.spare = null; // the jump itself will say what failed
      return null;
    }
    return "restored";
  }

  private dropStaleSpare(): void {
    if (this.spare !== null && !this.list.includes(this.spare.cp)) this.spare = null;
  }
}
