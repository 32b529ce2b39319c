// tcpdump.ts prints what `tcpdump -n` (4.99) prints. The golden lines below
// were produced by the real tcpdump reading pcaps of these packets; the last
// tests repeat that comparison live when tcpdump is installed.

import { describe, expect, it } from "vitest";
import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import {
  IPPROTO_ICMP, IPPROTO_TCP, IPPROTO_UDP, TH_ACK, TH_CWR, TH_ECE, TH_FIN, TH_PSH, TH_RST, TH_SYN, TH_URG,
  type IcmpMessage, type Ipv4Packet, type TcpOptions, type TcpSegment, type UdpDatagram,
} from "../../../kernel/net/packet.ts";
import { PcapWriter } from "../../../kernel/net/pcap.ts";
import { formatPacket, formatTcpFlags, formatTime, TcpdumpState } from "../../../kernel/net/tcpdump.ts";

const CLIENT = 0x0a000002, SERVER = 0x0a000001;
const text = (s: string): Uint8Array => new TextEncoder().encode(s);
const SEC = 1_000_000_000;

/** A client-to-server TCP segment template; override what the test is about. */
function tcp(over: Partial<TcpSegment> = {}, ip: Partial<Ipv4Packet> = {}): Ipv4Packet {
  return {
    src: CLIENT, dst: SERVER, id: 1, ttl: 64, df: true, ...ip,
    body: {
      proto: IPPROTO_TCP, srcPort: 49152, dstPort: 5000, seq: 1000, ack: 0, flags: TH_ACK,
      window: 502, urgent: 0, options: {}, data: new Uint8Array(0), ...over,
    },
  };
}

/** The same template, server to client. */
function tcpBack(over: Partial<TcpSegment> = {}): Ipv4Packet {
  return tcp({ srcPort: 5000, dstPort: 49152, ...over }, { src: SERVER, dst: CLIENT });
}

function udp(over: Partial<UdpDatagram> = {}): Ipv4Packet {
  return { src: CLIENT, dst: SERVER, id: 7, ttl: 64, df: true, body: { proto: IPPROTO_UDP, srcPort: 40000, dstPort: 7, data: text("hello"), ...over } };
}

function icmp(quoted: Ipv4Packet, over: Partial<IcmpMessage> = {}): Ipv4Packet {
  return { src: quoted.dst, dst: quoted.src, id: 9, ttl: 64, df: false, body: { proto: IPPROTO_ICMP, type: 3, code: 3, quoted, ...over } };
}

const C = 1423345243, S = 3000000000;
const SYN_OPTIONS: TcpOptions = { mss: 1460, sackOk: true, ts: { val: 1000, ecr: 0 }, wscale: 7 };
const tsC = { ts: { val: 1001, ecr: 2000 } }, tsS = { ts: { val: 2001, ecr: 1001 } };

/** An echo exchange from SYN to the last ACK, then UDP to a closed port; one packet per 1.5 ms. */
const CONVERSATION: Ipv4Packet[] = [
  tcp({ seq: C, flags: TH_SYN, options: SYN_OPTIONS, window: 64240 }),
  tcpBack({ seq: S, ack: C + 1, flags: TH_SYN | TH_ACK, window: 65160, options: { mss: 1460, sackOk: true, ts: { val: 2000, ecr: 1000 }, wscale: 7 } }),
  tcp({ seq: C + 1, ack: S + 1, options: tsC }),
  tcp({ seq: C + 1, ack: S + 1, flags: TH_PSH | TH_ACK, options: tsC, data: text("hello\n") }),
  tcpBack({ seq: S + 1, ack: C + 7, options: tsS }),
  tcpBack({ seq: S + 1, ack: C + 7, flags: TH_PSH | TH_ACK, options: tsS, data: text("hello\n") }),
  tcp({ seq: C + 7, ack: S + 7, options: tsC }),
  tcp({ seq: C + 7, ack: S + 7, flags: TH_FIN | TH_ACK, options: tsC }),
  tcpBack({ seq: S + 7, ack: C + 8, flags: TH_FIN | TH_ACK, options: tsS }),
  tcp({ seq: C + 8, ack: S + 8, options: tsC }),
  udp(),
  icmp(udp()),
];
const time = (i: number): number => SEC + 123_456 + i * 1_500_000;

