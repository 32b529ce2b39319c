// Bad arguments and misuse (linux README §16), stream semantics and
// accepting dead connections (§17), socket buffer sizes (§15).

import { describe, expect, it } from "vitest";
import {
  accept, AF_INET, AF_UNIX, bind, close, connect, dup, getsockname, getsockopt, IPPROTO_TCP, IPPROTO_UDP, ioctl,
  FIONREAD, linger, listen, MSG_PEEK, MSG_WAITALL, pipe, printf, read, recv, ref, send, setsockopt, socket, sockaddr_in,
  SOCK_DGRAM, SOCK_SEQPACKET, SOCK_STREAM, SOL_SOCKET, SO_ACCEPTCONN, SO_LINGER, SO_RCVBUF, SO_REUSEADDR, SO_SNDBUF,
  SO_TYPE, TCP_NODELAY, write, usleep, fork, exit, htons, sockaddr_un, clock_gettime_ns, MSG_DONTWAIT, SO_RCVTIMEO, timeval,
  signal, SIGALRM, alarm,
} from "../../../userland/libc/index.ts";
import { runProgram } from "../../helpers/index.ts";
import * as libc from "../../../userland/libc/index.ts";
import { dial, listener, loopback, nonblock, report, settle } from "./helpers.ts";

describe("socket() arguments (README §16)", () => {
  it("gives EAFNOSUPPORT, EINVAL, EPROTONOSUPPORT and ESOCKTNOSUPPORT as Linux", () => {
    const r = runProgram(function* () {
      yield* report("socket(12345)", yield* socket(12345, SOCK_STREAM, 0));
      yield* report("socket(-1)", yield* socket(-1, SOCK_STREAM, 0));
      yield* report("type 999", yield* socket(AF_INET, 999, 0));
      yield* report("bad flag", yield* socket(AF_INET, SOCK_STREAM | 0x40000000, 0));
      yield* report("STREAM+UDP", yield* socket(AF_INET, SOCK_STREAM, IPPROTO_UDP));
      yield* report("DGRAM+TCP", yield* socket(AF_INET, SOCK_DGRAM, IPPROTO_TCP));
      yield* report("protocol 12345", yield* socket(AF_INET, SOCK_STREAM, 12345));
      yield* report("SEQPACKET", yield* socket(AF_INET, SOCK_SEQPACKET, 0));
    });
    expect(r.terminals.prog).toBe([
      "socket(12345) -1 EAFNOSUPPORT", "socket(-1) -1 EAFNOSUPPORT", "type 999 -1 EINVAL", "bad flag -1 EINVAL", "STREAM+UDP -1 EPROTONOSUPPORT",
      "DGRAM+TCP -1 EPROTONOSUPPORT", "protocol 12345 -1 EINVAL", "SEQPACKET -1 ESOCKTNOSUPPORT", "",
    ].join("\n"));
  });
});

