// The packets that cross the simulated network: IPv4 carrying TCP, UDP or
// ICMP. Addresses are host-order 32-bit integers (10.0.0.1 = 0x0a000001),
// ports host-order 16-bit. Headers carry every field a real capture needs,
// so pcap.ts can serialise them byte for byte and tcpdump.ts can print them.

export const IPPROTO_ICMP = 1, IPPROTO_TCP = 6, IPPROTO_UDP = 17;

/** TCP header flag bits, as in the TCP header's flags byte. */
export const TH_FIN = 0x01, TH_SYN = 0x02, TH_RST = 0x04, TH_PSH = 0x08, TH_ACK = 0x10,
  TH_URG = 0x20, TH_ECE = 0x40, TH_CWR = 0x80;

export interface TcpOptions {
  mss?: number;
  /** Window scale shift (RFC 7323). */
  wscale?: number;
  sackOk?: boolean;
  /** Timestamps (RFC 7323): TSval, TSecr. */
  ts?: { val: number; ecr: number };
}

export interface TcpSegment {
  proto: typeof IPPROTO_TCP;
  srcPort: number;
  dstPort: number;
  /** Sequence and acknowledgment numbers, unsigned 32-bit. */
  seq: number;
  ack: number;
  flags: number;
  /** The window field as sent (already scaled down by the sender's shift). */
  window: number;
  urgent: number;
  options: TcpOptions;
  data: Uint8Array;
}

export interface UdpDatagram {
  proto: typeof IPPROTO_UDP;
  srcPort: number;
  dstPort: number;
  data: Uint8Array;
}

/** ICMP destination unreachable (type 3); `code` 3 is port unreachable. */
export interface IcmpMessage {
  proto: typeof IPPROTO_ICMP;
  type: number;
  code: number;
  /** The offending datagram's IP header + first 8 bytes, as ICMP quotes it. */
  quoted: Ipv4Packet;
}

/** Which part of its datagram an IP fragment carries (RFC 791; ipfrag.ts). */
export interface Fragment {
  /** Where its bytes start in the datagram's IP payload (a multiple of 8). */
  offset: number;
  /** How many bytes of it it carries. */
  length: number;
  /** More fragments follow (MF). */
  more: boolean;
}

export interface Ipv4Packet {
  src: number;
  dst: number;
  /** IP identification field. */
  id: number;
  ttl: number;
  /** Don't-fragment bit (Linux sets it on TCP, and on UDP datagrams that fit the MTU). */
  df: boolean;
  body: TcpSegment | UdpDatagram | IcmpMessage;
  /** On a fragment only: the part of `body` (the whole datagram's) it carries. */
  frag?: Fragment;
}

export function ipToString(ip: number): string {
  return `${ip >>> 24}.${(ip >>> 16) & 255}.${(ip >>> 8) & 255}.${ip & 255}`;
}

/** Parses dotted quad; returns undefined when not a valid IPv4 address. */
export function ipFromString(s: string): number | undefined {
  const m = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.exec(s);
  if (!m) return undefined;
  const parts = m.slice(1).map(Number);
  if (parts.some((p) => p > 255)) return undefined;
  return ((parts[0]! << 24) | (parts[1]! << 16) | (parts[2]! << 8) | parts[3]!) >>> 0;
}

/** TCP header length in bytes including options, padded to 4 (as Linux lays them out). */
export function tcpHeaderLength(o: TcpOptions): number {
  let n = 20;
  if (o.mss !== undefined) n += 4;
  // Linux's SYN layout: mss, sackOK+TS (12), nop+wscale (4); data segments: nop,nop,TS (12).
  if (o.ts) n += o.sackOk ? 12 : 12;
  else if (o.sackOk) n += 4;
  if (o.wscale !== undefined) n += 4;
  return n;
}
