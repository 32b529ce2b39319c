// kernsim as a course repo meets it: `npm pack`, install the tarball as a
// dev dependency in a fresh folder, write a program and a scenario there,
// and run them through `npx kernsim` and through vitest. No build step.

import { describe, expect, it } from "vitest";
import { execFileSync, spawnSync } from "node:child_process";
import { mkdtempSync, readdirSync, writeFileSync, mkdirSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

const ROOT = fileURLToPath(new URL("../../", import.meta.url));
const npm = process.platform === "win32" ? "npm.cmd" : "npm";

describe("installed as a dev dependency of a course repo", () => {
  it("runs a course's own program through npx kernsim and through vitest", () => {
    const dir = mkdtempSync(join(tmpdir(), "kernsim-course-"));
    execFileSync(npm, ["pack", "--pack-destination", dir, "--silent"], { cwd: ROOT, stdio: "pipe" });
    const tarball = readdirSync(dir).find((f) => f.endsWith(".tgz"))!;
    writeFileSync(join(dir, "package.json"), JSON.stringify({ name: "course", private: true, type: "module" }));
    // vitest is already in npm's cache from this repo's own install.
    execFileSync(npm, ["install", "--save-dev", "--prefer-offline", "--no-audit", "--no-fund", `./${tarball}`, "vitest@4"], { cwd: dir, stdio: "pipe" });
    mkdirSync(join(dir, "programs"));
    writeFileSync(join(dir, "programs", "greeter.ts"), `
      import { defineProgram, defineScenario } from "kernsim";
      import { fgets, printf, stdin, cstr } from "kernsim/libc";
      export const greeter = defineProgram("greeter", function* () {
        const buf = new Uint8Array(64);
        yield* printf("name? ");
        while ((yield* fgets(buf, 64, stdin)) !== null) yield* printf("hello, %s", cstr(buf));
        return 0;
      });
      export default defineScenario({ name: "greet", processes: [{ program: greeter, stdin: "ada\\n" }] });
    `);
    writeFileSync(join(dir, "greeter.test.ts"), `
      import { expect, it } from "vitest";
      import { runScenario } from "kernsim";
      import scenario from "./programs/greeter.ts";
      it("greets what was typed", () => {
        const r = runScenario(scenario);
        expect(r.terminals.greeter).toBe("name? ada\\nhello, ada\\n");
      });
    `);
    const run = spawnSync(npm, ["exec", "--", "kernsim", "run", "programs/greeter.ts"], { cwd: dir, encoding: "utf8" });
    expect(run.stdout).toBe("name? ada\nhello, ada\n");
    expect(run.status).toBe(0);
    const test = spawnSync(npm, ["exec", "--", "vitest", "run"], { cwd: dir, encoding: "utf8" });
    expect(test.stdout + test.stderr).toMatch(/1 passed/);
    expect(test.status).toBe(0);
    // The TUI in a real terminal, from the course folder (no tsconfig there: kernsim's own
    // .tsx must not depend on the folder it is run from).
    if (spawnSync("tmux", ["-V"]).status !== 0) {
      console.log("tmux is not installed: skipping the installed TUI check (apt-get install tmux)");
      return;
    }
    const session = `kernsim-course-${process.pid}`;
    execFileSync("tmux", ["new-session", "-d", "-s", session, "-x", "80", "-y", "24", "-c", dir, "npx kernsim tui programs/greeter.ts; sleep 30"]);
    try {
      let screen = "";
      for (let i = 0; i < 100 && !/kernsim greet/.test(screen); i++) {
        spawnSync("sleep", ["0.1"]);
        screen = spawnSync("tmux", ["capture-pane", "-p", "-t", session], { encoding: "utf8" }).stdout ?? "";
      }
      expect(screen).toMatch(/kernsim greet {2}seed 1/);
      expect(screen).not.toMatch(/Error/);
    } finally {
      spawnSync("tmux", ["kill-session", "-t", session]);
    }
  }, 180_000);
});