describe("misuse of accept, listen, connect, send and recv (README §16)", () => {
  it("gives EBADF, EINVAL, EOPNOTSUPP, ENOTSOCK, EISCONN, EPIPE and ENOTCONN where Linux does", () => {
    const r = runProgram(function* () {
      yield* report("accept(999)", yield* accept(999, null, null));
      yield* report("listen(999)", yield* listen(999, 1));
      yield* report("send(999)", yield* send(999, "x"));
      yield* report("getsockname(999)", yield* getsockname(999, sockaddr_in()));
      const fresh = yield* socket(AF_INET, SOCK_STREAM, 0);
      yield* report("accept not listening", yield* accept(fresh, null, null));
      const u = yield* socket(AF_INET, SOCK_DGRAM, 0);
      yield* report("listen UDP", yield* listen(u, 1));
      const fds = new Int32Array(2);
      yield* pipe(fds);
      yield* report("accept pipe", yield* accept(fds[0]!, null, null));
      yield* report("connect pipe", yield* connect(fds[0]!, loopback(1)));
      yield* report("recv pipe", yield* recv(fds[0]!, new Uint8Array(1), 1));
      yield* report("getsockopt pipe", yield* getsockopt(fds[0]!, SOL_SOCKET, SO_TYPE, ref(0)));
      const l = yield* listener(7000);
      const c = yield* dial(7000);
      yield* report("connect connected", yield* connect(c, loopback(7000)));
      yield* report("connect listener", yield* connect(l, loopback(7000)));
      yield* report("listen connected", yield* listen(c, 1));
      yield* report("bind connected", yield* bind(c, loopback(7001)));
      yield* report("listen again", yield* listen(l, 10));
      yield* report("send listener", yield* send(l, "x", 1, 0x4000));
      yield* report("recv listener", yield* recv(l, new Uint8Array(1), 1));
      const t = yield* socket(AF_INET, SOCK_STREAM, 0);
      yield* report("send unconnected", yield* send(t, "x", 1, 0x4000));
      yield* report("recv unconnected", yield* recv(t, new Uint8Array(1), 1));
    });
    expect(r.terminals.prog).toBe([
      "accept(999) -1 EBADF", "listen(999) -1 EBADF", "send(999) -1 EBADF", "getsockname(999) -1 EBADF", "accept not listening -1 EINVAL",
      "listen UDP -1 EOPNOTSUPP", "accept pipe -1 ENOTSOCK", "connect pipe -1 ENOTSOCK", "recv pipe -1 ENOTSOCK", "getsockopt pipe -1 ENOTSOCK",
      "connect connected -1 EISCONN", "connect listener -1 EISCONN", "listen connected -1 EINVAL", "bind connected -1 EINVAL", "listen again 0",
      "send listener -1 EPIPE", "recv listener -1 ENOTCONN", "send unconnected -1 EPIPE", "recv unconnected -1 ENOTCONN", "",
    ].join("\n"));
  });

  it("bad addresses: short addrlen EINVAL, wrong family EAFNOSUPPORT, a foreign address EADDRNOTAVAIL, NULL EFAULT", () => {
    const r = runProgram(function* () {
      const s = yield* socket(AF_INET, SOCK_STREAM, 0);
      yield* report("bind(addrlen=4)", yield* bind(s, loopback(7000), 4));
      yield* report("connect(addrlen=4)", yield* connect(s, loopback(7000), 4));
      yield* report("bind(AF_UNIX)", yield* bind(s, sockaddr_un("/tmp/x")));
      const far = sockaddr_in();
      far.sin_family = AF_INET;
      far.sin_addr.s_addr = 0x017100cb; // 203.0.113.1 in network order
      yield* report("bind(203.0.113.1)", yield* bind(s, far));
      yield* report("connect(NULL)", yield* connect(s, null, 16));
    });
    expect(r.terminals.prog).toBe("bind(addrlen=4) -1 EINVAL\nconnect(addrlen=4) -1 EINVAL\nbind(AF_UNIX) -1 EAFNOSUPPORT\nbind(203.0.113.1) -1 EADDRNOTAVAIL\nconnect(NULL) -1 EFAULT\n");
  });

  it("a full fd table: socket() EMFILE; accept() EMFILE keeps the connection queued for later", () => {
    const r = runProgram(function* () {
      const l = yield* listener(7000);
      yield* dial(7000);
      const held: number[] = [];
      for (;;) {
        const d = yield* dup(0);
        if (d < 0) break;
        held.push(d);
      }
      yield* report("socket", yield* socket(AF_INET, SOCK_STREAM, 0));
      yield* report("accept", yield* accept(l, null, null));
      yield* close(held[0]!);
      yield* report("accept after close", yield* accept(l, null, null));
    });
    expect(r.terminals.prog).toBe("socket -1 EMFILE\naccept -1 EMFILE\naccept after close 5\n");
  });

  it("a forgotten htons binds the byte-swapped port, as in C", () => {
    const r = runProgram(function* () {
      const s = yield* socket(AF_INET, SOCK_STREAM, 0);
      const a = sockaddr_in();
      a.sin_family = AF_INET;
      a.sin_port = 5000; // should be htons(5000)
      yield* bind(s, a);
      const n = sockaddr_in();
      yield* getsockname(s, n);
      yield* printf("port %d\n", htons(n.sin_port));
    });
    expect(r.terminals.prog).toBe("port 34835\n");
  });
});

