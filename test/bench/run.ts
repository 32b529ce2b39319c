// `npm run bench`: every benchmark, kernsim next to Linux, as a table.
// Figures go into test/bench/README.md by hand, with the date.

import { processBenchmarks } from "./process.bench.ts";
import { epollBenchmarks } from "./epoll.bench.ts";
import { tuiBenchmarks } from "./tui.bench.ts";
import { simBenchmarks } from "./sim.bench.ts";
import { netBenchmarks } from "./net.bench.ts";
import { table, type Figure } from "./harness.ts";

const suites: Array<[string, () => Promise<Figure[]>]> = [["process", processBenchmarks], ["epoll", epollBenchmarks], ["tui", tuiBenchmarks], ["sim", simBenchmarks], ["net", () => netBenchmarks()]];

const only = process.argv[2];
for (const [name, fn] of suites) {
  if (only && only !== name) continue;
  const figs = await fn();
  process.stdout.write(`\n## ${name}\n\n${table(figs)}\n`);
}
