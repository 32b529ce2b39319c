// fork.c on a terminal: the lines of parent and child interleave as the
// scheduler switches between them (try --sched random, or explore).
import { defineScenario } from "../../kernel/sim/scenario.ts";
import fork from "../programs/fork.ts";

export default defineScenario({
  name: "fork-race",
  description: "Parent and child print at once on one terminal (fork.c, 3 lines each)",
  sched: "random",
  processes: [{ program: fork, argv: ["fork", "3"] }],
});