describe("stream semantics (README §17)", () => {
  it("no boundaries: three 3-byte writes read as 9; read(4) of 10 leaves 6 for MSG_PEEK and read; write(0) sends nothing", () => {
    const r = runProgram(function* () {
      const l = yield* listener(7000);
      const c = yield* dial(7000);
      const s = yield* accept(l, null, null);
      for (let i = 0; i < 3; i++) yield* write(c, "abc");
      yield* settle();
      const q = ref(0);
      yield* ioctl(s, FIONREAD, q);
      yield* printf("FIONREAD %d\n", q.value);
      yield* report("read", yield* read(s, new Uint8Array(100), 100));
      yield* write(c, "0123456789");
      yield* settle();
      yield* report("read(4)", yield* read(s, new Uint8Array(4), 4));
      yield* report("MSG_PEEK", yield* recv(s, new Uint8Array(100), 100, MSG_PEEK));
      yield* report("read", yield* read(s, new Uint8Array(100), 100));
      yield* report("write(0)", yield* write(c, "", 0));
      yield* nonblock(s);
      yield* report("read", yield* read(s, new Uint8Array(100), 100));
    });
    expect(r.terminals.prog).toBe("FIONREAD 9\nread 9\nread(4) 4\nMSG_PEEK 6\nread 6\nwrite(0) 0\nread -1 EAGAIN\n");
  });

  it("MSG_WAITALL waits for all 4 bytes arriving 2 + 2 (100 ms apart); a plain read returns the first 2", () => {
    const r = runProgram(function* () {
      const l = yield* listener(7000);
      const pid = yield* fork();
      if (pid === 0) {
        for (let round = 0; round < 2; round++) {
          const c = yield* dial(7000);
          yield* usleep(100_000);
          yield* write(c, "ab");
          yield* usleep(100_000);
          yield* write(c, "cd");
          yield* usleep(50_000);
          yield* close(c);
        }
        yield* exit(0);
      }
      for (const flags of [MSG_WAITALL, 0]) {
        const s = yield* accept(l, null, null);
        const t0 = yield* clock_gettime_ns();
        const n = yield* recv(s, new Uint8Array(4), 4, flags);
        yield* printf("%s %d after %d ms\n", flags ? "MSG_WAITALL" : "plain", n, Math.round(((yield* clock_gettime_ns()) - t0) / 1e6));
        yield* close(s);
      }
    });
    expect(r.terminals.prog).toBe("MSG_WAITALL 4 after 200 ms\nplain 2 after 100 ms\n");
  });

  it("accept returns connections that died in the queue: data + FIN reads 5 then 0; an RST reads ECONNRESET", () => {
    const r = runProgram(function* () {
      const l = yield* listener(7000);
      const c1 = yield* dial(7000);
      yield* write(c1, "hello");
      yield* close(c1);
      const c2 = yield* dial(7000);
      yield* setsockopt(c2, SOL_SOCKET, SO_LINGER, linger(1, 0));
      yield* close(c2);
      yield* settle();
      const s1 = yield* accept(l, null, null);
      yield* report("read", yield* read(s1, new Uint8Array(10), 10));
      yield* report("read", yield* read(s1, new Uint8Array(10), 10));
      const s2 = yield* accept(l, null, null);
      yield* report("accept", s2 > 0 ? 1 : s2);
      yield* report("read", yield* read(s2, new Uint8Array(10), 10));
    });
    expect(r.terminals.prog).toBe("read 5\nread 0\naccept 1\nread -1 ECONNRESET\n");
  });

  it("options: SO_ACCEPTCONN, SO_TYPE, unknown options ENOPROTOOPT, TCP_NODELAY on UDP EOPNOTSUPP, optlen 1 EINVAL", () => {
    const r = runProgram(function* () {
      const l = yield* listener(7000);
      const c = yield* dial(7000);
      const s = yield* accept(l, null, null);
      const v = ref(-1);
      yield* getsockopt(l, SOL_SOCKET, SO_ACCEPTCONN, v);
      yield* printf("listener SO_ACCEPTCONN %d\n", v.value);
      yield* getsockopt(s, SOL_SOCKET, SO_ACCEPTCONN, v);
      yield* printf("accepted SO_ACCEPTCONN %d\n", v.value);
      yield* getsockopt(c, SOL_SOCKET, SO_TYPE, v);
      const u = yield* socket(AF_INET, SOCK_DGRAM, 0);
      const w = ref(-1);
      yield* getsockopt(u, SOL_SOCKET, SO_TYPE, w);
      yield* printf("SO_TYPE %d %d\n", v.value, w.value);
      yield* report("getsockopt 9999", yield* getsockopt(c, SOL_SOCKET, 9999, v));
      yield* report("TCP_NODELAY on UDP", yield* setsockopt(u, IPPROTO_TCP, TCP_NODELAY, 1));
      yield* report("SO_REUSEADDR optlen 1", yield* setsockopt(c, SOL_SOCKET, SO_REUSEADDR, 1, 1));
    });
    expect(r.terminals.prog).toBe([
      "listener SO_ACCEPTCONN 1", "accepted SO_ACCEPTCONN 0", "SO_TYPE 1 2", "getsockopt 9999 -1 ENOPROTOOPT", "TCP_NODELAY on UDP -1 EOPNOTSUPP",
      "SO_REUSEADDR optlen 1 -1 EINVAL", "",
    ].join("\n"));
  });
});

