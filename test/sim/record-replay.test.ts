// Record and replay (SPEC §4 `kernsim replay`): a record holds what
// determines a run and what it produced; replay re-runs it, checks it, and
// names the first differing step.

import { describe, expect, it } from "vitest";
import { readFileSync } from "node:fs";
import { recordRun, replay, replayTo, drive } from "../../kernel/sim/replay.ts";
import { parseRecord, RecordError, serializeRecord, STEP_LOG_LIMIT, type RunRecord } from "../../kernel/sim/record.ts";
import { RECORD_SCHEMA } from "../../kernel/sim/record-schema.ts";
import { collectResult } from "../../kernel/sim/run.ts";
import { findScenario } from "../../userland/scenarios/index.ts";
import { replay as replayFromPackage } from "../../userland/index.ts";

const forkRace = findScenario("fork-race")!;
const infloop = findScenario("infloop")!;

function recorded(seed = 5): RunRecord {
  return recordRun(forkRace, { seed }).record;
}

describe("a record", () => {
  it("holds the scenario, seed, policy, inputs, faults, and the expected trace hash and step count", () => {
    const { record, result } = recordRun(forkRace, { seed: 5 });
    expect(record).toMatchObject({
      format: "kernsim-record", version: 1, scenario: { name: "fork-race" }, seed: 5, sched: "random", faults: null, inputs: [],
      expect: { traceHash: result.traceHash, steps: result.steps, simTimeNs: result.simTimeNs },
    });
    expect(record.check.steps).toHaveLength(result.steps);
    expect(record.check.steps[1]).toMatch(/^2 fork=3 #[0-9a-f]{8}$/);
  });

  it("stays bounded on long runs: one line per step for the first 4096 steps, at most 1024 checkpoints", () => {
    const { record } = recordRun(infloop);
    expect(record.expect.steps).toBeGreaterThan(900_000);
    expect(record.check.steps).toHaveLength(STEP_LOG_LIMIT);
    expect(record.check.hashes.length).toBeLessThanOrEqual(1024);
    expect(record.check.every * record.check.hashes.length).toBeLessThanOrEqual(record.expect.steps);
    expect(serializeRecord(record).length).toBeLessThan(200_000);
  });

  it("is published as docs/record.schema.json, identical to the schema the loader checks with", () => {
    const published = JSON.parse(readFileSync(new URL("../../docs/record.schema.json", import.meta.url), "utf8"));
    expect(published).toEqual(RECORD_SCHEMA);
  });
});

describe("replay", () => {
  it("re-runs a record to the same trace hash and result", () => {
    const { record, result } = recordRun(forkRace, { seed: 11 });
    const r = replay(record);
    expect(r.ok).toBe(true);
    expect(r.divergence).toBeNull();
    expect(r.result.traceHash).toBe(result.traceHash);
    expect(r.result.terminals).toEqual(result.terminals);
  });

  it("is exported from the package entry and accepts the record's JSON text", () => {
    expect(replayFromPackage(serializeRecord(recorded())).ok).toBe(true);
  });

  it("applies each recorded input before the step it was recorded at", () => {
    const { record, result } = recordRun(forkRace, { seed: 5, inputs: [{ step: 3, input: { kind: "choose", host: "localhost", pid: 3 } }] });
    // The simulated time it was applied at is noted for people reading the file.
    expect(record.inputs).toEqual([{ step: 3, timeNs: expect.any(Number), input: { kind: "choose", host: "localhost", pid: 3 } }]);
    expect(result.traceHash).not.toBe(recorded(5).expect.traceHash);
    expect(replay(record).ok).toBe(true);
  });

  it("on divergence names the first differing step, with the expected and the actual syscall", () => {
    const record = recorded(5);
    const other = recorded(6).check.steps;
    const first = record.check.steps.findIndex((line, i) => line !== other[i]);
    const [expected, actual] = [record.check.steps[first]!.split(" #")[0], other[first]!.split(" #")[0]];
    const r = replay({ ...record, seed: 6 });
    expect(r.ok).toBe(false);
    expect(r.divergence).toMatchObject({ step: first + 1, expected, actual });
    expect(r.divergence!.message).toBe(`diverged at step ${first + 1}: expected ${expected}, got ${actual}`);
  });

  it("past the per-step log, names the window of steps where the run first differs", () => {
    const { record } = recordRun(infloop);
    const k = 100;
    const bad = { ...record, check: { ...record.check, hashes: record.check.hashes.map((h, i) => (i === k ? "0".repeat(16) : h)) } };
    const r = replay(bad);
    const every = record.check.every;
    expect(r.divergence).toMatchObject({ step: k * every + 1, until: (k + 1) * every });
  });

  it("reports a record whose input names a process that does not exist", () => {
    const record = recorded(5);
    const r = replay({ ...record, inputs: [{ step: 2, input: { kind: "signal", host: "localhost", pid: 99, sig: 9 } }] });
    expect(r.divergence?.message).toMatch(/step 3: a recorded input no longer applies: no process 99/);
  });

  it("can stop at step k and continue with another seed (restart from here)", () => {
    const record = recorded(5);
    const { sim } = replayTo(record, 6, { seed: 1234 });
    expect(sim.world.steps).toBe(6);
    drive(sim);
    const continued = collectResult(sim);
    // The first six steps are the record's; what follows is the new seed's.
    const again = recordRun(forkRace, { seed: 5, reseed: { step: 6, seed: 1234 } });
    expect(again.result.traceHash).toBe(continued.traceHash);
    expect(again.record.check.steps.slice(0, 6)).toEqual(record.check.steps.slice(0, 6));
    expect(replay(again.record).ok).toBe(true);
  });
});

describe("a bad record file gets one line naming the field", () => {
  const good = serializeRecord(recorded());
  const problem = (text: string) => {
    try {
      parseRecord(text, "out.json");
    } catch (e) {
      expect(e).toBeInstanceOf(RecordError);
      return (e as Error).message;
    }
    throw new Error("parsed");
  };
  const edit = (f: (r: Record<string, any>) => void) => {
    const r = JSON.parse(good);
    f(r);
    return JSON.stringify(r);
  };

  it("truncated JSON", () => {
    expect(problem(good.slice(0, 200))).toBe("out.json: not valid JSON (the file looks truncated); re-record it with kernsim run --record");
  });
  it("an empty file", () => {
    expect(problem("")).toMatch(/out.json: not valid JSON \(the file is empty\)/);
  });
  it("not a record at all", () => {
    expect(problem("[1,2]")).toBe("out.json: expected a JSON object (a kernsim record)");
    expect(problem('{"name":"x"}')).toBe('out.json: not a kernsim record (format: expected "kernsim-record", got nothing)');
  });
  it("a newer format version", () => {
    expect(problem(edit((r) => (r.version = 7)))).toBe("out.json: record format version 7 is newer than this kernsim reads (1); upgrade kernsim");
  });
  it("a missing field", () => {
    expect(problem(edit((r) => delete r.seed))).toBe("out.json: seed: missing");
    expect(problem(edit((r) => delete r.expect.traceHash))).toBe("out.json: expect.traceHash: missing");
  });
  it("a field of the wrong type", () => {
    expect(problem(edit((r) => (r.seed = "5")))).toBe('out.json: seed: expected an integer ≥ 0, got "5"');
    expect(problem(edit((r) => (r.inputs = [{ step: "x", input: { kind: "type", terminal: "t", text: "a" } }])))).toBe('out.json: inputs[0].step: expected an integer ≥ 0, got "x"');
    expect(problem(edit((r) => (r.inputs = [{ step: 1, input: { kind: "teleport" } }])))).toMatch(/^out.json: inputs\[0\].input.kind: expected one of "type", "signal", /);
    expect(problem(edit((r) => (r.sched = "fifo")))).toBe('out.json: sched: expected one of "rr", "random", got "fifo"');
    expect(problem(edit((r) => (r.faults = { shortRead: 2 })))).toBe("out.json: faults.shortRead: expected a number from 0 to 1, got 2");
  });
  it("inputs out of step order", () => {
    const inputs = [{ step: 5, input: { kind: "choose", host: "localhost", pid: 2 } }, { step: 2, input: { kind: "choose", host: "localhost", pid: 2 } }];
    expect(problem(edit((r) => (r.inputs = inputs)))).toBe("out.json: inputs[1].step: inputs must be in step order (2 after 5)");
  });
});

describe("replay's arguments", () => {
  it("a record given as text is parsed and checked like a file", () => {
    expect(() => replay('{"format": "kernsim-rec')).toThrow(new RecordError("record: not valid JSON (the file looks truncated); re-record it with kernsim run --record"));
  });

  it("a record of a scenario file needs the scenario passed in", () => {
    const record = { ...recorded(), scenario: { name: "mine", file: "mine.ts" } };
    expect(() => replay(record)).toThrow(/record's scenario is the file mine.ts; load it and pass it: replay\(record, \{ scenario \}\)/);
    expect(replay(record, { scenario: forkRace }).ok).toBe(true);
  });
});
