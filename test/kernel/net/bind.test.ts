// bind(): EADDRINUSE and SO_REUSEADDR, TIME-WAIT included (linux README §2).

import { describe, expect, it } from "vitest";
import {
  accept, AF_INET, bind, close, listen, printf, read, setsockopt, shutdown, SHUT_WR, socket, SOCK_DGRAM, SOCK_STREAM,
  SOL_SOCKET, SO_REUSEADDR, sockaddr_in, getsockname, ntohs,
} from "../../../userland/libc/index.ts";
import { runProgram } from "../../helpers/index.ts";
import { anyAddr, dial, listener, loopback, report, settle } from "./helpers.ts";

function* sock(reuse: boolean) {
  const s = yield* socket(AF_INET, SOCK_STREAM, 0);
  if (reuse) yield* setsockopt(s, SOL_SOCKET, SO_REUSEADDR, 1);
  return s;
}

/** First socket A in `a` state, then bind B: the README §2 table, one row per case. */
const TABLE: Array<[string, { listenA: boolean; reuseA: boolean; reuseB: boolean }, string]> = [
  ["bound, no REUSE / no REUSE", { listenA: false, reuseA: false, reuseB: false }, "-1 EADDRINUSE"],
  ["listening, no REUSE / no REUSE", { listenA: true, reuseA: false, reuseB: false }, "-1 EADDRINUSE"],
  ["bound, REUSE / REUSE", { listenA: false, reuseA: true, reuseB: true }, "0"],
  ["listening, REUSE / REUSE", { listenA: true, reuseA: true, reuseB: true }, "-1 EADDRINUSE"],
  ["bound, REUSE / no REUSE", { listenA: false, reuseA: true, reuseB: false }, "-1 EADDRINUSE"],
  ["bound, no REUSE / REUSE", { listenA: false, reuseA: false, reuseB: true }, "-1 EADDRINUSE"],
];

describe("EADDRINUSE between two live sockets (README §2)", () => {
  for (const [name, c, want] of TABLE) {
    it(`${name}: bind(B) gives ${want}`, () => {
      const r = runProgram(function* () {
        const a = yield* sock(c.reuseA);
        yield* bind(a, loopback(6000));
        if (c.listenA) yield* listen(a, 5);
        const b = yield* sock(c.reuseB);
        yield* report("bind(B)", yield* bind(b, loopback(6000)));
      });
      expect(r.terminals.prog).toBe(`bind(B) ${want}\n`);
    });
  }

  it("two REUSE sockets share a port, but only the first may listen", () => {
    const r = runProgram(function* () {
      const a = yield* sock(true);
      const b = yield* sock(true);
      yield* bind(a, loopback(6000));
      yield* report("bind(B)", yield* bind(b, loopback(6000)));
      yield* report("listen(A)", yield* listen(a, 5));
      yield* report("listen(B)", yield* listen(b, 5));
    });
    expect(r.terminals.prog).toBe("bind(B) 0\nlisten(A) 0\nlisten(B) -1 EADDRINUSE\n");
  });

  it("0.0.0.0:P and 127.0.0.1:P overlap both ways; TCP and UDP ports are separate; a closed socket leaves nothing", () => {
    const r = runProgram(function* () {
      const a = yield* sock(false);
      yield* bind(a, anyAddr(6000));
      yield* listen(a, 5);
      yield* report("127.0.0.1 beside 0.0.0.0", yield* bind(yield* sock(false), loopback(6000)));
      const b = yield* sock(false);
      yield* bind(b, loopback(6001));
      yield* listen(b, 5);
      yield* report("0.0.0.0 beside 127.0.0.1", yield* bind(yield* sock(false), anyAddr(6001)));
      yield* report("UDP on a TCP port", yield* bind(yield* socket(AF_INET, SOCK_DGRAM, 0), loopback(6000)));
      const c = yield* sock(false);
      yield* bind(c, loopback(6002));
      yield* close(c);
      yield* report("after close", yield* bind(yield* sock(false), loopback(6002)));
      yield* report("bind twice", yield* bind(b, loopback(6003)));
    });
    expect(r.terminals.prog).toBe([
      "127.0.0.1 beside 0.0.0.0 -1 EADDRINUSE", "0.0.0.0 beside 127.0.0.1 -1 EADDRINUSE", "UDP on a TCP port 0", "after close 0", "bind twice -1 EINVAL", "",
    ].join("\n"));
  });

  it("listen() on a socket whose bind failed still works: it auto-binds an ephemeral port", () => {
    const r = runProgram(function* () {
      yield* listener(6000);
      const b = yield* sock(false);
      yield* report("bind", yield* bind(b, loopback(6000)));
      yield* report("listen", yield* listen(b, 5));
      const a = sockaddr_in();
      yield* getsockname(b, a);
      yield* printf("port %s\n", ntohs(a.sin_port) >= 32768 ? "ephemeral" : String(ntohs(a.sin_port)));
    });
    expect(r.terminals.prog).toBe("bind -1 EADDRINUSE\nlisten 0\nport ephemeral\n");
  });
});

