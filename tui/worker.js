// The worker side of watchdog.js: the command line, with the kernel's
// heartbeat cells shared with the watching thread.
import { register } from "node:module";
import { parentPort, workerData } from "node:worker_threads";
import { fileURLToPath } from "node:url";
import { register as registerTsx } from "tsx/esm/api";

registerTsx({ tsconfig: fileURLToPath(new URL("./tsconfig.runtime.json", import.meta.url)) });
register("./resolve-hook.js", import.meta.url);
const { watchdog } = await import("../kernel/watchdog.ts");
watchdog.heartbeat = { cells: workerData.cells, name: workerData.name };
// Ctrl-C forwarded by watchdog.js: to the command if it listens, else the default (exit 130).
parentPort.on("message", (m) => {
  if (m?.signal !== "SIGINT") return;
  if (process.listenerCount("SIGINT") > 0) process.emit("SIGINT", "SIGINT");
  else process.exit(130);
});
parentPort.unref();
const { main } = await import("./cli.ts");
const exitCode = await main(workerData.argv);
parentPort.postMessage({ exitCode });
