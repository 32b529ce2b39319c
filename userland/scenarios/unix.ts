// socketpair(AF_UNIX) between a parent and its child.
import { defineScenario } from "../../kernel/sim/scenario.ts";
import unixpair from "../programs/unixpair.ts";

export default defineScenario({
  name: "unix",
  description: "A parent and its child talk both ways over socketpair(AF_UNIX, SOCK_STREAM)",
  processes: [{ program: unixpair, argv: ["unixpair"] }],
});
