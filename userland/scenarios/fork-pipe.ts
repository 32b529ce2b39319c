// fork.c with stdout a pipe (`./fork | cat`): stdio is fully buffered, so
// each process's lines come out in one piece when it exits.
import { defineScenario } from "../../kernel/sim/scenario.ts";
import fork from "../programs/fork.ts";

export default defineScenario({
  name: "fork-pipe",
  description: "fork.c with stdout a pipe: whole blocks per process, not lines",
  processes: [{ program: fork, argv: ["fork", "100"], stdio: ["tty", "pipe", "tty"] }],
});
