// Test helpers for kernsim scenarios: small builders and vitest matchers
// that read like the lecture (`expect(result).toHaveExited("eclient", 0)`).
// Importable by course repos as `kernsim/test`.

import type { Program } from "../../kernel/abi.ts";
import { defineScenario, type Scenario, type ScenarioProcess } from "../../kernel/sim/scenario.ts";
import { runScenario, type ProcessResult, type RunOptions, type RunResult } from "../../kernel/sim/run.ts";
import { defineProgram, type Main } from "../../userland/libc/crt0.ts";

/** Runs one program alone on one host (stdio a terminal unless `stdio` says otherwise). */
export function runProgram(
  main: Main | Program,
  opts: Partial<ScenarioProcess> & RunOptions & { files?: { [path: string]: string } } = {},
): RunResult {
  const program = typeof main === "function" ? defineProgram("prog", main) : main;
  const { seed, sched, trace, maxSteps, until, files, invariants, ...proc } = opts;
  const scenario = defineScenario({
    name: program.name,
    hosts: [{ name: "localhost", ip: "10.0.0.1", files }],
    processes: [{ program, argv: [program.name], ...proc }],
    until: until ?? { exit: true, time: "600s" },
  });
  return runScenario(scenario, { seed, sched, trace, maxSteps, invariants });
}

/** Finds a process in a result by pid, or by argv[0] (the first one started). */
export function proc(result: RunResult, who: number | string): ProcessResult {
  const p = result.processes.find((x) => (typeof who === "number" ? x.pid === who : x.argv[0] === who));
  if (!p) throw new Error(`no process ${JSON.stringify(who)} in the result (have: ${result.processes.map((x) => `${x.pid} ${x.argv[0]}`).join(", ")})`);
  return p;
}

/** The trace's syscall events of one pid, as [name, ret] pairs. */
export function syscalls(result: RunResult, pid: number): Array<[string, unknown]> {
  return result.trace.filter((e) => e.kind === "syscall" && e.pid === pid && e.info !== "blocked").map((e) => [e.name, e.ret]);
}

export type { Scenario, RunResult };
export { defineScenario, runScenario };
export { kernsimMatchers } from "./matchers.ts";
