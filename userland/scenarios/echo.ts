// The lecture's echo client and server (v1) on two hosts: the client types
// "hello" and "world" at its terminal, then Ctrl-D.
import { defineScenario } from "../../kernel/sim/scenario.ts";
import eserver from "../programs/eserver.ts";
import eclient from "../programs/eclient.ts";

export default defineScenario({
  name: "echo",
  description: "eserver on host server, eclient on host client typing hello and world",
  hosts: [{ name: "server", ip: "10.0.0.1" }, { name: "client", ip: "10.0.0.2" }],
  network: { latency: "1ms" },
  processes: [
    { host: "server", program: eserver, argv: ["eserver", "5000"] },
    { host: "client", program: eclient, argv: ["eclient", "server", "5000"], stdin: "hello\nworld\n", start: "10ms" },
  ],
  until: { time: "2s" },
});
