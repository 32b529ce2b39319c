// pcap.ts: IPv4/TCP/UDP/ICMP wire bytes laid out as Linux sends them, with
// real checksums, and classic pcap files that tshark reads without a single
// expert warning (checked when tshark is installed).

import { describe, expect, it } from "vitest";
import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import fc from "fast-check";
import {
  IPPROTO_ICMP, IPPROTO_TCP, IPPROTO_UDP, TH_ACK, TH_FIN, TH_PSH, TH_SYN,
  type IcmpMessage, type Ipv4Packet, type TcpOptions, type TcpSegment, type UdpDatagram,
} from "../../../kernel/net/packet.ts";
import {
  checksumsValid, decodeIpv4, encodeIpv4, ipv4Length, LINKTYPE_RAW, PCAP_MAGIC_NSEC, PcapWriter,
} from "../../../kernel/net/pcap.ts";

const CLIENT = 0x0a000002, SERVER = 0x0a000001;
const text = (s: string): Uint8Array => new TextEncoder().encode(s);

/** A client-to-server TCP segment template; override what the test is about. */
function tcp(over: Partial<TcpSegment> = {}, ip: Partial<Ipv4Packet> = {}): Ipv4Packet {
  return {
    src: CLIENT, dst: SERVER, id: 0x1234, ttl: 64, df: true, ...ip,
    body: {
      proto: IPPROTO_TCP, srcPort: 49152, dstPort: 5000, seq: 1000, ack: 0, flags: TH_ACK,
      window: 502, urgent: 0, options: {}, data: new Uint8Array(0), ...over,
    },
  };
}

function udp(over: Partial<UdpDatagram> = {}): Ipv4Packet {
  return {
    src: CLIENT, dst: SERVER, id: 7, ttl: 64, df: true,
    body: { proto: IPPROTO_UDP, srcPort: 40000, dstPort: 7, data: text("hello"), ...over },
  };
}

function icmpUnreachable(quoted: Ipv4Packet, over: Partial<IcmpMessage> = {}): Ipv4Packet {
  return { src: quoted.dst, dst: quoted.src, id: 99, ttl: 64, df: false, body: { proto: IPPROTO_ICMP, type: 3, code: 3, quoted, ...over } };
}

const SYN_OPTIONS: TcpOptions = { mss: 1460, sackOk: true, ts: { val: 1000, ecr: 0 }, wscale: 7 };

/** Handshake, a request and reply, an orderly close, then UDP to a closed port and its ICMP error. */
function exchange(): Array<[Ipv4Packet, number]> {
  const c = 1423345243, s = 3000000000;
  const toServer = (seq: number, ack: number, flags: number, data = "", options: TcpOptions = { ts: { val: 1001, ecr: 2000 } }) =>
    tcp({ seq, ack, flags, data: text(data), options, window: 502 });
  const toClient = (seq: number, ack: number, flags: number, data = "", options: TcpOptions = { ts: { val: 2001, ecr: 1001 } }) =>
    tcp({ srcPort: 5000, dstPort: 49152, seq, ack, flags, data: text(data), options, window: 509 }, { src: SERVER, dst: CLIENT });
  const probe = udp();
  const packets = [
    tcp({ seq: c, flags: TH_SYN, options: SYN_OPTIONS, window: 64240 }),
    toClient(s, c + 1, TH_SYN | TH_ACK, "", { mss: 1460, sackOk: true, ts: { val: 2000, ecr: 1000 }, wscale: 7 }),
    toServer(c + 1, s + 1, TH_ACK),
    toServer(c + 1, s + 1, TH_PSH | TH_ACK, "hello\n"),
    toClient(s + 1, c + 7, TH_ACK),
    toClient(s + 1, c + 7, TH_PSH | TH_ACK, "hello\n"),
    toServer(c + 7, s + 7, TH_ACK),
    toServer(c + 7, s + 7, TH_FIN | TH_ACK),
    toClient(s + 7, c + 8, TH_FIN | TH_ACK),
    toServer(c + 8, s + 8, TH_ACK),
    probe,
    icmpUnreachable(probe),
  ];
  return packets.map((p, i) => [p, 1_000_000_000 + i * 150_000]);
}

/** RFC 1071 written the slow, obvious way, to check the module's checksums independently. */
function naiveChecksum(bytes: number[]): number {
  let sum = 0;
  for (let i = 0; i < bytes.length; i += 2) sum += bytes[i]! * 256 + (bytes[i + 1] ?? 0);
  while (sum > 0xffff) sum = (sum % 65536) + Math.floor(sum / 65536);
  return 0xffff - sum;
}

