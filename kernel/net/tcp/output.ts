// Sending segments (Linux tcp_output.c, RFC 9293 §3.10.2 and §3.8): MSS
// segmentation, the send window (min of the peer's window and cwnd),
// Nagle's algorithm (RFC 896; off with TCP_NODELAY), PSH on the segment
// that empties the queue, the FIN after the last byte, window probes, and
// RSTs. Every segment carries the TCP timestamp option as Linux's do.

import { IPPROTO_TCP, TH_ACK, TH_FIN, TH_PSH, TH_RST, TH_SYN, type Ipv4Packet, type TcpOptions, type TcpSegment } from "../packet.ts";
import type { NetStack } from "../ip.ts";
import type { Tcb } from "./tcb.ts";
import { DELACK_NS, timerArmRtx, timerCancelDelack } from "./timer.ts";

const EMPTY = new Uint8Array(0);
/** TCP timestamp option bytes (10 + 2 NOPs): what a data segment loses to options. */
export const TS_OPTION_LEN = 12;

/** Linux's TCP timestamp clock: milliseconds, offset per connection. */
function tsNow(t: Tcb): number {
  return (Math.floor(t.world.now / 1e6) + t.tsOffset) >>> 0;
}

function packet(stack: NetStack, src: number, dst: number, seg: TcpSegment): Ipv4Packet {
  return { src, dst, id: stack.nextIpId(), ttl: 64, df: true, body: seg };
}

/** The window field: scaled by our shift except on SYNs (RFC 7323 §2.2). */
function windowField(t: Tcb, syn: boolean): number {
  const w = t.rcvWindow();
  if (syn) return Math.min(w, 65535, Math.floor(w / t.advMss) * t.advMss || w);
  // Linux aligns the free space up to the scale unit (__tcp_select_window's ALIGN), so a
  // few queued bytes do not shrink the advertised window.
  const scaled = (w + (1 << t.rcvWscale) - 1) >>> t.rcvWscale;
  return scaled > 65535 ? 65535 : scaled;
}

/** Emits one segment of this connection with the current ACK and window. */
export function tcpSendSegment(t: Tcb, flags: number, seq: number, data: Uint8Array): void {
  const syn = (flags & TH_SYN) !== 0;
  const options: TcpOptions = { ts: { val: tsNow(t), ecr: t.tsRecent } };
  if (syn) {
    options.mss = t.advMss;
    options.sackOk = true;
    options.wscale = t.rcvWscale;
    if ((flags & TH_ACK) === 0) options.ts = { val: tsNow(t), ecr: 0 };
  }
  const win = windowField(t, syn);
  const seg: TcpSegment = {
    proto: IPPROTO_TCP, srcPort: t.lport, dstPort: t.rport, seq: seq >>> 0,
    ack: flags & TH_ACK ? t.rcvNxt >>> 0 : 0, flags, window: win, urgent: 0, options, data,
  };
  if (flags & TH_ACK) {
    t.lastAdvWnd = syn ? win : win << t.rcvWscale;
    t.pendingAcks = 0;
    t.ackNow = false;
    timerCancelDelack(t);
  }
  t.stack.output(packet(t.stack, t.lip, t.rip, seg));
}

/** SYN (active open) or SYN-ACK (passive), at ISS; arms the retransmission timer. */
export function tcpSendSyn(t: Tcb, ack: boolean): void {
  t.sndNxt = (t.iss + 1) >>> 0;
  if (((t.sndMax - t.sndNxt) | 0) < 0) t.sndMax = t.sndNxt;
  tcpSendSegment(t, ack ? TH_SYN | TH_ACK : TH_SYN, t.iss, EMPTY);
  timerArmRtx(t);
}

/** A bare ACK <SEQ=SND.NXT><ACK=RCV.NXT>. */
export function tcpSendAck(t: Tcb): void {
  tcpSendSegment(t, TH_ACK, t.sndNxt, EMPTY);
}

/** RST on ABORT: <SEQ=SND.NXT><CTL=RST> (RFC 9293 §3.10.5; Linux adds ACK). */
export function tcpSendRst(t: Tcb): void {
  tcpSendSegment(t, TH_RST | TH_ACK, t.sndNxt, EMPTY);
}

/**
 * RST for a segment that has no connection (RFC 9293 §3.10.7.1): with an
 * ACK, <SEQ=SEG.ACK><CTL=RST>; without, <SEQ=0><ACK=SEG.SEQ+SEG.LEN><CTL=RST,ACK>.
 */
