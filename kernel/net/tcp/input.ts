// Segment arrival (RFC 9293 §3.10.7, Linux tcp_input.c): demultiplexing,
// LISTEN (§3.10.7.2, with Linux's accept-queue limit), SYN-SENT
// (§3.10.7.3) and the synchronized states (§3.10.7.4: sequence check, RST,
// SYN, ACK, data, FIN, in that order). The data path is plain TypeScript;
// only state changes go through tcbFire() and the machine.

import { TH_ACK, TH_FIN, TH_RST, TH_SYN, type Ipv4Packet, type TcpSegment } from "../packet.ts";
import { ECONNRESET } from "../../uapi/errno.ts";
import { POLLIN, POLLOUT } from "../../uapi/eventpoll.ts";
import type { NetStack } from "../ip.ts";
import { seqGt, seqInWindow, seqLe, seqLt } from "./seqnum.ts";
import { tcbFire, type Tcb } from "./tcb.ts";
import type { TcpState } from "./machine.ts";
import { tcpOutput, tcpRetransmitFirst, tcpRstReply, tcpSendAck, tcpSendSyn, TS_OPTION_LEN } from "./output.ts";
import { timerAckedRtx, timerDelack, timerRttSample } from "./timer.ts";
import { ccInit, ccOnAck, ccOnDupAck, ccOnFastRetransmit } from "./congestion.ts";
import { RCV_SHUTDOWN } from "../socket.ts";

export function tcpInput(stack: NetStack, pkt: Ipv4Packet, seg: TcpSegment): void {
  const t = stack.tcpLookup(seg.dstPort, pkt.src, seg.srcPort);
  if (t === undefined) {
    const l = stack.tcpListener(pkt.dst, seg.dstPort);
    if (l !== undefined && l.sock !== null) listenInput(stack, l, pkt, seg);
    else tcpRstReply(stack, pkt, seg); // §3.10.7.1: no connection, answer with RST
    return;
  }
  t.lastRecv = stack.world.now;
  t.keepProbes = 0;
  if (t.state === "SYN_SENT") synSentInput(t, seg);
  else synchronizedInput(t, seg);
}

/** Negotiated options from a SYN (RFC 7323 window scale, MSS less our timestamp option). */
function takeSynOptions(t: Tcb, seg: TcpSegment): void {
  const o = seg.options;
  if (o.wscale === undefined) {
    t.sndWscale = 0;
    t.rcvWscale = 0;
  } else {
    t.sndWscale = Math.min(o.wscale, 14);
  }
  const peerMss = o.mss ?? 536;
  t.mss = Math.max(64, Math.min(peerMss, t.advMss) - (o.ts ? TS_OPTION_LEN : 0));
  if (o.ts) t.tsRecent = o.ts.val;
  t.irs = seg.seq;
  t.rcvNxt = (seg.seq + 1) >>> 0;
  t.sndWnd = seg.window; // a SYN's window is never scaled
  t.sndWl1 = seg.seq;
  t.sndWl2 = seg.ack;
  ccInit(t);
}

/** §3.10.7.2 with Linux's accounting: backlog + 1 connections, later SYNs dropped silently (README §6). */
function listenInput(stack: NetStack, l: Tcb, pkt: Ipv4Packet, seg: TcpSegment): void {
  const f = seg.flags;
  if (f & TH_RST) return;
  if (f & TH_ACK) {
    tcpRstReply(stack, pkt, seg);
    return;
  }
  if (!(f & TH_SYN)) return;
  const ls = l.sock!;
  if (ls.acceptQueue.length + ls.synPending > ls.backlog) return;
  const c = ls.newChild(pkt.dst, pkt.src, seg.srcPort);
  takeSynOptions(c, seg);
  tcbFire(c, "RCV_SYN");
}

