// Entry of an explore worker thread. Plain JavaScript, like bin.js: it
// installs the "kernsim" resolver and tsx in this thread, then runs the
// TypeScript worker loop.
import { register } from "node:module";
import { register as registerTsx } from "tsx/esm/api";

register("../resolve-hook.js", import.meta.url);
registerTsx();
await import("./worker-loop.ts");
