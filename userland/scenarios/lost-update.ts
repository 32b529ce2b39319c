// Two processes increment the number in one file at once: usually it ends
// at 2, but if both read before either writes, one update is lost and it
// ends at 1 (try `kernsim explore lost-update`).
import { defineScenario } from "../../kernel/sim/scenario.ts";
import incr from "../programs/incr.ts";

export default defineScenario({
  name: "lost-update",
  description: "Two unlocked read-modify-writes of one file: 2, or a lost update (1)",
  sched: "random",
  hosts: [{ name: "localhost", files: { counter: "0\n" } }],
  processes: [
    { program: incr, argv: ["incr", "counter"] },
    { program: incr, argv: ["incr", "counter"] },
    { program: incr, argv: ["incr", "counter", "show"], name: "cat", start: "10ms" },
  ],
});
