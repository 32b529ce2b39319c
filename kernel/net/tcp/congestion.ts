// Reno congestion control (RFC 5681) with Linux's initial window of 10
// segments (RFC 6928) and NewReno's recovery point (RFC 6582), kept small
// and visible: cwnd and ssthresh are plain fields of the TCB, in bytes.

import type { Tcb } from "./tcb.ts";

/** RFC 6928 / Linux TCP_INIT_CWND. */
export const INIT_CWND_SEGMENTS = 10;
export const INFINITE_SSTHRESH = 0x7fffffff;

export function ccInit(t: Tcb): void {
  t.cwnd = INIT_CWND_SEGMENTS * t.mss;
  t.ssthresh = INFINITE_SSTHRESH;
}

/** New data acknowledged (RFC 5681 §3.1): slow start below ssthresh, then +1 MSS per RTT. */
export function ccOnAck(t: Tcb, acked: number): void {
  if (t.inRecovery) {
    // RFC 6582: a full ACK ends recovery and deflates the window.
    if (((t.sndUna - t.recover) | 0) >= 0) {
      t.inRecovery = false;
      t.cwnd = t.ssthresh;
    } else {
      t.cwnd = Math.max(t.mss, t.cwnd - acked + t.mss);
    }
    return;
  }
  if (t.cwnd < t.ssthresh) t.cwnd += Math.min(acked, t.mss);
  else t.cwnd += Math.max(1, Math.floor((t.mss * t.mss) / t.cwnd));
}

/** Third duplicate ACK (RFC 5681 §3.2): halve, retransmit, inflate by the three segments that left. */
export function ccOnFastRetransmit(t: Tcb): void {
  const flight = (t.sndMax - t.sndUna) >>> 0;
  t.ssthresh = Math.max(Math.floor(flight / 2), 2 * t.mss);
  t.cwnd = t.ssthresh + 3 * t.mss;
  t.recover = t.sndMax;
  t.inRecovery = true;
}

/** Each further duplicate ACK during recovery: one more segment left the network. */
export function ccOnDupAck(t: Tcb): void {
  if (t.inRecovery) t.cwnd += t.mss;
}

/** Retransmission timeout (RFC 5681 §3.1 eq. 4): ssthresh = flight/2, cwnd = one segment. */
export function ccOnTimeout(t: Tcb): void {
  const flight = (t.sndMax - t.sndUna) >>> 0;
  t.ssthresh = Math.max(Math.floor(flight / 2), 2 * t.mss);
  t.cwnd = t.mss;
  t.inRecovery = false;
}
