// The transmission control block (RFC 9293 §3.3.1) and the one place a TCP
// state changes: tcbFire() looks the (state, event) pair up with tcpStep()
// — the table derived from the xstate machine in machine.ts — assigns the
// new state, traces it, and executes the listed actions in order. Sequence
// numbers, windows, timers and queues are plain fields; the data path in
// input.ts/output.ts reads and writes them directly.
//
// Simplifications, named: no SACK blocks (sackOK is advertised as Linux
// does, never used), no urgent data, no TCP Fast Open, no syncookies;
// retransmission is go-back-N from SND.UNA after a timeout.

import type { TimedEvent } from "../../clock.ts";
import { ECONNREFUSED, ECONNRESET, EPIPE, ETIMEDOUT } from "../../uapi/errno.ts";
import { POLLERR, POLLHUP, POLLIN, POLLOUT, POLLRDHUP } from "../../uapi/eventpoll.ts";
import { ByteQueue } from "../bytequeue.ts";
import type { NetStack } from "../ip.ts";
import type { PortOwner } from "../ports.ts";
import { endpointKey } from "../ip.ts";
import { SHUTDOWN_MASK } from "../socket.ts";
import { tcpStep, type TcpEventType, type TcpState } from "./machine.ts";
import { tcpOutput, tcpSendAck, tcpSendRst, tcpSendSyn } from "./output.ts";
import { timerCancelAll, timerFinWait2, timerTimeWait, INITIAL_RTO_NS, LazyTimer, TIMER_RTX, TIMER_DELACK, TIMER_KEEPALIVE } from "./timer.ts";
import { INFINITE_SSTHRESH } from "./congestion.ts";
import type { TcpSocket } from "./socket.ts";

export class Tcb implements PortOwner {
  state: TcpState = "CLOSED";
  /** Created by a listener (entered SYN-RECEIVED from LISTEN). */
  passive = false;
  /** The socket, or null once its last fd closed (an orphan, Linux's SOCK_DEAD). */
  sock: TcpSocket | null;
  /** The listener a passive TCB belongs to until accept() takes it. */
  parent: TcpSocket | null = null;

  lip = 0;
  lport = 0;
  rip = 0;
  rport = 0;
  /** Port-table ownership (PortOwner). */
  bindIp = 0;
  reuse = false;
  connectKey = -1;
  inPorts = false;
  hashed = false;
  /** The next TCB with the same port pair in the stack's demux table (ip.ts tcpConns). */
  hashNext: Tcb | null = null;

  // Send sequence space (RFC 9293 §3.3.1).
  iss = 0;
  sndUna = 0;
  sndNxt = 0;
  /** Highest sequence sent (SND.NXT before a go-back-N retransmission). */
  sndMax = 0;
  sndWnd = 0;
  sndWl1 = 0;
  sndWl2 = 0;
  /** The peer's window scale shift (0 until its SYN says otherwise). */
  sndWscale = 0;
  /** Bytes written and not yet acknowledged; the front is SND.UNA. */
  readonly sendQ = new ByteQueue(64);
  /** The user closed the sending side: a FIN follows the queued data. */
  finQueued = false;
  /** Sequence number of our FIN once placed (-1 before). */
  finSeq = -1;
  finAcked = false;
  /** Effective send MSS (the peer's MSS option minus our TCP options). */
  mss = 536;
  /** The MSS we advertise (route MTU - 40). */
  advMss = 1460;

  // Receive sequence space.
  irs = 0;
  rcvNxt = 0;
  rcvWscale = 7;
  readonly rcvQ = new ByteQueue(64);
  /** Out-of-order segments by sequence number. */
  ooo: Map<number, { data: Uint8Array; fin: boolean }> | null = null;
  finRcvd = false;
  /** Window we last advertised, in bytes. */
  lastAdvWnd = 0;

  // RFC 6298 retransmission timer.
  rto = INITIAL_RTO_NS;
  srtt = 0;
  rttvar = 0;
  retries = 0;
  rttSeq = -1;
  rttStart = 0;
  readonly rtx: LazyTimer;
  persist = false;

  // Congestion control (congestion.ts): visible for inspection.
  cwnd = 0;
  ssthresh = INFINITE_SSTHRESH;
  dupAcks = 0;
  recover = 0;
  inRecovery = false;

  // ACK policy.
  nodelay = false;
  /** Segments received and not yet acknowledged. */
  pendingAcks = 0;
  readonly delack: LazyTimer;
  /** Something arrived that must be acknowledged at once. */
  ackNow = false;
  /**
   * Linux's quick-ACK mode: a new connection ACKs its first segments at
   * once (TCP_MAX_QUICKACKS 16) until it sees it is interactive — it sends
   * data soon after receiving (pingpong) — and then delays ACKs to
   * piggyback them on its replies.
   */
  quickAcks = 16;
  pingpong = false;
  lastDataRecv = -1;

  // Keepalive (SO_KEEPALIVE, TCP_KEEPIDLE/INTVL/CNT), Linux defaults.
  keepIdleNs = 7200e9;
  keepIntvlNs = 75e9;
  keepCnt = 9;
  keepProbes = 0;
  lastRecv = 0;
  readonly ka: LazyTimer;
  /** TCP_SYNCNT / net.ipv4.tcp_syn_retries. */
  synRetries = 6;

