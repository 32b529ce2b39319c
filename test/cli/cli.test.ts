// The command line as a person meets it: help, mistakes, exit codes, and a
// scenario file from anywhere on disk.

import { describe, expect, it } from "vitest";
import { spawnSync } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

const BIN = fileURLToPath(new URL("../../tui/bin.js", import.meta.url));

function kernsim(args: string[], env: NodeJS.ProcessEnv = {}) {
  const r = spawnSync(process.execPath, [BIN, ...args], { encoding: "utf8", env: { ...process.env, ...env }, timeout: 60_000 });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

function tmpFile(name: string, text: string): string {
  const dir = mkdtempSync(join(tmpdir(), "kernsim-"));
  const p = join(dir, name);
  writeFileSync(p, text);
  return p;
}

describe("kernsim command line", () => {
  it("--help lists the commands and the exit codes", () => {
    const r = kernsim(["--help"]);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/Commands:\n\s+run\s/);
    expect(r.stdout).toMatch(/Exit codes: 0 ok, 1 .*, 2 usage.*, 3 /);
  });

  it("run --help shows the options and examples", () => {
    const r = kernsim(["run", "--help"]);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain("--seed");
    expect(r.stdout).toContain("Examples:");
  });

  it("an unknown command gets one line with a suggestion, exit 2", () => {
    const r = kernsim(["rnu"]);
    expect(r.code).toBe(2);
    expect(r.stderr.trim().split("\n")).toHaveLength(1);
    expect(r.stderr).toContain("did you mean 'kernsim run'");
  });

  it("an unknown option gets one line with a suggestion, exit 2", () => {
    const r = kernsim(["run", "fork-race", "--sead", "3"]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/unknown option --sead.*did you mean --seed\?/);
  });

  it("a bad seed and an unknown scenario are one line each, exit 2", () => {
    expect(kernsim(["run", "fork-race", "--seed=-4"]).stderr).toBe("kernsim: --seed: expected a non-negative integer, got '-4'\n");
    expect(kernsim(["run", "fork-race", "--seed", "-4"]).stderr).toBe("kernsim: --seed needs a value; for one starting with '-', write --seed=<value>\n");
    const r = kernsim(["run", "no-such"]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^kernsim: no built-in scenario 'no-such' \(the built-ins are: .*fork-race.*\)\n$/);
  });

  it("list shows built-in scenarios and programs with descriptions", () => {
    const r = kernsim(["list"]);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/fork-race\s+Parent and child/);
    expect(r.stdout).toMatch(/infloop\s+A SIGINT handler/);
  });

  it("runs the same seed byte for byte, and --json prints the result object", () => {
    const a = kernsim(["run", "fork-race", "--seed", "5", "--json"]);
    const b = kernsim(["run", "fork-race", "--seed", "5", "--json"]);
    expect(a.code).toBe(0);
    expect(a.stdout).toBe(b.stdout);
    const j = JSON.parse(a.stdout);
    expect(Object.keys(j)).toEqual(["seed", "steps", "simTimeNs", "traceHash", "processes", "terminals", "captures"]);
    expect(j.processes[0]).toMatchObject({ pid: 2, ppid: 1, host: "localhost", argv: ["fork", "3"], exit: { code: 0 } });
  });

  it("--strace prints syscalls as strace -f does", () => {
    const r = kernsim(["run", "pipe", "--strace"]);
    expect(r.stdout).toContain("[pid 2] pipe2([3, 4], 0) = 0\n");
    expect(r.stdout).toContain('[pid 2] write(4, "hello through a pipe\\n", 21) = 21\n');
    expect(r.stdout).toMatch(/\[pid 2\] <\.\.\. wait4 resumed>\[\{WIFEXITED\(s\) && WEXITSTATUS\(s\) == 7\}\], 0, NULL\) = 3\n/);
    expect(r.stdout).toContain("[pid 3] +++ exited with 7 +++\n");
  });

  it("a simulated program that fails makes kernsim exit 1", () => {
    expect(kernsim(["run", "infloop"]).code).toBe(1);
  });

  it("runs a user's scenario file from anywhere on disk, importing kernsim and kernsim/libc", () => {
    const file = tmpFile("hello.ts", `
      import { defineProgram, defineScenario } from "kernsim";
      import { printf, getpid } from "kernsim/libc";
      const hello = defineProgram("hello", function* () {
        yield* printf("hello from %d\\n", yield* getpid());
        return 0;
      });
      export default defineScenario({ name: "hello", processes: [{ program: hello }] });
    `);
    const r = kernsim(["run", file]);
    expect(r.stderr).toMatch(/hello\[2\] exited 0/);
    expect(r.stdout).toBe("hello from 2\n");
  });

  it("a scenario naming an unknown host is one line naming the field, exit 2", () => {
    const file = tmpFile("bad.ts", `
      import { defineProgram, defineScenario } from "kernsim";
      const p = defineProgram("p", function* () { return 0; });
      export default defineScenario({ name: "bad", hosts: [{ name: "server", ip: "10.0.0.1" }, { name: "client", ip: "10.0.0.2" }],
        processes: [{ host: "srv", program: p }] });
    `);
    const r = kernsim(["run", file]);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe("kernsim: scenario 'bad': processes[0].host: unknown host 'srv'; the hosts are server, client\n");
  });

  it("a file that does not parse is one line, exit 2", () => {
    const r = kernsim(["run", tmpFile("broken.ts", "export default defineScenario({ name: ")]);
    expect(r.code).toBe(2);
    expect(r.stderr.trim().split("\n")).toHaveLength(1);
    // Where and why (esbuild's line), not its heading "Transform failed with 1 error:".
    expect(r.stderr).toMatch(/^kernsim: .*broken\.ts: cannot load it: .*broken\.ts:1:\d+: Unexpected end of file\n$/);
  });

  it("the watchdog stops a program that loops without a syscall and names it", () => {
    const file = tmpFile("spin.ts", `
      import { defineProgram } from "kernsim";
      export default defineProgram("busy", function* () { for (;;) {} });
    `);
    const r = kernsim(["run", file], { KERNSIM_WATCHDOG_MS: "1000" });
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/watchdog: pid 2 \(busy\) made no syscall for 1 s/);
    expect(r.stderr).toContain("for (;;) yield* spin();");
  });
});
