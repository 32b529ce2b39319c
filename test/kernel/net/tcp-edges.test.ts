// Every edge of the TCP machine (machine.ts, enumerated by tcpEdges(), the
// same list @xstate/graph checks in tcp-machine.test.ts) is driven by the
// kernel in one of the situations below: real programs on two hosts, with
// partitions where a segment must be lost, and a crafted segment where no
// correct peer would send one (an RST or an ACK out of the blue). The
// edges the kernel never fires by design are listed with the reason; the
// test fails if any other edge goes undriven.

import { afterAll, describe, expect, it } from "vitest";
import {
  accept, AF_INET, AF_UNSPEC, bind, close, connect, fcntl, F_GETFL, F_SETFL, gethostbyname, htons, listen, O_NONBLOCK,
  pause, read, setsockopt, shutdown, SHUT_WR, socket, sockaddr_in, SOCK_STREAM, SOL_SOCKET, SO_KEEPALIVE, IPPROTO_TCP,
  TCP_KEEPIDLE, TCP_KEEPINTVL, TCP_KEEPCNT, TCP_SYNCNT, usleep, write, clock_gettime_ns,
} from "../../../userland/libc/index.ts";
import { defineProgram, type Main } from "../../../userland/libc/crt0.ts";
import { defineScenario, type ScenarioEvent } from "../../../kernel/sim/scenario.ts";
import { buildSimulation, type Simulation } from "../../../kernel/sim/run.ts";
import { tcpEdges } from "../../../kernel/net/tcp/machine.ts";
import { tcpTransitionObservers, type Tcb } from "../../../kernel/net/tcp/tcb.ts";
import { IPPROTO_TCP as PROTO_TCP, TH_ACK, TH_FIN, TH_RST, TH_SYN } from "../../../kernel/net/packet.ts";
import type { NetStack } from "../../../kernel/net/ip.ts";

const driven = new Set<string>();
const key = (from: string, event: string, passive?: boolean) => `${from} --${event}${passive === undefined ? "" : passive ? " (passive)" : " (active)"}-->`;
tcpTransitionObservers.push((from, event, _to, passive) => {
  driven.add(key(from, event));
  driven.add(key(from, event, passive));
});

/** Edges no correct use of the socket API reaches on Linux, and why. */
const NEVER: Record<string, string> = {
  [key("LISTEN", "ACTIVE_OPEN")]: "connect() on a listener is EISCONN (README §16)",
  [key("LISTEN", "SEND")]: "send() on a listener is EPIPE (README §16)",
  [key("LISTEN", "RCV_UNACCEPTABLE_ACK")]: "the demux answers an ACK to a listener with an RST itself (input.ts listenInput), the listener is untouched",
  [key("LISTEN", "ABORT")]: "closing a listener is CLOSE; its queued children are the ones aborted",
  [key("TIME_WAIT", "ABORT")]: "a TIME-WAIT entry belongs to no fd: close() never reaches it",
};

function* peer(name: string, port: number) {
  const h = yield* gethostbyname(name);
  const a = sockaddr_in();
  a.sin_family = AF_INET;
  a.sin_port = htons(port);
  a.sin_addr.s_addr = h!.h_addr.s_addr;
  return a;
}

function* listenOn(port: number) {
  const l = yield* socket(AF_INET, SOCK_STREAM, 0);
  const a = sockaddr_in();
  a.sin_family = AF_INET;
  a.sin_port = htons(port);
  yield* bind(l, a);
  yield* listen(l, 5);
  return l;
}

function* nbConnect(to: string, port: number, bindPort = 0) {
  const c = yield* socket(AF_INET, SOCK_STREAM, 0);
  if (bindPort) {
    const a = sockaddr_in();
    a.sin_family = AF_INET;
    a.sin_port = htons(bindPort);
    yield* bind(c, a);
  }
  yield* fcntl(c, F_SETFL, (yield* fcntl(c, F_GETFL)) | O_NONBLOCK);
  yield* connect(c, yield* peer(to, port));
  return c;
}

function unspec() {
  const a = sockaddr_in();
  a.sin_family = AF_UNSPEC;
  return a;
}

function* blockingDial(port = 5000) {
  const c = yield* socket(AF_INET, SOCK_STREAM, 0);
  yield* connect(c, yield* peer("server", port));
  return c;
}

