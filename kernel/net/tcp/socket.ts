// TCP sockets (Linux net/ipv4/af_inet.c + tcp.c): the user calls — bind,
// listen, accept, connect, send, recv, shutdown, close — over a TCB, with
// the errno rules measured in linux README §1-§7, §13 and §15-§17. Every
// state change goes through tcbFire (tcb.ts); this file only decides which
// event a call is.

import { EADDRINUSE, EADDRNOTAVAIL, EAFNOSUPPORT, EAGAIN, EALREADY, EINPROGRESS, EINVAL, EISCONN, ENOTCONN, EPIPE } from "../../uapi/errno.ts";
import { POLLERR, POLLHUP, POLLIN, POLLOUT, POLLRDHUP, POLLRDNORM, POLLWRNORM } from "../../uapi/eventpoll.ts";
import { AF_INET, IPPROTO_TCP, MSG_PEEK, SOCK_STREAM, SOMAXCONN, SHUT_RD, SHUT_RDWR, SHUT_WR } from "../../uapi/socket.ts";
import type { OpenFile } from "../../fs/file.ts";
import type { Process } from "../../proc/proc.ts";
import { endpointKey, LOOPBACK_IP, type NetStack } from "../ip.ts";
import {
  inAddr, RCV_SHUTDOWN, type Received, SEND_SHUTDOWN, SHUTDOWN_MASK, Socket, TCP_RMEM_DEFAULT, TCP_WMEM_DEFAULT, WMEM_MAX,
  type KAddr, type SockOptValue,
} from "../socket.ts";
import { Tcb, tcbFire, tcbFree, tcbOwnPort } from "./tcb.ts";
import { tcpOutput, tcpSendAck } from "./output.ts";
import { timerFinWait2, timerKeepalive } from "./timer.ts";
import { tcpGetOpt, tcpSetOpt } from "./options.ts";

const EMPTY = new Uint8Array(0);

export class TcpSocket extends Socket {
  tcb: Tcb;
  /** SS_CONNECTED: the connection was established once (connect() on it is EISCONN). */
  connected = false;
  /** Listener: completed connections waiting for accept(), and handshakes in progress. */
  readonly acceptQueue: TcpSocket[] = [];
  readonly pendingChildren = new Set<Tcb>();
  backlog = 0;
  /** A writer found the send buffer full (SOCK_NOSPACE): the next ACK that frees room wakes it. */
  nospace = false;

  constructor(stack: NetStack, ino: number, inherit?: TcpSocket) {
    super(stack, ino, AF_INET, SOCK_STREAM, IPPROTO_TCP, inherit?.rcvbuf ?? TCP_RMEM_DEFAULT, inherit?.sndbuf ?? TCP_WMEM_DEFAULT);
    this.tcb = new Tcb(stack, this);
    if (inherit) {
      // Accepted sockets inherit the listener's options (sk_clone_lock), sk_reuse included.
      this.reuse = this.tcb.reuse = inherit.reuse;
      this.keepalive = inherit.keepalive;
      this.rcvbufLocked = inherit.rcvbufLocked;
      this.sndbufLocked = inherit.sndbufLocked;
      this.linger = { ...inherit.linger };
      this.tcb.nodelay = inherit.tcb.nodelay;
    }
  }

  get synPending(): number {
    return this.pendingChildren.size;
  }

  get listening(): boolean {
    return this.tcb.state === "LISTEN";
  }

  protected override reuseChanged(): void {
    this.tcb.reuse = this.reuse;
  }

  protected override keepaliveChanged(): void {
    timerKeepalive(this.tcb);
  }

  // --- addresses -----------------------------------------------------------

