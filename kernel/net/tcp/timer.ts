// TCP timers (Linux tcp_timer.c): retransmission per RFC 6298 with Linux's
// bounds (initial RTO 1 s, minimum 200 ms, maximum 120 s) and exponential
// backoff, giving up after tcp_syn_retries (6: the SYN is sent at 0, 1, 3,
// 7, 15, 31, 63 s and connect() fails with ETIMEDOUT at 127 s),
// tcp_synack_retries (5) or tcp_retries2 (15); the zero-window persist
// probe; the 40 ms delayed ACK (TCP_DELACK_MIN); keepalive; TIME-WAIT's
// fixed 60 s (TCP_TIMEWAIT_LEN) and the orphaned FIN-WAIT-2 timeout
// (tcp_fin_timeout, 60 s).
//
// A timer is one pending event at most: re-arming later keeps the event
// and it re-schedules itself when it fires early, so an ACK that restarts
// the RTO costs no event.

import { MS, SEC, type TimedEvent } from "../../clock.ts";
import type { World } from "../../world.ts";
import type { Tcb } from "./tcb.ts";
import { tcbFire } from "./tcb.ts";
import { tcpOutput, tcpSendAck, tcpSendProbe, tcpSendSyn } from "./output.ts";
import { ccOnTimeout } from "./congestion.ts";

export const INITIAL_RTO_NS = 1 * SEC;
export const RTO_MIN_NS = 200 * MS;
export const RTO_MAX_NS = 120 * SEC;
export const DELACK_NS = 40 * MS;
export const TIME_WAIT_NS = 60 * SEC;
export const FIN_TIMEOUT_NS = 60 * SEC;
export const TCP_RETRIES2 = 15;
export const TCP_SYNACK_RETRIES = 5;

/** Which of a connection's timers a LazyTimer is. */
export const TIMER_RTX = 0, TIMER_DELACK = 1, TIMER_KEEPALIVE = 2;
export type TimerKind = typeof TIMER_RTX | typeof TIMER_DELACK | typeof TIMER_KEEPALIVE;

/** A deadline with at most one event behind it. */
export class LazyTimer {
  /** Absolute deadline, 0 when not armed. */
  at = 0;
  private ev: TimedEvent | null = null;
  private evAt = 0;

  /** EXPIRED[kind](target) runs when the deadline passes (an index, so the timer holds no function). */
  constructor(private readonly world: World, private readonly target: Tcb, private readonly kind: TimerKind) {}

  get armed(): boolean {
    return this.at !== 0;
  }

  arm(at: number): void {
    this.at = at;
    if (this.ev === null || this.evAt > at) {
      if (this.ev) this.ev.cancelled = true;
      this.schedule(at);
    }
  }

  cancel(): void {
    this.at = 0;
  }

  private schedule(at: number): void {
    this.evAt = at;
    this.ev = this.world.events.push(at, "tcp-timer", this);
  }

  /** The event fired (clock.ts Action). */
  run(): void {
    this.ev = null;
    if (this.at === 0) return;
    if (this.world.now < this.at) {
      this.schedule(this.at);
      return;
    }
    this.at = 0;
    EXPIRED[this.kind](this.target);
  }
}

/** Starts the retransmission (or persist) timer if it is not running (RFC 6298 §5.1). */
export function timerArmRtx(t: Tcb, persist = false): void {
  if (t.rtx.armed && t.persist === persist) return;
  t.persist = persist;
  t.rtx.arm(t.world.now + t.rto);
}

/** New data was acknowledged (RFC 6298 §5.2-5.3): restart, or stop when nothing is outstanding. */
export function timerAckedRtx(t: Tcb): void {
  t.retries = 0;
  t.persist = false;
  if (t.sndMax === t.sndUna) t.rtx.cancel();
  else t.rtx.arm(t.world.now + t.rto);
}

/** An RTT measurement (RFC 6298 §2), with Linux's floor on the variance term. */
export function timerRttSample(t: Tcb, r: number): void {
  if (t.srtt === 0) {
    t.srtt = r;
    t.rttvar = r / 2;
  } else {
    t.rttvar = 0.75 * t.rttvar + 0.25 * Math.abs(t.srtt - r);
    t.srtt = 0.875 * t.srtt + 0.125 * r;
  }
  const rto = Math.round(t.srtt + Math.max(4 * t.rttvar, RTO_MIN_NS));
  t.rto = Math.min(RTO_MAX_NS, Math.max(RTO_MIN_NS, rto));
}

