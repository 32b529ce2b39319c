// epoll_wait throughput (not in `npm test`): events delivered per
// wall-clock second over many ready pipes, and the cost of a wait with one
// ready item among many watched ones, which must not grow with the
// watched count (Linux's ep_send_events touches only the ready list).
// poll over the same fds is the O(watched) contrast.
// Run: `npm run bench epoll`, or `npx tsx test/bench/epoll.bench.ts`.

import { defineProgram } from "../../userland/libc/crt0.ts";
import {
  epoll_create1, epoll_ctl, epoll_event, epoll_wait, EPOLL_CTL_ADD, EPOLLIN, pipe, poll, pollfd, POLLIN, write,
} from "../../userland/libc/index.ts";
import { runScenario } from "../../kernel/sim/run.ts";
import { defineScenario } from "../../kernel/sim/scenario.ts";
import type { Program } from "../../kernel/abi.ts";
import { table, timeIt, type Figure } from "./harness.ts";

/** argv: [name, pipes, ready, waits, "epoll" | "poll"]. Each wait reports every ready pipe (level-triggered). */
const waiter = defineProgram("epoll-bench", function* (argv) {
  const pipes = Number(argv[1]), ready = Number(argv[2]), waits = Number(argv[3]);
  const ep = yield* epoll_create1(0);
  const reads: number[] = [];
  for (let i = 0; i < pipes; i++) {
    const fds = new Int32Array(2);
    yield* pipe(fds);
    reads.push(fds[0]!);
    const ev = epoll_event(EPOLLIN);
    ev.data.fd = fds[0]!;
    yield* epoll_ctl(ep, EPOLL_CTL_ADD, fds[0]!, ev);
    if (i < ready) yield* write(fds[1]!, "x");
  }
  if (argv[4] === "poll") {
    const pfds = reads.map((fd) => pollfd(fd, POLLIN));
    for (let i = 0; i < waits; i++) yield* poll(pfds, pfds.length, 0);
  } else {
    const evs = Array.from({ length: pipes }, () => epoll_event());
    for (let i = 0; i < waits; i++) yield* epoll_wait(ep, evs, pipes, 0);
  }
  return 0;
});

function run(program: Program, argv: string[]): void {
  runScenario(defineScenario({ name: program.name, processes: [{ program, argv, stdio: "pipe" }] }), { trace: "hash", maxSteps: 1e9 });
}

function figure(bench: string, unit: string, argv: string[], opsPerRun: number, note = ""): Figure {
  const setup = timeIt(() => run(waiter, [...argv.slice(0, 3), "0", argv[4]!]), 3);
  const seconds = Math.max(1e-9, timeIt(() => run(waiter, argv), 3) - setup);
  return { bench, unit, ops: opsPerRun, seconds, opsPerSec: opsPerRun / seconds, note };
}

export async function epollBenchmarks(): Promise<Figure[]> {
  return [
    figure("epoll_wait, 500 ready pipes (LT)", "events", ["b", "500", "500", "2000", "epoll"], 500 * 2000, "events delivered/s"),
    figure("epoll_wait, 1 ready of 10 watched", "waits", ["b", "10", "1", "200000", "epoll"], 200000, "waits/s"),
    figure("epoll_wait, 1 ready of 500 watched", "waits", ["b", "500", "1", "200000", "epoll"], 200000, "waits/s: same as 10 watched"),
    figure("poll, 1 ready of 500", "polls", ["b", "500", "1", "5000", "poll"], 5000, "polls/s: O(fds), the contrast"),
  ];
}

if (import.meta.url === `file://${process.argv[1]}`) {
  process.stdout.write(`${table(await epollBenchmarks())}\n`);
}
