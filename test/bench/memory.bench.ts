// Peak memory of a long headless run (issue 7): `node --import tsx
// test/bench/memory.bench.ts [steps]` (default 10,000,000 steps). Not part
// of `npm test`. Two shapes, trace mode "hash" (what `kernsim run` uses):
//   pingpong — a parent and child bounce 64-byte messages through two pipes
//              forever: every syscall is recorded for fork's replay, so the
//              records grow with the run (O(syscalls since exec), the bytes
//              read included) — the one unbounded structure left;
//   respawn  — the same traffic, but each process exec's itself every 10,000
//              round trips, which starts a fresh record: memory stays flat.
// Memory is sampled every 100,000 steps; figures go into test/bench/README.md.

import { defineScenario } from "../../kernel/sim/scenario.ts";
import { buildSimulation } from "../../kernel/sim/run.ts";
import { defineProgram } from "../../userland/libc/crt0.ts";
import { close, execv, fork, pipe, read, write } from "../../userland/libc/index.ts";

const STEPS = Number(process.argv[2] ?? 10_000_000);

function pingpong(respawnEvery: number) {
  const prog = defineProgram("pp", function* (argv) {
    let a = Number(argv[1] ?? -1), b = Number(argv[2] ?? -1);
    const role = argv[3] ?? "";
    if (role === "") {
      const p1 = new Int32Array(2), p2 = new Int32Array(2);
      yield* pipe(p1);
      yield* pipe(p2);
      if ((yield* fork()) === 0) {
        yield* close(p1[1]!);
        yield* close(p2[0]!);
        yield* execv("/bin/pp", ["pp", String(p1[0]), String(p2[1]), "child"]);
      }
      yield* close(p1[0]!);
      yield* close(p2[1]!);
      a = p2[0]!;
      b = p1[1]!;
      yield* write(b, new Uint8Array(64));
    }
    const buf = new Uint8Array(64);
    for (let i = 0; ; i++) {
      if (respawnEvery > 0 && i === respawnEvery) yield* execv("/bin/pp", ["pp", String(a), String(b), "loop"]);
      if ((yield* read(a, buf, 64)) <= 0) return 0;
      yield* write(b, buf, 64);
    }
  });
  return defineScenario({ name: "pingpong", processes: [{ program: prog, argv: ["pp"] }], programs: [prog], until: { time: "100000s" } });
}

function measure(name: string, respawnEvery: number): void {
  globalThis.gc?.();
  const base = process.memoryUsage();
  const sim = buildSimulation(pingpong(respawnEvery), { trace: "hash" });
  const w = sim.world;
  let peakRss = base.rss, peakHeap = base.heapUsed;
  const t0 = process.hrtime.bigint();
  while (w.steps < STEPS) {
    if (!w.step()) break;
    if (w.steps % 100_000 === 0) {
      const m = process.memoryUsage();
      if (m.rss > peakRss) peakRss = m.rss;
      if (m.heapUsed > peakHeap) peakHeap = m.heapUsed;
    }
  }
  const secs = Number(process.hrtime.bigint() - t0) / 1e9;
  const mb = (x: number) => `${(x / 1048576).toFixed(0)} MiB`;
  const recs = w.allProcs.filter((p) => p.state !== "Z").map((p) => p.rec.length);
  process.stdout.write(
    `| ${name} | ${w.steps.toLocaleString("en")} | ${secs.toFixed(1)} s | ${mb(peakRss)} | ${mb(peakHeap)} | ${mb(base.heapUsed)} | ${recs.join(", ")} |\n`,
  );
}

process.stdout.write("| run | steps | wall | peak RSS | peak heap | heap before | live records (entries) |\n|---|---|---|---|---|---|---|\n");
const which = process.argv[3];
if (!which || which === "pingpong") measure("pingpong (no exec)", 0);
if (!which || which === "respawn") measure("respawn (exec every 10k)", 10_000);
