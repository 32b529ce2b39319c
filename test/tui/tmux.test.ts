// The real binary in a real terminal, driven as a person would: tmux at
// 100×30, send-keys, capture-pane. Skipped (with a message) without tmux.
import { afterEach, describe, expect, it } from "vitest";
import { execFileSync, spawnSync } from "node:child_process";
import { fileURLToPath } from "node:url";
import { DEFAULT_SCENARIO } from "../../userland/scenarios/index.ts";

const ROOT = fileURLToPath(new URL("../..", import.meta.url));
const hasTmux = spawnSync("tmux", ["-V"]).status === 0;
if (!hasTmux) console.log("tmux is not installed: skipping the TUI end-to-end tests (apt-get install tmux)");

let session: string | null = null;
afterEach(() => {
  if (session) spawnSync("tmux", ["kill-session", "-t", session]);
  session = null;
});

function start(cmd: string, cols = 100, rows = 30): string {
  session = `kernsim-test-${process.pid}-${Math.floor(performance.now())}`;
  execFileSync("tmux", ["new-session", "-d", "-s", session, "-x", String(cols), "-y", String(rows), "-c", ROOT, cmd]);
  return session;
}

function keys(s: string, ...k: string[]): void {
  execFileSync("tmux", ["send-keys", "-t", s, ...k]);
}

/** Waits until the screen matches (the binary starts in a second or two). */
async function waitFor(s: string, re: RegExp, ms = 15_000): Promise<string> {
  const end = Date.now() + ms;
  let last = "";
  while (Date.now() < end) {
    last = spawnSync("tmux", ["capture-pane", "-p", "-t", s], { encoding: "utf8" }).stdout ?? "";
    if (re.test(last)) return last;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`screen never matched ${re}:\n${last}`);
}

async function gone(s: string, ms = 10_000): Promise<boolean> {
  const end = Date.now() + ms;
  while (Date.now() < end) {
    if (spawnSync("tmux", ["has-session", "-t", s]).status !== 0) return true;
    await new Promise((r) => setTimeout(r, 100));
  }
  return false;
}