function field16(b: Uint8Array, o: number): number {
  return b[o]! * 256 + b[o + 1]!;
}

/** Recomputes a packet's transport checksum from scratch, over the pseudo-header. */
function recomputeTransportChecksum(b: Uint8Array): number {
  const proto = b[9]!;
  const seg = [...b.subarray(20)];
  const at = proto === IPPROTO_TCP ? 16 : proto === IPPROTO_UDP ? 6 : 2;
  seg[at] = 0;
  seg[at + 1] = 0;
  const pseudo = proto === IPPROTO_ICMP ? [] : [...b.subarray(12, 20), 0, proto, seg.length >> 8, seg.length & 255];
  const sum = naiveChecksum([...pseudo, ...seg]);
  return proto === IPPROTO_UDP && sum === 0 ? 0xffff : sum;
}

describe("IPv4 header", () => {
  it("is 20 bytes with version 4, IHL 5, the total length, id, DF, TTL and protocol", () => {
    const b = encodeIpv4(tcp({ data: text("abc") }));
    expect(b[0]).toBe(0x45);
    expect(field16(b, 2)).toBe(b.length);
    expect(b.length).toBe(20 + 20 + 3);
    expect(field16(b, 4)).toBe(0x1234);
    expect(field16(b, 6)).toBe(0x4000);
    expect(b[8]).toBe(64);
    expect(b[9]).toBe(IPPROTO_TCP);
    expect([...b.subarray(12, 20)]).toEqual([10, 0, 0, 2, 10, 0, 0, 1]);
  });

  it("clears DF when the packet says so", () => {
    expect(field16(encodeIpv4(tcp({}, { df: false })), 6)).toBe(0);
  });

  it("carries a header checksum that recomputes to the same value", () => {
    const b = encodeIpv4(tcp());
    const header = [...b.subarray(0, 20)];
    header[10] = header[11] = 0;
    expect(field16(b, 10)).toBe(naiveChecksum(header));
  });

  it("ipv4Length predicts the encoded size", () => {
    for (const [p] of exchange()) expect(ipv4Length(p)).toBe(encodeIpv4(p).length);
  });
});

describe("TCP header", () => {
  it("a SYN lays options out as Linux does: mss, sackOK+TS, nop+wscale", () => {
    const b = encodeIpv4(tcp({ flags: TH_SYN, options: SYN_OPTIONS }));
    expect(b[32]).toBe(0xa0); // data offset 10 words
    expect([...b.subarray(40, 60)]).toEqual([
      2, 4, 0x05, 0xb4, // mss 1460
      4, 2, 8, 10, 0, 0, 0x03, 0xe8, 0, 0, 0, 0, // sackOK, TS val 1000 ecr 0
      1, 3, 3, 7, // nop, wscale 7
    ]);
  });

  it("a SYN without timestamps uses nop,nop,sackOK", () => {
    const b = encodeIpv4(tcp({ flags: TH_SYN, options: { mss: 1460, sackOk: true, wscale: 7 } }));
    expect([...b.subarray(40, 52)]).toEqual([2, 4, 0x05, 0xb4, 1, 1, 4, 2, 1, 3, 3, 7]);
  });

  it("a data segment carries nop,nop,TS before its payload", () => {
    const b = encodeIpv4(tcp({ options: { ts: { val: 0x01020304, ecr: 0xa0b0c0d0 } }, data: text("hi") }));
    expect(b[32]).toBe(0x80);
    expect([...b.subarray(40, 54)]).toEqual([1, 1, 8, 10, 1, 2, 3, 4, 0xa0, 0xb0, 0xc0, 0xd0, 0x68, 0x69]);
  });

  it("puts ports, seq, ack, flags, window and urgent pointer in network order", () => {
    const b = encodeIpv4(tcp({ seq: 0xfffffffe, ack: 0x80000001, flags: TH_PSH | TH_ACK, window: 0xabcd, urgent: 7 }));
    expect(field16(b, 20)).toBe(49152);
    expect(field16(b, 22)).toBe(5000);
    expect([...b.subarray(24, 32)]).toEqual([0xff, 0xff, 0xff, 0xfe, 0x80, 0, 0, 1]);
    expect(b[33]).toBe(0x18);
    expect(field16(b, 34)).toBe(0xabcd);
    expect(field16(b, 38)).toBe(7);
  });

  it("carries a checksum over the pseudo-header that recomputes to the same value", () => {
    for (const [p] of exchange().filter(([q]) => q.body.proto === IPPROTO_TCP)) {
      const b = encodeIpv4(p);
      expect(field16(b, 36)).toBe(recomputeTransportChecksum(b));
    }
  });
});

