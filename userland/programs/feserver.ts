// feserver.c — "Server Protocol (v2)" of "OS view of networking – Sockets
// API" (CS162 lecture 5): a child process per connection, and the parent
// waits for that child before it accepts the next one, so clients are
// served one at a time. (The lecture's `conssockfd` typo is `consockfd`.)
// Usage: feserver port.

import { defineProgram } from "../libc/crt0.ts";
import { accept, close, exit, EXIT_SUCCESS, fork, listen, ref, sockaddr_in, wait } from "../libc/index.ts";
import { error, MAXQUEUE, server, serverSocket } from "./eserver.ts";

export default defineProgram("feserver", function* (argv) {
  const lstnsockfd = yield* serverSocket(argv);
  const cli_addr = sockaddr_in();
  const clilen = ref(16);
  const cstatus = ref(0);
  for (;;) {
    yield* listen(lstnsockfd, MAXQUEUE);
    const consockfd = yield* accept(lstnsockfd, cli_addr, clilen);
    if (consockfd < 0) yield* error("ERROR on accept");
    const cpid = yield* fork(); // new process for connection
    if (cpid > 0) {
      // parent process
      yield* close(consockfd);
      yield* wait(cstatus);
    } else if (cpid === 0) {
      // child process
      yield* close(lstnsockfd); // let go of listen socket
      yield* server(consockfd);
      yield* close(consockfd);
      yield* exit(EXIT_SUCCESS); // exit child normally
    }
  }
}, { description: "The lecture's echo server v2: a child per connection, the parent waits" });
