// The socket rows of ../shared/linux §8 (p08_epoll.c): TCP over loopback
// under epoll. Masks print as the README writes them (`+`-joined); each
// step lets the packets settle before waiting.

import { describe, expect, it } from "vitest";
import {
  close, epoll_create1, epoll_ctl, epoll_event, epoll_wait, EPOLL_CTL_ADD, EPOLLET, EPOLLIN, EPOLLOUT, EPOLLRDHUP,
  errno, printf, strerror, usleep, write, read, fcntl, F_SETFL, O_NONBLOCK,
} from "../../userland/libc/index.ts";
import {
  accept, bind, connect, listen, shutdown, sockaddr_in, socket, AF_INET, INADDR_LOOPBACK, SHUT_WR, SOCK_STREAM,
} from "../../userland/libc/socket.ts";
import { htonl, htons } from "../../userland/libc/inet.ts";
import { epollEventsToString } from "../../kernel/uapi/eventpoll.ts";
import { errnoName } from "../../kernel/uapi/errno.ts";
import { runProgram } from "../helpers/index.ts";

const mask = (m: number) => epollEventsToString(m).replace(/\|/g, "+");
const IN_OUT_RDHUP = EPOLLIN | EPOLLOUT | EPOLLRDHUP;

function* settle() {
  yield* usleep(20000);
}

function* show(ep: number, label: string, timeout = 0) {
  yield* settle();
  const evs = Array.from({ length: 4 }, () => epoll_event());
  const n = yield* epoll_wait(ep, evs, 4, timeout);
  const what = n < 0 ? `-1 ${errnoName(errno)}` : n === 0 ? "n=0" : evs.slice(0, n).map((e) => mask(e.events)).join(", ");
  yield* printf("%s: %s\n", label, what);
}

function* watch(fd: number, events: number) {
  const ep = yield* epoll_create1(0);
  const ev = epoll_event(events);
  ev.data.fd = fd;
  yield* epoll_ctl(ep, EPOLL_CTL_ADD, fd, ev);
  return ep;
}

function loopback(port: number) {
  const a = sockaddr_in();
  a.sin_family = AF_INET;
  a.sin_port = htons(port);
  a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  return a;
}

/** A listener on `port`, and a connected pair [ours, peer]. */
function* connectedPair(port: number) {
  const l = yield* socket(AF_INET, SOCK_STREAM, 0);
  yield* bind(l, loopback(port));
  yield* listen(l, 5);
  const ours = yield* socket(AF_INET, SOCK_STREAM, 0);
  yield* connect(ours, loopback(port));
  const peer = yield* accept(l, null, null);
  return { l, ours, peer };
}

describe("epoll on TCP sockets: half-close, close and RST (README §8)", () => {
  it("each row of the table", () => {
    const r = runProgram(function* () {
      let { ours, peer } = yield* connectedPair(5000);
      let ep = yield* watch(ours, IN_OUT_RDHUP);
      const inOnly = yield* watch(ours, EPOLLIN);
      const peerEp = yield* watch(peer, IN_OUT_RDHUP);
      yield* show(ep, "connected socket, idle (IN+OUT+RDHUP)");
      yield* shutdown(peer, SHUT_WR);
      yield* show(ep, "peer shutdown(SHUT_WR), our side");
      yield* show(inOnly, "the same socket registered with EPOLLIN only");
      yield* show(peerEp, "the peer's own view after its SHUT_WR");
      yield* shutdown(ours, SHUT_WR);
      yield* show(ep, "both directions shut, our side");
      yield* show(peerEp, "both directions shut, the peer");
      const zero = yield* watch(ours, 0);
      yield* show(zero, "both shut, registered with events=0");

      ({ ours, peer } = yield* connectedPair(5001));
      ep = yield* watch(ours, IN_OUT_RDHUP);
      yield* close(peer);
      yield* show(ep, "peer close() (FIN only)");
      yield* write(ours, "x");
      yield* show(ep, "after our write draws an RST");
    });
    expect(r.terminals.prog).toBe([
      "connected socket, idle (IN+OUT+RDHUP): EPOLLOUT",
      "peer shutdown(SHUT_WR), our side: EPOLLIN+EPOLLOUT+EPOLLRDHUP",
      "the same socket registered with EPOLLIN only: EPOLLIN",
      "the peer's own view after its SHUT_WR: EPOLLOUT",
      "both directions shut, our side: EPOLLIN+EPOLLOUT+EPOLLHUP+EPOLLRDHUP",
      "both directions shut, the peer: EPOLLIN+EPOLLOUT+EPOLLHUP+EPOLLRDHUP",
      "both shut, registered with events=0: EPOLLHUP",
      "peer close() (FIN only): EPOLLIN+EPOLLOUT+EPOLLRDHUP",
      "after our write draws an RST: EPOLLIN+EPOLLOUT+EPOLLERR+EPOLLHUP+EPOLLRDHUP",
      "",
    ].join("\n"));
  });
});

