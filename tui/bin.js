#!/usr/bin/env node
// The `kernsim` command. Plain JavaScript so it starts on any Node ≥ 20:
// it installs the resolver that lets a user's .ts file anywhere on disk
// import "kernsim" and "kernsim/libc", and tsx to run TypeScript without a
// build step, then hands over to the command line in cli.ts.
import { register } from "node:module";
import { register as registerTsx } from "tsx/esm/api";

register("./resolve-hook.js", import.meta.url);
registerTsx();
const { main } = await import("./cli.ts");
process.exitCode = await main(process.argv.slice(2));
