// vitest matchers over run results, named the way a lecture says things.

import type { RunResult } from "../../kernel/sim/run.ts";
import { errnoName } from "../../kernel/uapi/errno.ts";
import { proc } from "./index.ts";
import { replay } from "../../kernel/sim/replay.ts";
import type { RunRecord } from "../../kernel/sim/record.ts";
import type { Scenario } from "../../kernel/sim/scenario.ts";
import type { ExploreResult } from "../../kernel/sim/explore.ts";

type Who = number | string;

function describeExit(e: { code: number } | { signal: number } | null): string {
  if (e === null) return "still running";
  return "code" in e ? `exit code ${e.code}` : `killed by signal ${e.signal}`;
}

export const kernsimMatchers = {
  /** The process exited normally with `code`. */
  toHaveExited(result: RunResult, who: Who, code = 0) {
    const p = proc(result, who);
    const pass = p.exit !== null && "code" in p.exit && p.exit.code === code;
    return { pass, message: () => `expected ${who} (pid ${p.pid}) to have exited with code ${code}, but it was ${describeExit(p.exit)}` };
  },
  /** The process was killed by signal `sig`. */
  toHaveBeenKilledBy(result: RunResult, who: Who, sig: number) {
    const p = proc(result, who);
    const pass = p.exit !== null && "signal" in p.exit && p.exit.signal === sig;
    return { pass, message: () => `expected ${who} (pid ${p.pid}) to have been killed by signal ${sig}, but it was ${describeExit(p.exit)}` };
  },
  /** The process wrote exactly `text` to fd 1. */
  toHaveWritten(result: RunResult, who: Who, text: string) {
    const p = proc(result, who);
    return { pass: p.stdout === text, message: () => `expected ${who} (pid ${p.pid}) to have written ${JSON.stringify(text)} to stdout, got ${JSON.stringify(p.stdout)}` };
  },
  /** Some call of `syscall` by the process failed with `errno` (a number or a name like "EPIPE"). */
  toFailWithErrno(result: RunResult, who: Who, syscall: string, errno: number | string) {
    const p = proc(result, who);
    const calls = result.trace.filter((e) => e.kind === "syscall" && e.pid === p.pid && e.name === syscall && e.info !== "blocked");
    const pass = calls.some((e) => typeof e.ret === "number" && (errnoName(-e.ret) === errno || -e.ret === errno));
    return {
      pass,
      message: () => `expected a ${syscall}() of ${who} (pid ${p.pid}) to fail with ${errno}; its ${syscall}() calls returned ${calls.map((e) => typeof e.ret === "number" && e.ret < 0 ? errnoName(-e.ret) : JSON.stringify(e.ret)).join(", ") || "nothing (never called)"}`,
    };
  },
  /** Replaying the record (a built-in's, or with `scenario`) gives the same trace, step for step. */
  toReplay(record: RunRecord, scenario?: Scenario) {
    const r = replay(record, { scenario });
    return { pass: r.ok, message: () => (r.ok ? "expected the record not to replay, but it did" : `expected the record to replay: ${r.divergence!.message}`) };
  },
  /** The exploration was complete and found exactly `n` distinct outcomes. */
  toHaveOutcomes(result: ExploreResult, n: number) {
    const pass = result.complete && result.outcomes.length === n;
    return {
      pass,
      message: () => `expected exactly ${n} distinct outcomes from a complete exploration, got ${result.outcomes.length}${result.complete ? "" : " (incomplete: cut by max or depth)"} in ${result.runs} runs`,
    };
  },
};

interface KernsimMatchers<R = unknown> {
  toHaveExited(who: Who, code?: number): R;
  toHaveBeenKilledBy(who: Who, sig: number): R;
  toHaveWritten(who: Who, text: string): R;
  toFailWithErrno(who: Who, syscall: string, errno: number | string): R;
  toReplay(scenario?: Scenario): R;
  toHaveOutcomes(n: number): R;
}

declare module "vitest" {
  // eslint-disable-next-line @typescript-eslint/no-empty-object-type, @typescript-eslint/no-explicit-any
  interface Matchers<T = any> extends KernsimMatchers<T> {}
}
