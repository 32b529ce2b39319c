// connect(): refusals, non-blocking connects, the listen backlog and
// ephemeral ports, as linux README §1, §6, §7 and §13 measured them.

import { describe, expect, it } from "vitest";
import {
  accept, AF_INET, close, connect, EPOLLERR, EPOLLHUP, EPOLLIN, EPOLLOUT, EPOLLRDHUP, getpeername, getsockname,
  getsockopt, ntohs, poll, pollfd, POLLOUT, printf, read, recv, ref, send, MSG_NOSIGNAL, signal, SIGPIPE, socket,
  sockaddr_in, SOCK_STREAM, SOL_SOCKET, SO_ERROR, SO_SNDTIMEO, setsockopt, timeval, write, inet_ntoa, shutdown,
  SHUT_WR, IPPROTO_TCP, TCP_SYNCNT, clock_gettime_ns, bind, listen, perror, fcntl, F_GETFL, O_NONBLOCK, MSG_DONTWAIT, pause,
} from "../../../userland/libc/index.ts";
import { runProgram } from "../../helpers/index.ts";
import { dial, listener, loopback, nonblock, report, settle } from "./helpers.ts";

const EVMASK = [[EPOLLIN, "IN"], [EPOLLOUT, "OUT"], [EPOLLERR, "ERR"], [EPOLLHUP, "HUP"], [EPOLLRDHUP, "RDHUP"]] as const;

function* pollMask(fd: number, events: number) {
  const p = [pollfd(fd, events)];
  yield* poll(p, 1, 0);
  const names = EVMASK.filter(([b]) => p[0]!.revents & b).map(([, n]) => n);
  yield* printf("poll %s\n", names.join("+") || "0");
}

describe("connect() to a closed port (README §1)", () => {
  it("fails with ECONNREFUSED at once, leaves the socket CLOSE with its port bound to 0.0.0.0", () => {
    const r = runProgram(function* () {
      let counted = 0;
      yield* signal(SIGPIPE, function* () { counted++; });
      const c = yield* socket(AF_INET, SOCK_STREAM, 0);
      const t0 = yield* clock_gettime_ns();
      yield* report("connect", yield* connect(c, loopback(7777)));
      yield* printf("ms %d\n", Math.floor(((yield* clock_gettime_ns()) - t0) / 1e6));
      const a = sockaddr_in();
      yield* getsockname(c, a);
      yield* printf("name %s %s\n", inet_ntoa(a.sin_addr), ntohs(a.sin_port) >= 32768 ? "ephemeral" : "?");
      const e = ref(-1);
      yield* getsockopt(c, SOL_SOCKET, SO_ERROR, e);
      yield* printf("SO_ERROR %d\n", e.value);
      yield* report("read", yield* read(c, new Uint8Array(4), 4));
      yield* report("write", yield* write(c, "x"));
      yield* printf("sigpipe %d\n", counted);
      yield* report("send(MSG_NOSIGNAL)", yield* send(c, "x", 1, MSG_NOSIGNAL));
      yield* printf("sigpipe %d\n", counted);
      yield* report("getpeername", yield* getpeername(c, sockaddr_in()));
      yield* report("shutdown", yield* shutdown(c, SHUT_WR));
      yield* report("connect again", yield* connect(c, loopback(7777)));
      yield* listener(7777);
      yield* report("connect once listening", yield* connect(c, loopback(7777)));
    });
    expect(r.terminals.prog).toBe([
      "connect -1 ECONNREFUSED", "ms 0", "name 0.0.0.0 ephemeral", "SO_ERROR 0", "read -1 ENOTCONN", "write -1 EPIPE", "sigpipe 1",
      "send(MSG_NOSIGNAL) -1 EPIPE", "sigpipe 1", "getpeername -1 ENOTCONN", "shutdown -1 ENOTCONN", "connect again -1 ECONNREFUSED",
      "connect once listening 0", "",
    ].join("\n"));
  });

  it("perror prints `connect: Connection refused`", () => {
    const r = runProgram(function* () {
      const c = yield* socket(AF_INET, SOCK_STREAM, 0);
      if ((yield* connect(c, loopback(1))) < 0) yield* perror("connect");
    });
    expect(r.terminals.prog).toBe("connect: Connection refused\n");
  });
});

