// The TCP data path between two hosts (1 ms links), read off the wire:
// MSS segmentation, Nagle and TCP_NODELAY, RFC 6298 retransmission with
// Linux's bounds and backoff, Reno's cwnd after a timeout, keepalive,
// flow control with a zero window, simultaneous open and close.

import { describe, expect, it } from "vitest";
import {
  accept, AF_INET, bind, close, connect, getsockopt, gethostbyname, htons, IPPROTO_TCP, printf, read, ref, setsockopt,
  shutdown, SHUT_WR, socket, sockaddr_in, SOCK_STREAM, SOL_SOCKET, SO_KEEPALIVE, TCP_INFO, TCP_KEEPCNT, TCP_KEEPIDLE,
  TCP_KEEPINTVL, TCP_NODELAY, usleep, write, pause, fcntl, F_GETFL, F_SETFL, O_NONBLOCK, clock_gettime_ns,
} from "../../../userland/libc/index.ts";
import { defineProgram, type Main } from "../../../userland/libc/crt0.ts";
import { defineScenario, type ScenarioEvent } from "../../../kernel/sim/scenario.ts";
import { buildSimulation, collectResult, runScenario, runSimulation, type RunResult } from "../../../kernel/sim/run.ts";
import { networkOf } from "../../../kernel/net/fabric.ts";
import type { NetStack } from "../../../kernel/net/ip.ts";
import type { TcpSegment } from "../../../kernel/net/packet.ts";
import { listener, report } from "./helpers.ts";

function* peer(name: string, port: number) {
  const h = yield* gethostbyname(name);
  const a = sockaddr_in();
  a.sin_family = AF_INET;
  a.sin_port = htons(port);
  a.sin_addr.s_addr = h!.h_addr.s_addr;
  return a;
}

function* dialServer(port = 5000) {
  const c = yield* socket(AF_INET, SOCK_STREAM, 0);
  const r = yield* connect(c, yield* peer("server", port));
  return r < 0 ? r : c;
}

function twoHosts(server: Main, client: Main, opts: { events?: ScenarioEvent[]; until?: string } = {}): RunResult {
  return runScenario(defineScenario({
    name: "tcp-data",
    hosts: [{ name: "server", ip: "10.0.0.1" }, { name: "client", ip: "10.0.0.2" }],
    processes: [
      { host: "server", program: defineProgram("srv", server), argv: ["srv"] },
      { host: "client", program: defineProgram("cli", client), argv: ["cli"], start: "1ms" },
    ],
    events: opts.events,
    until: { time: opts.until ?? "30s" },
  }));
}

/** Segments sent by one host: [ms since start, flags, payload length]. */
function segments(r: RunResult, from: "server" | "client"): Array<[number, number, number]> {
  const ip = from === "server" ? 0x0a000001 : 0x0a000002;
  return networkOf(r.world)!.log
    .filter((l) => l.pkt.src === ip && l.pkt.body.proto === 6)
    .map((l) => [Math.round(l.time / 1e5) / 10, (l.pkt.body as TcpSegment).flags, (l.pkt.body as TcpSegment).data.length]);
}

const drain = function* (s: number) {
  const b = new Uint8Array(65536);
  let total = 0, n: number;
  while ((n = yield* read(s, b, b.length)) > 0) total += n;
  return total;
};

describe("segmentation and Nagle", () => {
  it("a 5000-byte write leaves as MSS-sized segments: 1460 minus the 12-byte timestamp option", () => {
    const r = twoHosts(function* () {
      const l = yield* listener(5000, 5, { any: true });
      yield* printf("got %d\n", yield* drain(yield* accept(l, null, null)));
    }, function* () {
      const c = yield* dialServer();
      yield* write(c, new Uint8Array(5000));
      yield* close(c);
    });
    expect(r.terminals.srv).toBe("got 5000\n");
    expect(segments(r, "client").map(([, , n]) => n).filter((n) => n > 0)).toEqual([1448, 1448, 1448, 656]);
  });

  it("Nagle holds a short write while data is unacknowledged; TCP_NODELAY sends it at once", () => {
    const sendTimes = (nodelay: boolean) => {
      const r = twoHosts(function* () {
        const l = yield* listener(5000, 5, { any: true });
        yield* drain(yield* accept(l, null, null));
      }, function* () {
        const c = yield* dialServer();
        if (nodelay) yield* setsockopt(c, IPPROTO_TCP, TCP_NODELAY, 1);
        yield* write(c, "a");
        yield* write(c, "b");
        yield* usleep(50_000);
        yield* close(c);
      });
      return segments(r, "client").filter(([, , n]) => n > 0).map(([t]) => t);
    };
    const nagle = sendTimes(false), nodelay = sendTimes(true);
    expect(nagle[1]! - nagle[0]!).toBeGreaterThanOrEqual(2); // waits one round trip (2 ms) for the ACK
    expect(nodelay[1]! - nodelay[0]!).toBeLessThan(0.1);
  });
});