export function rtxTimeout(t: Tcb): void {
  if (t.persist) {
    t.persist = false;
    if (t.sndWnd > 0) tcpOutput(t);
    else {
      tcpSendProbe(t);
      t.rto = Math.min(t.rto * 2, RTO_MAX_NS);
      timerArmRtx(t, true);
    }
    return;
  }
  const s = t.state;
  const limit = s === "SYN_SENT" ? t.synRetries : s === "SYN_RECEIVED" ? TCP_SYNACK_RETRIES : TCP_RETRIES2;
  if (s !== "SYN_SENT" && s !== "SYN_RECEIVED" && t.sndMax === t.sndUna) return;
  if (t.retries >= limit) {
    tcbFire(t, "TIMEOUT_RETRANSMIT_EXHAUSTED");
    return;
  }
  t.retries++;
  t.rto = Math.min(t.rto * 2, RTO_MAX_NS);
  t.rttSeq = -1;
  if (s === "SYN_SENT" || s === "SYN_RECEIVED") {
    tcpSendSyn(t, s === "SYN_RECEIVED");
    return;
  }
  // Go back N: resend from SND.UNA with a one-segment window.
  ccOnTimeout(t);
  t.dupAcks = 0;
  t.sndNxt = t.sndUna;
  tcpOutput(t);
  timerArmRtx(t);
}

/** Delays the ACK of received data by up to 40 ms. */
export function timerDelack(t: Tcb): void {
  if (!t.delack.armed) t.delack.arm(t.world.now + DELACK_NS);
}

export function timerCancelDelack(t: Tcb): void {
  t.delack.cancel();
}

export function delackTimeout(t: Tcb): void {
  if (t.pendingAcks > 0 && t.state !== "CLOSED" && t.state !== "LISTEN" && t.state !== "SYN_SENT") tcpSendAck(t);
}

/** (Re)starts keepalive when SO_KEEPALIVE is on and the connection is synchronized. */
export function timerKeepalive(t: Tcb): void {
  if (!t.sock?.keepalive) {
    t.ka.cancel();
    return;
  }
  t.ka.arm(t.lastRecv + t.keepIdleNs);
}

export function keepaliveTimeout(t: Tcb): void {
  const s = t.state;
  if (!t.sock?.keepalive || (s !== "ESTABLISHED" && s !== "CLOSE_WAIT" && s !== "FIN_WAIT_2")) return;
  const now = t.world.now;
  const idle = now - t.lastRecv;
  if (t.keepProbes === 0 && idle < t.keepIdleNs) {
    t.ka.arm(t.lastRecv + t.keepIdleNs);
    return;
  }
  if (t.keepProbes >= t.keepCnt) {
    tcbFire(t, "TIMEOUT_RETRANSMIT_EXHAUSTED");
    return;
  }
  t.keepProbes++;
  tcpSendProbe(t);
  t.ka.arm(now + t.keepIntvlNs);
}

export function timerTimeWait(t: Tcb): void {
  if (t.twEv) t.twEv.cancelled = true;
  t.twEv = t.world.events.push(t.world.now + TIME_WAIT_NS, "tcp-timewait", new TimeWaitDone(t));
}

class TimeWaitDone {
  constructor(private readonly t: Tcb) {}
  run(): void {
    const t = this.t;
    t.twEv = null;
    if (t.state === "TIME_WAIT") tcbFire(t, "TIMEOUT_2MSL");
  }
}

export function timerFinWait2(t: Tcb): void {
  if (t.fw2Ev) t.fw2Ev.cancelled = true;
  t.fw2Ev = t.world.events.push(t.world.now + FIN_TIMEOUT_NS, "tcp-finwait2", new FinWait2Done(t));
}

class FinWait2Done {
  constructor(private readonly t: Tcb) {}
  run(): void {
    const t = this.t;
    t.fw2Ev = null;
    if (t.state === "FIN_WAIT_2" && t.sock === null) tcbFire(t, "TIMEOUT_FIN_WAIT_2");
  }
}

export function timerCancelAll(t: Tcb): void {
  t.rtx.cancel();
  t.delack.cancel();
  t.ka.cancel();
  if (t.fw2Ev) {
    t.fw2Ev.cancelled = true;
    t.fw2Ev = null;
  }
  if (t.twEv) {
    t.twEv.cancelled = true;
    t.twEv = null;
  }
}

/** What each timer does when it expires, by TimerKind. */
const EXPIRED: ReadonlyArray<(t: Tcb) => void> = [rtxTimeout, delackTimeout, keepaliveTimeout];
