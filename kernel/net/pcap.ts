// Real bytes for simulated packets: an IPv4 encoder/decoder and a writer
// for classic libpcap files (https://www.tcpdump.org/manpages/pcap-savefile.5.html)
// that tcpdump -r and tshark/Wireshark read without warnings.
//
// File format: magic 0xa1b23c4d (nanosecond timestamps, since simulated time
// is integer ns), version 2.4, LINKTYPE_RAW (101): each record is a bare
// IPv4 packet, no link-layer header (the simulated switch has no MACs).
//
// Wire layout follows Linux: IPv4 header without options (IHL 5, TOS 0),
// DF as the packet says; TCP options in the order tcp_options_write() puts
// them (SYN: mss, sackOK+TS, nop+wscale, or nop,nop,sackOK without TS; other
// segments: nop,nop,TS); ICMP errors quote as much of the offending datagram
// as fits in 576 bytes (icmp_send()). All checksums are real.

import {
  IPPROTO_ICMP, IPPROTO_TCP, IPPROTO_UDP, tcpHeaderLength,
  type Fragment, type IcmpMessage, type Ipv4Packet, type TcpOptions, type TcpSegment, type UdpDatagram,
} from "./packet.ts";

export const PCAP_MAGIC_NSEC = 0xa1b23c4d;
export const LINKTYPE_RAW = 101;
const PCAP_SNAPLEN = 262144;
const IP_HEADER_LEN = 20;
const UDP_HEADER_LEN = 8;
const ICMP_HEADER_LEN = 8;
/** Linux's icmp_send(): the error fits in 576 bytes, so at most 548 quoted bytes. */
const ICMP_QUOTE_MAX = 576 - IP_HEADER_LEN - ICMP_HEADER_LEN;

const TCPOPT_EOL = 0, TCPOPT_NOP = 1, TCPOPT_MSS = 2, TCPOPT_WSCALE = 3, TCPOPT_SACK_PERM = 4,
  TCPOPT_TIMESTAMP = 8;

function put16(b: Uint8Array, o: number, v: number): void {
  b[o] = (v >>> 8) & 0xff;
  b[o + 1] = v & 0xff;
}

function put32(b: Uint8Array, o: number, v: number): void {
  b[o] = (v >>> 24) & 0xff;
  b[o + 1] = (v >>> 16) & 0xff;
  b[o + 2] = (v >>> 8) & 0xff;
  b[o + 3] = v & 0xff;
}

function get16(b: Uint8Array, o: number): number {
  return ((b[o]! << 8) | b[o + 1]!) >>> 0;
}

function get32(b: Uint8Array, o: number): number {
  return ((b[o]! << 24) | (b[o + 1]! << 16) | (b[o + 2]! << 8) | b[o + 3]!) >>> 0;
}

/**
 * The 16-bit one's complement sum (RFC 1071) of b[start, end), added to
 * `initial` (an unfolded partial sum), folded but not complemented.
 */
export function onesComplementSum(b: Uint8Array, start: number, end: number, initial = 0): number {
  let sum = initial;
  let i = start;
  for (; i + 1 < end; i += 2) sum += (b[i]! << 8) | b[i + 1]!;
  if (i < end) sum += b[i]! << 8;
  while (sum > 0xffff) sum = (sum & 0xffff) + (sum >>> 16);
  return sum;
}

/** The Internet checksum (RFC 1071) of b[start, end): 0 when the range already holds a valid one. */
export function internetChecksum(b: Uint8Array, start: number, end: number, initial = 0): number {
  return ~onesComplementSum(b, start, end, initial) & 0xffff;
}

/** The TCP/UDP pseudo-header (RFC 9293 §3.1) as an unfolded partial sum. */
function pseudoHeaderSum(src: number, dst: number, proto: number, length: number): number {
  return (src >>> 16) + (src & 0xffff) + (dst >>> 16) + (dst & 0xffff) + proto + length;
}

/** Transport bytes (header + payload) of a packet, before IP wraps them. */
function transportLength(p: Ipv4Packet): number {
  const body = p.body;
  switch (body.proto) {
    case IPPROTO_TCP: return tcpHeaderLength(body.options) + body.data.length;
    case IPPROTO_UDP: return UDP_HEADER_LEN + body.data.length;
    case IPPROTO_ICMP: return ICMP_HEADER_LEN + Math.min(ICMP_QUOTE_MAX, ipv4Length(body.quoted));
  }
}