describe("binding after a connection closed: TIME-WAIT (README §2)", () => {
  /** Server (accepted socket) closes first, so TIME-WAIT is on the server's port. */
  function* serverClosesFirst(listenerReuse: boolean) {
    const l = yield* listener(6000, 5, { reuse: listenerReuse });
    const c = yield* dial(6000);
    const s = yield* accept(l, null, null);
    yield* close(s);
    yield* settle();
    yield* read(c, new Uint8Array(1), 1);
    yield* close(c);
    yield* close(l);
    yield* settle();
  }

  it("server closed first, listener without REUSE: EADDRINUSE with or without REUSE", () => {
    const r = runProgram(function* () {
      yield* serverClosesFirst(false);
      yield* report("no REUSE", yield* bind(yield* sock(false), loopback(6000)));
      yield* report("0.0.0.0 no REUSE", yield* bind(yield* sock(false), anyAddr(6000)));
      yield* report("REUSE", yield* bind(yield* sock(true), loopback(6000)));
    });
    expect(r.terminals.prog).toBe("no REUSE -1 EADDRINUSE\n0.0.0.0 no REUSE -1 EADDRINUSE\nREUSE -1 EADDRINUSE\n");
  });

  it("server closed first, listener with REUSE: a REUSE socket binds and listens", () => {
    const r = runProgram(function* () {
      yield* serverClosesFirst(true);
      yield* report("no REUSE", yield* bind(yield* sock(false), loopback(6000)));
      const b = yield* sock(true);
      yield* report("REUSE", yield* bind(b, loopback(6000)));
      yield* report("listen", yield* listen(b, 5));
    });
    expect(r.terminals.prog).toBe("no REUSE -1 EADDRINUSE\nREUSE 0\nlisten 0\n");
  });

  it("client closed first: TIME-WAIT is on the client's port, the server port is free, the client's old port is not", () => {
    const r = runProgram(function* () {
      const l = yield* listener(6000);
      const c = yield* dial(6000);
      const s = yield* accept(l, null, null);
      const ca = sockaddr_in();
      yield* getsockname(c, ca);
      yield* close(c);
      yield* settle();
      yield* read(s, new Uint8Array(1), 1);
      yield* close(s);
      yield* close(l);
      yield* settle();
      yield* report("server port", yield* bind(yield* sock(false), loopback(6000)));
      yield* report("client's old port", yield* bind(yield* sock(true), loopback(ntohs(ca.sin_port))));
    });
    expect(r.terminals.prog).toBe("server port 0\nclient's old port -1 EADDRINUSE\n");
  });

  it("listener closed while an accepted connection lives: EADDRINUSE unless both it and the new socket have REUSE", () => {
    const r = runProgram(function* () {
      for (const reuse of [false, true]) {
        const port = reuse ? 6001 : 6000;
        const l = yield* listener(port, 5, { reuse });
        yield* dial(port);
        yield* accept(l, null, null);
        yield* close(l);
        yield* report(`listener REUSE=${reuse ? 1 : 0}: no REUSE`, yield* bind(yield* sock(false), loopback(port)));
        const b = yield* sock(true);
        yield* report(`listener REUSE=${reuse ? 1 : 0}: REUSE`, yield* bind(b, loopback(port)));
        if (reuse) yield* report("listen", yield* listen(b, 5));
      }
    });
    expect(r.terminals.prog).toBe([
      "listener REUSE=0: no REUSE -1 EADDRINUSE", "listener REUSE=0: REUSE -1 EADDRINUSE",
      "listener REUSE=1: no REUSE -1 EADDRINUSE", "listener REUSE=1: REUSE 0", "listen 0", "",
    ].join("\n"));
  });

  it("TIME-WAIT lasts 60 s: then the port is free again", () => {
    const r = runProgram(function* () {
      yield* serverClosesFirst(false);
      yield* report("at once", yield* bind(yield* sock(false), loopback(6000)));
      yield* settle(61_000);
      yield* report("after 61 s", yield* bind(yield* sock(false), loopback(6000)));
    });
    expect(r.terminals.prog).toBe("at once -1 EADDRINUSE\nafter 61 s 0\n");
  });

  it("shutdown(SHUT_WR) on both sides leaves one TIME-WAIT, on the first closer", () => {
    const r = runProgram(function* () {
      const l = yield* listener(6000);
      const c = yield* dial(6000);
      const s = yield* accept(l, null, null);
      yield* shutdown(c, SHUT_WR);
      yield* settle();
      yield* shutdown(s, SHUT_WR);
      yield* settle();
      yield* settle(1000);
    }, { until: { time: "500ms" } });
    const stack = r.world.hosts[0]!.net as { netstat(): Array<{ state: string; local: string; peer: string }> };
    const rows = stack.netstat().filter((x) => x.state === "TIME-WAIT");
    expect(rows.length).toBe(1);
    expect(rows[0]!.peer).toBe("127.0.0.1:6000");
  });
});