  bind(addr: KAddr): number {
    if (addr.family !== AF_INET) return -EAFNOSUPPORT;
    const t = this.tcb;
    if (t.lport !== 0 || t.state !== "CLOSED") return -EINVAL;
    const st = this.stack;
    if (!st.isLocal(addr.ip)) return -EADDRNOTAVAIL;
    let port = addr.port;
    if (port === 0) {
      port = st.ephemeral.bindPort((p) => st.tcpPorts.bindConflict(p, addr.ip, this.reuse, null));
      if (port < 0) return -EADDRINUSE;
    } else if (st.tcpPorts.bindConflict(port, addr.ip, this.reuse, t)) {
      return -EADDRINUSE;
    }
    tcbOwnPort(t, port, addr.ip);
    t.lip = addr.ip;
    return 0;
  }

  getsockname(): KAddr {
    const t = this.tcb;
    return inAddr(t.lip, t.lport);
  }

  getpeername(): KAddr | number {
    const t = this.tcb;
    if (t.rport === 0 || t.state === "CLOSED" || t.state === "SYN_SENT" || t.state === "LISTEN") return -ENOTCONN;
    return inAddr(t.rip, t.rport);
  }

  // --- passive open ------------------------------------------------------------

  override listen(backlog: number): number {
    const t = this.tcb;
    if (this.connected || (t.state !== "CLOSED" && t.state !== "LISTEN")) return -EINVAL;
    const b = backlog < 0 || backlog > SOMAXCONN ? SOMAXCONN : backlog;
    if (t.state === "LISTEN") {
      this.backlog = b;
      return 0;
    }
    const st = this.stack;
    if (t.lport === 0) {
      // listen() on an unbound socket picks an ephemeral (odd) port on 0.0.0.0 (README §13).
      const port = st.ephemeral.bindPort((p) => st.tcpPorts.bindConflict(p, 0, this.reuse, null));
      if (port < 0) return -EADDRINUSE;
      tcbOwnPort(t, port, 0);
    } else if (st.tcpPorts.listenConflict(t.lport, t)) {
      return -EADDRINUSE;
    }
    this.backlog = b;
    tcbFire(t, "PASSIVE_OPEN");
    st.addListener(t);
    return 0;
  }

  /** A SYN for this listener: the request sock, cloned from the listener (inet_csk_clone_lock). */
  newChild(lip: number, rip: number, rport: number): Tcb {
    const st = this.stack;
    const w = st.world;
    const c = new TcpSocket(st, w.ino(), this);
    const ct = c.tcb;
    // The clone starts in its listener's state; its own first transition is LISTEN --RCV_SYN--> SYN-RECEIVED.
    ct.state = this.tcb.state;
    ct.passive = true;
    ct.parent = this;
    ct.lip = lip;
    ct.rip = rip;
    ct.rport = rport;
    tcbOwnPort(ct, this.tcb.lport, lip);
    ct.advMss = Math.min(st.mtuFor(rip), 65535) - 40;
    ct.iss = w.rand.u32();
    ct.sndUna = ct.sndNxt = ct.sndMax = ct.iss;
    ct.tsOffset = w.rand.u32();
    ct.rttStart = w.now;
    ct.lastRecv = w.now;
    st.tcpHash(ct);
    this.pendingChildren.add(ct);
    return ct;
  }

  /** The handshake of a child completed: it joins the accept queue. */
  childEstablished(ct: Tcb): void {
    this.pendingChildren.delete(ct);
    this.acceptQueue.push(ct.sock!);
    this.wq.notify(POLLIN);
  }

  /** A child's TCB is done (reset, timed out) before accept: a queued one stays acceptable (README §17). */
  childGone(ct: Tcb): void {
    if (this.pendingChildren.delete(ct)) {
      ct.sock = null;
      ct.parent = null;
    }
  }

  /** A child reset in SYN-RECEIVED went back to LISTEN: Linux drops the request. */
  dropChild(ct: Tcb): void {
    this.pendingChildren.delete(ct);
    ct.sock = null;
    ct.parent = null;
    tcbFree(ct);
  }

  override accept(): Socket | number {
    const r = this.acceptPeek();
    if (typeof r === "number") return r;
    this.acceptQueue.shift();
    (r as TcpSocket).tcb.parent = null;
    return r;
  }