describe("non-blocking connect (README §7)", () => {
  it("to a closed port: EINPROGRESS, then IN+OUT+ERR+HUP+RDHUP, SO_ERROR 111 once, then ERR is gone", () => {
    const r = runProgram(function* () {
      const c = yield* socket(AF_INET, SOCK_STREAM, 0);
      yield* nonblock(c);
      yield* report("connect", yield* connect(c, loopback(7777)));
      yield* settle();
      yield* pollMask(c, EPOLLIN | EPOLLOUT | EPOLLRDHUP);
      const e = ref(-1);
      yield* getsockopt(c, SOL_SOCKET, SO_ERROR, e);
      yield* printf("SO_ERROR %d\n", e.value);
      yield* getsockopt(c, SOL_SOCKET, SO_ERROR, e);
      yield* printf("SO_ERROR %d\n", e.value);
      yield* pollMask(c, EPOLLIN | EPOLLOUT | EPOLLRDHUP);
    });
    expect(r.terminals.prog).toBe("connect -1 EINPROGRESS\npoll IN+OUT+ERR+HUP+RDHUP\nSO_ERROR 111\nSO_ERROR 0\npoll IN+OUT+HUP+RDHUP\n");
  });

  it("reading instead of SO_ERROR gives ECONNREFUSED, then 0; connecting again gives ECONNREFUSED, then EINPROGRESS", () => {
    const r = runProgram(function* () {
      const c = yield* socket(AF_INET, SOCK_STREAM, 0);
      yield* nonblock(c);
      yield* connect(c, loopback(7777));
      yield* settle();
      yield* report("read", yield* read(c, new Uint8Array(4), 4));
      yield* report("read", yield* read(c, new Uint8Array(4), 4));
      const d = yield* socket(AF_INET, SOCK_STREAM, 0);
      yield* nonblock(d);
      yield* connect(d, loopback(7777));
      yield* settle();
      yield* report("connect", yield* connect(d, loopback(7777)));
      yield* report("connect", yield* connect(d, loopback(7777)));
    });
    expect(r.terminals.prog).toBe("read -1 ECONNREFUSED\nread 0\nconnect -1 ECONNREFUSED\nconnect -1 EINPROGRESS\n");
  });

  it("accept on an empty non-blocking listener is EAGAIN; the accepted fd is blocking; recv on an empty socket is EAGAIN", () => {
    const r = runProgram(function* () {
      const l = yield* listener(7000);
      yield* nonblock(l);
      yield* report("accept", yield* accept(l, null, null));
      const c = yield* dial(7000);
      const s = yield* accept(l, null, null);
      yield* printf("nonblock %d\n", (yield* fcntl(s, F_GETFL)) & O_NONBLOCK ? 1 : 0);
      yield* report("recv(MSG_DONTWAIT)", yield* recv(s, new Uint8Array(4), 4, MSG_DONTWAIT));
      yield* nonblock(c);
      yield* report("read", yield* read(c, new Uint8Array(4), 4));
    });
    expect(r.terminals.prog).toBe("accept -1 EAGAIN\nnonblock 0\nrecv(MSG_DONTWAIT) -1 EAGAIN\nread -1 EAGAIN\n");
  });
});

describe("the listen backlog (README §6)", () => {
  for (const backlog of [0, 1, 2, 5]) {
    it(`backlog ${backlog} admits ${backlog + 1} of 10 non-blocking clients; the others stay in SYN-SENT without error`, () => {
      const r = runProgram(function* () {
        yield* listener(7000, backlog);
        const cs: number[] = [];
        let inprogress = 0;
        for (let i = 0; i < 10; i++) {
          const c = yield* socket(AF_INET, SOCK_STREAM, 0);
          yield* nonblock(c);
          if ((yield* connect(c, loopback(7000))) < 0) inprogress++;
          cs.push(c);
        }
        yield* settle(300);
        let done = 0, errs = 0;
        for (const c of cs) {
          const p = [pollfd(c, POLLOUT)];
          yield* poll(p, 1, 0);
          const e = ref(0);
          yield* getsockopt(c, SOL_SOCKET, SO_ERROR, e);
          if (p[0]!.revents & POLLOUT && e.value === 0) done++;
          if (e.value) errs++;
        }
        yield* printf("%d EINPROGRESS, %d completed, %d errors\n", inprogress, done, errs);
      });
      expect(r.terminals.prog).toBe(`10 EINPROGRESS, ${backlog + 1} completed, 0 errors\n`);
    });
  }

  it("a blocking connect to a full listener with SO_SNDTIMEO 500 ms: EINPROGRESS after 0.5 s, then EALREADY", () => {
    const r = runProgram(function* () {
      yield* listener(7000, 0);
      yield* dial(7000);
      const c = yield* socket(AF_INET, SOCK_STREAM, 0);
      yield* setsockopt(c, SOL_SOCKET, SO_SNDTIMEO, timeval(0, 500000));
      const t0 = yield* clock_gettime_ns();
      yield* report("connect", yield* connect(c, loopback(7000)));
      yield* printf("after %d ms\n", Math.round(((yield* clock_gettime_ns()) - t0) / 1e6));
      yield* report("connect", yield* connect(c, loopback(7000)));
    });
    expect(r.terminals.prog).toBe("connect -1 EINPROGRESS\nafter 500 ms\nconnect -1 EALREADY\n");
  });

  it("with TCP_SYNCNT 1 a connect to a full listener fails with ETIMEDOUT after 3 s (SYN at 0 and 1 s)", () => {
    const r = runProgram(function* () {
      yield* listener(7000, 0);
      yield* dial(7000);
      const c = yield* socket(AF_INET, SOCK_STREAM, 0);
      yield* setsockopt(c, IPPROTO_TCP, TCP_SYNCNT, 1);
      const t0 = yield* clock_gettime_ns();
      yield* report("connect", yield* connect(c, loopback(7000)));
      yield* printf("after %d s\n", Math.round(((yield* clock_gettime_ns()) - t0) / 1e9));
    });
    expect(r.terminals.prog).toBe("connect -1 ETIMEDOUT\nafter 3 s\n");
  });

  it("with the default tcp_syn_retries=6 the SYN is retried at 1, 3, 7, 15, 31, 63 s and connect fails at 127 s", () => {
    const r = runProgram(function* () {
      yield* listener(7000, 0);
      yield* dial(7000);
      const c = yield* socket(AF_INET, SOCK_STREAM, 0);
      const t0 = yield* clock_gettime_ns();
      yield* report("connect", yield* connect(c, loopback(7000)));
      yield* printf("after %d s\n", Math.round(((yield* clock_gettime_ns()) - t0) / 1e9));
    });
    expect(r.terminals.prog).toBe("connect -1 ETIMEDOUT\nafter 127 s\n");
  });

  it("listen(-1) and listen(100000) clamp to somaxconn 4096", () => {
    const r = runProgram(function* () {
      const a = yield* socket(AF_INET, SOCK_STREAM, 0);
      yield* bind(a, loopback(7000));
      yield* report("listen(-1)", yield* listen(a, -1));
      const b = yield* socket(AF_INET, SOCK_STREAM, 0);
      yield* bind(b, loopback(7001));
      yield* report("listen(100000)", yield* listen(b, 100000));
      yield* pause();
    }, { until: { time: "1s" } });
    expect(r.terminals.prog).toBe("listen(-1) 0\nlisten(100000) 0\n");
    const stack = r.world.hosts[0]!.net as { netstat(): Array<{ state: string; sendQ: number }> };
    expect(stack.netstat().filter((x) => x.state === "LISTEN").map((x) => x.sendQ)).toEqual([4096, 4096]);
  });
});

