// fork.c with 6 lines per process (C(14, 7) = 3432 screens): a file, so
// explore's worker threads can load it by path (sim.bench.ts).
import { defineScenario } from "../../kernel/sim/scenario.ts";
import fork from "../../userland/programs/fork.ts";

export default defineScenario({ name: "fork-6", processes: [{ program: fork, argv: ["fork", "6"] }] });
