// Issue 2's process benchmarks: simulated syscalls per wall-clock second
// for the shapes measured on this machine's Linux by test/bench/c/.

import { defineProgram } from "../../userland/libc/crt0.ts";
import { close, execv, exit, fork, getpid, pause, pipe, read, wait, write, _exit } from "../../userland/libc/index.ts";
import { runScenario } from "../../kernel/sim/run.ts";
import { defineScenario } from "../../kernel/sim/scenario.ts";
import type { Program } from "../../kernel/abi.ts";
import { Process } from "../../kernel/proc/proc.ts";
import { replay } from "../../kernel/proc/fork.ts";
import { bestLinuxRate } from "./c/linux.ts";
import { timeIt, type Figure } from "./harness.ts";

function once(program: Program, argv: string[]) {
  return runScenario(defineScenario({ name: program.name, processes: [{ program, argv, stdio: "pipe" }] }), { trace: "hash", maxSteps: 1e9 });
}

const getpidLoop = defineProgram("getpid-loop", function* (argv) {
  const n = Number(argv[1]);
  for (let i = 0; i < n; i++) yield* getpid();
  // "pause": stay alive, so the record is still there to replay.
  if (argv[2] === "pause") for (;;) yield* pause();
  return 0;
});

const pipeRoundTrip = defineProgram("pipe-roundtrip", function* (argv) {
  const n = Number(argv[1]);
  const fds = new Int32Array(2);
  yield* pipe(fds);
  const msg = new Uint8Array(6), buf = new Uint8Array(6);
  for (let i = 0; i < n; i++) {
    yield* write(fds[1]!, msg, 6);
    yield* read(fds[0]!, buf, 6);
  }
  return 0;
});

const pingPong = defineProgram("pipe-pingpong", function* (argv) {
  const n = Number(argv[1]);
  const a = new Int32Array(2), b = new Int32Array(2);
  yield* pipe(a);
  yield* pipe(b);
  const buf = new Uint8Array(6);
  if ((yield* fork()) === 0) {
    yield* close(a[1]!);
    yield* close(b[0]!);
    while ((yield* read(a[0]!, buf, 6)) > 0) yield* write(b[1]!, buf, 6);
    yield* exit(0);
  }
  yield* close(a[0]!);
  yield* close(b[1]!);
  for (let i = 0; i < n; i++) {
    yield* write(a[1]!, buf, 6);
    yield* read(b[0]!, buf, 6);
  }
  yield* close(a[1]!);
  yield* wait(null);
  return 0;
});

// The parent re-executes itself every 100 forks: execve starts a fresh
// record, so each fork replays a short history (what the target assumes).
const forkWait = defineProgram("fork-wait", function* (argv) {
  const left = Number(argv[1]);
  const batch = Math.min(100, left);
  for (let i = 0; i < batch; i++) {
    if ((yield* fork()) === 0) yield* _exit(0);
    yield* wait(null);
  }
  if (left > batch) yield* execv("/bin/fork-wait", ["fork-wait", String(left - batch)]);
  return 0;
});

/** Linux's best of three runs, as timeIt keeps kernsim's. */
function linux(name: string, args: string[] = []): Promise<number | undefined> {
  return bestLinuxRate(name, args);
}

export async function processBenchmarks(): Promise<Figure[]> {
  const figs: Figure[] = [];
  const N = 2_000_000;
  const s1 = timeIt(() => once(getpidLoop, ["getpid-loop", String(N)]));
  figs.push({ bench: "getpid loop", unit: "syscalls", ops: N, seconds: s1, opsPerSec: N / s1, linux: await linux("getpid"), target: "≥ 3 M/s" });

  const R = 500_000;
  const s2 = timeIt(() => once(pipeRoundTrip, ["pipe-roundtrip", String(R)]));
  figs.push({ bench: "pipe round trip (1 process)", unit: "pairs", ops: R, seconds: s2, opsPerSec: R / s2, linux: await linux("pipe_roundtrip"), target: "≥ 1 M/s" });

  const P = 200_000;
  const s3 = timeIt(() => once(pingPong, ["pipe-pingpong", String(P)]));
  figs.push({ bench: "pipe ping-pong (2 processes)", unit: "round trips", ops: P, seconds: s3, opsPerSec: P / s3, linux: await linux("pipe_pingpong") });

  const F = 50_000;
  const s4 = timeIt(() => once(forkWait, ["fork-wait", String(F)]));
  figs.push({ bench: "fork + exit + wait", unit: "forks", ops: F, seconds: s4, opsPerSec: F / s4, linux: await linux("fork_wait"), target: "≥ 20 k/s" });

  // Replay speed: rebuild a process from a 1,000,000-entry record.
  const M = 1_000_000;
  const r = runScenario(defineScenario({ name: "replay", processes: [{ program: getpidLoop, argv: ["getpid-loop", String(M), "pause"] }], until: { time: "10s" } }), { trace: "hash" });
  const parent = r.world.allProcs[0]!;
  const record = parent.rec;
  const s5 = timeIt(() => {
    const p = new Process(parent.host, 99, 1, parent.program, parent.argv, null, 1024);
    replay(p, record);
  });
  figs.push({ bench: "fork replay", unit: "replayed steps", ops: record.length, seconds: s5, opsPerSec: record.length / s5, target: "≥ 10 M/s" });
  return figs;
}