const GOLDEN = [
  "00:00:01.000123 IP 10.0.0.2.49152 > 10.0.0.1.5000: Flags [S], seq 1423345243, win 64240, options [mss 1460,sackOK,TS val 1000 ecr 0,nop,wscale 7], length 0",
  "00:00:01.001623 IP 10.0.0.1.5000 > 10.0.0.2.49152: Flags [S.], seq 3000000000, ack 1423345244, win 65160, options [mss 1460,sackOK,TS val 2000 ecr 1000,nop,wscale 7], length 0",
  "00:00:01.003123 IP 10.0.0.2.49152 > 10.0.0.1.5000: Flags [.], ack 1, win 502, options [nop,nop,TS val 1001 ecr 2000], length 0",
  "00:00:01.004623 IP 10.0.0.2.49152 > 10.0.0.1.5000: Flags [P.], seq 1:7, ack 1, win 502, options [nop,nop,TS val 1001 ecr 2000], length 6",
  "00:00:01.006123 IP 10.0.0.1.5000 > 10.0.0.2.49152: Flags [.], ack 7, win 502, options [nop,nop,TS val 2001 ecr 1001], length 0",
  "00:00:01.007623 IP 10.0.0.1.5000 > 10.0.0.2.49152: Flags [P.], seq 1:7, ack 7, win 502, options [nop,nop,TS val 2001 ecr 1001], length 6",
  "00:00:01.009123 IP 10.0.0.2.49152 > 10.0.0.1.5000: Flags [.], ack 7, win 502, options [nop,nop,TS val 1001 ecr 2000], length 0",
  "00:00:01.010623 IP 10.0.0.2.49152 > 10.0.0.1.5000: Flags [F.], seq 7, ack 7, win 502, options [nop,nop,TS val 1001 ecr 2000], length 0",
  "00:00:01.012123 IP 10.0.0.1.5000 > 10.0.0.2.49152: Flags [F.], seq 7, ack 8, win 502, options [nop,nop,TS val 2001 ecr 1001], length 0",
  "00:00:01.013623 IP 10.0.0.2.49152 > 10.0.0.1.5000: Flags [.], ack 8, win 502, options [nop,nop,TS val 1001 ecr 2000], length 0",
  "00:00:01.015123 IP 10.0.0.2.40000 > 10.0.0.1.7: UDP, length 5",
  "00:00:01.016623 IP 10.0.0.1 > 10.0.0.2: ICMP 10.0.0.1 udp port 7 unreachable, length 41",
];

/** Packets whose printing has its own rule, each on a fresh 4-tuple. */
const ODDITIES: Ipv4Packet[] = [
  tcp({ srcPort: 49153, seq: 0xfffffffe, flags: TH_SYN, options: { mss: 1460, sackOk: true, wscale: 7 }, window: 64240 }),
  tcpBack({ dstPort: 49153, seq: 5, ack: 0xffffffff, flags: TH_SYN | TH_ACK, options: { mss: 1460 }, window: 64240 }),
  tcp({ srcPort: 49153, seq: 0xffffffff, ack: 6, flags: TH_ACK | TH_URG, data: text("abc"), urgent: 3, window: 64240 }),
  tcp({ srcPort: 49154, seq: 77, flags: TH_RST }),
  tcpBack({ dstPort: 49155, seq: 0, ack: 78, flags: TH_RST | TH_ACK, window: 0 }),
  tcp({ srcPort: 49156, seq: 1, flags: 0 }),
  tcp({ srcPort: 49157, seq: 9, ack: 1, flags: TH_SYN | TH_ECE | TH_CWR, options: { mss: 536 } }),
  tcp({ srcPort: 49158, seq: 9, ack: 1, flags: TH_FIN | TH_PSH | TH_ACK, data: text("bye") }),
  udp({ srcPort: 40001, data: new Uint8Array(0) }),
  icmp(udp(), { code: 1 }),
  icmp(udp(), { code: 2 }),
  icmp(udp(), { code: 4 }),
  icmp(udp(), { code: 13 }),
  icmp(udp(), { type: 11, code: 0 }),
  icmp(tcp({ flags: TH_SYN, options: { mss: 1460 } })),
  icmp(udp({ data: new Uint8Array(1000) })),
];

