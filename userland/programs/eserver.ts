// eserver.c — the echo server, "Server Protocol (v1)" of "OS view of
// networking – Sockets API" (CS162 lecture 5), with "Server Address -
// itself" (INADDR_ANY, htons(portno)): one connection at a time, served by
// the server process itself. Completed as test/golden/linux/eserver.c is.
// Usage: eserver port.

import { defineProgram } from "../libc/crt0.ts";
import {
  accept, AF_INET, atoi, bind, close, exit, fprintf, INADDR_ANY, htons, listen, memset, perror, read, ref, socket,
  sockaddr_in, SOCK_STREAM, stderr, STDOUT_FILENO, strlen, write,
} from "../libc/index.ts";

export const MAXREQ = 256;
export const MAXQUEUE = 5;

export function* error(msg: string) {
  yield* perror(msg);
  return yield* exit(1);
}

/** server(): read a request, print it, echo it, until EOF (shared by v1, v2 and v3). */
export function* server(consockfd: number) {
  const reqbuf = new Uint8Array(MAXREQ);
  let n: number;
  for (;;) {
    memset(reqbuf, 0, MAXREQ);
    n = yield* read(consockfd, reqbuf, MAXREQ - 1); // Recv
    if (n <= 0) return;
    n = yield* write(STDOUT_FILENO, reqbuf, strlen(reqbuf));
    n = yield* write(consockfd, reqbuf, strlen(reqbuf)); // echo
  }
}

/** The listening socket of "Server Address - itself": socket, bind to INADDR_ANY:port. */
export function* serverSocket(argv: string[]) {
  if (argv.length < 2) {
    yield* fprintf(stderr, "ERROR, no port provided\n");
    yield* exit(1);
  }
  const portno = atoi(argv[1]!);
  const serv_addr = sockaddr_in();
  serv_addr.sin_family = AF_INET;
  serv_addr.sin_addr.s_addr = INADDR_ANY;
  serv_addr.sin_port = htons(portno);

  // Create Socket to receive requests.
  const lstnsockfd = yield* socket(AF_INET, SOCK_STREAM, 0);
  if (lstnsockfd < 0) yield* error("ERROR opening socket");

  // Bind socket to port.
  if ((yield* bind(lstnsockfd, serv_addr)) < 0) yield* error("ERROR on binding");
  return lstnsockfd;
}

export default defineProgram("eserver", function* (argv) {
  const lstnsockfd = yield* serverSocket(argv);
  const cli_addr = sockaddr_in();
  const clilen = ref(16);
  for (;;) {
    // Listen for incoming connections.
    yield* listen(lstnsockfd, MAXQUEUE);
    // Accept incoming connection, obtaining a new socket for it.
    const consockfd = yield* accept(lstnsockfd, cli_addr, clilen);
    if (consockfd < 0) yield* error("ERROR on accept");
    yield* server(consockfd);
    yield* close(consockfd);
  }
}, { description: "The lecture's echo server v1: one client at a time" });
