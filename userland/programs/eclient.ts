// eclient.c — the echo client of "OS view of networking – Sockets API"
// (CS162 lecture 5): slides "Echo client-server example", "Prompt for
// input" (getreq: `REQ: ` prompt, fgets from stdin), "Client Protocol" and
// "Client: getting the server address" (gethostbyname, "ERROR, no such
// host"), completed as test/golden/linux/eclient.c is. Usage: eclient host port.

import { defineProgram } from "../libc/crt0.ts";
import {
  AF_INET, close, connect, exit, fgets, fprintf, gethostbyname, htons, memset, perror, printf, read, socket,
  sockaddr_in, SOCK_STREAM, stderr, stdin, STDOUT_FILENO, strlen, write, atoi, type hostent, type sockaddr_in as SockaddrIn,
} from "../libc/index.ts";

const MAXIN = 256;
const MAXOUT = 256;

function* error(msg: string) {
  yield* perror(msg);
  return yield* exit(1);
}

function* getreq(inbuf: Uint8Array, len: number) {
  yield* printf("REQ: "); // prompt
  memset(inbuf, 0, len); // clear for good measure
  return yield* fgets(inbuf, len, stdin); // read up to a EOL
}

function* client(sockfd: number) {
  let n: number;
  const sndbuf = new Uint8Array(MAXIN);
  const recvbuf = new Uint8Array(MAXOUT);
  yield* getreq(sndbuf, MAXIN); // prompt
  while (strlen(sndbuf) > 0) {
    yield* write(sockfd, sndbuf, strlen(sndbuf)); // send
    memset(recvbuf, 0, MAXOUT); // clear
    n = yield* read(sockfd, recvbuf, MAXOUT - 1); // receive
    yield* write(STDOUT_FILENO, recvbuf, n); // echo
    yield* getreq(sndbuf, MAXIN); // prompt
  }
}

function* buildServerAddr(serv_addr: SockaddrIn, hostname: string, portno: number) {
  // Get host entry associated with a hostname or IP address.
  const server: hostent | null = yield* gethostbyname(hostname);
  if (server === null) {
    yield* fprintf(stderr, "ERROR, no such host\n");
    return yield* exit(1);
  }
  // Construct an address for remote server.
  Object.assign(serv_addr, sockaddr_in()); // memset(serv_addr, 0, sizeof(struct sockaddr_in))
  serv_addr.sin_family = AF_INET;
  serv_addr.sin_addr.s_addr = server.h_addr.s_addr; // bcopy(server->h_addr, &serv_addr->sin_addr.s_addr, h_length)
  serv_addr.sin_port = htons(portno);
  return server;
}

export default defineProgram("eclient", function* (argv) {
  if (argv.length < 3) {
    yield* fprintf(stderr, "usage %s hostname port\n", argv[0]);
    yield* exit(1);
  }
  const hostname = argv[1]!;
  const portno = atoi(argv[2]!);
  const serv_addr = sockaddr_in();
  const server = yield* buildServerAddr(serv_addr, hostname, portno);

  // Create a TCP socket.
  const sockfd = yield* socket(AF_INET, SOCK_STREAM, 0);
  if (sockfd < 0) yield* error("ERROR opening socket");

  // Connect to server on port.
  if ((yield* connect(sockfd, serv_addr)) < 0) yield* error("ERROR connecting");
  yield* printf("Connected to %s:%d\n", server.h_name, portno);

  // Carry out Client-Server protocol.
  yield* client(sockfd);

  // Clean up on termination.
  yield* close(sockfd);
  return 0;
}, { description: "The lecture's echo client: REQ: prompt, send a line, print the echo" });
