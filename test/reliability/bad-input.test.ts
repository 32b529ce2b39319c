// Bad files and arguments: malformed scenarios, record files and command
// lines each get one clear line naming the field and what is expected
// (exit 2 on the command line), never a stack trace. Scenarios and records
// are fuzzed in-process with fast-check (fast); a handful of real CLI
// invocations check the wiring.

import { beforeAll, describe, expect, it } from "vitest";
import fc from "fast-check";
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { ScenarioError, validateScenario } from "../../kernel/sim/scenario.ts";
import { buildSimulation, runSimulation } from "../../kernel/sim/run.ts";
import { parseRecord, RecordError } from "../../kernel/sim/record.ts";
import { defineProgram } from "../../userland/libc/crt0.ts";
import { usleep } from "../../userland/libc/index.ts";

const BIN = fileURLToPath(new URL("../../tui/bin.js", import.meta.url));
const LONG = process.env.KERNSIM_LONG === "1";

function kernsim(args: string[], env: NodeJS.ProcessEnv = {}) {
  const r = spawnSync(process.execPath, [BIN, ...args], { encoding: "utf8", env: { ...process.env, ...env }, timeout: 60_000 });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

const dir = mkdtempSync(join(tmpdir(), "kernsim-bad-"));
function tmpFile(name: string, text: string): string {
  const p = join(dir, name);
  writeFileSync(p, text);
  return p;
}

/** One line, naming what is wrong: never a stack trace. */
function expectOneLine(stderr: string): void {
  expect(stderr.endsWith("\n")).toBe(true);
  expect(stderr.trimEnd().split("\n")).toHaveLength(1);
  expect(stderr).not.toMatch(/\n\s+at |Error: |TypeError|RangeError/);
}

// --- scenarios, in-process ---------------------------------------------------

const prog = defineProgram("p", function* () {
  yield* usleep(10);
  return 0;
});

function baseScenario(): Record<string, unknown> {
  return {
    name: "fuzz",
    seed: 1,
    hosts: [{ name: "server", ip: "10.0.0.1" }, { name: "client", ip: "10.0.0.2" }],
    network: { latency: "1ms", loss: 0 },
    processes: [
      { host: "server", program: prog, argv: ["p", "1"], start: "0ms", stdio: "tty" },
      { host: "client", program: prog, argv: ["p"], stdin: "hi\n", start: "1ms", name: "cli" },
    ],
    events: [{ at: "2ms", process: "cli", signal: "SIGINT" }, { at: "3ms", partition: ["server", "client"] }],
    until: { time: "1s" },
  };
}

/** Paths into the base scenario that a mutation may hit. */
const PATHS = [
  [], ["name"], ["seed"], ["sched"], ["hosts"], ["hosts", 0], ["hosts", 0, "name"], ["hosts", 1, "ip"], ["hosts", 0, "files"],
  ["network"], ["network", "latency"], ["network", "loss"], ["network", "mtu"], ["network", "bandwidth"], ["network", "jitter"],
  ["processes"], ["processes", 0], ["processes", 0, "host"], ["processes", 0, "program"], ["processes", 0, "argv"],
  ["processes", 0, "argv", 0], ["processes", 1, "stdin"], ["processes", 1, "start"], ["processes", 0, "stdio"], ["processes", 1, "name"],
  ["events"], ["events", 0], ["events", 0, "at"], ["events", 0, "process"], ["events", 0, "signal"], ["events", 1, "partition"],
  ["events", 1, "partition", 1], ["until"], ["until", "time"], ["programs"], ["faults"],
] as const;

/** Malformed values: wrong types, negative and huge numbers, unknown names, bad durations. */
const badValue = fc.oneof(
  fc.constantFrom(
    undefined, null, true, 0, -1, -0.5, 1.5, NaN, Infinity, -Infinity, 2 ** 53, 1e308, -1e308, "", " ", "-5ms", "1e9s",
    "10 parsecs", "99999999999999999999s", "nohost", "SIGNOPE", "tty ", "pipe!", [], [1, 2], ["a"], {}, { time: -1 },
    { exit: false }, "exit", "rr", "fifo", "10.0.0.1", "10.0.0.256", "127.0.0.1", "server", "localhost", "x".repeat(5000),
  ),
  fc.integer(),
  fc.double(),
  fc.string({ maxLength: 12 }),
  fc.array(fc.oneof(fc.integer(), fc.string({ maxLength: 4 })), { maxLength: 3 }),
);

function setAt(obj: Record<string, unknown>, path: readonly (string | number)[], value: unknown, del: boolean): unknown {
  if (path.length === 0) return value;
  let o: any = obj;
  for (let i = 0; i < path.length - 1; i++) {
    if (o === null || typeof o !== "object") return obj;
    o = o[path[i]!];
  }
  if (o === null || typeof o !== "object") return obj;
  if (del) delete o[path.at(-1)!];
  else o[path.at(-1)!] = value;
  return obj;
}

const mutation = fc.record({ path: fc.constantFrom(...PATHS), value: badValue, del: fc.boolean() });
const FIELD = /^scenario '[^\n]*': [A-Za-z]+(\[\d+\])?(\.[A-Za-z0-9_-]+(\[\d+\])?)*: [^\n]+$/;

describe("malformed scenarios (fast-check, in-process)", () => {
  it("either validate and run without a kernel error, or fail with one ScenarioError line naming the field", () => {
    let rejected = 0, accepted = 0;
    fc.assert(
      fc.property(fc.array(mutation, { minLength: 1, maxLength: 3 }), (muts) => {
        let s: unknown = baseScenario();
        for (const m of muts) s = setAt(s as Record<string, unknown>, m.path, m.value, m.del);
        let err: unknown = null;
        try {
          validateScenario(s);
        } catch (e) {
          err = e;
        }
        if (err !== null) {
          rejected++;
          expect(err).toBeInstanceOf(ScenarioError);
          const msg = (err as Error).message;
          // One line; field names are ASCII; long values are the user's own.
          expect(msg.split("\n").length === 1 || msg.includes("x".repeat(100))).toBe(true);
          if (!msg.includes("x".repeat(100))) expect(msg).toMatch(FIELD);
          return;
        }
        accepted++;
        // Accepted: building and running it must not throw either (a hole in the validator would).
        const sim = buildSimulation(s as never, { trace: "hash" });
        runSimulation(sim, 20_000);
      }),
      { numRuns: LONG ? 20_000 : 1500, seed: LONG ? undefined : 7 },
    );
    expect(rejected).toBeGreaterThan(0);
    expect(accepted).toBeGreaterThan(0);
  });

  it("non-objects are refused in one line", () => {
    for (const v of [null, undefined, 3, "echo", [], () => 0]) {
      expect(() => validateScenario(v)).toThrow(ScenarioError);
    }
  });
});

// --- record files, in-process ---------------------------------------------------

let goodRecord = "";

beforeAll(() => {
  const path = join(dir, "good.json");
  const r = kernsim(["run", "fork-race", "--seed", "3", "--record", path]);
  expect(r.code).toBe(0);
  goodRecord = readFileSync(path, "utf8");
}, 60_000);

describe("malformed record files (fast-check, in-process)", () => {
  it("truncated, retyped or pruned records are refused with one RecordError line", () => {
    const good = JSON.parse(goodRecord) as Record<string, unknown>;
    const keys = Object.keys(good);
    const cases = fc.oneof(
      // Truncated text.
      fc.nat({ max: goodRecord.length - 2 }).map((n) => ({ text: goodRecord.slice(0, n), mustFail: true })),
      // A top-level field removed or given a bad value.
      fc.record({ k: fc.constantFrom(...keys), v: badValue, del: fc.boolean() }).map(({ k, v, del }) => {
        const o: Record<string, unknown> = structuredClone(good);
        if (del) delete o[k];
        else o[k] = v;
        return { text: JSON.stringify(o) ?? "", mustFail: false };
      }),
      // Unknown and future versions, foreign formats.
      fc.constantFrom(2, 99, 0, -1, "1", null).map((v) => ({ text: JSON.stringify({ ...good, version: v }), mustFail: true })),
      fc.constantFrom("kernsim", "pcap", 1, null).map((v) => ({ text: JSON.stringify({ ...good, format: v }), mustFail: true })),
      fc.string({ maxLength: 30 }).map((t) => ({ text: t, mustFail: false })),
    );
    fc.assert(
      fc.property(cases, ({ text, mustFail }) => {
        let err: unknown = null;
        try {
          parseRecord(text, "rec.json");
        } catch (e) {
          err = e;
        }
        if (mustFail) expect(err).not.toBeNull();
        if (err === null) return;
        expect(err).toBeInstanceOf(RecordError);
        const msg = (err as Error).message;
        expect(msg.startsWith("rec.json: ")).toBe(true);
        expect(msg.split("\n")).toHaveLength(1);
      }),
      { numRuns: LONG ? 10_000 : 600, seed: LONG ? undefined : 11 },
    );
  });

  it("a truncated record says so", () => {
    expect(() => parseRecord(goodRecord.slice(0, goodRecord.length / 2), "rec.json")).toThrow(/rec\.json: not valid JSON \(the file looks truncated\)/);
  });
});

// --- the real command line ---------------------------------------------------

describe("the command line with bad input (real binary)", () => {
  const cases: Array<[string, string[], RegExp]> = [
    ["a seed that is not a number", ["run", "fork-race", "--seed", "abc"], /^kernsim: --seed: expected a non-negative integer, got 'abc'$/],
    ["a huge seed", ["run", "fork-race", "--seed", "99999999999999999999"], /^kernsim: --seed: expected a non-negative integer/],
    ["an unknown scheduler", ["run", "fork-race", "--sched", "fifo"], /^kernsim: --sched: expected rr or random, got 'fifo'$/],
    ["a missing scenario file", ["run", "./nope/missing.ts"], /no such file/],
    ["an unknown scenario", ["explore", "no-such-thing"], /^kernsim: no built-in scenario 'no-such-thing'/],
  ];
  for (const [what, args, re] of cases) {
    it(`${what}: one line, exit 2`, () => {
      const r = kernsim(args);
      expect(r.code).toBe(2);
      expectOneLine(r.stderr);
      expect(r.stderr.trimEnd()).toMatch(re);
    });
  }

  it("a scenario file with a negative duration names the field, exit 2", () => {
    const file = tmpFile("neg.ts", `
      import { defineProgram, defineScenario } from "kernsim";
      const p = defineProgram("p", function* () { return 0; });
      export default defineScenario({ name: "neg", processes: [{ program: p, start: -5 }] });
    `);
    const r = kernsim(["run", file]);
    expect(r.code).toBe(2);
    expectOneLine(r.stderr);
    expect(r.stderr).toMatch(/processes\[0\]\.start: expected a duration like "10ms"/);
  });

  it("a scenario file exporting a wrong-typed scenario (not via defineScenario) names the field, exit 2", () => {
    const file = tmpFile("wrong.ts", `
      import { defineProgram } from "kernsim";
      const p = defineProgram("p", function* () { return 0; });
      export default { name: "wrong", hosts: [{ name: "a" }], processes: [{ program: p, host: "b" }], until: { time: "-1s" } };
    `);
    const r = kernsim(["run", file]);
    expect(r.code).toBe(2);
    expectOneLine(r.stderr);
    expect(r.stderr).toMatch(/processes\[0\]\.host: unknown host 'b'/);
  });

  it("a truncated record, a future version and a record of an unknown scenario: one line each, exit 2", () => {
    const truncated = tmpFile("trunc.json", goodRecord.slice(0, 200));
    const future = tmpFile("future.json", JSON.stringify({ ...JSON.parse(goodRecord), version: 99 }));
    const unknown = tmpFile("unknown.json", JSON.stringify({ ...JSON.parse(goodRecord), scenario: { name: "no-such" } }));
    for (const [file, re] of [
      [truncated, /trunc\.json: not valid JSON \(the file looks truncated\)/],
      [future, /future\.json: record format version 99 is newer/],
      [unknown, /unknown\.json: scenario: no built-in scenario 'no-such'/],
    ] as const) {
      const r = kernsim(["replay", file]);
      expect(r.code).toBe(2);
      expectOneLine(r.stderr);
      expect(r.stderr).toMatch(re);
    }
  });
});