describe("epoll on listeners and unconnected sockets (README §8)", () => {
  it("a listener is never EPOLLOUT, reports one EPOLLIN for several pending connections; fresh and bound sockets are EPOLLOUT+EPOLLHUP", () => {
    const r = runProgram(function* () {
      const fresh = yield* socket(AF_INET, SOCK_STREAM, 0);
      yield* show(yield* watch(fresh, IN_OUT_RDHUP), "fresh TCP socket, never connected");
      const bound = yield* socket(AF_INET, SOCK_STREAM, 0);
      yield* bind(bound, loopback(6001));
      yield* show(yield* watch(bound, IN_OUT_RDHUP), "bound, not listening");
      const l = yield* socket(AF_INET, SOCK_STREAM, 0);
      yield* bind(l, loopback(6000));
      yield* listen(l, 5);
      const ep = yield* watch(l, IN_OUT_RDHUP);
      yield* show(ep, "listener, nothing pending");
      for (let i = 0; i < 2; i++) {
        const c = yield* socket(AF_INET, SOCK_STREAM, 0);
        yield* fcntl(c, F_SETFL, O_NONBLOCK);
        yield* connect(c, loopback(6000));
      }
      yield* show(ep, "listener, 2 pending connections");
      yield* accept(l, null, null);
      yield* show(ep, "after 1 accept (1 still pending)");
      yield* accept(l, null, null);
      yield* show(ep, "after the 2nd accept");
    });
    expect(r.terminals.prog).toBe([
      "fresh TCP socket, never connected: EPOLLOUT+EPOLLHUP",
      "bound, not listening: EPOLLOUT+EPOLLHUP",
      "listener, nothing pending: n=0",
      "listener, 2 pending connections: EPOLLIN",
      "after 1 accept (1 still pending): EPOLLIN",
      "after the 2nd accept: n=0",
      "",
    ].join("\n"));
  });

  it("an edge-triggered listener sees each new connection as an edge", () => {
    const r = runProgram(function* () {
      const l = yield* socket(AF_INET, SOCK_STREAM, 0);
      yield* bind(l, loopback(6002));
      yield* listen(l, 5);
      const ep = yield* watch(l, EPOLLIN | EPOLLET);
      for (const label of ["1st connection", "2nd connection (1st not accepted)"]) {
        const c = yield* socket(AF_INET, SOCK_STREAM, 0);
        yield* fcntl(c, F_SETFL, O_NONBLOCK);
        yield* connect(c, loopback(6002));
        yield* show(ep, label);
      }
      yield* show(ep, "then again");
    });
    expect(r.terminals.prog).toBe("1st connection: EPOLLIN\n2nd connection (1st not accepted): EPOLLIN\nthen again: n=0\n");
  });
});

describe("edge-triggered IN+OUT on a connected socket (README §8)", () => {
  it("EPOLLOUT once while idle; a byte arriving reports the whole mask; our ACKed small write is no new edge", () => {
    const r = runProgram(function* () {
      const { ours, peer } = yield* connectedPair(7000);
      const ep = yield* watch(ours, EPOLLIN | EPOLLOUT | EPOLLET);
      yield* show(ep, "idle writable socket, wait #1");
      yield* show(ep, "wait #2");
      yield* write(peer, "x");
      yield* show(ep, "1 byte arrives");
      yield* read(ours, new Uint8Array(1), 1);
      yield* write(ours, "y");
      yield* show(ep, "after our own small write has been ACKed");
    });
    expect(r.terminals.prog).toBe(
      "idle writable socket, wait #1: EPOLLOUT\nwait #2: n=0\n1 byte arrives: EPOLLIN+EPOLLOUT\n" +
      "after our own small write has been ACKed: n=0\n");
  });
});

describe("epoll errors with a socket (README §8)", () => {
  it("epoll_ctl with a socket as epfd and epoll_wait on a socket fd are EINVAL", () => {
    const r = runProgram(function* () {
      const s = yield* socket(AF_INET, SOCK_STREAM, 0);
      const ep = yield* epoll_create1(0);
      const ev = epoll_event(EPOLLIN);
      const a = yield* epoll_ctl(s, EPOLL_CTL_ADD, ep, ev);
      yield* printf("epoll_ctl with a socket as epfd: %d %s \"%s\"\n", a, errnoName(errno), strerror(errno));
      const b = yield* epoll_wait(s, [epoll_event()], 1, 0);
      yield* printf("epoll_wait on a socket fd: %d %s\n", b, errnoName(errno));
    });
    expect(r.terminals.prog).toBe('epoll_ctl with a socket as epfd: -1 EINVAL "Invalid argument"\nepoll_wait on a socket fd: -1 EINVAL\n');
  });
});