function world(server: Main, client: Main, events: ScenarioEvent[] = []): Simulation {
  return buildSimulation(defineScenario({
    name: "edges",
    hosts: [{ name: "server", ip: "10.0.0.1" }, { name: "client", ip: "10.0.0.2" }],
    processes: [
      { host: "server", program: defineProgram("srv", server), argv: ["srv"] },
      { host: "client", program: defineProgram("cli", client), argv: ["cli"], start: "1ms" },
    ],
    events,
    until: { time: "3000s" },
  }), { trace: "hash" });
}

/** Steps until `at` (simulated ns). */
function runTo(s: Simulation, at: number): void {
  const w = s.world;
  while (w.nextTime() <= at && w.step());
}

function tcbsIn(s: Simulation, host: string, state: string): Tcb[] {
  return [...((s.world.host(host)!.net as NetStack).tcbs)].filter((t) => t.state === state);
}

/** A segment from the TCB's peer, as if it had just arrived. */
function inject(s: Simulation, t: Tcb, flags: number, seq = t.rcvNxt, ack = t.sndNxt): void {
  t.stack.input({
    src: t.rip, dst: t.lip, id: 1, ttl: 64, df: true,
    body: { proto: PROTO_TCP, srcPort: t.rport, dstPort: t.lport, seq, ack, flags, window: 512, urgent: 0, options: {}, data: new Uint8Array(0) },
  });
  void s;
}

/** Sleeps until `ms` of simulated time since the start. */
function* at(ms: number) {
  const now = yield* clock_gettime_ns();
  if (now < ms * 1e6) yield* usleep(Math.round((ms * 1e6 - now) / 1000));
}

const CUT = (at: string): ScenarioEvent => ({ at, partition: ["server", "client"] });
const HEAL = (at: string): ScenarioEvent => ({ at, heal: ["server", "client"] });

