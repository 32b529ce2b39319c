// `kernsim run --record/--verify/--faults`, `kernsim replay` and `kernsim
// explore` as a person meets them: files, messages, exit codes
// (0 ok, 2 bad input, 3 divergence).

import { describe, expect, it } from "vitest";
import { spawn, spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, writeFileSync, existsSync, readdirSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

const BIN = fileURLToPath(new URL("../../tui/bin.js", import.meta.url));
const FORK = fileURLToPath(new URL("../../userland/programs/fork.ts", import.meta.url));

function kernsim(args: string[], cwd?: string) {
  const r = spawnSync(process.execPath, [BIN, ...args], { encoding: "utf8", cwd, env: { ...process.env, NO_COLOR: "1" }, timeout: 60_000 });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

const tmp = () => mkdtempSync(join(tmpdir(), "kernsim-rec-"));

describe("kernsim run --record and kernsim replay", () => {
  it("records a run and replays it to the same trace", () => {
    const file = join(tmp(), "race.json");
    const run = kernsim(["run", "fork-race", "--seed", "3", "--record", file]);
    expect(run.code).toBe(0);
    expect(run.stderr).toContain(`wrote ${file}`);
    const record = JSON.parse(readFileSync(file, "utf8"));
    expect(record).toMatchObject({ format: "kernsim-record", version: 1, scenario: { name: "fork-race" }, seed: 3 });
    const r = kernsim(["replay", file]);
    expect(r.code).toBe(0);
    expect(r.stderr).toMatch(new RegExp(`replayed ${record.expect.steps} steps; trace ${record.expect.traceHash} matches the record`));
  });

  it("on divergence prints the first differing step, expected and actual, and exits 3", () => {
    const file = join(tmp(), "race.json");
    kernsim(["run", "fork-race", "--seed", "3", "--record", file]);
    const record = JSON.parse(readFileSync(file, "utf8"));
    writeFileSync(file, JSON.stringify({ ...record, seed: 4 }));
    const r = kernsim(["replay", file]);
    expect(r.code).toBe(3);
    expect(r.stderr).toMatch(/diverged at step \d+: expected \d+ \w+=\S+, got \d+ \w+=\S+\n {2}expected: .*\n {2}actual: {3}.*\n$/);
  });

  it("a record of a scenario file keeps its path and hash, and warns when the file changed", () => {
    const dir = tmp();
    const scen = join(dir, "race.ts");
    writeFileSync(scen, `import { defineScenario } from "kernsim";\nimport fork from ${JSON.stringify(FORK)};\nexport default defineScenario({ name: "mine", sched: "random", processes: [{ program: fork, argv: ["fork", "2"] }] });\n`);
    const file = join(dir, "records", "mine.json");
    expect(kernsim(["run", scen, "--record", file]).code).toBe(0);
    const record = JSON.parse(readFileSync(file, "utf8"));
    expect(record.scenario).toMatchObject({ name: "mine", file: join("..", "race.ts") });
    expect(record.scenario.sha256).toMatch(/^[0-9a-f]{64}$/);
    expect(kernsim(["replay", file], tmpdir()).code).toBe(0);
    writeFileSync(scen, readFileSync(scen, "utf8") + "// edited\n");
    const r = kernsim(["replay", file]);
    expect(r.stderr).toContain("race.ts changed since it was recorded; the replay may diverge");
  });

  it("bad record files get one line and exit 2, never a stack trace", () => {
    const dir = tmp();
    const cases: Array<[string, RegExp]> = [
      ['{"format": "kernsim-record", "version": 1, "scen', /not valid JSON \(the file looks truncated\)/],
      ['{"format": "kernsim-record", "version": 1}', /scenario: missing/],
      ['{"format": "kernsim-record", "version": 9}', /newer than this kernsim reads/],
      ["[]", /expected a JSON object/],
    ];
    for (const [text, why] of cases) {
      const f = join(dir, "bad.json");
      writeFileSync(f, text);
      const r = kernsim(["replay", f]);
      expect(r.code).toBe(2);
      expect(r.stderr).toMatch(why);
      expect(r.stderr.trim().split("\n")).toHaveLength(1);
    }
    const missing = kernsim(["replay", join(dir, "nope.json")]);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/nope.json: no such file/);
  });
});

describe("kernsim run --verify and --faults", () => {
  it("--verify runs twice and says the traces agree", () => {
    const r = kernsim(["run", "lost-update", "--verify"]);
    expect(r.code).toBe(0);
    expect(r.stderr).toMatch(/--verify: two runs, same trace [0-9a-f]{16}/);
  });

  it("--faults injects faults and records them", () => {
    const file = join(tmp(), "f.json");
    expect(kernsim(["run", "pipe", "--faults", "short-read=1", "--record", file]).code).toBe(0);
    expect(JSON.parse(readFileSync(file, "utf8")).faults).toEqual({ shortRead: 1 });
    expect(kernsim(["replay", file]).code).toBe(0);
    const bad = kernsim(["run", "pipe", "--faults", "slow-disk"]);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/^kernsim: --faults: unknown fault 'slow-disk'/);
  });
});