  override acceptPeek(): Socket | number {
    if (this.tcb.state !== "LISTEN") return -EINVAL;
    return this.acceptQueue[0] ?? -EAGAIN;
  }

  // --- active open -------------------------------------------------------------

  /** Starts a connection: -EINPROGRESS once the SYN is out (the syscall layer waits), or -errno. */
  connect(addr: KAddr | null): number {
    const t = this.tcb;
    if (addr === null) {
      this.disconnect();
      return 0;
    }
    if (t.state === "LISTEN" || this.connected) return -EISCONN;
    if (t.state === "SYN_SENT" || t.state === "SYN_RECEIVED") return -EALREADY;
    if (this.soError) {
      // A failed non-blocking connect reports its error to the next connect (README §7).
      const e = this.takeError();
      this.disconnect();
      return -e;
    }
    if (addr.family !== AF_INET) return -EAFNOSUPPORT;
    if (this.shutdownBits !== 0 || t.rport !== 0) this.disconnect();
    const st = this.stack;
    const w = st.world;
    const nt = this.tcb;
    const dst = addr.ip === 0 ? LOOPBACK_IP : addr.ip;
    const dport = addr.port;
    if (nt.lport === 0) {
      const key = endpointKey(dst, dport);
      const port = st.ephemeral.connectPort(key, (p) => st.tcpPorts.connectUsable(p, key) && st.tcpLookup(p, dst, dport) === undefined);
      if (port < 0) return -EADDRNOTAVAIL;
      tcbOwnPort(nt, port, 0, key);
      nt.lip = st.sourceFor(dst);
    } else {
      if (st.tcpLookup(nt.lport, dst, dport) !== undefined) return -EADDRNOTAVAIL;
      nt.lip = nt.bindIp !== 0 ? nt.bindIp : st.sourceFor(dst);
    }
    nt.rip = dst;
    nt.rport = dport;
    nt.advMss = Math.min(st.mtuFor(dst), 65535) - 40;
    nt.mss = nt.advMss - 12;
    nt.iss = w.rand.u32();
    nt.sndUna = nt.sndNxt = nt.sndMax = nt.iss;
    nt.tsOffset = w.rand.u32();
    nt.rttStart = w.now;
    nt.lastRecv = w.now;
    st.tcpHash(nt);
    tcbFire(nt, "ACTIVE_OPEN");
    return -EINPROGRESS;
  }

  /** Linux tcp_disconnect: abort whatever is there and start over with a fresh TCB on the same port. */
  disconnect(): void {
    const old = this.tcb;
    if (old.state !== "CLOSED" && old.state !== "LISTEN") tcbFire(old, "ABORT");
    if (old.state === "LISTEN") this.stopListening();
    const nt = new Tcb(this.stack, this);
    nt.reuse = this.reuse;
    nt.nodelay = old.nodelay;
    nt.synRetries = old.synRetries;
    if (old.inPorts) {
      const autobound = old.connectKey >= 0;
      this.stack.tcpPorts.remove(old.lport, old);
      old.inPorts = false;
      tcbOwnPort(nt, old.lport, autobound ? 0 : old.bindIp, old.connectKey);
      // A failed connect resets the source address unless bind() fixed it (README §1).
      nt.lip = nt.bindIp;
    }
    old.sock = null;
    tcbFree(old);
    this.tcb = nt;
    this.connected = false;
    this.shutdownBits = 0;
    this.soError = 0;
    this.wq.notify(POLLOUT | POLLHUP);
  }

  /** SO_SNDBUF grows at establishment unless the user set it (tcp_sndbuf_expand; README §15). */
  growSndbuf(): void {
    if (this.sndbufLocked) return;
    let pow = 1;
    while (pow < this.tcb.mss + 1088) pow *= 2;
    const grown = Math.min(30 * (pow + 256), WMEM_MAX);
    if (grown > this.sndbuf) this.sndbuf = grown;
  }