/** The packet's IPv4 total length in bytes, as encodeIpv4 will lay it out (a fragment's: its part). */
export function ipv4Length(p: Ipv4Packet): number {
  return IP_HEADER_LEN + (p.frag === undefined ? transportLength(p) : p.frag.length);
}


/** Lays TCP options out as Linux does; returns the offset after them. */
function writeTcpOptions(b: Uint8Array, o: number, opt: TcpOptions): number {
  if (opt.mss !== undefined) {
    b[o] = TCPOPT_MSS; b[o + 1] = 4; put16(b, o + 2, opt.mss); o += 4;
  }
  if (opt.ts) {
    if (opt.sackOk) {
      b[o] = TCPOPT_SACK_PERM; b[o + 1] = 2;
    } else {
      b[o] = TCPOPT_NOP; b[o + 1] = TCPOPT_NOP;
    }
    b[o + 2] = TCPOPT_TIMESTAMP; b[o + 3] = 10;
    put32(b, o + 4, opt.ts.val); put32(b, o + 8, opt.ts.ecr); o += 12;
  } else if (opt.sackOk) {
    b[o] = TCPOPT_NOP; b[o + 1] = TCPOPT_NOP; b[o + 2] = TCPOPT_SACK_PERM; b[o + 3] = 2; o += 4;
  }
  if (opt.wscale !== undefined) {
    b[o] = TCPOPT_NOP; b[o + 1] = TCPOPT_WSCALE; b[o + 2] = 3; b[o + 3] = opt.wscale; o += 4;
  }
  return o;
}

function writeTcp(b: Uint8Array, o: number, p: Ipv4Packet, t: TcpSegment): void {
  const hl = tcpHeaderLength(t.options);
  put16(b, o, t.srcPort);
  put16(b, o + 2, t.dstPort);
  put32(b, o + 4, t.seq);
  put32(b, o + 8, t.ack);
  b[o + 12] = (hl >>> 2) << 4;
  b[o + 13] = t.flags & 0xff;
  put16(b, o + 14, t.window);
  put16(b, o + 16, 0);
  put16(b, o + 18, t.urgent);
  const end = writeTcpOptions(b, o + 20, t.options);
  if (end !== o + hl) throw new Error(`pcap: TCP options took ${end - o - 20} bytes, tcpHeaderLength says ${hl - 20}`);
  b.set(t.data, end);
  const len = hl + t.data.length;
  put16(b, o + 16, internetChecksum(b, o, o + len, pseudoHeaderSum(p.src, p.dst, IPPROTO_TCP, len)));
}

function writeUdp(b: Uint8Array, o: number, p: Ipv4Packet, u: UdpDatagram): void {
  const len = UDP_HEADER_LEN + u.data.length;
  put16(b, o, u.srcPort);
  put16(b, o + 2, u.dstPort);
  put16(b, o + 4, len);
  put16(b, o + 6, 0);
  b.set(u.data, o + UDP_HEADER_LEN);
  // RFC 768: a computed 0 is sent as all ones (0 means "no checksum").
  put16(b, o + 6, internetChecksum(b, o, o + len, pseudoHeaderSum(p.src, p.dst, IPPROTO_UDP, len)) || 0xffff);
}

function writeIcmp(b: Uint8Array, o: number, end: number, m: IcmpMessage): void {
  b[o] = m.type;
  b[o + 1] = m.code;
  put16(b, o + 2, 0);
  put32(b, o + 4, 0); // unused (next-hop MTU only for "fragmentation needed")
  const quoted = encodeIpv4(m.quoted);
  b.set(quoted.subarray(0, end - o - ICMP_HEADER_LEN), o + ICMP_HEADER_LEN);
  put16(b, o + 2, internetChecksum(b, o, end));
}

