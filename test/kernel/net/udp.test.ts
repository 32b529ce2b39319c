// UDP as linux README §14 measured it: boundaries, truncation, zero-length
// datagrams, ICMP port unreachable on connected sockets only.

import { describe, expect, it } from "vitest";
import {
  AF_INET, bind, close, connect, EPOLLERR, EPOLLIN, EPOLLOUT, inet_ntoa, ioctl, FIONREAD, listen, accept, MSG_PEEK,
  MSG_TRUNC, ntohs, poll, pollfd, printf, read, recv, recvfrom, ref, send, sendto, shutdown, SHUT_RD, SHUT_WR,
  socket, sockaddr_in, SOCK_DGRAM, write, getsockname, AF_UNSPEC, getsockopt, SOL_SOCKET, SO_ERROR,
} from "../../../userland/libc/index.ts";
import { runProgram } from "../../helpers/index.ts";
import { loopback, nonblock, report, settle } from "./helpers.ts";

function* udp(port: number) {
  const s = yield* socket(AF_INET, SOCK_DGRAM, 0);
  if (port) yield* bind(s, loopback(port));
  return s;
}

function* mask(label: string, fd: number) {
  const p = [pollfd(fd, EPOLLIN | EPOLLOUT)];
  yield* poll(p, 1, 0);
  const names = ([[EPOLLIN, "IN"], [EPOLLOUT, "OUT"], [EPOLLERR, "ERR"]] as const).filter(([b]) => p[0]!.revents & b).map(([, n]) => n);
  yield* printf("%s %s\n", label, names.join("+"));
}

describe("UDP datagrams (README §14)", () => {
  it("keeps boundaries: 5, 10 and 3 bytes arrive as 5, 10 and 3; FIONREAD is the next datagram's size", () => {
    const r = runProgram(function* () {
      const a = yield* udp(5001);
      const b = yield* udp(5002);
      for (const n of [5, 10, 3]) yield* report("sendto", yield* sendto(a, new Uint8Array(n), n, 0, loopback(5002)));
      yield* settle();
      const q = ref(0);
      yield* ioctl(b, FIONREAD, q);
      yield* printf("FIONREAD %d\n", q.value);
      const from = sockaddr_in();
      const len = ref(0);
      yield* report("recvfrom", yield* recvfrom(b, new Uint8Array(100), 100, 0, from, len));
      yield* printf("from %s:%d len %d\n", inet_ntoa(from.sin_addr), ntohs(from.sin_port), len.value);
      yield* report("recvfrom", yield* recvfrom(b, new Uint8Array(100), 100, 0, null, null));
      yield* report("read", yield* read(b, new Uint8Array(100), 100));
    });
    expect(r.terminals.prog).toBe("sendto 5\nsendto 10\nsendto 3\nFIONREAD 5\nrecvfrom 5\nfrom 127.0.0.1:5001 len 16\nrecvfrom 10\nread 3\n");
  });

  it("a short read discards the rest; MSG_TRUNC gives the real length; MSG_PEEK leaves the datagram queued", () => {
    const r = runProgram(function* () {
      const a = yield* udp(5001);
      const b = yield* udp(5002);
      for (let i = 0; i < 4; i++) yield* sendto(a, "0123456789", 10, 0, loopback(5002));
      yield* settle();
      const buf = new Uint8Array(4);
      yield* report("recv(4)", yield* recv(b, buf, 4));
      yield* printf("bytes %s\n", new TextDecoder().decode(buf));
      yield* report("recv(4, MSG_TRUNC)", yield* recv(b, buf, 4, MSG_TRUNC));
      yield* report("recv(4, MSG_PEEK)", yield* recv(b, buf, 4, MSG_PEEK));
      yield* report("recv(100)", yield* recv(b, new Uint8Array(100), 100));
    });
    expect(r.terminals.prog).toBe("recv(4) 4\nbytes 0123\nrecv(4, MSG_TRUNC) 10\nrecv(4, MSG_PEEK) 4\nrecv(100) 10\n");
  });

  it("a zero-length datagram: sendto 0, POLLIN, recv 0 (not EOF), then EAGAIN; 65507 bytes fit, 65508 are EMSGSIZE", () => {
    const r = runProgram(function* () {
      const a = yield* udp(5001);
      const b = yield* udp(5002);
      yield* nonblock(b);
      yield* report("sendto", yield* sendto(a, "", 0, 0, loopback(5002)));
      yield* settle();
      yield* mask("poll", b);
      yield* report("recv", yield* recv(b, new Uint8Array(10), 10));
      yield* report("recv", yield* recv(b, new Uint8Array(10), 10));
      yield* report("65507", yield* sendto(a, new Uint8Array(65507), 65507, 0, loopback(5002)));
      yield* report("65508", yield* sendto(a, new Uint8Array(65508), 65508, 0, loopback(5002)));
    });
    expect(r.terminals.prog).toBe("sendto 0\npoll IN+OUT\nrecv 0\nrecv -1 EAGAIN\n65507 65507\n65508 -1 EMSGSIZE\n");
  });
});