  tsOffset = 0;
  tsRecent = 0;
  twEv: TimedEvent | null = null;
  /** State history for inspection (the TUI's connection view): a few entries per connection, always kept, so a view reached by replay shows the same path. */
  readonly stateChanges: Array<{ time: number; from: TcpState; event: TcpEventType; to: TcpState }> = [];
  fw2Ev: TimedEvent | null = null;

  constructor(readonly stack: NetStack, sock: TcpSocket | null) {
    this.sock = sock;
    const w = stack.net.world;
    this.rtx = new LazyTimer(w, this, TIMER_RTX);
    this.delack = new LazyTimer(w, this, TIMER_DELACK);
    this.ka = new LazyTimer(w, this, TIMER_KEEPALIVE);
    stack.tcbs.add(this);
  }

  get listening(): boolean {
    return this.state === "LISTEN";
  }

  get world() {
    return this.stack.net.world;
  }

  /** Receive window we can offer: half of SO_RCVBUF (tcp_adv_win_scale) less what is queued. */
  rcvWindow(): number {
    const space = (this.sock?.rcvbuf ?? 131072) >> 1;
    const w = space - this.rcvQ.length;
    return w > 0 ? w : 0;
  }

  /** ss's Send-Q: written but not acknowledged. */
  get sendQueued(): number {
    return this.sendQ.length;
  }

  /** ss's Recv-Q: received, not read (the peer's FIN counts one, as README §5 shows). */
  get recvQueued(): number {
    return this.rcvQ.length + (this.finRcvd && this.sock !== null ? 1 : 0);
  }
}

/** Every transition the kernel takes, for tests that check each machine edge is driven. */
export const tcpTransitionObservers: Array<(from: TcpState, event: TcpEventType, to: TcpState, passive: boolean) => void> = [];

/**
 * Fires `event` on the TCB: the machine says whether it is accepted and
 * what to do. Returns false (nothing done) when it is not accepted there.
 */
export function tcbFire(t: Tcb, event: TcpEventType): boolean {
  const step = tcpStep(t.state, event, t.passive);
  if (step === undefined) return false;
  const from = t.state;
  t.state = step.state;
  const w = t.world;
  w.trace.mix(-5);
  w.trace.mix(step.state.length * 256 + event.length);
  t.stateChanges.push({ time: w.now, from, event, to: step.state });
  for (const fn of tcpTransitionObservers) fn(from, event, step.state, t.passive);
  for (const a of step.actions) {
    switch (a) {
      case "sendSyn": tcpSendSyn(t, false); break;
      case "sendSynAck": tcpSendSyn(t, true); break;
      case "sendAck": t.ackNow = true; tcpSendAck(t); break;
      case "sendFin": t.finQueued = true; tcpOutput(t); break;
      case "sendRst": tcpSendRst(t); break;
      case "cancelTimers": timerCancelAll(t); break;
      case "startFinWait2Timer": if (t.sock === null) timerFinWait2(t); break;
      case "startTimeWait": timerTimeWait(t); break;
      case "signalConnected": signalConnected(t); break;
      case "signalRefused": setError(t, ECONNREFUSED); break;
      case "signalReset": setError(t, from === "CLOSE_WAIT" ? EPIPE : ECONNRESET); break;
      case "signalEof": signalEof(t); break;
      case "signalTimeout": setError(t, ETIMEDOUT); break;
      case "deleteTcb": tcbDone(t); break;
    }
  }
  return true;
}

function notify(t: Tcb, mask: number): void {
  t.sock?.wq.notify(mask);
}

function signalConnected(t: Tcb): void {
  const s = t.sock;
  if (s) {
    s.connected = true;
    s.growSndbuf();
  }
  if (t.passive && t.parent) {
    // Linux: the child joins its listener's accept queue (inet_csk_reqsk_queue_add).
    t.parent.childEstablished(t);
    return;
  }
  notify(t, POLLOUT);
}

function signalEof(t: Tcb): void {
  const s = t.sock;
  if (s) s.shutdownBits |= 1;
  notify(t, POLLIN | POLLRDHUP);
}

function setError(t: Tcb, err: number): void {
  const s = t.sock;
  if (s) s.soError = err;
  notify(t, POLLERR | POLLHUP | POLLIN | POLLOUT);
}

/** Linux's tcp_done: the connection is over; queues are purged, the socket reads as shut down. */
function tcbDone(t: Tcb): void {
  t.stack.tcpUnhash(t);
  if (t.parent && t.passive) t.parent.childGone(t);
  t.sendQ.clear();
  t.ooo = null;
  const s = t.sock;
  if (s) {
    s.shutdownBits = SHUTDOWN_MASK;
    s.wq.notify(POLLIN | POLLOUT | POLLHUP);
  } else {
    tcbFree(t);
  }
}

/** Forgets the TCB entirely: demux, listeners, port ownership. Only for orphans in CLOSED. */
export function tcbFree(t: Tcb): void {
  timerCancelAll(t);
  if (t.twEv) t.twEv.cancelled = true;
  t.stack.tcpUnhash(t);
  t.stack.removeListener(t);
  if (t.inPorts) {
    t.stack.tcpPorts.remove(t.lport, t);
    t.inPorts = false;
  }
  t.stack.tcbs.delete(t);
}

/** Takes the port for this TCB (bind, autobind or accepted child). */
export function tcbOwnPort(t: Tcb, port: number, ip: number, connectKey = -1): void {
  t.lport = port;
  t.bindIp = ip;
  t.connectKey = connectKey;
  t.stack.tcpPorts.add(port, t);
  t.inPorts = true;
}

export { endpointKey };