describe("kernsim explore", () => {
  it("--json prints { runs, complete, outcomes: [{ count, record, result }] }", () => {
    const r = kernsim(["explore", "fork-race", "--json"]);
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout);
    expect(out.complete).toBe(true);
    expect(out.runs).toBe(140);
    expect(out.outcomes).toHaveLength(70);
    expect(Object.keys(out.outcomes[0])).toEqual(["count", "record", "result"]);
    expect(r.stderr).toMatch(/140 runs .*70 distinct outcomes, 2.00 runs per outcome/);
  });

  it("prints each outcome with its count and a record file that replays it", () => {
    const dir = tmp();
    const r = kernsim(["explore", "lost-update", "--out", join(dir, "out")]);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain("counter = 1");
    expect(r.stdout).toContain("counter = 2");
    const files = readdirSync(join(dir, "out"));
    expect(files).toEqual(["outcome-1.json", "outcome-2.json", "outcome-3.json"]);
    for (const f of files) expect(r.stdout).toContain(`kernsim replay ${join(dir, "out", f)}`);
    expect(kernsim(["replay", join(dir, "out", files[1]!)]).code).toBe(0);
  });

  it("Ctrl-C stops and prints what was found so far", { timeout: 120_000 }, async () => {
    const dir = tmp();
    const scen = join(dir, "big.ts");
    writeFileSync(scen, `import { defineScenario } from "kernsim";\nimport fork from ${JSON.stringify(FORK)};\nexport default defineScenario({ name: "big", processes: [{ program: fork, argv: ["fork", "12"] }] });\n`);
    // A Ctrl-C that lands before the exploration has started (a slow, loaded machine) ends the
    // run like any Ctrl-C (exit 130): then try again, waiting longer.
    const attempt = async (waitMs: number) => {
      const child = spawn(process.execPath, [BIN, "explore", scen, "--json"], { cwd: dir });
      let stdout = "", stderr = "";
      child.stdout.on("data", (d) => (stdout += d));
      child.stderr.on("data", (d) => (stderr += d));
      await new Promise((r) => setTimeout(r, waitMs));
      child.kill("SIGINT");
      const code = await new Promise((r) => child.on("close", r));
      return { code, stdout, stderr };
    };
    let r = await attempt(2500);
    if (r.code === 130) r = await attempt(6000);
    const { code, stdout, stderr } = r;
    expect(code).toBe(0);
    const out = JSON.parse(stdout);
    expect(out.complete).toBe(false);
    expect(out.outcomes.length).toBeGreaterThan(0);
    expect(stderr).toContain("interrupted: these are the outcomes found so far");
    expect(existsSync(join(dir, "kernsim-explore"))).toBe(false);
  });
});