/** Serialises a packet to IPv4 wire bytes with valid checksums. */
export function encodeIpv4(p: Ipv4Packet): Uint8Array {
  if (p.frag !== undefined) return encodeFragment(p, p.frag);
  const total = ipv4Length(p);
  if (total > 0xffff) throw new Error(`pcap: IPv4 packet of ${total} bytes exceeds 65535`);
  const b = new Uint8Array(total);
  b[0] = 0x45;
  b[1] = 0;
  put16(b, 2, total);
  put16(b, 4, p.id & 0xffff);
  put16(b, 6, p.df ? 0x4000 : 0);
  b[8] = p.ttl & 0xff;
  b[9] = p.body.proto;
  put32(b, 12, p.src);
  put32(b, 16, p.dst);
  put16(b, 10, internetChecksum(b, 0, IP_HEADER_LEN));
  const body = p.body;
  switch (body.proto) {
    case IPPROTO_TCP: writeTcp(b, IP_HEADER_LEN, p, body); break;
    case IPPROTO_UDP: writeUdp(b, IP_HEADER_LEN, p, body); break;
    case IPPROTO_ICMP: writeIcmp(b, IP_HEADER_LEN, total, body); break;
  }
  return b;
}

/** A fragment: its own header (MF, offset in 8-byte units, no DF), and its part of the whole datagram's payload. */
function encodeFragment(p: Ipv4Packet, f: Fragment): Uint8Array {
  const whole = encodeIpv4({ src: p.src, dst: p.dst, id: p.id, ttl: p.ttl, df: false, body: p.body });
  const total = IP_HEADER_LEN + f.length;
  const b = new Uint8Array(total);
  b.set(whole.subarray(0, IP_HEADER_LEN));
  put16(b, 2, total);
  put16(b, 6, (f.more ? 0x2000 : 0) | (f.offset >>> 3));
  put16(b, 10, 0);
  put16(b, 10, internetChecksum(b, 0, IP_HEADER_LEN));
  b.set(whole.subarray(IP_HEADER_LEN + f.offset, IP_HEADER_LEN + f.offset + f.length), IP_HEADER_LEN);
  return b;
}

function decodeTcpOptions(b: Uint8Array, o: number, end: number): TcpOptions {
  const opt: TcpOptions = {};
  while (o < end) {
    const kind = b[o]!;
    if (kind === TCPOPT_EOL) break;
    if (kind === TCPOPT_NOP) { o++; continue; }
    const len = b[o + 1] ?? 0;
    if (len < 2 || o + len > end) throw new Error(`decodeIpv4: bad TCP option ${kind} length ${len}`);
    if (kind === TCPOPT_MSS && len === 4) opt.mss = get16(b, o + 2);
    else if (kind === TCPOPT_WSCALE && len === 3) opt.wscale = b[o + 2]!;
    else if (kind === TCPOPT_SACK_PERM && len === 2) opt.sackOk = true;
    else if (kind === TCPOPT_TIMESTAMP && len === 10) opt.ts = { val: get32(b, o + 2), ecr: get32(b, o + 6) };
    o += len;
  }
  return opt;
}

/**
 * Parses IPv4 wire bytes back into a packet (for tests and captures).
 * Accepts a truncated packet, as ICMP quotes one: the payload is then
 * whatever bytes are present. Throws on anything it cannot parse.
 */
