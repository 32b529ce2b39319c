// Network benchmarks (not in `npm test`): simulated round trips (or
// connections) per wall-clock second, next to the C programs of
// test/bench/c run on this machine's Linux over loopback.
//   - epoll echo, 1,000 connections × 100 round trips of 6 bytes, TCP_NODELAY
//   - the same with 10,000 connections × 10 (each side raises RLIMIT_NOFILE
//     with setrlimit, as the C program does)
//   - the lecture's v3 server over 2,000 sequential connections
// kernsim runs them between two hosts (1 ms links). Both sides keep the best
// of three runs (harness.ts's rule): kernsim's three are fresh simulations in
// one node process, so the first also pays for V8 compiling the code, and
// the note gives that first run's figure too. Run: `npm run bench net`, or
// `npx tsx test/bench/net.bench.ts [epoll|10k|v3]`.

import { defineProgram } from "../../userland/libc/crt0.ts";
import {
  accept, accept4, AF_INET, getrlimit, rlimit, RLIMIT_NOFILE, setrlimit, bind, close, connect, epoll_create1, epoll_ctl, epoll_event, epoll_wait, EPOLL_CTL_ADD,
  EPOLLIN, fcntl, fork, F_GETFL, F_SETFL, gethostbyname, htons, INADDR_ANY, IPPROTO_TCP, listen, O_NONBLOCK, read,
  setsockopt, signal, SIGCHLD, SIG_IGN, socket, sockaddr_in, SOCK_NONBLOCK, SOCK_STREAM, TCP_NODELAY, write, exit,
  type epoll_event as EpollEvent,
} from "../../userland/libc/index.ts";
import { buildSimulation, type Simulation } from "../../kernel/sim/run.ts";
import { defineScenario } from "../../kernel/sim/scenario.ts";
import { server as echoServe } from "../../userland/programs/eserver.ts";
import { bestLinuxRate } from "./c/linux.ts";
import { fmtRate, table, type Figure } from "./harness.ts";
import { execFileSync } from "node:child_process";
import { fileURLToPath } from "node:url";

const PORT = 5000;
const HELLO = new TextEncoder().encode("hello\n");

function* serverAddr(port = PORT) {
  const h = yield* gethostbyname("server");
  const a = sockaddr_in();
  a.sin_family = AF_INET;
  a.sin_port = htons(port);
  a.sin_addr.s_addr = h!.h_addr.s_addr;
  return a;
}

/** raise_nofile() of test/bench/c/epoll_echo.c: the soft fd limit up to `want` (the hard limit allows it). */
function* raiseNofile(want: number) {
  const rl = rlimit();
  if ((yield* getrlimit(RLIMIT_NOFILE, rl)) < 0) return -1;
  if (rl.rlim_cur >= want) return 0;
  rl.rlim_cur = want;
  if (rl.rlim_max < want) rl.rlim_max = want;
  return yield* setrlimit(RLIMIT_NOFILE, rl);
}

/** argv: [name, fds]. LT epoll, non-blocking accept4 drained until EAGAIN, TCP_NODELAY, echo. */
export const epollServer = defineProgram("epoll-echo-server", function* (argv) {
  if ((yield* raiseNofile(Number(argv[1] ?? 1024))) < 0) return 1;
  const l = yield* socket(AF_INET, SOCK_STREAM, 0);
  const a = sockaddr_in();
  a.sin_family = AF_INET;
  a.sin_addr.s_addr = INADDR_ANY;
  a.sin_port = htons(PORT);
  yield* bind(l, a);
  yield* listen(l, 4096);
  yield* fcntl(l, F_SETFL, (yield* fcntl(l, F_GETFL)) | O_NONBLOCK);
  const ep = yield* epoll_create1(0);
  const ev = epoll_event(EPOLLIN);
  ev.data.fd = l;
  yield* epoll_ctl(ep, EPOLL_CTL_ADD, l, ev);
  const evs: EpollEvent[] = [];
  const buf = new Uint8Array(64);
  for (;;) {
    const n = yield* epoll_wait(ep, evs, 256, -1);
    for (let i = 0; i < n; i++) {
      const fd = evs[i]!.data.fd;
      if (fd === l) {
        for (;;) {
          const c = yield* accept4(l, null, null, SOCK_NONBLOCK);
          if (c < 0) break;
          yield* setsockopt(c, IPPROTO_TCP, TCP_NODELAY, 1);
          ev.events = EPOLLIN;
          ev.data.fd = c;
          yield* epoll_ctl(ep, EPOLL_CTL_ADD, c, ev);
        }
      } else {
        const r = yield* read(fd, buf, 64);
        if (r <= 0) yield* close(fd);
        else yield* write(fd, buf, r);
      }
    }
  }
});