describe("ephemeral ports and names (README §13)", () => {
  it("connect() picks even ports in 32768-60999, increasing by 2 to 16; bind(0) and listen() pick odd ones", () => {
    const r = runProgram(function* () {
      yield* listener(7000, 20);
      const ports: number[] = [];
      for (let i = 0; i < 8; i++) {
        const c = yield* dial(7000);
        const a = sockaddr_in();
        yield* getsockname(c, a);
        ports.push(ntohs(a.sin_port));
      }
      const steps = ports.slice(1).map((p, i) => p - ports[i]!);
      yield* printf("even %d range %d steps %d\n", ports.every((p) => p % 2 === 0) ? 1 : 0, ports.every((p) => p >= 32768 && p <= 60999) ? 1 : 0,
        steps.every((s) => s >= 2 && s <= 16 && s % 2 === 0) ? 1 : 0);
      const odd: number[] = [];
      for (let i = 0; i < 4; i++) {
        const b = yield* socket(AF_INET, SOCK_STREAM, 0);
        yield* bind(b, loopback(0));
        const a = sockaddr_in();
        yield* getsockname(b, a);
        odd.push(ntohs(a.sin_port));
      }
      const l = yield* socket(AF_INET, SOCK_STREAM, 0);
      yield* report("listen unbound", yield* listen(l, 1));
      const a = sockaddr_in();
      yield* getsockname(l, a);
      odd.push(ntohs(a.sin_port));
      yield* printf("odd %d %s\n", odd.every((p) => p % 2 === 1 && p >= 32768 && p <= 60999) ? 1 : 0, inet_ntoa(a.sin_addr));
    });
    expect(r.terminals.prog).toBe("even 1 range 1 steps 1\nlisten unbound 0\nodd 1 0.0.0.0\n");
  });

  it("a fresh socket is 0.0.0.0:0; the client sees 127.0.0.1 on both ends; accept gives the client's address; getpeername of a fresh socket is ENOTCONN", () => {
    const r = runProgram(function* () {
      const f = yield* socket(AF_INET, SOCK_STREAM, 0);
      const a = sockaddr_in();
      yield* getsockname(f, a);
      yield* printf("fresh %s:%d\n", inet_ntoa(a.sin_addr), ntohs(a.sin_port));
      yield* report("getpeername", yield* getpeername(f, sockaddr_in()));
      const l = yield* listener(7000);
      const c = yield* dial(7000);
      const ca = sockaddr_in(), cp = sockaddr_in(), acc = sockaddr_in(), sn = sockaddr_in();
      const len = ref(0);
      yield* getsockname(c, ca);
      yield* getpeername(c, cp);
      const s = yield* accept(l, acc, len);
      yield* getsockname(s, sn);
      yield* printf("client %s peer %s:%d accepted %s same %d len %d server port %d\n", inet_ntoa(ca.sin_addr), inet_ntoa(cp.sin_addr), ntohs(cp.sin_port),
        inet_ntoa(acc.sin_addr), acc.sin_port === ca.sin_port ? 1 : 0, len.value, ntohs(sn.sin_port));
      yield* close(s);
    });
    expect(r.terminals.prog).toBe("fresh 0.0.0.0:0\ngetpeername -1 ENOTCONN\nclient 127.0.0.1 peer 127.0.0.1:7000 accepted 127.0.0.1 same 1 len 16 server port 7000\n");
  });
});
