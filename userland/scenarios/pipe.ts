// pipe + fork: a parent talks to its child through a pipe.
import { defineScenario } from "../../kernel/sim/scenario.ts";
import pipedemo from "../programs/pipedemo.ts";

export default defineScenario({
  name: "pipe",
  description: "A parent writes into a pipe, its child reads until EOF",
  processes: [{ program: pipedemo, argv: ["pipedemo"] }],
});