/** argv: [name, connections, rounds]: opens the connections, then drives them all with epoll. */
export const epollClient = defineProgram("epoll-echo-client", function* (argv) {
  const conns = Number(argv[1]), rounds = Number(argv[2]);
  if ((yield* raiseNofile(conns + 100)) < 0) return 3;
  const addr = yield* serverAddr(PORT);
  const ep = yield* epoll_create1(0);
  const ev = epoll_event(EPOLLIN);
  const left = new Map<number, number>();
  for (let i = 0; i < conns; i++) {
    const c = yield* socket(AF_INET, SOCK_STREAM, 0);
    if ((yield* connect(c, addr)) < 0) return 1;
    yield* setsockopt(c, IPPROTO_TCP, TCP_NODELAY, 1);
    ev.data.fd = c;
    yield* epoll_ctl(ep, EPOLL_CTL_ADD, c, ev);
    left.set(c, rounds);
  }
  for (const c of left.keys()) if (rounds > 0) yield* write(c, HELLO, 6);
  let busy = rounds > 0 ? conns : 0;
  const evs: EpollEvent[] = [];
  const buf = new Uint8Array(64);
  while (busy > 0) {
    const n = yield* epoll_wait(ep, evs, 256, -1);
    for (let i = 0; i < n; i++) {
      const fd = evs[i]!.data.fd;
      const r = yield* read(fd, buf, 64);
      if (r <= 0) return 2;
      const k = left.get(fd)! - 1;
      left.set(fd, k);
      if (k > 0) yield* write(fd, HELLO, 6);
      else busy--;
    }
  }
  for (const c of left.keys()) yield* close(c);
  return 0;
});

/** The lecture's v3 with SIGCHLD ignored (as test/bench/c/v3_connrate.c does, so children are reaped). */
const v3Server = defineProgram("v3-bench", function* () {
  yield* signal(SIGCHLD, SIG_IGN);
  const l = yield* socket(AF_INET, SOCK_STREAM, 0);
  const a = sockaddr_in();
  a.sin_family = AF_INET;
  a.sin_addr.s_addr = INADDR_ANY;
  a.sin_port = htons(PORT);
  yield* bind(l, a);
  for (;;) {
    yield* listen(l, 5);
    const c = yield* accept(l, null, null);
    const pid = yield* fork();
    if (pid > 0) yield* close(c);
    else if (pid === 0) {
      yield* close(l);
      yield* echoServe(c);
      yield* close(c);
      yield* exit(0);
    }
  }
});

/** argv: [name, connections]: connect, write hello, read the echo, close; one after another. */
const v3Client = defineProgram("v3-client", function* (argv) {
  const n = Number(argv[1]);
  const addr = yield* serverAddr();
  const buf = new Uint8Array(64);
  for (let i = 0; i < n; i++) {
    const c = yield* socket(AF_INET, SOCK_STREAM, 0);
    if ((yield* connect(c, addr)) < 0) return 1;
    yield* write(c, HELLO, 6);
    if ((yield* read(c, buf, 63)) !== 6) return 2;
    yield* close(c);
  }
  return 0;
});

function sim(server: ReturnType<typeof defineProgram>, sargv: string[], client: ReturnType<typeof defineProgram>, cargv: string[]): Simulation {
  return buildSimulation(defineScenario({
    name: "net-bench",
    hosts: [{ name: "server", ip: "10.0.0.1" }, { name: "client", ip: "10.0.0.2" }],
    processes: [
      { host: "server", program: server, argv: sargv, stdio: "pipe" },
      { host: "client", program: client, argv: cargv, stdio: "pipe", start: "1ms" },
    ],
    until: { time: "100000s" },
  }), { trace: "hash" });
}

/** Steps until the client process (all of the client host's processes) exited; returns wall seconds. */
function runClient(s: Simulation): number {
  const w = s.world;
  const client = w.host("client")!;
  let exited = false;
  w.exitListeners.push((h) => {
    if (h === client) exited = true;
  });
  const t0 = process.hrtime.bigint();
  while (w.step()) {
    if (!exited) continue;
    exited = false;
    let live = 0;
    for (const p of client.procs.values()) if (p.pid !== 1 && p.state !== "Z") live++;
    if (live === 0) break;
  }
  const secs = Number(process.hrtime.bigint() - t0) / 1e9;
  const bad = [...client.procs.values()].find((p) => p.pid !== 1 && p.exit && !("code" in p.exit && p.exit.code === 0));
  if (bad) throw new Error(`bench client ${bad.pid} ended with ${JSON.stringify(bad.exit)}`);
  return secs;
}

/** Runs of each side a figure keeps the best of. */
const RUNS = 3;

async function linux(name: string, args: string[], oneCore = false): Promise<number | undefined> {
  if (process.env.NO_LINUX) return undefined;
  return bestLinuxRate(name, args, { oneCore, runs: RUNS });
}

/** Peak resident memory of this node process so far, in MB (the C programs are processes of their own). */
function peakRssMb(): number {
  return Math.round(process.resourceUsage().maxRSS / 1024);
}