describe.skipIf(!hasTmux)("kernsim tui in tmux", () => {
  it("a scenario file: start, step, step back, type a line, Ctrl-C the process, quit", async () => {
    const s = start("node tui/bin.js tui test/tui/fixtures/shout.ts");
    await waitFor(s, /kernsim shout\s+seed 1\s+sched rr.*step 0\s+paused/);
    keys(s, "Right");
    await waitFor(s, /step 1 /);
    keys(s, "Right", "Right", "Right");
    await waitFor(s, /step 4 /);
    keys(s, "Left");
    await waitFor(s, /step 3 /);
    // Run until the program waits for input.
    keys(s, "g");
    await waitFor(s, /jump to step/);
    keys(s, "50", "Enter");
    const waiting = await waitFor(s, /say something:/);
    expect(waiting).toMatch(/└─shout\s+read\(0\)/);
    keys(s, "i");
    await waitFor(s, /typing — Enter: send line/);
    keys(s, "-l", "hello tmux");
    await waitFor(s, /hello tmux▏/);
    keys(s, "Enter");
    await waitFor(s, /"hello tmux\\n" → shout/);
    keys(s, "Escape");
    await waitFor(s, /· i: type/);
    keys(s, "g", "60", "Enter");
    await waitFor(s, /HELLO TMUX/);
    keys(s, "C-c");
    await waitFor(s, /\^C → shout/);
    keys(s, "Right", "Right", "Right");
    const after = await waitFor(s, /\^C/);
    expect(after).not.toMatch(/└─shout\s+read\(0\)/);
    keys(s, "q");
    expect(await gone(s)).toBe(true);
  });

  it("the default scenario (npm start): step, step back, type a line into the client, Ctrl-C the server, quit", async () => {
    const s = start("node tui/bin.js");
    await waitFor(s, new RegExp(`kernsim ${DEFAULT_SCENARIO}\\s+seed \\d+.*step 0\\s+paused`));
    keys(s, "Right");
    await waitFor(s, /step 1 /);
    keys(s, "Right", "Right");
    await waitFor(s, /step 3 /);
    keys(s, "Left");
    await waitFor(s, /step 2 /);
    // Until the client has connected and asks for input.
    keys(s, "g", "30", "Enter");
    await waitFor(s, /step 30 /);
    keys(s, "f");
    await waitFor(s, /tty eclient@client/);
    keys(s, "i");
    await waitFor(s, /typing — Enter: send line/);
    keys(s, "-l", "typed by hand");
    keys(s, "Enter", "Escape");
    await waitFor(s, /"typed by hand\\n" → eclient/);
    keys(s, "g", "60", "Enter");
    await waitFor(s, /step 60 /);
    keys(s, "f");
    const server = await waitFor(s, /tty eserver@server/);
    expect(server).toMatch(/typed by hand/);
    // Ctrl-C at the server's terminal: SIGINT to its foreground group.
    keys(s, "C-c");
    await waitFor(s, /\^C → eserver/);
    keys(s, "Right", "Right", "Right", "Right");
    const after = await waitFor(s, /step 6[1-4] /);
    expect(after).not.toMatch(/└─eserver/);
    keys(s, "q");
    expect(await gone(s)).toBe(true);
  });

  it("`kernsim` with no command opens the TUI on the default scenario at 80×24 without overflow", async () => {
    const s = start("node tui/bin.js", 80, 24);
    const first = await waitFor(s, new RegExp(`kernsim ${DEFAULT_SCENARIO}`));
    keys(s, "g", "12", "Enter", "5");
    const f = await waitFor(s, /×1 steps\/col/);
    const lines = f.replace(/\n$/, "").split("\n");
    expect(lines.length).toBeLessThanOrEqual(24);
    // The header is still on the first row: nothing scrolled off.
    expect(lines[0]).toMatch(new RegExp(`^kernsim ${DEFAULT_SCENARIO}`));
    expect(first.split("\n")[0]).toMatch(new RegExp(`^kernsim ${DEFAULT_SCENARIO}`));
    for (const l of lines) expect([...l].length).toBeLessThanOrEqual(80);
    keys(s, "q");
    expect(await gone(s)).toBe(true);
  });
});

describe("without a terminal", () => {
  it("kernsim tui says so in one line and runs headless", () => {
    const r = spawnSync(process.execPath, ["tui/bin.js", "tui", "fork-race"], { cwd: ROOT, encoding: "utf8" });
    expect(r.stderr.split("\n")[0]).toBe("kernsim: stdout is not a terminal; running the scenario headless");
    expect(r.stdout).toMatch(/\[2\] parent of \[3\]/);
    expect(r.status).toBe(0);
  });

  it("kernsim alone says so in one line and runs the default scenario headless", () => {
    const r = spawnSync(process.execPath, ["tui/bin.js"], { cwd: ROOT, encoding: "utf8" });
    expect(r.stderr.split("\n")[0]).toBe("kernsim: stdout is not a terminal; running the default scenario headless");
    expect(r.stdout.length).toBeGreaterThan(0);
  });

  it("kernsim tui --help shows its usage", () => {
    const r = spawnSync(process.execPath, ["tui/bin.js", "tui", "--help"], { cwd: ROOT, encoding: "utf8" });
    expect(r.stdout).toMatch(/Usage: kernsim tui <scenario\|file\.ts> \[--seed N\] \[--sched rr\|random\]/);
  });

  it("kernsim tui with a bad seed is a usage error", () => {
    const r = spawnSync(process.execPath, ["tui/bin.js", "tui", "fork-race", "--seed", "x"], { cwd: ROOT, encoding: "utf8" });
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/--seed: expected a non-negative integer/);
  });
});
