// The echo client in the situations the lecture's C programs were measured
// in (test/golden/linux/README.md): reading a piped file, a refused
// connection, an unknown host.
import { defineScenario } from "../../kernel/sim/scenario.ts";
import eserver from "../programs/eserver.ts";
import eclient from "../programs/eclient.ts";

const hosts = [{ name: "server", ip: "10.0.0.1" }, { name: "client", ip: "10.0.0.2" }];

export const echoPipe = defineScenario({
  name: "echo-pipe",
  description: "eclient < in.txt on a terminal: the prompts stay buffered until exit (stdin is not a tty)",
  hosts,
  processes: [
    { host: "server", program: eserver, argv: ["eserver", "5000"] },
    { host: "client", program: eclient, argv: ["eclient", "server", "5000"], stdin: "hello\nworld\n", stdio: ["pipe", "tty", "tty"], start: "10ms" },
  ],
  events: [{ at: "1s", host: "server", signal: "SIGINT" }],
  until: "exit",
});

export const echoRefused = defineScenario({
  name: "echo-refused",
  description: "eclient to a port nobody listens on: ERROR connecting: Connection refused",
  hosts,
  processes: [
    { host: "server", program: eserver, argv: ["eserver", "5000"] },
    { host: "client", program: eclient, argv: ["eclient", "server", "5001"], start: "10ms" },
  ],
  events: [{ at: "1s", host: "server", signal: "SIGINT" }],
  until: "exit",
});

export const echoNohost = defineScenario({
  name: "echo-nohost",
  description: "eclient to a host that is not in /etc/hosts: ERROR, no such host",
  hosts,
  processes: [{ host: "client", program: eclient, argv: ["eclient", "nosuchhost", "5000"], stdin: "hello\nworld\n", stdio: "pipe" }],
  until: "exit",
});
