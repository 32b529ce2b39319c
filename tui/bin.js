#!/usr/bin/env node
// The `kernsim` command. Plain JavaScript so it starts on any Node ≥ 20:
// it installs the resolver that lets a user's .ts file anywhere on disk
// import "kernsim" and "kernsim/libc", and tsx to run TypeScript without a
// build step, then hands over to the command line in cli.ts. Headless
// commands run in a worker under a watchdog (watchdog.js), which catches a
// program that loops without making a syscall.
import { register } from "node:module";
import { fileURLToPath } from "node:url";
import { register as registerTsx } from "tsx/esm/api";

const argv = process.argv.slice(2);
const WATCHED = new Set(["run", "replay", "explore"]);
const wantsHelp = argv.includes("--help") || argv.includes("-h");
if (WATCHED.has(argv[0]) && !wantsHelp && process.env.KERNSIM_NO_WATCHDOG !== "1") {
  const { runInWorker } = await import("./watchdog.js");
  process.exitCode = await runInWorker(argv);
} else {
  registerTsx({ tsconfig: fileURLToPath(new URL("./tsconfig.runtime.json", import.meta.url)) });
  register("./resolve-hook.js", import.meta.url);
  const { main } = await import("./cli.ts");
  process.exitCode = await main(argv);
}
