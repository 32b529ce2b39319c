// AF_UNIX sockets: socketpair, names in the file system, datagrams.

import { describe, expect, it } from "vitest";
import {
  accept, AF_UNIX, bind, close, connect, listen, printf, read, recvfrom, ref, sendto, socket, socketpair, sockaddr_un,
  SOCK_DGRAM, SOCK_STREAM, write, stat, stat_t, unlink, shutdown, SHUT_WR, getsockopt, SOL_SOCKET, SO_RCVBUF, SO_SNDBUF, AF_INET,
  SIGPIPE, SIG_IGN, signal,
} from "../../../userland/libc/index.ts";
import { runProgram } from "../../helpers/index.ts";
import { report } from "./helpers.ts";

describe("socketpair(AF_UNIX)", () => {
  it("gives two connected stream sockets: both directions work, EOF after the other closes, then EPIPE", () => {
    const r = runProgram(function* () {
      yield* signal(SIGPIPE, SIG_IGN);
      const sv = new Int32Array(2);
      yield* report("socketpair", yield* socketpair(AF_UNIX, SOCK_STREAM, 0, sv));
      yield* write(sv[0]!, "ping");
      yield* report("read", yield* read(sv[1]!, new Uint8Array(16), 16));
      yield* write(sv[1]!, "pong!");
      yield* report("read", yield* read(sv[0]!, new Uint8Array(16), 16));
      yield* shutdown(sv[0]!, SHUT_WR);
      yield* report("read after SHUT_WR", yield* read(sv[1]!, new Uint8Array(16), 16));
      yield* close(sv[1]!);
      yield* report("write to closed peer", yield* write(sv[0]!, "x"));
      const rb = ref(0);
      yield* getsockopt(sv[0]!, SOL_SOCKET, SO_RCVBUF, rb);
      const sb = ref(0);
      yield* getsockopt(sv[0]!, SOL_SOCKET, SO_SNDBUF, sb);
      yield* printf("bufs %d %d\n", rb.value, sb.value);
      yield* report("AF_INET socketpair", yield* socketpair(AF_INET, SOCK_STREAM, 0, sv));
    });
    expect(r.terminals.prog).toBe("socketpair 0\nread 4\nread 5\nread after SHUT_WR 0\nwrite to closed peer -1 EPIPE\nbufs 212992 212992\nAF_INET socketpair -1 EOPNOTSUPP\n");
  });
});

describe("named AF_UNIX sockets", () => {
  it("bind creates a socket file; a second bind is EADDRINUSE; connect to a missing path is ENOENT; to a non-listener ECONNREFUSED", () => {
    const r = runProgram(function* () {
      const l = yield* socket(AF_UNIX, SOCK_STREAM, 0);
      yield* report("bind", yield* bind(l, sockaddr_un("/tmp/echo.sock")));
      const st = stat_t();
      yield* stat("/tmp/echo.sock", st);
      yield* printf("S_IFSOCK %d\n", (st.st_mode & 0o170000) === 0o140000 ? 1 : 0);
      yield* report("bind again", yield* bind(yield* socket(AF_UNIX, SOCK_STREAM, 0), sockaddr_un("/tmp/echo.sock")));
      yield* report("connect missing", yield* connect(yield* socket(AF_UNIX, SOCK_STREAM, 0), sockaddr_un("/tmp/none.sock")));
      yield* report("connect not listening", yield* connect(yield* socket(AF_UNIX, SOCK_STREAM, 0), sockaddr_un("/tmp/echo.sock")));
      yield* listen(l, 5);
      const c = yield* socket(AF_UNIX, SOCK_STREAM, 0);
      yield* report("connect", yield* connect(c, sockaddr_un("/tmp/echo.sock")));
      const s = yield* accept(l, null, null);
      yield* write(c, "hello");
      yield* report("read", yield* read(s, new Uint8Array(16), 16));
      yield* close(s);
      yield* report("EOF", yield* read(c, new Uint8Array(16), 16));
      yield* report("unlink", yield* unlink("/tmp/echo.sock"));
    });
    expect(r.terminals.prog).toBe([
      "bind 0", "S_IFSOCK 1", "bind again -1 EADDRINUSE", "connect missing -1 ENOENT", "connect not listening -1 ECONNREFUSED", "connect 0", "read 5", "EOF 0", "unlink 0", "",
    ].join("\n"));
  });

  it("datagram sockets keep boundaries and name the sender", () => {
    const r = runProgram(function* () {
      const a = yield* socket(AF_UNIX, SOCK_DGRAM, 0);
      const b = yield* socket(AF_UNIX, SOCK_DGRAM, 0);
      yield* bind(a, sockaddr_un("/tmp/a"));
      yield* bind(b, sockaddr_un("/tmp/b"));
      yield* sendto(a, "one", 3, 0, sockaddr_un("/tmp/b"));
      yield* sendto(a, "three", 5, 0, sockaddr_un("/tmp/b"));
      const from = sockaddr_un();
      yield* report("recvfrom", yield* recvfrom(b, new Uint8Array(16), 16, 0, from, ref(0)));
      yield* printf("from %s\n", from.sun_path);
      yield* report("recvfrom", yield* recvfrom(b, new Uint8Array(16), 16, 0, null, null));
    });
    expect(r.terminals.prog).toBe("recvfrom 3\nfrom /tmp/a\nrecvfrom 5\n");
  });
});
