// feserver3.c — "Server Protocol (v3)" of "OS view of networking – Sockets
// API" (CS162 lecture 5): v2 with the parent's wait commented out, as on
// the slide, so connections are served concurrently and exited children
// stay zombies. Usage: feserver3 port.

import { defineProgram } from "../libc/crt0.ts";
import { accept, close, exit, EXIT_SUCCESS, fork, listen, ref, sockaddr_in } from "../libc/index.ts";
import { error, MAXQUEUE, server, serverSocket } from "./eserver.ts";

export default defineProgram("feserver3", function* (argv) {
  const lstnsockfd = yield* serverSocket(argv);
  const cli_addr = sockaddr_in();
  const clilen = ref(16);
  for (;;) {
    yield* listen(lstnsockfd, MAXQUEUE);
    const consockfd = yield* accept(lstnsockfd, cli_addr, clilen);
    if (consockfd < 0) yield* error("ERROR on accept");
    const cpid = yield* fork(); // new process for connection
    if (cpid > 0) {
      // parent process
      yield* close(consockfd);
      // tcpid = wait(&cstatus);
    } else if (cpid === 0) {
      // child process
      yield* close(lstnsockfd); // let go of listen socket
      yield* server(consockfd);
      yield* close(consockfd);
      yield* exit(EXIT_SUCCESS); // exit child normally
    }
  }
}, { description: "The lecture's echo server v3: a child per connection, concurrent, children never reaped" });
