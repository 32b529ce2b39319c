// udpclient.c — the echo client over UDP: the lecture's getreq loop
// (`REQ: `, fgets) and gethostbyname, with sendto/recvfrom instead of a
// connection. Usage: udpclient host port.

import { defineProgram } from "../libc/crt0.ts";
import {
  AF_INET, atoi, exit, fgets, fprintf, gethostbyname, htons, memset, perror, printf, recvfrom, sendto, socket,
  sockaddr_in, SOCK_DGRAM, stderr, stdin, STDOUT_FILENO, strlen, write,
} from "../libc/index.ts";

export default defineProgram("udpclient", function* (argv) {
  if (argv.length < 3) {
    yield* fprintf(stderr, "usage %s hostname port\n", argv[0]);
    yield* exit(1);
  }
  const server = yield* gethostbyname(argv[1]!);
  if (server === null) {
    yield* fprintf(stderr, "ERROR, no such host\n");
    yield* exit(1);
  }
  const sockfd = yield* socket(AF_INET, SOCK_DGRAM, 0);
  if (sockfd < 0) {
    yield* perror("ERROR opening socket");
    yield* exit(1);
  }
  const serv_addr = sockaddr_in();
  serv_addr.sin_family = AF_INET;
  serv_addr.sin_addr.s_addr = server!.h_addr.s_addr;
  serv_addr.sin_port = htons(atoi(argv[2]!));
  const sndbuf = new Uint8Array(256);
  const rcvbuf = new Uint8Array(256);
  for (;;) {
    yield* printf("REQ: ");
    memset(sndbuf, 0, sndbuf.length);
    if ((yield* fgets(sndbuf, sndbuf.length, stdin)) === null) break;
    if ((yield* sendto(sockfd, sndbuf, strlen(sndbuf), 0, serv_addr)) < 0) yield* perror("ERROR in sendto");
    const n = yield* recvfrom(sockfd, rcvbuf, 255, 0, null, null);
    if (n < 0) {
      yield* perror("ERROR in recvfrom");
      break;
    }
    yield* write(STDOUT_FILENO, rcvbuf, n);
  }
  return 0;
}, { description: "UDP echo client: REQ: prompt, sendto, recvfrom" });