export function decodeIpv4(bytes: Uint8Array): Ipv4Packet {
  if (bytes.length < IP_HEADER_LEN || bytes[0]! >>> 4 !== 4) throw new Error("decodeIpv4: not an IPv4 packet");
  const ihl = (bytes[0]! & 0x0f) * 4;
  const end = Math.min(bytes.length, get16(bytes, 2));
  const proto = bytes[9]!;
  const o = ihl;
  const fl = get16(bytes, 6);
  const head: Omit<Ipv4Packet, "body"> = { src: get32(bytes, 12), dst: get32(bytes, 16), id: get16(bytes, 4), ttl: bytes[8]!, df: (fl & 0x4000) !== 0 };
  if ((fl & 0x3fff) !== 0) {
    // A fragment: only the first one has the transport header, and its body is whatever that fragment holds.
    const frag: Fragment = { offset: (fl & 0x1fff) * 8, length: get16(bytes, 2) - ihl, more: (fl & 0x2000) !== 0 };
    if (frag.offset > 0) throw new Error(`decodeIpv4: the fragment at offset ${frag.offset} has no transport header to decode`);
    head.frag = frag;
  }
  if (proto === IPPROTO_TCP) {
    if (end - o < 20) throw new Error("decodeIpv4: truncated TCP header");
    const hl = (bytes[o + 12]! >>> 4) * 4;
    const optEnd = Math.min(end, o + hl);
    return {
      ...head,
      body: {
        proto: IPPROTO_TCP, srcPort: get16(bytes, o), dstPort: get16(bytes, o + 2),
        seq: get32(bytes, o + 4), ack: get32(bytes, o + 8), flags: bytes[o + 13]!,
        window: get16(bytes, o + 14), urgent: get16(bytes, o + 18),
        options: decodeTcpOptions(bytes, o + 20, optEnd), data: bytes.slice(optEnd, end),
      },
    };
  }
  if (proto === IPPROTO_UDP) {
    if (end - o < UDP_HEADER_LEN) throw new Error("decodeIpv4: truncated UDP header");
    const udpEnd = Math.min(end, o + get16(bytes, o + 4));
    return {
      ...head,
      body: { proto: IPPROTO_UDP, srcPort: get16(bytes, o), dstPort: get16(bytes, o + 2), data: bytes.slice(o + UDP_HEADER_LEN, udpEnd) },
    };
  }
  if (proto === IPPROTO_ICMP) {
    if (end - o < ICMP_HEADER_LEN) throw new Error("decodeIpv4: truncated ICMP header");
    return {
      ...head,
      body: { proto: IPPROTO_ICMP, type: bytes[o]!, code: bytes[o + 1]!, quoted: decodeIpv4(bytes.subarray(o + ICMP_HEADER_LEN, end)) },
    };
  }
  throw new Error(`decodeIpv4: unsupported protocol ${proto}`);
}

/**
 * Checks every checksum of an encoded packet: the IP header's and the
 * transport's (TCP/UDP over the pseudo-header, ICMP over its message).
 */
export function checksumsValid(bytes: Uint8Array): { ip: boolean; transport: boolean } {
  const ihl = (bytes[0]! & 0x0f) * 4;
  const total = get16(bytes, 2);
  const proto = bytes[9]!;
  const ip = internetChecksum(bytes, 0, ihl) === 0;
  let transport: boolean;
  if (proto === IPPROTO_ICMP) transport = internetChecksum(bytes, ihl, total) === 0;
  else {
    const pseudo = pseudoHeaderSum(get32(bytes, 12), get32(bytes, 16), proto, total - ihl);
    transport = internetChecksum(bytes, ihl, total, pseudo) === 0;
  }
  return { ip, transport };
}

/**
 * Accumulates packets and renders a pcap file. Records keep insertion order;
 * the caller adds them in simulated-time order.
 */
export class PcapWriter {
  private readonly chunks: Uint8Array[] = [];
  private size = 24;

  add(p: Ipv4Packet, timeNs: number): void {
    if (!Number.isSafeInteger(timeNs) || timeNs < 0) throw new Error(`PcapWriter: bad timestamp ${timeNs} ns`);
    const bytes = encodeIpv4(p);
    const rec = new Uint8Array(16 + bytes.length);
    const v = new DataView(rec.buffer);
    v.setUint32(0, Math.floor(timeNs / 1e9), true);
    v.setUint32(4, timeNs % 1e9, true);
    v.setUint32(8, bytes.length, true);
    v.setUint32(12, bytes.length, true);
    rec.set(bytes, 16);
    this.chunks.push(rec);
    this.size += rec.length;
  }

  /** Number of packets added. */
  get count(): number {
    return this.chunks.length;
  }

  toBuffer(): Uint8Array {
    const out = new Uint8Array(this.size);
    const v = new DataView(out.buffer);
    v.setUint32(0, PCAP_MAGIC_NSEC, true);
    v.setUint16(4, 2, true);
    v.setUint16(6, 4, true);
    v.setInt32(8, 0, true); // thiszone
    v.setUint32(12, 0, true); // sigfigs
    v.setUint32(16, PCAP_SNAPLEN, true);
    v.setUint32(20, LINKTYPE_RAW, true);
    let o = 24;
    for (const c of this.chunks) {
      out.set(c, o);
      o += c.length;
    }
    return out;
  }
}