/** This process's peak RSS at the end of its first run: what one run needs. */
let firstRunPeakMb = 0;

/**
 * Seconds of each of RUNS runs of `once`, in order. (Not with a forced
 * collection between runs: after global.gc() V8 starts over with a small
 * young generation, and the next run measured 10-20 % slower.)
 */
function runs(once: () => number): number[] {
  const out: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    out.push(once());
    if (i === 0) firstRunPeakMb = peakRssMb();
  }
  return out;
}

/** The note's comparison with Linux confined to one core, as kernsim is (one thread for every host). */
async function oneCoreNote(name: string, args: string[], opsPerSec: number): Promise<string> {
  const one = await linux(name, args, true);
  return one === undefined ? "" : `Linux on one core ${fmtRate(one)} (${(opsPerSec / one).toFixed(2)}×)`;
}

/** One run of the echo: the round trips' wall seconds (the whole run less a run that only connects). */
function echoOnce(conns: number, rounds: number): { seconds: number; setup: number } {
  const fds = String(conns + 100);
  const setup = runClient(sim(epollServer, ["s", fds], epollClient, ["c", String(conns), "0"]));
  const full = runClient(sim(epollServer, ["s", fds], epollClient, ["c", String(conns), String(rounds)]));
  return { seconds: Math.max(1e-6, full - setup), setup };
}

export async function epollEcho(conns: number, rounds: number, label: string, target: string): Promise<Figure> {
  const ops = conns * rounds;
  let setup = 0;
  const all = runs(() => {
    const r = echoOnce(conns, rounds);
    setup = r.setup;
    return r.seconds;
  });
  const seconds = Math.min(...all);
  return {
    bench: label, unit: "round trips", ops, seconds, opsPerSec: ops / seconds, target,
    linux: await linux("epoll_echo", [String(conns), String(rounds)]),
    note: [
      `first run ${fmtRate(ops / all[0]!)}`,
      await oneCoreNote("epoll_echo", [String(conns), String(rounds)], ops / seconds),
      `connect phase ${setup.toFixed(2)} s wall`,
    ].filter(Boolean).join("; "),
  };
}

/** The v3 benchmark's world: the server, and a client making n connections one after another. */
export function v3Sim(n: number): Simulation {
  return sim(v3Server, ["v3"], v3Client, ["c", String(n)]);
}

export async function v3Rate(n: number): Promise<Figure> {
  const all = runs(() => runClient(v3Sim(n)));
  const seconds = Math.min(...all);
  return {
    bench: `v3 fork per connection, ${n} sequential connections`, unit: "connections", ops: n, seconds, opsPerSec: n / seconds,
    target: "≥ 1.0× Linux", linux: await linux("v3_connrate", [String(n)]),
    note: [`first run ${fmtRate(n / all[0]!)}`, await oneCoreNote("v3_connrate", [String(n)], n / seconds)].filter(Boolean).join("; "),
  };
}

/** Profiling aid: kernsim's side of the epoll echo only (round trips per wall second). */
export function epollEchoKernsimOnly(conns: number, rounds: number): number {
  return (conns * rounds) / echoOnce(conns, rounds).seconds;
}

const benches: { [name: string]: () => Promise<Figure> } = {
  epoll: () => epollEcho(1000, 100, "epoll echo, 1000 conns × 100 round trips", "≥ 1.0× Linux"),
  "10k": async () => {
    const f = await epollEcho(10000, 10, "epoll echo, 10000 conns × 10 round trips", "");
    return { ...f, target: `peak RSS ≤ 512 MB: ${firstRunPeakMb} MB` };
  },
  v3: () => v3Rate(2000),
};

/**
 * Each benchmark runs in a node process of its own, as each C program does:
 * V8's code and heap are then shaped by that program alone. Run one after
 * another in one process, v3 measured 15 % slower after the echoes.
 */
function inItsOwnProcess(name: string): Figure {
  const out = execFileSync(process.execPath, ["--import", "tsx", fileURLToPath(import.meta.url), name, "--json"], { encoding: "utf8", maxBuffer: 1 << 24 });
  return JSON.parse(out.trim().split("\n").pop() ?? "") as Figure;
}

export async function netBenchmarks(only?: string): Promise<Figure[]> {
  const names = only ? [only] : Object.keys(benches);
  for (const n of names) if (!(n in benches)) throw new Error(`no net benchmark ${n}: ${Object.keys(benches).join(", ")}`);
  return names.map(inItsOwnProcess);
}

if (import.meta.url === `file://${process.argv[1]}` && !process.env.KERNSIM_BENCH_LIB) {
  const name = process.argv[2];
  if (process.argv.includes("--json") && name !== undefined && name in benches) {
    process.stdout.write(JSON.stringify(await benches[name]!()) + "\n");
  } else {
    process.stdout.write(`${table(await netBenchmarks(name))}\n`);
  }
}