function synSentInput(t: Tcb, seg: TcpSegment): void {
  const f = seg.flags;
  if (f & TH_ACK && (seqLe(seg.ack, t.iss) || seqGt(seg.ack, t.sndNxt))) {
    if (!(f & TH_RST)) tcbFire(t, "RCV_UNACCEPTABLE_ACK");
    return;
  }
  if (f & TH_RST) {
    if (f & TH_ACK) tcbFire(t, "RCV_RST");
    return;
  }
  if (!(f & TH_SYN)) return;
  takeSynOptions(t, seg);
  if (f & TH_ACK) {
    t.sndUna = seg.ack;
    if (t.retries === 0) timerRttSample(t, t.world.now - t.rttStart);
    t.rttSeq = -1;
    timerAckedRtx(t);
    tcbFire(t, "RCV_SYN_ACK");
    tcpOutput(t);
  } else {
    tcbFire(t, "RCV_SYN"); // simultaneous open (§3.10.7.3 fourth)
  }
}

/** Is the segment acceptable (§3.10.7.4 first check's four cases)? */
function acceptable(t: Tcb, seq: number, segLen: number, wnd: number): boolean {
  if (segLen === 0) return wnd === 0 ? seq === t.rcvNxt : seqInWindow(seq, t.rcvNxt, wnd) || seq === t.rcvNxt;
  if (wnd === 0) return false;
  return seqInWindow(seq, t.rcvNxt, wnd) || seqInWindow((seq + segLen - 1) >>> 0, t.rcvNxt, wnd);
}

