// udpserver.c — the datagram version of the lecture's echo server ("OS view
// of networking – Sockets API": the same request/response protocol over
// SOCK_DGRAM): no listen or accept, each recvfrom names its sender and the
// reply goes back with sendto. Usage: udpserver port.

import { defineProgram } from "../libc/crt0.ts";
import {
  AF_INET, atoi, bind, exit, fprintf, htons, INADDR_ANY, perror, recvfrom, ref, sendto, socket, sockaddr_in,
  SOCK_DGRAM, stderr, STDOUT_FILENO, write,
} from "../libc/index.ts";

export default defineProgram("udpserver", function* (argv) {
  if (argv.length < 2) {
    yield* fprintf(stderr, "ERROR, no port provided\n");
    yield* exit(1);
  }
  const sockfd = yield* socket(AF_INET, SOCK_DGRAM, 0);
  if (sockfd < 0) {
    yield* perror("ERROR opening socket");
    yield* exit(1);
  }
  const serv_addr = sockaddr_in();
  serv_addr.sin_family = AF_INET;
  serv_addr.sin_addr.s_addr = INADDR_ANY;
  serv_addr.sin_port = htons(atoi(argv[1]!));
  if ((yield* bind(sockfd, serv_addr)) < 0) {
    yield* perror("ERROR on binding");
    yield* exit(1);
  }
  const buf = new Uint8Array(256);
  const cli_addr = sockaddr_in();
  const clilen = ref(16);
  for (;;) {
    const n = yield* recvfrom(sockfd, buf, 255, 0, cli_addr, clilen);
    if (n < 0) {
      yield* perror("ERROR in recvfrom");
      continue;
    }
    yield* write(STDOUT_FILENO, buf, n);
    yield* sendto(sockfd, buf, n, 0, cli_addr, clilen.value);
  }
}, { description: "UDP echo server: recvfrom, print, sendto back" });
