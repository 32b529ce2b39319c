// Prints packets exactly as tcpdump 4.99 does by default with -n (numeric
// addresses and ports, no -v): one line per packet, e.g.
//   00:00:01.000123 IP 10.0.0.2.49152 > 10.0.0.1.5000: Flags [S], seq 1423345243, win 64240, options [mss 1460,sackOK,TS val 1000 ecr 0,nop,wscale 7], length 0
// Checked byte for byte against `tcpdump -n -r` on pcaps from pcap.ts (see
// test/kernel/net/tcpdump.test.ts). Follows print-tcp.c, print-udp.c and
// print-icmp.c.
//
// Simplifications, named: the time of day is simulated time since 0 (as
// tcpdump shows a capture that starts at the epoch, TZ=UTC); payloads are
// never dissected (tcpdump decodes e.g. DNS on port 53, HTTP on 80/8080,
// NTP on 123 -- the lecture programs use other ports); ICMP other than
// destination unreachable and time exceeded prints as `type-#N`.

import {
  IPPROTO_ICMP, IPPROTO_TCP, IPPROTO_UDP, ipToString,
  TH_ACK, TH_FIN, TH_PSH, TH_RST, TH_SYN, TH_URG, TH_ECE, TH_CWR,
  type IcmpMessage, type Ipv4Packet, type TcpOptions, type TcpSegment,
} from "./packet.ts";
import { ipv4Length } from "./pcap.ts";

interface SeqBases {
  /** Sequence base of the direction from the lower (address, port) endpoint. */
  lo: number;
  /** Sequence base of the opposite direction. */
  hi: number;
}

/**
 * tcpdump's per-connection memory for relative sequence numbers
 * (print-tcp.c's tcp_seq_hash): keyed by the unordered 4-tuple, filled by
 * the first segment with ACK set (or any later SYN-ACK), which prints
 * absolute numbers; later segments print seq and ack relative to it.
 * Segments without ACK (a bare SYN, an [R]) always print absolute numbers.
 */
export class TcpdumpState {
  // lower endpoint (addr * 2^16 + port) -> higher endpoint -> bases; Maps iterate in insertion order.
  private readonly conns = new Map<number, Map<number, SeqBases>>();

  /**
   * Applies tcpdump's rule to one segment; writes the numbers to print into
   * `out` ([seq, ack]).
   */
  relativize(src: number, dst: number, t: TcpSegment, out: [number, number]): void {
    out[0] = t.seq;
    out[1] = t.ack;
    if ((t.flags & TH_ACK) === 0) return;
    const a = src * 65536 + t.srcPort;
    const b = dst * 65536 + t.dstPort;
    const fromLo = a <= b;
    const lo = fromLo ? a : b;
    const hi = fromLo ? b : a;
    let inner = this.conns.get(lo);
    if (!inner) {
      inner = new Map();
      this.conns.set(lo, inner);
    }
    const bases = inner.get(hi);
    if (!bases || (t.flags & TH_SYN) !== 0) {
      // New conversation: remember this direction's seq and the other's (ack - 1).
      const mine = t.seq >>> 0;
      const theirs = (t.ack - 1) >>> 0;
      if (bases) {
        bases.lo = fromLo ? mine : theirs;
        bases.hi = fromLo ? theirs : mine;
      } else inner.set(hi, fromLo ? { lo: mine, hi: theirs } : { lo: theirs, hi: mine });
      return;
    }
    out[0] = (t.seq - (fromLo ? bases.lo : bases.hi)) >>> 0;
    out[1] = (t.ack - (fromLo ? bases.hi : bases.lo)) >>> 0;
  }

  /** Forgets every connection (as a fresh tcpdump process would). */
  clear(): void {
    this.conns.clear();
  }
}

/** The state formatPacket keeps for relative sequence numbers. */
export type RelativeSeqState = TcpdumpState;

export interface FormatOptions {
  /** Print relative sequence numbers, as tcpdump does by default. Without it, absolute (tcpdump -S). */
  relative?: RelativeSeqState;
}

function pad(n: number, width: number): string {
  return String(n).padStart(width, "0");
}

/** Simulated ns as tcpdump's time of day, HH:MM:SS.uuuuuu (microseconds truncated, as libpcap does). */
export function formatTime(timeNs: number): string {
  const us = Math.floor(timeNs / 1000);
  const s = Math.floor(us / 1e6);
  return `${pad(Math.floor(s / 3600) % 24, 2)}:${pad(Math.floor(s / 60) % 60, 2)}:${pad(s % 60, 2)}.${pad(us % 1e6, 6)}`;
}

// print-tcp.c's tcp_flag_values, in its order.
const FLAG_CHARS: ReadonlyArray<readonly [number, string]> = [
  [TH_FIN, "F"], [TH_SYN, "S"], [TH_RST, "R"], [TH_PSH, "P"], [TH_ACK, "."], [TH_URG, "U"], [TH_ECE, "E"], [TH_CWR, "W"],
];

