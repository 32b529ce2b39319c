// The echo protocol over UDP between two hosts.
import { defineScenario } from "../../kernel/sim/scenario.ts";
import udpserver from "../programs/udpserver.ts";
import udpclient from "../programs/udpclient.ts";

export default defineScenario({
  name: "udp",
  description: "udpserver on host server, udpclient on host client typing hello and world",
  hosts: [{ name: "server", ip: "10.0.0.1" }, { name: "client", ip: "10.0.0.2" }],
  processes: [
    { host: "server", program: udpserver, argv: ["udpserver", "5000"] },
    { host: "client", program: udpclient, argv: ["udpclient", "server", "5000"], stdin: "hello\nworld\n", start: "10ms" },
  ],
  events: [{ at: "1s", host: "server", signal: "SIGINT" }],
  until: "exit",
});
