// The Linux side of kernsim's benchmarks: compiles one of the C programs in
// this folder with gcc -O2 (on demand, into bin/, which git ignores) and runs
// it, returning the one JSON line it prints. Skips, with a reason, where that
// cannot work (not Linux, no gcc, a failed compile or run).
import { spawn, spawnSync } from "node:child_process";
import { existsSync, mkdirSync, statSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

export type LinuxBenchResult = { bench: string; ops: number; seconds: number; ops_per_sec: number };
export type LinuxBenchSkip = { skipped: string };

const here = dirname(fileURLToPath(import.meta.url));
const binDir = join(here, "bin");

export const LINUX_BENCHES = [
  "getpid",
  "pipe_roundtrip",
  "pipe_pingpong",
  "fork_wait",
  "epoll_echo",
  "v3_connrate",
] as const;

function mtime(path: string): number {
  return statSync(path).mtimeMs;
}

/** Compiles bench `name` if its binary is missing or older than its sources. */
function compile(name: string): string | LinuxBenchSkip {
  const src = join(here, `${name}.c`);
  const header = join(here, "bench.h");
  const out = join(binDir, name);
  if (!existsSync(src)) return { skipped: `no such benchmark: ${src}` };
  if (existsSync(out) && mtime(out) >= Math.max(mtime(src), mtime(header))) return out;
  mkdirSync(binDir, { recursive: true });
  const cc = spawnSync("gcc", ["-O2", "-o", out, src], { encoding: "utf8" });
  if (cc.error) {
    const code = (cc.error as NodeJS.ErrnoException).code;
    return { skipped: code === "ENOENT" ? "gcc not found" : `gcc failed to start: ${cc.error.message}` };
  }
  if (cc.status !== 0) return { skipped: `gcc failed on ${name}.c:\n${cc.stderr}` };
  return out;
}

/**
 * Runs Linux benchmark `name` (a file `<name>.c` here) with `args` (the
 * iteration counts; each program has defaults that take about 0.5-1 s) and
 * returns its report, or `{ skipped }` with the reason it could not run.
 */
export async function runLinuxBench(
  name: string,
  args: string[] = [],
  opts: { oneCore?: boolean } = {},
): Promise<LinuxBenchResult | LinuxBenchSkip> {
  if (process.platform !== "linux") return { skipped: `not Linux (${process.platform})` };
  const exe = compile(name);
  if (typeof exe !== "string") return exe;
  // One core (taskset -c 0): the client and server processes then share a CPU, as
  // kernsim's one thread runs both hosts; the default lets Linux use every core.
  if (opts.oneCore && spawnSync("taskset", ["-c", "0", "true"]).status !== 0) return { skipped: "no taskset" };
  const [cmd, argv] = opts.oneCore ? ["taskset", ["-c", "0", exe, ...args]] : [exe, args];
  return new Promise((resolve) => {
    const child = spawn(cmd, argv, { stdio: ["ignore", "pipe", "pipe"] });
    let stdout = "";
    let stderr = "";
    const timer = setTimeout(() => child.kill("SIGKILL"), 300_000);
    child.stdout.setEncoding("utf8").on("data", (d: string) => (stdout += d));
    child.stderr.setEncoding("utf8").on("data", (d: string) => (stderr += d));
    child.on("error", (err) => {
      clearTimeout(timer);
      resolve({ skipped: `${name} failed to start: ${err.message}` });
    });
    child.on("close", (code, signal) => {
      clearTimeout(timer);
      if (code !== 0) {
        resolve({ skipped: `${name} ${args.join(" ")} exited with ${signal ?? code}: ${stderr.trim()}` });
        return;
      }
      const line = stdout.trim().split("\n").pop() ?? "";
      try {
        const r = JSON.parse(line) as LinuxBenchResult;
        if (typeof r.ops_per_sec !== "number") throw new Error("no ops_per_sec");
        resolve(r);
      } catch {
        resolve({ skipped: `${name} printed no JSON report: ${JSON.stringify(stdout)}` });
      }
    });
  });
}

/**
 * The best of `runs` runs of Linux benchmark `name` (ops/s), as harness.ts's
 * timeIt keeps kernsim's best: both sides measured the same way. undefined
 * when it was skipped.
 */
export async function bestLinuxRate(name: string, args: string[] = [], opts: { oneCore?: boolean; runs?: number } = {}): Promise<number | undefined> {
  let best: number | undefined;
  for (let i = 0; i < (opts.runs ?? 3); i++) {
    const r = await runLinuxBench(name, args, opts);
    if (!("ops_per_sec" in r)) return undefined;
    if (best === undefined || r.ops_per_sec > best) best = r.ops_per_sec;
  }
  return best;
}
