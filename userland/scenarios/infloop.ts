// infloop.c with Ctrl-C typed at its terminal after one second.
import { defineScenario } from "../../kernel/sim/scenario.ts";
import infloop from "../programs/infloop.ts";

export default defineScenario({
  name: "infloop",
  description: "A busy loop with a SIGINT handler; Ctrl-C at 1s (infloop.c)",
  processes: [{ program: infloop, argv: ["infloop"] }],
  events: [{ at: "1s", process: "infloop", input: "\x03" }],
  until: { exit: true, time: "10s" },
});