describe("retransmission (RFC 6298, Linux bounds)", () => {
  it("a SYN into a partition is resent after 1 s, then 2 s (at 1, 3 s); after the heal the connection completes", () => {
    const r = twoHosts(function* () {
      const l = yield* listener(5000, 5, { any: true });
      yield* accept(l, null, null);
      yield* printf("accepted\n");
    }, function* () {
      yield* report("connect", (yield* dialServer()) > 0 ? 0 : -1);
    }, { events: [{ at: "0s", partition: ["server", "client"] }, { at: "5s", heal: ["server", "client"] }] });
    const syns = segments(r, "client").filter(([, f]) => f === 0x02).map(([t]) => t);
    expect(syns).toEqual([1, 1001, 3001, 7001]);
    expect(r.terminals.cli).toBe("connect 0\n");
  });

  it("lost data is resent with a doubling timeout starting near 200 ms + RTT, and cwnd drops to one segment", () => {
    const r = twoHosts(function* () {
      const l = yield* listener(5000, 5, { any: true });
      yield* printf("got %d\n", yield* drain(yield* accept(l, null, null)));
    }, function* () {
      const c = yield* dialServer();
      yield* usleep(100_000);
      yield* write(c, "hello");
      yield* usleep(2_000_000);
      const info = ref<{ tcpi_snd_cwnd: number; tcpi_rto: number }>({ tcpi_snd_cwnd: 0, tcpi_rto: 0 });
      yield* getsockopt(c, IPPROTO_TCP, TCP_INFO, info);
      yield* printf("cwnd %d\n", info.value.tcpi_snd_cwnd);
      yield* close(c);
    }, { events: [{ at: "50ms", partition: ["server", "client"] }, { at: "1500ms", heal: ["server", "client"] }] });
    const data = segments(r, "client").filter(([, , n]) => n === 5).map(([t]) => t);
    const gaps = data.slice(1).map((t, i) => Math.round(t - data[i]!));
    expect(gaps[0]).toBeGreaterThanOrEqual(200);
    expect(gaps[0]).toBeLessThan(210);
    expect(gaps[1]).toBe(gaps[0]! * 2);
    expect(r.terminals.srv).toBe("got 5\n");
    expect(r.terminals.cli).toBe("cwnd 1\n");
  });

  it("after tcp_retries2 (15) unanswered retransmissions the connection times out: read gives ETIMEDOUT", () => {
    const r = twoHosts(function* () {
      const l = yield* listener(5000, 5, { any: true });
      yield* accept(l, null, null);
      yield* pause();
    }, function* () {
      const c = yield* dialServer();
      yield* usleep(10_000);
      yield* write(c, "hello");
      const t0 = yield* clock_gettime_ns();
      yield* report("read", yield* read(c, new Uint8Array(8), 8));
      yield* printf("after more than 900 s: %d\n", (yield* clock_gettime_ns()) - t0 > 900e9 ? 1 : 0);
    }, { events: [{ at: "5ms", partition: ["server", "client"] }], until: "2000s" });
    expect(r.terminals.cli).toBe("read -1 ETIMEDOUT\nafter more than 900 s: 1\n");
  });
});

describe("keepalive and flow control", () => {
  it("SO_KEEPALIVE with idle 1 s, interval 1 s, 3 probes: a dead peer is detected, read gives ETIMEDOUT", () => {
    const r = twoHosts(function* () {
      const l = yield* listener(5000, 5, { any: true });
      yield* accept(l, null, null);
      yield* pause();
    }, function* () {
      const c = yield* dialServer();
      yield* setsockopt(c, IPPROTO_TCP, TCP_KEEPIDLE, 1);
      yield* setsockopt(c, IPPROTO_TCP, TCP_KEEPINTVL, 1);
      yield* setsockopt(c, IPPROTO_TCP, TCP_KEEPCNT, 3);
      yield* setsockopt(c, SOL_SOCKET, SO_KEEPALIVE, 1);
      const t0 = yield* clock_gettime_ns();
      yield* report("read", yield* read(c, new Uint8Array(8), 8));
      yield* printf("after %d s\n", Math.round(((yield* clock_gettime_ns()) - t0) / 1e9));
    }, { events: [{ at: "100ms", partition: ["server", "client"] }] });
    expect(r.terminals.cli).toBe("read -1 ETIMEDOUT\nafter 4 s\n");
  });

  it("a receiver that does not read closes its window; the writer blocks, then everything arrives once it reads", () => {
    const r = twoHosts(function* () {
      const l = yield* listener(5000, 5, { any: true });
      const s = yield* accept(l, null, null);
      yield* usleep(3_000_000);
      yield* printf("got %d\n", yield* drain(s));
    }, function* () {
      const c = yield* dialServer();
      yield* fcntl(c, F_SETFL, (yield* fcntl(c, F_GETFL)) | O_NONBLOCK);
      let queued = 0, n: number;
      while ((n = yield* write(c, new Uint8Array(65536))) > 0) queued += n;
      yield* printf("accepted before blocking: %d\n", queued > 60000 ? 1 : 0);
      yield* fcntl(c, F_SETFL, (yield* fcntl(c, F_GETFL)) & ~O_NONBLOCK);
      yield* write(c, new Uint8Array(100000));
      yield* close(c);
      yield* printf("sent %d\n", queued + 100000);
    });
    const sent = Number(r.terminals.cli!.match(/sent (\d+)/)![1]);
    expect(r.terminals.srv).toBe(`got ${sent}\n`);
    const zeroWindows = networkOf(r.world)!.log.filter((l) => l.pkt.src === 0x0a000001 && (l.pkt.body as TcpSegment).window === 0);
    expect(zeroWindows.length).toBeGreaterThan(0);
  });
});

