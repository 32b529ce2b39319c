// TUI benchmarks (not in `npm test`): the time to draw one frame (snapshot
// + React render + layout + text) with 50 processes and with 1,000 sockets;
// the time to jump to a step of a long run (deterministic replay: nothing
// is stored per step); and the memory a long run's session holds.
// Targets (issue 4): a frame ≤ 16 ms with 50 processes and 1,000 sockets;
// a jump to any step of a 1,000,000-step run ≤ 200 ms; under 1 GB.
// Run: `npm run bench tui`, or `node --import tsx test/bench/tui.bench.ts`.

// React's production build, as `kernsim tui` uses (set before React loads).
process.env.NODE_ENV ??= "production";
const { createElement } = await import("react");
const { renderToString } = await import("ink");
import { defineProgram } from "../../userland/libc/crt0.ts";
import {
  accept, AF_INET, connect, fork, htons, inet_addr, listen, pause, bind, socket, sockaddr_in, SOCK_STREAM, INADDR_ANY,
} from "../../userland/libc/index.ts";
import { defineScenario, type Scenario } from "../../kernel/sim/scenario.ts";
import { Controller } from "../../tui/model/controller.ts";
const { App } = await import("../../tui/App.tsx");
import { findScenario } from "../../userland/scenarios/index.ts";
import { table, type Figure } from "./harness.ts";
import { epollClient, epollServer } from "./net.bench.ts";
import { execFileSync } from "node:child_process";
import { fileURLToPath } from "node:url";

/** argv[1] children, each paused; the parent pauses too. */
const forker = defineProgram("forker", function* (argv) {
  const n = Number(argv[1]);
  for (let i = 0; i < n; i++) {
    if ((yield* fork()) === 0) {
      yield* pause();
      return 0;
    }
  }
  yield* pause();
  return 0;
});

const server = defineProgram("bserver", function* (argv) {
  const n = Number(argv[1]);
  const s = yield* socket(AF_INET, SOCK_STREAM, 0);
  const a = sockaddr_in();
  a.sin_family = AF_INET;
  a.sin_addr.s_addr = INADDR_ANY;
  a.sin_port = htons(5000);
  yield* bind(s, a);
  yield* listen(s, 4096);
  for (let i = 0; i < n; i++) yield* accept(s, null, null);
  yield* pause();
  return 0;
});

const client = defineProgram("bclient", function* (argv) {
  const n = Number(argv[1]);
  for (let i = 0; i < n; i++) {
    const s = yield* socket(AF_INET, SOCK_STREAM, 0);
    const a = sockaddr_in();
    a.sin_family = AF_INET;
    a.sin_addr.s_addr = inet_addr("10.0.0.1");
    a.sin_port = htons(5000);
    yield* connect(s, a);
  }
  yield* pause();
  return 0;
});

const fifty: Scenario = defineScenario({ name: "fifty", processes: [{ program: forker, argv: ["forker", "49"] }], until: { time: "10s" } });
const sockets: Scenario = defineScenario({
  name: "sockets",
  hosts: [{ name: "server", ip: "10.0.0.1" }, { name: "client", ip: "10.0.0.2" }],
  processes: [
    { host: "server", program: server, argv: ["bserver", "500"] },
    { host: "client", program: client, argv: ["bclient", "500"], start: "1ms" },
  ],
  until: { time: "60s" },
});

function ms(t0: bigint): number {
  return Number(process.hrtime.bigint() - t0) / 1e6;
}

/** Median of `n` runs of fn, in ms. */
function median(n: number, fn: () => void): number {
  const xs: number[] = [];
  for (let i = 0; i < n; i++) {
    const t0 = process.hrtime.bigint();
    fn();
    xs.push(ms(t0));
  }
  xs.sort((a, b) => a - b);
  return xs[Math.floor(n / 2)]!;
}