describe("every TCP transition is driven by the kernel", () => {
  it("active and passive open and close, orphaned FIN-WAIT-2, TIME-WAIT expiry (echo-like exchange)", () => {
    const s = world(function* () {
      const l = yield* listenOn(5000);
      const c = yield* accept(l, null, null);
      const b = new Uint8Array(16);
      while ((yield* read(c, b, 16)) > 0) yield* write(c, b, 1);
      yield* close(c);
      const c2 = yield* accept(l, null, null); // the client closes this one first and the server never closes:
      yield* usleep(200_000); // the client's orphaned FIN-WAIT-2 times out after 60 s
      void c2;
      yield* pause();
    }, function* () {
      const c = yield* blockingDial();
      yield* write(c, "x");
      yield* read(c, new Uint8Array(4), 4);
      yield* close(c);
      const d = yield* blockingDial();
      yield* close(d);
      yield* pause();
    });
    runTo(s, 200e9);
  });

  it("refused, timed out and abandoned connects; connect(AF_UNSPEC) aborts", () => {
    const s = world(function* () {
      yield* pause();
    }, function* () {
      const r = yield* socket(AF_INET, SOCK_STREAM, 0);
      yield* connect(r, yield* peer("server", 5000)); // refused: SYN-SENT --RCV_RST-->
      const t = yield* socket(AF_INET, SOCK_STREAM, 0);
      yield* setsockopt(t, IPPROTO_TCP, TCP_SYNCNT, 1);
      yield* usleep(10_000); // the cut starts at 5 ms
      yield* connect(t, yield* peer("server", 5000)); // SYN-SENT --TIMEOUT-->
      const c = yield* nbConnect("server", 5000);
      yield* close(c); // SYN-SENT --CLOSE-->
      const a = yield* nbConnect("server", 5000);
      yield* connect(a, unspec()); // SYN-SENT --ABORT-->
      yield* pause();
    }, [CUT("5ms")]);
    runTo(s, 100e9);
  });

  it("SYN-RECEIVED: crafted unacceptable ACK and RST (passive), SYN-ACK retries exhausted, listener closed", () => {
    // The SYN-ACK (sent at 2 ms) arrives; the client's ACK (3 ms) is cut: the server's children stay SYN-RECEIVED.
    const s = world(function* () {
      const l = yield* listenOn(5000);
      yield* usleep(30_000_000);
      yield* close(l); // SYN-RECEIVED --ABORT--> for the child still there
      yield* pause();
    }, function* () {
      for (let i = 0; i < 4; i++) yield* nbConnect("server", 5000);
      yield* pause();
    }, [CUT("2500us")]);
    runTo(s, 10e6);
    const kids = tcbsIn(s, "server", "SYN_RECEIVED");
    expect(kids.length).toBe(4);
    inject(s, kids[0]!, TH_ACK, kids[0]!.rcvNxt, (kids[0]!.sndNxt + 1000) >>> 0); // unacceptable ACK: RST, stays
    inject(s, kids[1]!, TH_RST); // passive: back to LISTEN, dropped
    inject(s, kids[2]!, TH_SYN | TH_ACK, kids[2]!.irs, kids[2]!.sndNxt); // a SYN in a synchronized state: challenge ACK only
    runTo(s, 200e9);
  });

  it("simultaneous open, then SYN-RECEIVED (active): CLOSE, and a crafted RST", () => {
    // Both SYNs (1 ms) arrive; the SYN-ACKs (2 ms) are cut: both ends sit in SYN-RECEIVED.
    const s = world(function* () {
      yield* usleep(1_000); // start with the client, so both SYNs cross
      yield* nbConnect("client", 6002, 6001);
      yield* pause();
    }, function* () {
      const c = yield* nbConnect("server", 6001, 6002);
      yield* usleep(5_000);
      yield* shutdown(c, SHUT_WR); // SYN-RECEIVED --CLOSE--> FIN-WAIT-1
      yield* pause();
    }, [CUT("1900us")]);
    runTo(s, 4e6);
    const a = tcbsIn(s, "server", "SYN_RECEIVED");
    expect(a.length).toBe(1);
    inject(s, a[0]!, TH_RST); // active: SYN-RECEIVED --RCV_RST--> CLOSED (refused)
    runTo(s, 20e6);
    const b = tcbsIn(s, "client", "FIN_WAIT_1");
    inject(s, b[0]!, TH_ACK, b[0]!.rcvNxt, b[0]!.sndNxt + 5); // FIN-WAIT-1: an ACK of the unsent is ACKed back
    runTo(s, 2000e9); // FIN-WAIT-1 --TIMEOUT--> (its FIN is never acknowledged)
  });

  it("closes behind a cut: a crafted FIN+ACK in FIN-WAIT-1, TIME-WAIT reset, LAST-ACK reset, CLOSE-WAIT and LAST-ACK timeouts", () => {
    const s = world(function* () {
      const l = yield* listenOn(5000);
      const conns: number[] = [];
      for (let i = 0; i < 8; i++) conns.push(yield* accept(l, null, null));
      yield* usleep(20_000);
      // conn 2 and 3: close at the same time as the client (simultaneous close) behind a cut.
      yield* shutdown(conns[2]!, SHUT_WR);
      yield* shutdown(conns[3]!, SHUT_WR);
      // conn 4: LAST-ACK (the client closed first), then connect(AF_UNSPEC) aborts it.
      yield* shutdown(conns[4]!, SHUT_WR);
      yield* usleep(5_000);
      yield* connect(conns[4]!, unspec());
      // conn 5: LAST-ACK, its FIN never acknowledged: timeout.
      yield* shutdown(conns[5]!, SHUT_WR);
      // conn 6: LAST-ACK, a crafted RST.
      yield* shutdown(conns[6]!, SHUT_WR);
      // conn 7: CLOSE-WAIT, data never acknowledged: timeout; conn 1 CLOSE-WAIT with unread data: ABORT.
      yield* write(conns[7]!, "x");
      yield* close(conns[1]!);
      yield* pause();
    }, function* () {
      const cs: number[] = [];
      for (let i = 0; i < 8; i++) cs.push(yield* blockingDial());
      yield* write(cs[1]!, "unread");
      yield* shutdown(cs[1]!, SHUT_WR);
      for (const i of [4, 5, 6, 7]) yield* shutdown(cs[i]!, SHUT_WR);
      yield* usleep(19_000);
      yield* shutdown(cs[0]!, SHUT_WR); // FIN-WAIT-1 (cut): crafted FIN+ACK
      yield* shutdown(cs[2]!, SHUT_WR); // CLOSING: then connect(AF_UNSPEC)
      yield* shutdown(cs[3]!, SHUT_WR); // CLOSING: its FIN never acknowledged: timeout
      yield* usleep(5_000);
      yield* connect(cs[2]!, unspec());
      yield* pause();
    }, [CUT("20500us")]);
    runTo(s, 40e6);
    const fw1 = tcbsIn(s, "client", "FIN_WAIT_1")[0]!;
    inject(s, fw1, TH_FIN | TH_ACK); // FIN-WAIT-1 --RCV_FIN_ACK--> TIME-WAIT
    inject(s, fw1, TH_RST); // TIME-WAIT --RCV_RST-->
    const lastAck = tcbsIn(s, "server", "LAST_ACK");
    inject(s, lastAck[lastAck.length - 1]!, TH_RST); // LAST-ACK --RCV_RST-->
    runTo(s, 2500e9);
  });

  it("FIN-WAIT-2: reset by the peer, aborted by our SHUT_RDWR receiving data, keepalive timeout; ESTABLISHED timeout", () => {
    const s = world(function* () {
      const l = yield* listenOn(5000);
      const conns: number[] = [];
      for (let i = 0; i < 6; i++) conns.push(yield* accept(l, null, null));
      yield* usleep(20_000);
      yield* shutdown(conns[0]!, SHUT_WR); // simultaneous close with the client: CLOSING, crafted RST
      yield* write(conns[2]!, "x"); // the client did SHUT_RDWR: our data makes it abort (FIN-WAIT-2 --ABORT-->)
      yield* close(conns[3]!); // unread data: RST to the client's FIN-WAIT-2 (--RCV_RST-->)
      yield* pause();
    }, function* () {
      const cs: number[] = [];
      for (let i = 0; i < 6; i++) cs.push(yield* blockingDial());
      yield* write(cs[3]!, "unread");
      yield* shutdown(cs[2]!, 2);
      yield* shutdown(cs[3]!, SHUT_WR);
      yield* shutdown(cs[4]!, SHUT_WR); // FIN-WAIT-2 with keepalive behind the cut: timeout
      yield* setsockopt(cs[4]!, IPPROTO_TCP, TCP_KEEPIDLE, 1);
      yield* setsockopt(cs[4]!, IPPROTO_TCP, TCP_KEEPINTVL, 1);
      yield* setsockopt(cs[4]!, IPPROTO_TCP, TCP_KEEPCNT, 1);
      yield* setsockopt(cs[4]!, SOL_SOCKET, SO_KEEPALIVE, 1);
      yield* usleep(19_000);
      yield* shutdown(cs[0]!, SHUT_WR);
      yield* shutdown(cs[1]!, SHUT_WR); // FIN-WAIT-1 behind the cut: crafted RST
      yield* usleep(100_000);
      yield* write(cs[5]!, "lost"); // ESTABLISHED, never acknowledged: timeout
      yield* pause();
    }, [CUT("20500us"), HEAL("25ms"), CUT("60ms")]);
    runTo(s, 22e6);
    runTo(s, 40e6);
    const closing = tcbsIn(s, "client", "CLOSING").concat(tcbsIn(s, "server", "CLOSING"));
    if (closing[0]) inject(s, closing[0], TH_RST);
    const fw1 = tcbsIn(s, "client", "FIN_WAIT_1");
    if (fw1[0]) inject(s, fw1[0], TH_RST);
    runTo(s, 2500e9);
  });

  it("ESTABLISHED abort and reset; simultaneous close; CLOSING behind a cut: abort, crafted RST, timeout; LAST-ACK abort", () => {
    // Five connections, all set up by 20 ms. At 50 ms both ends of 0-3 shut down at once (their FINs cross);
    // the cut at 50.5 ms loses the ACKs of 1-3's FINs (0 is closed at 40 ms, before the cut).
    const s = world(function* () {
      const l = yield* listenOn(5000);
      const cs: number[] = [];
      for (let i = 0; i < 6; i++) cs.push(yield* accept(l, null, null));
      yield* at(30);
      yield* close(cs[5]!); // unread data: ESTABLISHED --ABORT--> here, --RCV_RST--> at the client
      yield* at(40);
      yield* shutdown(cs[0]!, SHUT_WR);
      yield* at(50);
      for (const i of [1, 2, 3]) yield* shutdown(cs[i]!, SHUT_WR);
      yield* at(60);
      yield* connect(cs[1]!, unspec()); // CLOSING --ABORT-->
      yield* pause();
    }, function* () {
      const cs: number[] = [];
      for (let i = 0; i < 6; i++) cs.push(yield* blockingDial());
      yield* write(cs[5]!, "unread");
      yield* shutdown(cs[4]!, SHUT_WR); // the server's side goes CLOSE-WAIT, then LAST-ACK behind the cut
      yield* at(40);
      yield* shutdown(cs[0]!, SHUT_WR);
      yield* at(50);
      for (const i of [1, 2, 3]) yield* shutdown(cs[i]!, SHUT_WR);
      yield* pause();
    }, [CUT("50500us")]);
    runTo(s, 55e6);
    const serverTcbs = [...(s.world.host("server")!.net as NetStack).tcbs];
    const closingServer = serverTcbs.filter((t) => t.state === "CLOSING");
    expect(closingServer.length).toBe(3);
    runTo(s, 65e6);
    inject(s, tcbsIn(s, "server", "CLOSING")[0]!, TH_RST); // CLOSING --RCV_RST-->
    runTo(s, 2500e9); // the last one: CLOSING --TIMEOUT-->
  });

  it("LAST-ACK behind a cut: connect(AF_UNSPEC) aborts it; SYN-RECEIVED children time out", () => {
    const s = world(function* () {
      const l = yield* listenOn(5000);
      const c = yield* accept(l, null, null);
      yield* listenOn(5001); // its child's SYN-ACKs are cut: SYN-RECEIVED --TIMEOUT-->
      yield* at(20);
      yield* shutdown(c, SHUT_WR); // CLOSE-WAIT --CLOSE--> LAST-ACK, the ACK is cut
      yield* at(30);
      yield* connect(c, unspec()); // LAST-ACK --ABORT-->
      yield* pause();
    }, function* () {
      const c = yield* blockingDial();
      yield* shutdown(c, SHUT_WR);
      yield* at(10);
      yield* nbConnect("server", 5001);
      yield* pause();
    }, [CUT("11500us")]);
    runTo(s, 200e9);
  });

  it("SYN-SENT: a SYN-ACK for something never sent draws an RST", () => {
    const s = world(function* () {
      yield* pause();
    }, function* () {
      yield* nbConnect("server", 5000);
      yield* pause();
    }, [CUT("0s")]);
    runTo(s, 5e6);
    const t = tcbsIn(s, "client", "SYN_SENT")[0]!;
    inject(s, t, TH_SYN | TH_ACK, 12345, (t.iss + 99) >>> 0);
    runTo(s, 6e6);
  });

  it("FIN-WAIT-1 behind a cut: an RST resets it", () => {
    const s = world(function* () {
      const l = yield* listenOn(5000);
      yield* accept(l, null, null);
      yield* pause();
    }, function* () {
      const c = yield* blockingDial();
      yield* at(20);
      yield* shutdown(c, SHUT_WR);
      yield* pause();
    }, [CUT("10ms")]);
    runTo(s, 25e6);
    inject(s, tcbsIn(s, "client", "FIN_WAIT_1")[0]!, TH_RST);
    runTo(s, 30e6);
  });

  it("TIME-WAIT: a retransmitted FIN is ACKed again and restarts the timer", () => {
    const s = world(function* () {
      const l = yield* listenOn(5000);
      const c = yield* accept(l, null, null);
      yield* read(c, new Uint8Array(4), 4);
      yield* close(c);
      yield* pause();
    }, function* () {
      const c = yield* blockingDial();
      yield* close(c);
      yield* pause();
    });
    runTo(s, 50e6);
    const tw = tcbsIn(s, "client", "TIME_WAIT")[0]!;
    inject(s, tw, TH_FIN | TH_ACK, (tw.rcvNxt - 1) >>> 0);
    runTo(s, 60e6);
  });

  afterAll(() => {
    const missing: string[] = [];
    for (const e of tcpEdges()) {
      const k = key(e.from, e.event, e.passive);
      if (!driven.has(k) && !(k in NEVER) && !(key(e.from, e.event) in NEVER)) missing.push(k);
    }
    expect(missing).toEqual([]);
  });
});