describe("simultaneous open and close (RFC 9293 §3.5, §3.6)", () => {
  function* both(me: string, other: string, myPort: number, otherPort: number) {
    const s = yield* socket(AF_INET, SOCK_STREAM, 0);
    const a = sockaddr_in();
    a.sin_family = AF_INET;
    a.sin_port = htons(myPort);
    yield* bind(s, a);
    yield* report(`${me} connect`, yield* connect(s, yield* peer(other, otherPort)));
    yield* shutdown(s, SHUT_WR);
    yield* report(`${me} read`, yield* read(s, new Uint8Array(8), 8));
    yield* pause();
  }

  it("both ends connect to each other at once: SYN-SENT → SYN-RECEIVED → ESTABLISHED on both; both close at once: CLOSING → TIME-WAIT on both", () => {
    const r = runScenario(defineScenario({
      name: "simultaneous",
      hosts: [{ name: "server", ip: "10.0.0.1" }, { name: "client", ip: "10.0.0.2" }],
      processes: [
        { host: "server", program: defineProgram("a", function* () { yield* both("a", "client", 6001, 6002); }), argv: ["a"], start: "1ms" },
        { host: "client", program: defineProgram("b", function* () { yield* both("b", "server", 6002, 6001); }), argv: ["b"], start: "1ms" },
      ],
      until: { time: "1s" },
    }));
    expect(r.terminals.a).toBe("a connect 0\na read 0\n");
    expect(r.terminals.b).toBe("b connect 0\nb read 0\n");
    for (const h of r.world.hosts) {
      const rows = (h.net as NetStack).netstat().filter((x) => x.netid === "tcp");
      expect(rows.map((x) => x.state)).toEqual(["TIME-WAIT"]);
      expect(rows[0]!.history).toEqual([
        "CLOSED --ACTIVE_OPEN--> SYN_SENT", "SYN_SENT --RCV_SYN--> SYN_RECEIVED", "SYN_RECEIVED --RCV_ACK_OF_SYN--> ESTABLISHED",
        "ESTABLISHED --CLOSE--> FIN_WAIT_1", "FIN_WAIT_1 --RCV_FIN--> CLOSING", "CLOSING --RCV_ACK_OF_FIN--> TIME_WAIT",
      ]);
    }
  });
});

describe("fast retransmit (RFC 5681 §3.2) and NewReno recovery", () => {
  it("one lost segment among many: three duplicate ACKs resend it at once, long before the RTO, and ssthresh halves", () => {
    const s = buildSimulation(defineScenario({
      name: "fastrtx",
      hosts: [{ name: "server", ip: "10.0.0.1" }, { name: "client", ip: "10.0.0.2" }],
      processes: [
        { host: "server", program: defineProgram("srv", function* () {
          const l = yield* listener(5000, 5, { any: true });
          yield* printf("got %d\n", yield* drain(yield* accept(l, null, null)));
        }), argv: ["srv"] },
        { host: "client", program: defineProgram("cli", function* () {
          const c = yield* dialServer();
          yield* write(c, new Uint8Array(14480));
          yield* usleep(100_000);
          const info = ref<{ tcpi_snd_ssthresh: number }>({ tcpi_snd_ssthresh: 0 });
          yield* getsockopt(c, IPPROTO_TCP, TCP_INFO, info);
          yield* printf("ssthresh %d\n", info.value.tcpi_snd_ssthresh);
          yield* close(c);
        }), argv: ["cli"], start: "1ms" },
      ],
      until: { time: "5s" },
    }));
    let dataSeen = 0;
    networkOf(s.world)!.dropFilter = (p) => p.src === 0x0a000002 && (p.body as TcpSegment).data.length > 0 && ++dataSeen === 2;
    runSimulation(s);
    const r = collectResult(s);
    expect(r.terminals.srv).toBe("got 14480\n");
    const sends = segments(r, "client").filter(([, , n]) => n > 0);
    const lost = sends[1]!;
    const again = sends.slice(2).find(([, , n], i) => n === lost[2] && sends[i + 2]![0] > lost[0]);
    expect(sends.filter(([, , n]) => n === 1448)).toHaveLength(11);
    expect(again![0] - lost[0]).toBeLessThan(10); // one RTT and a bit, not the 200 ms RTO
    expect(r.terminals.cli).toBe("ssthresh 4\n"); // FlightSize / 2 (RFC 5681 eq. 4): 9 of the 10 segments were in flight
  });
});
