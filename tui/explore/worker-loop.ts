// An explore worker: loads the scenario the way the command line did
// (tui/load.ts, by the same argument), then explores the subtrees it is
// sent for a budget of runs each and posts back what it found and what is
// left (kernel/sim/explore.ts ExploreEngine.runBatch).

import { parentPort, workerData } from "node:worker_threads";
import { ExploreEngine, type Pending, type RunBase } from "../../kernel/sim/explore.ts";
import { loadScenario } from "../load.ts";
import { watchdog, type Heartbeat } from "../../kernel/watchdog.ts";

interface Data {
  arg: string;
  base: RunBase;
  heartbeat: Heartbeat | null;
}

const { arg, base, heartbeat } = workerData as Data;
watchdog.heartbeat = heartbeat;
const scenario = await loadScenario(arg);
const port = parentPort!;
port.on("message", (msg: { id: number; tasks: Pending[]; budget: number; depth: number }) => {
  try {
    port.postMessage({ id: msg.id, batch: new ExploreEngine(msg.depth, msg.tasks).runBatch(scenario, base, msg.budget) });
  } catch (e) {
    port.postMessage({ id: msg.id, error: e instanceof Error ? e.message : String(e) });
  }
});
port.postMessage({ ready: true });