describe("UDP header", () => {
  it("has ports, length and a checksum that recomputes to the same value", () => {
    const b = encodeIpv4(udp());
    expect(b.length).toBe(20 + 8 + 5);
    expect(field16(b, 20)).toBe(40000);
    expect(field16(b, 22)).toBe(7);
    expect(field16(b, 24)).toBe(13);
    expect(field16(b, 26)).toBe(recomputeTransportChecksum(b));
  });

  it("sends a checksum that computes to zero as 0xffff (RFC 768)", () => {
    // Find a two-byte payload whose checksum computes to zero, then check it goes out as all ones.
    let found: Uint8Array | undefined;
    for (let v = 0; v < 0x10000 && !found; v++) {
      const data = new Uint8Array([v >> 8, v & 255]);
      const b = encodeIpv4(udp({ data }));
      if (field16(b, 26) === 0xffff) found = data;
    }
    expect(found).toBeDefined();
    const b = encodeIpv4(udp({ data: found! }));
    expect(checksumsValid(b)).toEqual({ ip: true, transport: true });
  });
});

describe("ICMP", () => {
  it("port unreachable quotes the whole offending datagram after type, code, checksum and 4 unused bytes", () => {
    const probe = udp();
    const b = encodeIpv4(icmpUnreachable(probe));
    expect(b.length).toBe(20 + 8 + 33);
    expect([b[20], b[21]]).toEqual([3, 3]);
    expect([...b.subarray(24, 28)]).toEqual([0, 0, 0, 0]);
    expect([...b.subarray(28)]).toEqual([...encodeIpv4(probe)]);
    expect(field16(b, 22)).toBe(recomputeTransportChecksum(b));
  });

  it("quotes at most 548 bytes, so the error fits in 576 (Linux icmp_send)", () => {
    const big = udp({ data: new Uint8Array(1000).fill(0x61) });
    const b = encodeIpv4(icmpUnreachable(big));
    expect(b.length).toBe(576);
    expect([...b.subarray(28)]).toEqual([...encodeIpv4(big).subarray(0, 548)]);
    expect(checksumsValid(b)).toEqual({ ip: true, transport: true });
  });
});

describe("checksums", () => {
  it("every packet of an exchange has a valid IP and transport checksum", () => {
    for (const [p] of exchange()) expect(checksumsValid(encodeIpv4(p))).toEqual({ ip: true, transport: true });
  });

  it("flipping any bit of any packet breaks one of them", () => {
    const packets = exchange().map(([p]) => encodeIpv4(p));
    fc.assert(fc.property(fc.nat(packets.length - 1), fc.nat(10_000), fc.nat(7), (pi, at, bit) => {
      const b = packets[pi]!.slice();
      const i = at % b.length;
      if (i >= 2 && i < 4) return true; // total length: changes the packet's extent instead
      if (i === 0) return true; // version/IHL: not a checksummed meaning
      b[i]! ^= 1 << bit;
      const v = checksumsValid(b);
      return !(v.ip && v.transport);
    }));
  });
});

describe("decodeIpv4", () => {
  it("round-trips every packet of an exchange", () => {
    for (const [p] of exchange()) expect(decodeIpv4(encodeIpv4(p))).toEqual(p);
  });

  it("round-trips SYNs with every combination of options", () => {
    fc.assert(fc.property(
      fc.record({
        mss: fc.option(fc.integer({ min: 0, max: 0xffff }), { nil: undefined }),
        sackOk: fc.option(fc.constant(true), { nil: undefined }),
        ts: fc.option(fc.record({ val: fc.nat({ max: 0xffffffff }), ecr: fc.nat({ max: 0xffffffff }) }), { nil: undefined }),
        wscale: fc.option(fc.integer({ min: 0, max: 14 }), { nil: undefined }),
      }, { requiredKeys: [] }),
      fc.nat({ max: 0xffffffff }), fc.nat({ max: 0xffffffff }), fc.uint8Array({ maxLength: 64 }),
      (options, seq, ack, data) => {
        const clean = Object.fromEntries(Object.entries(options).filter(([, v]) => v !== undefined)) as TcpOptions;
        const p = tcp({ flags: TH_SYN | TH_ACK, options: clean, seq, ack, data });
        expect(decodeIpv4(encodeIpv4(p))).toEqual(p);
      },
    ));
  });

  it("decodes an ICMP error's truncated quote as far as it goes", () => {
    const big = udp({ data: new Uint8Array(1000).fill(0x61) });
    const m = decodeIpv4(encodeIpv4(icmpUnreachable(big))).body as IcmpMessage;
    const q = m.quoted.body as UdpDatagram;
    expect(q.dstPort).toBe(7);
    expect(q.data.length).toBe(548 - 28);
  });

  it("rejects bytes that are not IPv4", () => {
    expect(() => decodeIpv4(new Uint8Array([0x60, 0, 0, 0]))).toThrow(/not an IPv4 packet/);
  });
});