function synchronizedInput(t: Tcb, seg: TcpSegment): void {
  const f = seg.flags;
  let data = seg.data;
  const fin = (f & TH_FIN) !== 0;
  const segLen = data.length + (f & TH_SYN ? 1 : 0) + (fin ? 1 : 0);
  const wnd = t.rcvWindow();
  let seq = seg.seq;

  // TIME-WAIT: a retransmission of the peer's FIN (its ACK was lost) is ACKed again and
  // restarts the 2MSL timer (§3.10.7.4 eighth check; Linux tcp_timewait_state_process).
  if (t.state === "TIME_WAIT" && fin && !(f & TH_RST) && ((seq + data.length + 1) >>> 0) === t.rcvNxt) {
    tcbFire(t, "RCV_FIN");
    return;
  }
  // A retransmitted SYN while we are in SYN-RECEIVED means our SYN-ACK was lost:
  // send it again (Linux tcp_check_req → inet_rtx_syn_ack), rather than the bare
  // ACK an unacceptable segment gets, or the peer's connect() never completes.
  if (t.state === "SYN_RECEIVED" && f & TH_SYN && !(f & (TH_ACK | TH_RST)) && ((seq + 1) >>> 0) === t.rcvNxt) {
    tcpSendSyn(t, true);
    return;
  }
  // First: the sequence number.
  if (!acceptable(t, seq, segLen, wnd)) {
    if (wnd === 0 && seq === t.rcvNxt && f & TH_ACK) {
      data = data.subarray(0, 0); // a zero window still takes ACKs (§3.10.7.4)
    } else {
      if (!(f & TH_RST)) {
        t.ackNow = true;
        tcpSendAck(t);
      }
      return;
    }
  }
  if (seg.options.ts && seqLe(seq, t.rcvNxt)) t.tsRecent = seg.options.ts.val;

  // Second: RST. Only an exact match resets (RFC 5961 §3.2); others draw a challenge ACK.
  if (f & TH_RST) {
    if (seq === t.rcvNxt) {
      tcbFire(t, "RCV_RST");
      if (t.state === "LISTEN" && t.passive) t.parent?.dropChild(t); // a reset request sock is dropped
    } else tcpSendAck(t);
    return;
  }
  // Fourth: a SYN in a synchronized state is answered with a challenge ACK (RFC 5961 §4).
  if (f & TH_SYN) {
    tcpSendAck(t);
    return;
  }
  // Fifth: the ACK field.
  if (!(f & TH_ACK)) return;
  const ack = seg.ack;
  if (t.state === "SYN_RECEIVED") {
    if (seqLt(t.sndUna, ack) && seqLe(ack, t.sndMax)) {
      t.sndUna = ack;
      t.sndWnd = seg.window << t.sndWscale;
      t.sndWl1 = seq;
      t.sndWl2 = ack;
      timerAckedRtx(t);
      tcbFire(t, "RCV_ACK_OF_SYN");
    } else {
      tcbFire(t, "RCV_UNACCEPTABLE_ACK");
      return;
    }
  }
  if (t.state === "TIME_WAIT") {
    // Only a retransmitted FIN matters here: ACK it and restart the 2MSL timer.
    if (fin) tcbFire(t, "RCV_FIN");
    return;
  }
  if (!processAck(t, seg, ack)) return;
  const state0 = t.state;
  // Our FIN acknowledged: FIN-WAIT-1 → FIN-WAIT-2, CLOSING → TIME-WAIT, LAST-ACK → CLOSED.
  let finAckPending = false;
  if (t.finAcked && (state0 === "FIN_WAIT_1" || state0 === "CLOSING" || state0 === "LAST_ACK")) {
    const finInOrder = fin && ((seq + data.length) >>> 0) === t.rcvNxt;
    if (state0 === "FIN_WAIT_1" && finInOrder && data.length === 0) finAckPending = true;
    else tcbFire(t, "RCV_ACK_OF_FIN");
    const now = t.state as TcpState;
    if (now === "CLOSED" || now === "TIME_WAIT") return;
  }

  // Seventh: the segment text.
  let finReached = false;
  if (data.length > 0) {
    const s = t.state;
    if (s === "ESTABLISHED" || s === "FIN_WAIT_1" || s === "FIN_WAIT_2") {
      // Linux: data for a socket that can no longer read it (closed, or SHUT_RD after our FIN) resets.
      const sock = t.sock;
      if ((s === "FIN_WAIT_1" || s === "FIN_WAIT_2") && (sock === null || sock.shutdownBits & RCV_SHUTDOWN) && seqGt((seq + data.length) >>> 0, t.rcvNxt)) {
        if (sock) sock.soError = ECONNRESET;
        tcbFire(t, "ABORT");
        return;
      }
      finReached = receiveData(t, seq, data, fin);
      seq = (seq + data.length) >>> 0;
    }
  } else if (fin && seq === t.rcvNxt) {
    finReached = true;
  }

  // Eighth: FIN.
  if (finReached && !t.finRcvd) {
    const s = t.state;
    if (s === "ESTABLISHED" || s === "FIN_WAIT_1" || s === "FIN_WAIT_2") {
      t.rcvNxt = (t.rcvNxt + 1) >>> 0;
      t.finRcvd = true;
      t.ooo = null;
      tcbFire(t, s === "FIN_WAIT_1" && (finAckPending || t.finAcked) ? "RCV_FIN_ACK" : "RCV_FIN");
    }
  } else if (fin && t.finRcvd) {
    t.ackNow = true; // a retransmitted FIN: ACK it again
  }
  if (finAckPending && t.state === "FIN_WAIT_1") tcbFire(t, "RCV_ACK_OF_FIN");

  tcpOutput(t);
  if (t.ackNow) tcpSendAck(t);
  else if (t.pendingAcks > 0) timerDelack(t);
}

