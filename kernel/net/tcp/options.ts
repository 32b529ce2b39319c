// TCP-level socket options (Linux tcp_setsockopt/tcp_getsockopt): TCP_NODELAY
// (Nagle off; pending data goes out at once), TCP_MAXSEG, the keepalive
// timings, TCP_SYNCNT (tcp_syn_retries per socket), and TCP_INFO with the
// fields a course looks at: state, RTO, MSS, RTT, cwnd and ssthresh.

import { EINVAL, ENOPROTOOPT } from "../../uapi/errno.ts";
import {
  IPPROTO_TCP, TCP_CORK, TCP_INFO, TCP_KEEPCNT, TCP_KEEPIDLE, TCP_KEEPINTVL, TCP_MAXSEG, TCP_NODELAY, TCP_QUICKACK, TCP_SYNCNT, TCP_USER_TIMEOUT,
} from "../../uapi/socket.ts";
import type { SockOptValue } from "../socket.ts";
import type { Tcb } from "./tcb.ts";
import { tcpOutput } from "./output.ts";
import { timerKeepalive } from "./timer.ts";
import { tcpLinuxStateNumber } from "./machine.ts";

/** setsockopt(IPPROTO_TCP, ...). */
export function tcpSetOpt(t: Tcb, level: number, name: number, value: SockOptValue, optlen: number): number {
  if (level !== IPPROTO_TCP) return -ENOPROTOOPT;
  if (optlen < 4 || typeof value !== "number") return -EINVAL;
  const v = value | 0;
  switch (name) {
    case TCP_NODELAY:
      t.nodelay = v !== 0;
      if (t.nodelay) tcpOutput(t);
      return 0;
    case TCP_MAXSEG:
      if (v !== 0 && (v < 88 || v > 32767)) return -EINVAL;
      if (v !== 0) t.advMss = Math.min(t.advMss, v);
      return 0;
    case TCP_KEEPIDLE: if (v < 1 || v > 32767) return -EINVAL; t.keepIdleNs = v * 1e9; timerKeepalive(t); return 0;
    case TCP_KEEPINTVL: if (v < 1 || v > 32767) return -EINVAL; t.keepIntvlNs = v * 1e9; return 0;
    case TCP_KEEPCNT: if (v < 1 || v > 127) return -EINVAL; t.keepCnt = v; return 0;
    case TCP_SYNCNT: if (v < 1 || v > 127) return -EINVAL; t.synRetries = v; return 0;
    case TCP_QUICKACK: case TCP_USER_TIMEOUT: case TCP_CORK: return 0;
    default: return -ENOPROTOOPT;
  }
}

/** getsockopt(IPPROTO_TCP, ...). */
export function tcpGetOpt(t: Tcb, level: number, name: number): SockOptValue {
  if (level !== IPPROTO_TCP) return -ENOPROTOOPT;
  switch (name) {
    case TCP_NODELAY: return t.nodelay ? 1 : 0;
    case TCP_MAXSEG: return t.state === "CLOSED" || t.state === "LISTEN" ? 536 : t.mss;
    case TCP_KEEPIDLE: return t.keepIdleNs / 1e9;
    case TCP_KEEPINTVL: return t.keepIntvlNs / 1e9;
    case TCP_KEEPCNT: return t.keepCnt;
    case TCP_SYNCNT: return t.synRetries;
    case TCP_INFO: return tcpInfo(t);
    case TCP_QUICKACK: return 1;
    default: return -ENOPROTOOPT;
  }
}

/** struct tcp_info, the fields a course looks at (times in µs, windows in segments). */
export interface TcpInfo {
  tcpi_state: number;
  tcpi_retransmits: number;
  tcpi_rto: number;
  tcpi_snd_mss: number;
  tcpi_rcv_mss: number;
  tcpi_rtt: number;
  tcpi_rttvar: number;
  tcpi_snd_ssthresh: number;
  tcpi_snd_cwnd: number;
  tcpi_unacked: number;
}

export function tcpInfo(t: Tcb): TcpInfo {
  return {
    // Linux hands TIME-WAIT to a separate timewait sock; the socket an fd still holds reads CLOSE (README §5).
    tcpi_state: tcpLinuxStateNumber[t.state === "TIME_WAIT" ? "CLOSED" : t.state],
    tcpi_retransmits: t.retries,
    tcpi_rto: Math.round(t.rto / 1000),
    tcpi_snd_mss: t.mss,
    tcpi_rcv_mss: t.mss,
    tcpi_rtt: Math.round(t.srtt / 1000),
    tcpi_rttvar: Math.round(t.rttvar / 1000),
    tcpi_snd_ssthresh: t.ssthresh >= 0x7fffffff ? 0x7fffffff : Math.floor(t.ssthresh / t.mss),
    tcpi_snd_cwnd: Math.floor(t.cwnd / t.mss),
    tcpi_unacked: (t.sndMax - t.sndUna) >>> 0,
  };
}
