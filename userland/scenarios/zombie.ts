// A zombie that waits to be reaped, and an orphan adopted by init.
import { defineScenario } from "../../kernel/sim/scenario.ts";
import zombie from "../programs/zombie.ts";

export default defineScenario({
  name: "zombie",
  description: "A zombie child until its parent waits; an orphan adopted by init",
  processes: [
    { program: zombie, argv: ["zombie", "zombie"] },
    { program: zombie, argv: ["zombie", "orphan"], name: "orphan", start: "5s" },
  ],
  // The orphan outlives its parent, the scenario process: run until it is done.
  until: { time: "8s" },
});