export function tcpRstReply(stack: NetStack, pkt: Ipv4Packet, seg: TcpSegment): void {
  if (seg.flags & TH_RST) return;
  let flags = TH_RST, seq = 0, ack = 0;
  if (seg.flags & TH_ACK) seq = seg.ack;
  else {
    flags |= TH_ACK;
    ack = (seg.seq + seg.data.length + (seg.flags & TH_SYN ? 1 : 0) + (seg.flags & TH_FIN ? 1 : 0)) >>> 0;
  }
  const rst: TcpSegment = {
    proto: IPPROTO_TCP, srcPort: seg.dstPort, dstPort: seg.srcPort, seq, ack, flags, window: 0, urgent: 0, options: {}, data: EMPTY,
  };
  stack.output(packet(stack, pkt.dst, pkt.src, rst));
}

/** States in which queued data and our FIN may go out. */
function canSend(t: Tcb): boolean {
  const s = t.state;
  return s === "ESTABLISHED" || s === "CLOSE_WAIT" || s === "FIN_WAIT_1" || s === "CLOSING" || s === "LAST_ACK";
}

/**
 * Sends what the windows allow (tcp_write_xmit): full segments, a short
 * one only when Nagle allows it, then the FIN once every byte is out.
 */
export function tcpOutput(t: Tcb): void {
  if (!canSend(t)) return;
  const q = t.sendQ;
  let sent = false;
  for (;;) {
    const offset = (t.sndNxt - t.sndUna) >>> 0;
    const unsent = q.length - offset;
    if (unsent <= 0) break;
    const wnd = t.sndWnd < t.cwnd ? t.sndWnd : t.cwnd;
    const usable = wnd - offset;
    if (usable <= 0) {
      if (t.sndWnd === 0 && offset === 0) timerArmRtx(t, true); // zero window: persist
      break;
    }
    let len = t.mss;
    if (unsent < len) len = unsent;
    if (usable < len) len = usable;
    // Nagle: a short segment waits while data is unacknowledged (unless TCP_NODELAY).
    if (len < t.mss && !t.nodelay && offset > 0 && !(t.finQueued && len === unsent)) break;
    const last = offset + len === q.length;
    let flags = TH_ACK;
    if (last) flags |= TH_PSH;
    const withFin = last && t.finQueued && (t.finSeq === -1 || t.finSeq === ((t.sndNxt + len) >>> 0));
    if (withFin) flags |= TH_FIN;
    if (t.rttSeq === -1 && t.sndNxt === t.sndMax) {
      t.rttSeq = t.sndNxt;
      t.rttStart = t.world.now;
    }
    // Data sent within the ACK timeout of data received: an interactive connection (tcp_event_data_sent).
    if (t.lastDataRecv >= 0 && t.world.now - t.lastDataRecv < DELACK_NS) t.pingpong = true;
    tcpSendSegment(t, flags, t.sndNxt, q.peek(offset, len));
    t.sndNxt = (t.sndNxt + len) >>> 0;
    if (withFin) {
      t.finSeq = t.sndNxt;
      t.sndNxt = (t.sndNxt + 1) >>> 0;
    }
    if (((t.sndNxt - t.sndMax) | 0) > 0) t.sndMax = t.sndNxt;
    sent = true;
    if (withFin) break;
  }
  // The FIN alone, once all data has been sent.
  if (t.finQueued && ((t.sndNxt - t.sndUna) >>> 0) === q.length && (t.finSeq === -1 || t.finSeq === t.sndNxt)) {
    t.finSeq = t.sndNxt;
    tcpSendSegment(t, TH_FIN | TH_ACK, t.sndNxt, EMPTY);
    t.sndNxt = (t.sndNxt + 1) >>> 0;
    if (((t.sndNxt - t.sndMax) | 0) > 0) t.sndMax = t.sndNxt;
    sent = true;
  }
  if (sent) timerArmRtx(t);
}

/** Retransmits the first unacknowledged segment (fast retransmit, RFC 5681 §3.2). */
export function tcpRetransmitFirst(t: Tcb): void {
  const q = t.sendQ;
  const len = Math.min(t.mss, q.length);
  if (len > 0) {
    const fin = t.finSeq !== -1 && t.finSeq === ((t.sndUna + len) >>> 0);
    tcpSendSegment(t, TH_ACK | (len === q.length ? TH_PSH : 0) | (fin ? TH_FIN : 0), t.sndUna, q.peek(0, len));
  } else if (t.finSeq === t.sndUna) {
    tcpSendSegment(t, TH_FIN | TH_ACK, t.sndUna, EMPTY);
  }
  t.rttSeq = -1; // Karn: no RTT sample from a retransmitted segment
}

/**
 * A zero-window probe (RFC 9293 §3.8.6.1, Linux tcp_xmit_probe_skb): an
 * old sequence number, <SEQ=SND.UNA-1>, which the peer must answer with an
 * ACK carrying its current window. Keepalive probes are the same segment.
 */
export function tcpSendProbe(t: Tcb): void {
  tcpSendSegment(t, TH_ACK, (t.sndUna - 1) >>> 0, EMPTY);
}
