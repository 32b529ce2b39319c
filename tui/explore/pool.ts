// Runs explore batches on worker threads (one per core by default): each
// batch explores a subtree for up to a budget of runs and sends back its
// outcomes and the rest of the subtree. Until the workers have started
// (loading tsx and the kernel takes a few hundred ms), batches run in this
// thread, so a small exploration never waits for workers at all.

import { Worker } from "node:worker_threads";
import { ExploreEngine, type BatchResult, type Pending, type RunBase, type TaskRunner } from "../../kernel/sim/explore.ts";
import type { Scenario } from "../../kernel/sim/scenario.ts";
import { watchdog } from "../../kernel/watchdog.ts";

interface Job {
  id: number;
  tasks: Pending[];
  budget: number;
  depth: number;
  resolve: (r: BatchResult) => void;
  reject: (e: unknown) => void;
}

/** Batches sent ahead to each worker, so it never waits for the next message. */
const PIPELINE = 2;

export class WorkerPool implements TaskRunner {
  readonly capacity: number;
  /** Where the runs went (benchmarks and tests look). */
  readonly stats = { inline: 0, workers: 0 };
  private readonly n: number;
  /** Started workers and the jobs each has in hand, oldest first (a worker answers in order). */
  private readonly ready = new Map<Worker, Job[]>();
  private readonly queue: Job[] = [];
  private nextId = 1;
  private inlineScheduled = false;
  private closed = false;
  private spawned = false;
  private inlineMs = 0;
  private readonly all: Worker[] = [];

  /**
   * `arg` is what the command line was given (a built-in name or a file),
   * loaded again in each worker. Workers are started only once `warmupMs`
   * of work has run here: most lecture races are explored before a worker
   * could even have loaded.
   */
  constructor(
    private readonly scenario: Scenario,
    private readonly arg: string,
    private readonly base: RunBase,
    n: number,
    private readonly warmupMs = 250,
  ) {
    this.n = Math.max(1, n);
    this.capacity = this.n * PIPELINE;
  }

  private spawn(): void {
    this.spawned = true;
    const { arg, base } = this;
    for (let i = 0; i < this.n; i++) {
      // Sub-workers beat the command's watchdog (tui/watchdog.js) as they step their runs.
      const w = new Worker(new URL("./worker.js", import.meta.url), { workerData: { arg, base, heartbeat: watchdog.heartbeat } });
      w.unref();
      w.on("message", (m: { ready?: boolean; id?: number; batch?: BatchResult; error?: string }) => {
        if (m.ready) {
          this.ready.set(w, []);
          this.pump();
          return;
        }
        const job = this.ready.get(w)!.shift()!;
        if (m.error !== undefined) job.reject(new Error(m.error));
        else {
          this.stats.workers += m.batch!.runs;
          job.resolve(m.batch!);
        }
        this.pump();
      });
      w.on("error", (e) => {
        // A worker that fails: its jobs run elsewhere.
        const jobs = this.ready.get(w) ?? [];
        this.ready.delete(w);
        this.queue.unshift(...jobs);
        if (!this.closed && process.env.KERNSIM_DEBUG) process.stderr.write(`kernsim: explore worker failed: ${e.message}\n`);
        this.pump();
      });
      this.all.push(w);
    }
  }

  runBatch(tasks: Pending[], budget: number, depth: number): Promise<BatchResult> {
    return new Promise((resolve, reject) => {
      this.queue.push({ id: this.nextId++, tasks, budget, depth, resolve, reject });
      this.pump();
    });
  }

  private pump(): void {
    while (this.queue.length > 0) {
      let best: Worker | null = null, least = PIPELINE;
      for (const [w, jobs] of this.ready) if (jobs.length < least) { best = w; least = jobs.length; }
      if (best === null) break;
      const job = this.queue.shift()!;
      this.ready.get(best)!.push(job);
      best.postMessage({ id: job.id, tasks: job.tasks, budget: job.budget, depth: job.depth });
    }
    // No worker running yet (or none could start): run one job here, then look again.
    if (this.queue.length > 0 && this.ready.size === 0 && !this.inlineScheduled) {
      this.inlineScheduled = true;
      setImmediate(() => {
        this.inlineScheduled = false;
        const job = this.queue.shift();
        if (job) {
          const t0 = performance.now();
          try {
            const b = new ExploreEngine(job.depth, job.tasks).runBatch(this.scenario, this.base, job.budget);
            this.stats.inline += b.runs;
            job.resolve(b);
          } catch (e) {
            job.reject(e);
          }
          this.inlineMs += performance.now() - t0;
          if (!this.spawned && this.inlineMs > this.warmupMs && this.n > 1) this.spawn();
        }
        this.pump();
      });
    }
  }

  async close(): Promise<void> {
    this.closed = true;
    await Promise.all(this.all.map((w) => w.terminate()));
  }
}