describe("PcapWriter", () => {
  it("writes a little-endian nanosecond header with LINKTYPE_RAW", () => {
    const out = new PcapWriter().toBuffer();
    const v = new DataView(out.buffer);
    expect(out.length).toBe(24);
    expect(v.getUint32(0, true)).toBe(PCAP_MAGIC_NSEC);
    expect([...out.subarray(0, 4)]).toEqual([0x4d, 0x3c, 0xb2, 0xa1]);
    expect([v.getUint16(4, true), v.getUint16(6, true)]).toEqual([2, 4]);
    expect(v.getUint32(16, true)).toBe(262144);
    expect(v.getUint32(20, true)).toBe(LINKTYPE_RAW);
  });

  it("writes each packet as a record of seconds, nanoseconds, lengths and the IPv4 bytes", () => {
    const w = new PcapWriter();
    const p = udp();
    w.add(p, 3_000_000_123);
    w.add(p, 5);
    const out = w.toBuffer();
    const v = new DataView(out.buffer);
    expect(w.count).toBe(2);
    expect([v.getUint32(24, true), v.getUint32(28, true), v.getUint32(32, true), v.getUint32(36, true)]).toEqual([3, 123, 33, 33]);
    expect([...out.subarray(40, 73)]).toEqual([...encodeIpv4(p)]);
    expect([v.getUint32(73, true), v.getUint32(77, true)]).toEqual([0, 5]);
    expect(out.length).toBe(24 + 2 * (16 + 33));
  });

  it("rejects a timestamp that is not a non-negative integer of ns", () => {
    expect(() => new PcapWriter().add(udp(), -1)).toThrow(/bad timestamp/);
    expect(() => new PcapWriter().add(udp(), 1.5)).toThrow(/bad timestamp/);
  });
});

const hasTshark = spawnSync("tshark", ["-v"], { stdio: "ignore" }).status === 0;
if (!hasTshark) console.log("pcap.test.ts: tshark is not installed; skipping the tshark validation test");

describe("tshark", () => {
  const tsharkExpert = (bytes: Uint8Array): string => {
    const dir = mkdtempSync(join(tmpdir(), "kernsim-pcap-"));
    try {
      const file = join(dir, "capture.pcap");
      writeFileSync(file, bytes);
      const r = spawnSync("tshark", [
        "-r", file, "-o", "tcp.check_checksum:TRUE", "-o", "ip.check_checksum:TRUE", "-o", "udp.check_checksum:TRUE",
        "-z", "expert", "-q",
      ], { encoding: "utf8" });
      expect(r.status, r.stderr).toBe(0);
      return r.stdout;
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  };

  it.skipIf(!hasTshark)("reads a handshake, data, FIN, UDP and ICMP capture with no error, warning or bad checksum", () => {
    const w = new PcapWriter();
    for (const [p, t] of exchange()) w.add(p, t);
    const expert = tsharkExpert(w.toBuffer());
    expect(expert).not.toMatch(/Errors|Warns|Malformed|checksum/i);
    expect(expert).toMatch(/Connection establish request \(SYN\): server port 5000/);
  });

  it.skipIf(!hasTshark)("does report a corrupted checksum, so the check above means something", () => {
    const w = new PcapWriter();
    for (const [p, t] of exchange()) w.add(p, t);
    const bytes = w.toBuffer();
    bytes[24 + 16 + 36]! ^= 0xff; // first packet's TCP checksum
    expect(tsharkExpert(bytes)).toMatch(/Bad checksum/);
  });
});