/** The Flags [...] content: `S`, `S.`, `.`, `P.`, `FP.`, `R`, `none`... */
export function formatTcpFlags(flags: number): string {
  let s = "";
  for (const [bit, c] of FLAG_CHARS) if (flags & bit) s += c;
  return s === "" ? "none" : s;
}

/** Options in the order pcap.ts lays them out (Linux's), as tcpdump names them. */
function formatOptions(o: TcpOptions): string {
  let s = "";
  if (o.mss !== undefined) s += `,mss ${o.mss}`;
  if (o.ts) s += `${o.sackOk ? ",sackOK" : ",nop,nop"},TS val ${o.ts.val >>> 0} ecr ${o.ts.ecr >>> 0}`;
  else if (o.sackOk) s += ",nop,nop,sackOK";
  if (o.wscale !== undefined) s += `,nop,wscale ${o.wscale}`;
  return s === "" ? "" : `, options [${s.slice(1)}]`;
}

const scratch: [number, number] = [0, 0];

function formatTcp(p: Ipv4Packet, t: TcpSegment, relative: RelativeSeqState | undefined): string {
  let s = `IP ${ipToString(p.src)}.${t.srcPort} > ${ipToString(p.dst)}.${t.dstPort}: Flags [${formatTcpFlags(t.flags)}]`;
  if (relative) relative.relativize(p.src, p.dst, t, scratch);
  else {
    scratch[0] = t.seq;
    scratch[1] = t.ack;
  }
  const len = t.data.length;
  if (len > 0 || (t.flags & (TH_SYN | TH_FIN | TH_RST)) !== 0) {
    s += `, seq ${scratch[0] >>> 0}`;
    if (len > 0) s += `:${(scratch[0] + len) >>> 0}`;
  }
  if (t.flags & TH_ACK) s += `, ack ${scratch[1] >>> 0}`;
  s += `, win ${t.window}`;
  if (t.flags & TH_URG) s += `, urg ${t.urgent}`;
  return `${s}${formatOptions(t.options)}, length ${len}`;
}

// print-icmp.c's unreach2str; %s is the quoted datagram's destination.
const UNREACH: Readonly<Record<number, string>> = {
  0: "net %s unreachable",
  1: "host %s unreachable",
  5: "%s unreachable - source route failed",
  6: "net %s unreachable - unknown",
  7: "host %s unreachable - unknown",
  8: "%s unreachable - source host isolated",
  9: "net %s unreachable - admin prohibited",
  10: "host %s unreachable - admin prohibited",
  11: "net %s unreachable - tos prohibited",
  12: "host %s unreachable - tos prohibited",
  13: "host %s unreachable - admin prohibited filter",
  14: "host %s unreachable - host precedence violation",
  15: "host %s unreachable - precedence cutoff",
};

function icmpText(m: IcmpMessage): string {
  const q = m.quoted;
  const qdst = ipToString(q.dst);
  if (m.type === 3) {
    if (m.code === 2) return `${qdst} protocol ${q.body.proto} unreachable`;
    if (m.code === 3) {
      const b = q.body;
      if (b.proto === IPPROTO_TCP) return `${qdst} tcp port ${b.dstPort} unreachable`;
      if (b.proto === IPPROTO_UDP) return `${qdst} udp port ${b.dstPort} unreachable`;
      return `${qdst} protocol ${b.proto} port 0 unreachable`;
    }
    if (m.code === 4) return `${qdst} unreachable - need to frag`;
    const fmt = UNREACH[m.code];
    return fmt ? fmt.replace("%s", qdst) : `#${m.code} ${qdst}`;
  }
  if (m.type === 11) return m.code === 0 ? "time exceeded in-transit" : m.code === 1 ? "ip reassembly time exceeded" : `time exceeded-#${m.code}`;
  return `type-#${m.type}`;
}

/**
 * One packet as tcpdump -n prints it, without the trailing newline. Pass a
 * TcpdumpState (the same one for the whole capture) for relative sequence
 * numbers.
 */
export function formatPacket(p: Ipv4Packet, timeNs: number, opts?: FormatOptions): string {
  const time = formatTime(timeNs);
  const b = p.body;
  // A later fragment has no transport header: print-ip.c names only the protocol (-n: by number).
  if (p.frag !== undefined && p.frag.offset > 0) return `${time} IP ${ipToString(p.src)} > ${ipToString(p.dst)}: ip-proto-${b.proto}`;
  switch (b.proto) {
    case IPPROTO_TCP:
      return `${time} ${formatTcp(p, b, opts?.relative)}`;
    case IPPROTO_UDP:
      return `${time} IP ${ipToString(p.src)}.${b.srcPort} > ${ipToString(p.dst)}.${b.dstPort}: UDP, length ${b.data.length}`;
    case IPPROTO_ICMP:
      return `${time} IP ${ipToString(p.src)} > ${ipToString(p.dst)}: ICMP ${icmpText(b)}, length ${ipv4Length(p) - 20}`;
  }
}