describe("socket buffers (README §15)", () => {
  it("defaults: TCP 131072/16384, UDP and AF_UNIX 212992; set 10000 reads 20000; 1 reads the minimums; 100 MiB reads 8388608", () => {
    const r = runProgram(function* () {
      const show = function* (label: string, fd: number) {
        const rb = ref(0), sb = ref(0);
        yield* getsockopt(fd, SOL_SOCKET, SO_RCVBUF, rb);
        yield* getsockopt(fd, SOL_SOCKET, SO_SNDBUF, sb);
        yield* printf("%s %d %d\n", label, rb.value, sb.value);
      };
      yield* show("tcp", yield* socket(AF_INET, SOCK_STREAM, 0));
      yield* show("udp", yield* socket(AF_INET, SOCK_DGRAM, 0));
      yield* show("unix", yield* socket(AF_UNIX, SOCK_STREAM, 0));
      yield* show("listener", yield* listener(7000));
      for (const v of [10000, 1, 100 * 1024 * 1024]) {
        const s = yield* socket(AF_INET, SOCK_STREAM, 0);
        yield* setsockopt(s, SOL_SOCKET, SO_RCVBUF, v);
        yield* setsockopt(s, SOL_SOCKET, SO_SNDBUF, v);
        yield* show(`set ${v}`, s);
      }
      const c = yield* dial(7000);
      yield* show("loopback client", c);
    });
    expect(r.terminals.prog).toBe([
      "tcp 131072 16384", "udp 212992 212992", "unix 212992 212992", "listener 131072 16384", "set 10000 20000 20000", "set 1 2304 4608",
      "set 104857600 8388608 8388608", "loopback client 131072 3939840", "",
    ].join("\n"));
  });
});

void MSG_DONTWAIT; void send;

describe("timeouts and signals on socket calls (README §11)", () => {
  it("recv with SO_RCVTIMEO 0.2 s gives EAGAIN after 0.2 s; with a handler (SA_RESTART) it is EINTR, not restarted", () => {
    const r = runProgram(function* () {
      const l = yield* listener(7000);
      const c = yield* dial(7000);
      const s = yield* accept(l, null, null);
      void c;
      yield* setsockopt(s, SOL_SOCKET, SO_RCVTIMEO, timeval(0, 200_000));
      let t0 = yield* clock_gettime_ns();
      yield* report("recv", yield* recv(s, new Uint8Array(4), 4));
      yield* printf("after %d ms\n", Math.round(((yield* clock_gettime_ns()) - t0) / 1e6));
      yield* signal(SIGALRM, function* () {});
      yield* setsockopt(s, SOL_SOCKET, SO_RCVTIMEO, timeval(2, 0));
      yield* alarm(1);
      t0 = yield* clock_gettime_ns();
      yield* report("recv", yield* recv(s, new Uint8Array(4), 4));
      yield* printf("after %d s\n", Math.round(((yield* clock_gettime_ns()) - t0) / 1e9));
    });
    expect(r.terminals.prog).toBe("recv -1 EAGAIN\nafter 200 ms\nrecv -1 EINTR\nafter 1 s\n");
  });

  it("a blocking accept interrupted by a handled signal is restarted under SA_RESTART", () => {
    const r = runProgram(function* () {
      const l = yield* listener(7000);
      yield* signal(SIGALRM, function* () { yield* printf("alarm\n"); });
      const pid = yield* fork();
      if (pid === 0) {
        yield* usleep(1_500_000);
        yield* dial(7000);
        yield* usleep(100_000);
        yield* exit(0);
      }
      yield* alarm(1);
      const s = yield* accept(l, null, null);
      yield* printf("accept %s\n", s > 0 ? "fd" : "failed");
    });
    expect(r.terminals.prog).toBe("alarm\naccept fd\n");
  });
});

describe("SO_RCVTIMEO and SO_SNDTIMEO apply to read() and write() as to recv() and send() (linux README §11)", () => {
  it("a read() past SO_RCVTIMEO is EAGAIN, after the timeout", () => {
    const r = runProgram(function* () {
      const sv = new Int32Array(2);
      yield* libc.socketpair(libc.AF_UNIX, libc.SOCK_STREAM, 0, sv);
      yield* libc.setsockopt(sv[0]!, libc.SOL_SOCKET, libc.SO_RCVTIMEO, libc.timeval(0, 200_000));
      const n = yield* libc.read(sv[0]!, new Uint8Array(4), 4);
      yield* libc.printf("read %d errno %d\n", n, libc.errno);
    });
    expect(r.terminals.prog).toBe(`read -1 errno ${libc.EAGAIN}\n`);
    expect(r.simTimeNs).toBeGreaterThanOrEqual(200_000_000);
    expect(r.simTimeNs).toBeLessThan(300_000_000);
  });
});