describe("time prefix", () => {
  it("prints simulated ns as HH:MM:SS.uuuuuu, truncating to microseconds", () => {
    expect(formatTime(0)).toBe("00:00:00.000000");
    expect(formatTime(1_000_123_999)).toBe("00:00:01.000123");
    expect(formatTime((3600 * 2 + 60 * 3 + 4) * SEC + 5_000)).toBe("02:03:04.000005");
  });

  it("wraps at midnight like a time of day", () => {
    expect(formatTime(86_400 * SEC + 61 * SEC)).toBe("00:01:01.000000");
  });
});

describe("flags", () => {
  it("are spelled as tcpdump spells them, in its order F S R P . U E W", () => {
    expect(formatTcpFlags(TH_SYN)).toBe("S");
    expect(formatTcpFlags(TH_SYN | TH_ACK)).toBe("S.");
    expect(formatTcpFlags(TH_ACK)).toBe(".");
    expect(formatTcpFlags(TH_PSH | TH_ACK)).toBe("P.");
    expect(formatTcpFlags(TH_FIN | TH_ACK)).toBe("F.");
    expect(formatTcpFlags(TH_FIN | TH_PSH | TH_ACK)).toBe("FP.");
    expect(formatTcpFlags(TH_RST)).toBe("R");
    expect(formatTcpFlags(TH_RST | TH_ACK)).toBe("R.");
    expect(formatTcpFlags(TH_SYN | TH_ECE | TH_CWR)).toBe("SEW");
    expect(formatTcpFlags(0)).toBe("none");
  });
});

describe("TCP", () => {
  it("prints a SYN with absolute seq, window and Linux's options", () => {
    expect(formatPacket(CONVERSATION[0]!, time(0), { relative: new TcpdumpState() })).toBe(GOLDEN[0]);
  });

  it("prints a conversation with relative numbers after the first segment that carries an ACK", () => {
    const state = new TcpdumpState();
    expect(CONVERSATION.map((p, i) => formatPacket(p, time(i), { relative: state }))).toEqual(GOLDEN);
  });

  it("prints absolute numbers without a state (tcpdump -S)", () => {
    expect(formatPacket(CONVERSATION[3]!, time(3))).toBe(
      "00:00:01.004623 IP 10.0.0.2.49152 > 10.0.0.1.5000: Flags [P.], seq 1423345244:1423345250, ack 3000000001, win 502, options [nop,nop,TS val 1001 ecr 2000], length 6",
    );
  });

  it("a new SYN-ACK on the same 4-tuple starts a new conversation", () => {
    const state = new TcpdumpState();
    for (let i = 0; i < 4; i++) formatPacket(CONVERSATION[i]!, time(i), { relative: state });
    const synAck = tcpBack({ seq: 77, ack: 501, flags: TH_SYN | TH_ACK });
    expect(formatPacket(synAck, 0, { relative: state })).toContain("seq 77, ack 501,");
    expect(formatPacket(tcp({ seq: 501, ack: 78, data: text("x") }), 0, { relative: state })).toContain("seq 1:2, ack 1,");
  });

  it("relative numbers wrap at 2^32 like tcpdump's unsigned arithmetic", () => {
    const state = new TcpdumpState();
    const lines = ODDITIES.slice(0, 3).map((p, i) => formatPacket(p, time(i), { relative: state }));
    expect(lines[2]).toBe("00:00:01.003123 IP 10.0.0.2.49153 > 10.0.0.1.5000: Flags [.U], seq 1:4, ack 1, win 64240, urg 3, length 3");
  });

  it("prints a bare RST with its absolute seq and no ack", () => {
    expect(formatPacket(ODDITIES[3]!, 0, { relative: new TcpdumpState() })).toBe(
      "00:00:00.000000 IP 10.0.0.2.49154 > 10.0.0.1.5000: Flags [R], seq 77, win 502, length 0",
    );
  });
});

