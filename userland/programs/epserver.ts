// epserver.c — the asynchronous echo server of the "Network Programming"
// slides: one process, an epoll instance watching the listener and every
// connection (level-triggered EPOLLIN). Completed as
// test/golden/linux/epserver.c is: prints `accepted <fd>` and
// `closed <fd>`, echoes exactly the n bytes read. Usage: epserver port.

import { defineProgram } from "../libc/crt0.ts";
import {
  accept, AF_INET, atoi, bind, close, epoll_create1, epoll_ctl, epoll_event, epoll_wait, EPOLL_CTL_ADD, EPOLLIN,
  exit, fflush, fprintf, htons, INADDR_ANY, IPPROTO_TCP, listen, perror, printf, read, socket, sockaddr_in,
  SOCK_STREAM, stderr, stdout, STDOUT_FILENO, write, type epoll_event as EpollEvent,
} from "../libc/index.ts";

const MAXEVENTS = 64;

export default defineProgram("epserver", function* (argv) {
  if (argv.length < 2) {
    yield* fprintf(stderr, "usage %s port\n", argv[0]);
    yield* exit(1);
  }
  const portno = atoi(argv[1]!);
  const fd = yield* socket(AF_INET, SOCK_STREAM, IPPROTO_TCP);
  if (fd < 0) {
    yield* perror("socket");
    yield* exit(1);
  }
  const serv_addr = sockaddr_in();
  serv_addr.sin_family = AF_INET;
  serv_addr.sin_addr.s_addr = INADDR_ANY;
  serv_addr.sin_port = htons(portno);
  if ((yield* bind(fd, serv_addr)) < 0) {
    yield* perror("bind");
    yield* exit(1);
  }
  yield* listen(fd, 5);
  const epfd = yield* epoll_create1(0);
  const ev = epoll_event(EPOLLIN);
  ev.data.fd = fd;
  yield* epoll_ctl(epfd, EPOLL_CTL_ADD, fd, ev);
  const evts: EpollEvent[] = [];
  const buf = new Uint8Array(256);
  for (;;) {
    const nfds = yield* epoll_wait(epfd, evts, MAXEVENTS, -1); // wait until any client sends a request
    for (let i = 0; i < nfds; i++) {
      if (evts[i]!.data.fd === fd) {
        const newfd = yield* accept(fd, null, null);
        yield* printf("accepted %d\n", newfd);
        yield* fflush(stdout);
        ev.events = EPOLLIN;
        ev.data.fd = newfd;
        yield* epoll_ctl(epfd, EPOLL_CTL_ADD, newfd, ev);
      } else {
        const cfd = evts[i]!.data.fd;
        const n = yield* read(cfd, buf, buf.length);
        if (n <= 0) {
          yield* printf("closed %d\n", cfd);
          yield* fflush(stdout);
          yield* close(cfd);
          continue;
        }
        yield* write(STDOUT_FILENO, buf, n);
        yield* write(cfd, buf, n);
      }
    }
  }
}, { description: "The Network Programming slides' epoll echo server" });