describe("UDP to a closed port (README §14)", () => {
  it("an unconnected socket never sees the ICMP error", () => {
    const r = runProgram(function* () {
      const a = yield* udp(0);
      yield* nonblock(a);
      yield* report("sendto", yield* sendto(a, "x", 1, 0, loopback(9)));
      yield* settle();
      yield* report("recvfrom", yield* recvfrom(a, new Uint8Array(4), 4, 0, null, null));
      yield* report("sendto", yield* sendto(a, "x", 1, 0, loopback(9)));
      const e = ref(-1);
      yield* getsockopt(a, SOL_SOCKET, SO_ERROR, e);
      yield* printf("SO_ERROR %d\n", e.value);
    });
    expect(r.terminals.prog).toBe("sendto 1\nrecvfrom -1 EAGAIN\nsendto 1\nSO_ERROR 0\n");
  });

  it("a connected socket gets ECONNREFUSED once, on its next call: OUT+ERR, recv ECONNREFUSED then EAGAIN; send #3 reports #2's error", () => {
    const r = runProgram(function* () {
      const a = yield* udp(0);
      yield* nonblock(a);
      yield* report("connect", yield* connect(a, loopback(9)));
      yield* report("send", yield* send(a, "x"));
      yield* settle();
      yield* mask("poll", a);
      yield* report("recv", yield* recv(a, new Uint8Array(4), 4));
      yield* report("recv", yield* recv(a, new Uint8Array(4), 4));
      yield* mask("poll", a);
      yield* report("send #2", yield* send(a, "x"));
      yield* settle();
      yield* report("send #3", yield* send(a, "x"));
      yield* report("send #4", yield* send(a, "x"));
      yield* settle();
      yield* report("read", yield* read(a, new Uint8Array(4), 4));
    });
    expect(r.terminals.prog).toBe([
      "connect 0", "send 1", "poll OUT+ERR", "recv -1 ECONNREFUSED", "recv -1 EAGAIN", "poll OUT", "send #2 1", "send #3 -1 ECONNREFUSED", "send #4 1", "read -1 ECONNREFUSED", "",
    ].join("\n"));
  });
});

describe("UDP errors and connect semantics (README §14, §13)", () => {
  it("send on an unconnected socket is EDESTADDRREQ; listen/accept EOPNOTSUPP; shutdown unconnected ENOTCONN; a second bind EADDRINUSE", () => {
    const r = runProgram(function* () {
      const a = yield* udp(5001);
      yield* report("send", yield* send(a, "x"));
      yield* report("write", yield* write(a, "x"));
      yield* report("listen", yield* listen(a, 5));
      yield* report("accept", yield* accept(a, null, null));
      yield* report("shutdown", yield* shutdown(a, SHUT_WR));
      const b = yield* socket(AF_INET, SOCK_DGRAM, 0);
      yield* report("bind", yield* bind(b, loopback(5001)));
    });
    expect(r.terminals.prog).toBe("send -1 EDESTADDRREQ\nwrite -1 EDESTADDRREQ\nlisten -1 EOPNOTSUPP\naccept -1 EOPNOTSUPP\nshutdown -1 ENOTCONN\nbind -1 EADDRINUSE\n");
  });

  it("a connected socket takes only its peer's datagrams; AF_UNSPEC dissolves the association; SHUT_WR makes send EPIPE", () => {
    const r = runProgram(function* () {
      const a = yield* udp(5001);
      const peer = yield* udp(5002);
      const stranger = yield* udp(5003);
      yield* nonblock(a);
      yield* connect(a, loopback(5002));
      yield* sendto(stranger, "s", 1, 0, loopback(5001));
      yield* sendto(peer, "p", 1, 0, loopback(5001));
      yield* settle();
      const b = new Uint8Array(4);
      yield* report("recv", yield* recv(a, b, 4));
      yield* printf("from %s\n", String.fromCharCode(b[0]!));
      yield* report("recv", yield* recv(a, b, 4));
      yield* report("sendto other", yield* sendto(a, "x", 1, 0, loopback(5003)));
      const un = sockaddr_in();
      un.sin_family = AF_UNSPEC;
      yield* report("connect(AF_UNSPEC)", yield* connect(a, un));
      yield* report("send", yield* send(a, "x"));
      yield* connect(a, loopback(5002));
      yield* report("shutdown(SHUT_RD)", yield* shutdown(a, SHUT_RD));
      yield* report("recv", yield* recv(a, b, 4));
      yield* report("shutdown(SHUT_WR)", yield* shutdown(a, SHUT_WR));
    });
    expect(r.terminals.prog).toBe("recv 1\nfrom p\nrecv -1 EAGAIN\nsendto other 1\nconnect(AF_UNSPEC) 0\nsend -1 EDESTADDRREQ\nshutdown(SHUT_RD) 0\nrecv -1 EAGAIN\nshutdown(SHUT_WR) 0\n");
  });

  it("UDP auto-binds on its first sendto (0.0.0.0:ephemeral) and on connect (127.0.0.1:ephemeral)", () => {
    const r = runProgram(function* () {
      const a = yield* udp(0);
      yield* sendto(a, "x", 1, 0, loopback(9));
      const n = sockaddr_in();
      yield* getsockname(a, n);
      yield* printf("sendto %s %s\n", inet_ntoa(n.sin_addr), ntohs(n.sin_port) >= 32768 ? "ephemeral" : "?");
      const b = yield* udp(0);
      yield* connect(b, loopback(9));
      yield* getsockname(b, n);
      yield* printf("connect %s %s\n", inet_ntoa(n.sin_addr), ntohs(n.sin_port) >= 32768 ? "ephemeral" : "?");
      yield* close(a);
    });
    expect(r.terminals.prog).toBe("sendto 0.0.0.0 ephemeral\nconnect 127.0.0.1 ephemeral\n");
  });
});