  // --- data ----------------------------------------------------------------------

  sendmsg(data: Uint8Array, _flags: number, _to: KAddr | null): number {
    const t = this.tcb;
    const s = t.state;
    if (s === "SYN_SENT" || s === "SYN_RECEIVED") return this.soError ? -this.takeError() : -EAGAIN;
    if (s !== "ESTABLISHED" && s !== "CLOSE_WAIT") return this.soError ? -this.takeError() : -EPIPE;
    if (this.soError) return -this.takeError();
    if (this.shutdownBits & SEND_SHUTDOWN) return -EPIPE;
    if (data.length === 0) return 0;
    const space = this.sndbuf - t.sendQ.length;
    if (space <= 0) {
      this.nospace = true;
      return -EAGAIN;
    }
    const n = data.length < space ? data.length : space;
    t.sendQ.push(n === data.length ? data : data.subarray(0, n));
    tcpOutput(t);
    return n;
  }

  /** read(): recvmsg without flags, without the Received wrapper (the hot path of every TCP server). */
  override read(_f: OpenFile, count: number, _p: Process): Uint8Array | number {
    if (this.tcb.rcvQ.length > 0 && count > 0 && this.tcb.state !== "LISTEN") return this.take(count);
    const r = this.recvmsg(count, 0);
    return typeof r === "number" ? r : r.data;
  }

  recvmsg(count: number, flags: number): Received | number {
    const t = this.tcb;
    if (t.state === "LISTEN") return -ENOTCONN;
    const q = t.rcvQ;
    if (q.length > 0) {
      if (count === 0) return { data: EMPTY, from: null, full: 0 };
      const n = count < q.length ? count : q.length;
      return { data: flags & MSG_PEEK ? q.peek(0, n) : this.take(n), from: null, full: n };
    }
    // tcp_recvmsg's order: the peer's FIN (SOCK_DONE), then sk_err, then our shutdown, then CLOSE.
    if (t.finRcvd) return { data: EMPTY, from: null, full: 0 };
    if (this.soError) return -this.takeError();
    if (this.shutdownBits & RCV_SHUTDOWN) return { data: EMPTY, from: null, full: 0 };
    if (t.state === "CLOSED") return -ENOTCONN;
    if (count === 0) return { data: EMPTY, from: null, full: 0 };
    return -EAGAIN;
  }

  /** Takes up to `count` received bytes (there are some), then maybe updates the window. */
  private take(count: number): Uint8Array {
    const q = this.tcb.rcvQ;
    const data = q.shift(count < q.length ? count : q.length);
    this.windowUpdate();
    return data;
  }

  /** Reading opened the window a lot: tell the peer now (Linux __tcp_cleanup_rbuf). */
  private windowUpdate(): void {
    const t = this.tcb;
    const s = t.state;
    if (s !== "ESTABLISHED" && s !== "FIN_WAIT_1" && s !== "FIN_WAIT_2") return;
    const w = t.rcvWindow();
    if (w >= 2 * t.lastAdvWnd && w - t.lastAdvWnd >= t.advMss) tcpSendAck(t);
  }

  inq(): number {
    if (this.tcb.state === "LISTEN") return -EINVAL;
    return this.tcb.rcvQ.length;
  }

  shutdown(how: number): number {
    if (how !== SHUT_RD && how !== SHUT_WR && how !== SHUT_RDWR) return -EINVAL;
    const bits = how + 1; // SHUT_RD → RCV_SHUTDOWN, SHUT_WR → SEND_SHUTDOWN, SHUT_RDWR → both
    const t = this.tcb;
    switch (t.state) {
      case "CLOSED":
        this.shutdownBits |= bits;
        this.wq.notify(POLLHUP);
        return -ENOTCONN;
      case "LISTEN":
        // Shutting the receive side of a listener kills it: accept() then fails with EINVAL.
        if (bits & RCV_SHUTDOWN) this.stopListening(true);
        return 0;
      case "SYN_SENT":
        this.disconnect();
        return 0;
      default:
        break;
    }
    const had = this.shutdownBits;
    this.shutdownBits |= bits;
    if (bits & SEND_SHUTDOWN && !(had & SEND_SHUTDOWN)) {
      const s = t.state;
      if (s === "ESTABLISHED" || s === "CLOSE_WAIT" || s === "SYN_RECEIVED") tcbFire(t, "CLOSE");
    }
    this.wq.notify(POLLIN | POLLOUT | POLLRDHUP);
    return 0;
  }

