// Entry of an explore worker thread. Plain JavaScript, like bin.js: it
// installs the "kernsim" resolver and tsx in this thread, then runs the
// TypeScript worker loop.
import { register } from "node:module";
import { fileURLToPath } from "node:url";
import { register as registerTsx } from "tsx/esm/api";

register("../resolve-hook.js", import.meta.url);
registerTsx({ tsconfig: fileURLToPath(new URL("../tsconfig.runtime.json", import.meta.url)) });
await import("./worker-loop.ts");