describe("UDP and ICMP", () => {
  it("prints a datagram as UDP with its payload length", () => {
    expect(formatPacket(udp(), 0)).toBe("00:00:00.000000 IP 10.0.0.2.40000 > 10.0.0.1.7: UDP, length 5");
  });

  it("prints port unreachable with the quoted destination and the ICMP length", () => {
    expect(formatPacket(icmp(udp()), 0)).toBe("00:00:00.000000 IP 10.0.0.1 > 10.0.0.2: ICMP 10.0.0.1 udp port 7 unreachable, length 41");
  });

  it("names the other unreachable codes and time exceeded as print-icmp.c does", () => {
    const lines = ODDITIES.slice(9, 14).map((p) => formatPacket(p, 0).replace(/^.*ICMP /, ""));
    expect(lines).toEqual([
      "host 10.0.0.1 unreachable, length 41",
      "10.0.0.1 protocol 17 unreachable, length 41",
      "10.0.0.1 unreachable - need to frag, length 41",
      "host 10.0.0.1 unreachable - admin prohibited filter, length 41",
      "time exceeded in-transit, length 41",
    ]);
  });

  it("counts only the quoted bytes that fit in 576 in the ICMP length", () => {
    expect(formatPacket(ODDITIES[15]!, 0)).toMatch(/udp port 7 unreachable, length 556$/);
  });
});

const hasTcpdump = spawnSync("tcpdump", ["--version"], { stdio: "ignore" }).status === 0;
if (!hasTcpdump) console.log("tcpdump.test.ts: tcpdump is not installed; skipping the comparisons with the real tcpdump");

/** Writes the packets to a pcap and returns the real tcpdump's lines (in UTC). */
function realTcpdump(packets: Ipv4Packet[], args: string[]): string[] {
  const w = new PcapWriter();
  packets.forEach((p, i) => w.add(p, time(i)));
  const dir = mkdtempSync(join(tmpdir(), "kernsim-tcpdump-"));
  try {
    const file = join(dir, "capture.pcap");
    writeFileSync(file, w.toBuffer());
    const r = spawnSync("tcpdump", ["-n", ...args, "-r", file], { encoding: "utf8", env: { ...process.env, TZ: "UTC" } });
    expect(r.status, r.stderr).toBe(0);
    return r.stdout.trimEnd().split("\n");
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

describe("against the real tcpdump", () => {
  const all = [...CONVERSATION, ...ODDITIES];

  it.skipIf(!hasTcpdump)("tcpdump -n prints every packet byte for byte as formatPacket does", () => {
    const state = new TcpdumpState();
    expect(all.map((p, i) => formatPacket(p, time(i), { relative: state }))).toEqual(realTcpdump(all, []));
  });

  it.skipIf(!hasTcpdump)("tcpdump -n -S prints absolute numbers as formatPacket does without a state", () => {
    expect(all.map((p, i) => formatPacket(p, time(i)))).toEqual(realTcpdump(all, ["-S"]));
  });

  it.skipIf(!hasTcpdump)("the golden lines of this file are what tcpdump prints", () => {
    expect(realTcpdump(CONVERSATION, [])).toEqual(GOLDEN);
  });
});
