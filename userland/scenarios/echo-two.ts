// Two clients against each server of the lecture, timed as
// test/golden/linux/capture.sh does: client A sends "a1", waits 0.6 s,
// sends "a2"; client B starts 0.2 s after A and sends "b1". v1 and v2 serve
// B only after A leaves (its connect completes at once, into the backlog);
// v3 and the epoll server overlap them. Clients' stdout is a file, as in
// `eclient ... > A`; the server gets SIGINT at the end.
import { defineScenario, type Scenario } from "../../kernel/sim/scenario.ts";
import type { Program } from "../../kernel/abi.ts";
import eserver from "../programs/eserver.ts";
import feserver from "../programs/feserver.ts";
import feserver3 from "../programs/feserver3.ts";
import epserver from "../programs/epserver.ts";
import eclient from "../programs/eclient.ts";

function twoClients(name: string, server: Program, description: string): Scenario {
  return defineScenario({
    name,
    description,
    hosts: [{ name: "server", ip: "10.0.0.1" }, { name: "client", ip: "10.0.0.2" }],
    processes: [
      { host: "server", program: server, argv: [server.name, "5000"], stdio: ["tty", "pipe", "pipe"] },
      { host: "client", name: "A", program: eclient, argv: ["eclient", "server", "5000"], stdio: ["tty", "pipe", "pipe"], start: "10ms" },
      { host: "client", name: "B", program: eclient, argv: ["eclient", "server", "5000"], stdio: ["tty", "pipe", "pipe"], start: "210ms" },
    ],
    events: [
      { at: "11ms", process: "A", input: "a1\n" },
      { at: "611ms", process: "A", input: "a2\n\x04" },
      { at: "211ms", process: "B", input: "b1\n\x04" },
      { at: "1500ms", process: server.name, signal: "SIGINT" },
    ],
    until: "exit",
  });
}

export const echoTwoV1 = twoClients("echo-two-v1", eserver, "v1 with two clients: B waits in the backlog until A is done");
export const echoTwoV2 = twoClients("echo-two-v2", feserver, "v2 (fork, parent waits) with two clients: served one by one");
export const echoTwoV3 = twoClients("echo-two-v3", feserver3, "v3 (fork, no wait) with two clients: served concurrently; zombies remain");
export const echoTwoEpoll = twoClients("echo-two-epoll", epserver, "the epoll server with two clients: one process, both served");