function frameFigures(name: string, scenario: Scenario, what: () => string, until: (c: Controller) => boolean): Figure[] {
  const ctl = new Controller({ scenario, seed: 1, policy: "rr" });
  while (!until(ctl) && ctl.stepForward(100) > 0) {}
  const snap = ctl.snapshot();
  const procs = Object.keys(snap.procs).length;
  const socks = snap.sockets.length;
  const draw = (cols: number, rows: number) => renderToString(createElement(App, { ctl, columns: cols, rows }), { columns: cols });
  // Warm up (the JIT: a live session draws the same frame code over and over), then: the
  // snapshot alone, and a whole frame (a step, the snapshot, render, layout, text).
  for (let i = 0; i < 200; i++) { ctl.stepForward(1); draw(80, 24); draw(160, 50); }
  const snapMs = median(101, () => { ctl.stepForward(1); ctl.snapshot(); });
  const frame80 = median(101, () => { ctl.stepForward(1); draw(80, 24); });
  const frame160 = median(101, () => { ctl.stepForward(1); draw(160, 50); });
  const note = `${procs} processes, ${socks} sockets, ${what()}`;
  return [
    { bench: `${name}: snapshot`, unit: "snapshots", ops: 1, seconds: snapMs / 1000, opsPerSec: 1000 / snapMs, target: "", note: `${snapMs.toFixed(2)} ms; ${note}` },
    { bench: `${name}: frame 80×24`, unit: "frames", ops: 1, seconds: frame80 / 1000, opsPerSec: 1000 / frame80, target: "≤ 16 ms", note: `${frame80.toFixed(2)} ms` },
    { bench: `${name}: frame 160×50`, unit: "frames", ops: 1, seconds: frame160 / 1000, opsPerSec: 1000 / frame160, target: "≤ 16 ms", note: `${frame160.toFixed(2)} ms` },
  ];
}

function jumpFigures(steps: number): Figure[] {
  const infloop = findScenario("infloop")!;
  // A scenario long enough for `steps` steps: infloop busy-loops for 10 s.
  const ctl = new Controller({ scenario: { ...infloop, events: [], until: { time: "3600s" } }, seed: 1, policy: "rr" });
  const heap0 = process.memoryUsage().heapUsed;
  let t0 = process.hrtime.bigint();
  ctl.jumpToStep(steps);
  const forward = ms(t0);
  const reached = ctl.step;
  const heap1 = process.memoryUsage().heapUsed;
  t0 = process.hrtime.bigint();
  ctl.jumpToStep(Math.floor(steps / 2));
  const back = ms(t0);
  t0 = process.hrtime.bigint();
  ctl.stepBack(1);
  const stepBack = ms(t0);
  t0 = process.hrtime.bigint();
  ctl.jumpToStep(reached);
  const backToEnd = ms(t0 - BigInt(0));
  const rss = process.memoryUsage().rss;
  return [
    { bench: `jump: forward to step ${reached}`, unit: "jumps", ops: 1, seconds: forward / 1000, opsPerSec: 1000 / forward, target: "≤ 200 ms", note: `${forward.toFixed(0)} ms (${((reached / forward) * 1000 / 1e6).toFixed(2)} M steps/s)` },
    { bench: `jump: back to step ${Math.floor(steps / 2)}`, unit: "jumps", ops: 1, seconds: back / 1000, opsPerSec: 1000 / back, target: "≤ 200 ms", note: `${back.toFixed(0)} ms (from a checkpoint; ${ctl.checkpointSteps.length} kept)` },
    { bench: "jump: step back one (mid-run)", unit: "jumps", ops: 1, seconds: stepBack / 1000, opsPerSec: 1000 / stepBack, target: "≤ 200 ms", note: `${stepBack.toFixed(0)} ms` },
    { bench: `jump: forward again to ${reached}`, unit: "jumps", ops: 1, seconds: backToEnd / 1000, opsPerSec: 1000 / backToEnd, target: "≤ 200 ms", note: `${backToEnd.toFixed(0)} ms` },
    { bench: "memory", unit: "MB", ops: 1, seconds: 0, opsPerSec: 0, target: "< 1 GB", note: `heap +${((heap1 - heap0) / 1e6).toFixed(1)} MB over the run, rss ${(rss / 1e6).toFixed(0)} MB` },
  ];
}

/**
 * The same jumps over a network run: the epoll echo server and client of
 * net.bench.ts with 100 connections, 1,000,000 steps (packets, timers, two
 * processes whose records grow by a syscall a step). Going back restores
 * the nearest checkpoint and replays from there; rebuilding the two
 * processes replays their whole records (fork's replay), which is what
 * grows with the run.
 */