/** The fifth check's ACK processing for synchronized states; false = drop the segment. */
function processAck(t: Tcb, seg: TcpSegment, ack: number): boolean {
  if (seqGt(ack, t.sndMax)) {
    // An ACK of something not yet sent: ACK back, drop.
    t.ackNow = true;
    tcpSendAck(t);
    return false;
  }
  const win = seg.window << t.sndWscale;
  if (seqGt(ack, t.sndUna)) {
    const acked = (ack - t.sndUna) >>> 0;
    const dataAcked = Math.min(acked, t.sendQ.length);
    t.sendQ.drop(dataAcked);
    if (t.finSeq !== -1 && seqGt(ack, t.finSeq)) t.finAcked = true;
    t.sndUna = ack;
    if (seqLt(t.sndNxt, ack)) t.sndNxt = ack;
    if (t.rttSeq !== -1 && seqGt(ack, t.rttSeq)) {
      timerRttSample(t, t.world.now - t.rttStart);
      t.rttSeq = -1;
    }
    const wasRecovering = t.inRecovery;
    ccOnAck(t, acked);
    // NewReno (RFC 6582): a partial ACK during recovery retransmits the next hole.
    if (wasRecovering && t.inRecovery) tcpRetransmitFirst(t);
    t.dupAcks = 0;
    timerAckedRtx(t);
    // Like sk_stream_write_space: wake writers only if one found the buffer full (SOCK_NOSPACE).
    const sock = t.sock;
    if (dataAcked > 0 && sock !== null && sock.nospace && sock.writable()) {
      sock.nospace = false;
      sock.wq.notify(POLLOUT);
    }
  } else if (ack === t.sndUna && seg.data.length === 0 && !(seg.flags & TH_FIN) && win === t.sndWnd && t.sndMax !== t.sndUna) {
    t.dupAcks++;
    if (t.dupAcks === 3) {
      ccOnFastRetransmit(t);
      tcpRetransmitFirst(t);
    } else if (t.dupAcks > 3) ccOnDupAck(t);
  }
  // Window update (§3.10.7.4: SND.WL1 < SEG.SEQ, or equal and SND.WL2 =< SEG.ACK).
  if (seqLt(t.sndWl1, seg.seq) || (t.sndWl1 === seg.seq && seqLe(t.sndWl2, ack))) {
    const opened = win > t.sndWnd;
    t.sndWnd = win;
    t.sndWl1 = seg.seq;
    t.sndWl2 = ack;
    if (opened) t.persist = false;
  }
  return true;
}

/** Queues in-order bytes, keeps out-of-order ones; returns true when the peer's FIN is next in sequence. */
function receiveData(t: Tcb, seq: number, data: Uint8Array, fin: boolean): boolean {
  const wnd = t.rcvWindow();
  const off = (t.rcvNxt - seq) | 0;
  if (off > 0) {
    if (off >= data.length) {
      t.ackNow = true; // all old: a duplicate
      return fin && off === data.length;
    }
    data = data.subarray(off);
    seq = t.rcvNxt;
  }
  if (seq !== t.rcvNxt) {
    // Out of order: keep it (within the window) and send a duplicate ACK at once.
    const rel = (seq - t.rcvNxt) >>> 0;
    if (rel < wnd) {
      const take = Math.min(data.length, wnd - rel);
      (t.ooo ??= new Map()).set(seq, { data: data.subarray(0, take), fin: fin && take === data.length });
    }
    t.ackNow = true;
    return false;
  }
  const take = Math.min(data.length, wnd);
  let finNext = fin && take === data.length;
  if (take > 0) {
    t.rcvQ.push(take === data.length ? data : data.subarray(0, take));
    t.rcvNxt = (t.rcvNxt + take) >>> 0;
    t.pendingAcks++;
    if (take < data.length) t.ackNow = true;
  }
  if (t.ooo !== null && t.ooo.size > 0) {
    if (drainOoo(t)) finNext = true;
    t.ackNow = true; // filled a hole: ACK at once (RFC 5681 §4.2)
  }
  // Linux acks at least every second full-sized segment, and at once in quick-ACK mode;
  // otherwise the delayed-ACK timer.
  if (t.pendingAcks >= 2) t.ackNow = true;
  else if (t.quickAcks > 0 && !t.pingpong) {
    t.quickAcks--;
    t.ackNow = true;
  }
  t.lastDataRecv = t.world.now;
  t.sock?.wq.notify(POLLIN);
  return finNext;
}

/** Moves segments that have become contiguous into the receive queue; true if a FIN came with them. */
function drainOoo(t: Tcb): boolean {
  const ooo = t.ooo!;
  let progress = true;
  while (progress && ooo.size > 0) {
    progress = false;
    for (const [s, e] of ooo) {
      const off = (t.rcvNxt - s) | 0;
      if (off < 0) continue;
      ooo.delete(s);
      if (off < e.data.length) {
        const rest = e.data.subarray(off);
        t.rcvQ.push(rest);
        t.rcvNxt = (t.rcvNxt + rest.length) >>> 0;
        progress = true;
      }
      if (e.fin && off <= e.data.length) {
        ooo.clear();
        return true;
      }
      if (progress) break;
    }
  }
  return false;
}
