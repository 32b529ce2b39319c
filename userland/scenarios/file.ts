// The Network Programming slides' file abstraction: write then read on
// ./hello.c and on /dev/hello.
import { defineScenario } from "../../kernel/sim/scenario.ts";
import fileabs from "../programs/fileabs.ts";

export default defineScenario({
  name: "file",
  description: "write then read on ./hello.c and on the /dev/hello device",
  processes: [
    { program: fileabs, argv: ["fileabs", "./hello.c"] },
    { program: fileabs, argv: ["fileabs", "/dev/hello"], name: "device", start: "1ms" },
  ],
});