function networkJumpFigures(steps: number): Figure[] {
  const load = defineScenario({
    name: "echo-load",
    hosts: [{ name: "server", ip: "10.0.0.1" }, { name: "client", ip: "10.0.0.2" }],
    processes: [
      { host: "server", program: epollServer, argv: ["s", "1100"], stdio: "pipe" },
      { host: "client", program: epollClient, argv: ["c", "100", "100000"], stdio: "pipe", start: "1ms" },
    ],
    until: { time: "100000s" },
  });
  const ctl = new Controller({ scenario: load, seed: 1, policy: "rr" });
  const time = (what: string, k: number): Figure => {
    const t0 = process.hrtime.bigint();
    ctl.jumpToStep(k);
    const t = ms(t0);
    return { bench: `network run: ${what}`, unit: "jumps", ops: 1, seconds: t / 1000, opsPerSec: 1000 / t, target: "≤ 200 ms", note: `${t.toFixed(0)} ms` };
  };
  const first = time(`run to step ${steps} (first time: stepping)`, steps);
  first.target = "";
  first.note += ` (${((steps / (first.seconds * 1000)) * 1000 / 1e6).toFixed(2)} M steps/s)`;
  const figs = [first, time(`back to step ${steps / 2}`, steps / 2), time("step back one (mid-run)", steps / 2 - 1), time(`forward again to ${steps - 1}`, steps - 1), time(`back to step ${Math.floor(steps / 8)}`, Math.floor(steps / 8))];
  // A person reads the screen between keys: the TUI prepares the next step back then (Controller.prepare).
  ctl.jumpToStep(steps / 2);
  while (ctl.prepare());
  figs.push(time("step back one, after the screen was still", steps / 2 - 1));
  while (ctl.prepare());
  figs.push(time(`then forward to ${steps - 1}, after the screen was still`, steps - 1));
  while (ctl.prepare());
  figs.push(time(`then back to step ${steps / 2}, after the screen was still`, steps / 2));
  figs.push({ bench: "network run: checkpoints", unit: "", ops: 1, seconds: 0, opsPerSec: 0, target: "< 1 GB", note: `${ctl.checkpointSteps.length} kept; rss ${(process.memoryUsage().rss / 1e6).toFixed(0)} MB` });
  return figs;
}

const sections: { [name: string]: () => Figure[] } = {
  busy: () => jumpFigures(Number(process.env.KERNSIM_BENCH_STEPS ?? 1_000_000)),
  network: () => networkJumpFigures(Number(process.env.KERNSIM_BENCH_STEPS ?? 1_000_000)),
};

/**
 * Each jump section runs in a node process of its own, as `kernsim tui`
 * runs one scenario per process: its first jump is as cold as a person's,
 * and the code V8 compiled for another section's runs does not shape it.
 */
function inItsOwnProcess(name: string): Figure[] {
  const out = execFileSync(process.execPath, ["--import", "tsx", fileURLToPath(import.meta.url), "--section", name], {
    encoding: "utf8", env: { ...process.env, NODE_ENV: "production" }, maxBuffer: 1 << 24,
  });
  const last = out.trim().split("\n").pop() ?? "";
  return JSON.parse(last) as Figure[];
}

export async function tuiBenchmarks(): Promise<Figure[]> {
  // The jumps first: on this machine, after ten seconds of full load (the frame benchmarks) the
  // CPU runs 20-30 % slower for a while, and a person's `kernsim tui` starts on an idle machine.
  const jumps: Figure[] = [];
  for (const name of Object.keys(sections)) jumps.push(...inItsOwnProcess(name));
  const figs: Figure[] = [];
  figs.push(...frameFigures("50 processes", fifty, () => "syscalls tab", (c) => Object.keys(c.snapshot().procs).length >= 51 && c.snapshot().header.idle));
  figs.push(...frameFigures("1,000 sockets", sockets, () => "syscalls tab", (c) => c.snapshot().sockets.length >= 1000 || c.step > 2_000_000));
  return [...figs, ...jumps];
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const at = process.argv.indexOf("--section");
  if (at >= 0) {
    const run = sections[process.argv[at + 1] ?? ""];
    if (run === undefined) throw new Error(`no section ${process.argv[at + 1]}: ${Object.keys(sections).join(", ")}`);
    process.stdout.write(JSON.stringify(run()) + "\n");
  } else {
    const figs = await tuiBenchmarks();
    process.stdout.write(table(figs) + "\n");
    for (const f of figs) process.stdout.write(`${f.bench}: ${f.note}\n`);
  }
}