  /** The listener closes: un-accepted connections are reset (inet_csk_listen_stop). */
  private stopListening(fire = false): void {
    const t = this.tcb;
    this.stack.removeListener(t);
    for (const ct of [...this.acceptQueue.map((c) => c.tcb), ...this.pendingChildren]) {
      ct.parent = null;
      ct.sock = null;
      if (ct.state === "CLOSED") tcbFree(ct);
      else tcbFire(ct, "ABORT");
    }
    this.acceptQueue.length = 0;
    this.pendingChildren.clear();
    if (fire && t.state === "LISTEN") tcbFire(t, "CLOSE");
    this.wq.notify(POLLIN | POLLHUP);
  }

  poll(_f: OpenFile): number {
    const t = this.tcb;
    const s = t.state;
    if (s === "LISTEN") return this.acceptQueue.length > 0 ? POLLIN | POLLRDNORM : 0;
    let m = 0;
    const sh = this.shutdownBits;
    if (sh === SHUTDOWN_MASK || s === "CLOSED") m |= POLLHUP;
    if (sh & RCV_SHUTDOWN) m |= POLLIN | POLLRDNORM | POLLRDHUP;
    if (s !== "SYN_SENT" && s !== "SYN_RECEIVED") {
      if (t.rcvQ.length > 0) m |= POLLIN | POLLRDNORM;
      if (sh & SEND_SHUTDOWN) m |= POLLOUT | POLLWRNORM;
      else {
        if (this.writable()) m |= POLLOUT | POLLWRNORM;
        else this.nospace = true;
      }
    }
    if (this.soError) m |= POLLERR;
    return m;
  }

  /** sk_stream_is_writeable: free space at least half of what is queued (README §7). */
  writable(): boolean {
    const queued = this.tcb.sendQ.length;
    return this.sndbuf > queued && this.sndbuf - queued >= queued >> 1;
  }

  /** The last descriptor closed (tcp_close): FIN, RST with unread data or SO_LINGER {1, 0}, or nothing. */
  release(_f: OpenFile): void {
    const t = this.tcb;
    this.shutdownBits = SHUTDOWN_MASK;
    switch (t.state) {
      case "CLOSED":
        t.sock = null;
        tcbFree(t);
        return;
      case "LISTEN":
        this.stopListening();
        t.sock = null;
        tcbFire(t, "CLOSE");
        return;
      case "SYN_SENT":
        t.sock = null;
        tcbFire(t, "CLOSE");
        return;
      case "FIN_WAIT_2":
        t.sock = null;
        timerFinWait2(t);
        return;
      case "FIN_WAIT_1": case "CLOSING": case "LAST_ACK": case "TIME_WAIT":
        t.sock = null;
        return;
      default: {
        const abort = t.rcvQ.length > 0 || (this.linger.l_onoff !== 0 && this.linger.l_linger === 0);
        t.sock = null;
        tcbFire(t, abort ? "ABORT" : "CLOSE");
      }
    }
  }

  // --- options (options.ts) ------------------------------------------------------

  protected override setProtoOpt(level: number, name: number, value: SockOptValue, optlen: number): number {
    return tcpSetOpt(this.tcb, level, name, value, optlen);
  }

  protected override getProtoOpt(level: number, name: number): SockOptValue {
    return tcpGetOpt(this.tcb, level, name);
  }
}
