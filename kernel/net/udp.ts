// UDP (Linux net/ipv4/udp.c) as linux README §14 measures it: datagram
// boundaries kept, a short read discards the rest (MSG_TRUNC reports the
// real length), FIONREAD is the size of the next datagram, a zero-length
// datagram reads as 0, 65507 bytes at most. An ICMP port unreachable
// reaches only a *connected* socket, as a one-shot ECONNREFUSED on its
// next call; unconnected sockets never see it.
// A datagram larger than the route's MTU leaves in IP fragments and is
// reassembled by the receiving host (ipfrag.ts).

import { ECONNREFUSED, EADDRINUSE, EADDRNOTAVAIL, EAFNOSUPPORT, EAGAIN, EDESTADDRREQ, EINVAL, EMSGSIZE, ENOTCONN, EOPNOTSUPP, EPIPE } from "../uapi/errno.ts";
import { POLLERR, POLLHUP, POLLIN, POLLOUT, POLLRDHUP, POLLRDNORM, POLLWRNORM } from "../uapi/eventpoll.ts";
import { AF_INET, IPPROTO_TCP, IPPROTO_UDP as UDP_PROTO, MSG_PEEK, SHUT_RD, SHUT_RDWR, SHUT_WR, SOCK_DGRAM } from "../uapi/socket.ts";
import type { OpenFile } from "../fs/file.ts";
import { IPPROTO_ICMP, IPPROTO_UDP, type IcmpMessage, type Ipv4Packet, type UdpDatagram } from "./packet.ts";
import { endpointKey, LOOPBACK_IP, type NetStack } from "./ip.ts";
import type { PortOwner } from "./ports.ts";
import {
  inAddr, RCV_SHUTDOWN, RMEM_DEFAULT, SEND_SHUTDOWN, SHUTDOWN_MASK, Socket, WMEM_DEFAULT,
  type KAddr, type Received, type SockOptValue,
} from "./socket.ts";

/** 65535 - 20 (IP header) - 8 (UDP header). */
export const UDP_MAX_PAYLOAD = 65507;

interface Datagram {
  data: Uint8Array;
  from: KAddr;
}

export class UdpSocket extends Socket implements PortOwner {
  lip = 0;
  lport = 0;
  bindIp = 0;
  connectKey = -1;
  rip = 0;
  rport = 0;
  isConnected = false;
  private readonly queue: Datagram[] = [];
  private queued = 0;
  private bound = false;

  constructor(stack: NetStack, ino: number) {
    super(stack, ino, AF_INET, SOCK_DGRAM, UDP_PROTO, RMEM_DEFAULT, WMEM_DEFAULT);
  }

  get listening(): boolean {
    return false;
  }

  bind(addr: KAddr): number {
    if (addr.family !== AF_INET) return -EAFNOSUPPORT;
    if (this.bound) return -EINVAL;
    if (!this.stack.isLocal(addr.ip)) return -EADDRNOTAVAIL;
    return this.take(addr.ip, addr.port);
  }

  private take(ip: number, port: number): number {
    const st = this.stack;
    if (port === 0) {
      port = st.ephemeral.bindPort((p) => st.udpPorts.bindConflict(p, ip, this.reuse, null));
      if (port < 0) return -EADDRINUSE;
    } else if (st.udpPorts.bindConflict(port, ip, this.reuse, this)) {
      return -EADDRINUSE;
    }
    this.bindIp = ip;
    this.lip = ip;
    this.lport = port;
    this.bound = true;
    st.udpPorts.add(port, this);
    const l = st.udpSockets.get(port);
    if (l) l.push(this);
    else st.udpSockets.set(port, [this]);
    return 0;
  }

  private autobind(): number {
    return this.bound ? 0 : this.take(0, 0);
  }

  connect(addr: KAddr | null): number {
    if (addr === null) {
      // connect(AF_UNSPEC) dissolves the association (README §14).
      this.isConnected = false;
      this.rip = 0;
      this.rport = 0;
      this.lip = this.bindIp;
      return 0;
    }
    if (addr.family !== AF_INET) return -EAFNOSUPPORT;
    const r = this.autobind();
    if (r < 0) return r;
    const dst = addr.ip === 0 ? LOOPBACK_IP : addr.ip;
    this.rip = dst;
    this.rport = addr.port;
    this.isConnected = true;
    if (this.bindIp === 0) this.lip = this.stack.sourceFor(dst);
    return 0;
  }

  getsockname(): KAddr {
    return inAddr(this.lip, this.lport);
  }

  getpeername(): KAddr | number {
    return this.isConnected ? inAddr(this.rip, this.rport) : -ENOTCONN;
  }

  sendmsg(data: Uint8Array, _flags: number, to: KAddr | null): number {
    if (this.soError) return -this.takeError();
    if (this.shutdownBits & SEND_SHUTDOWN) return -EPIPE;
    let dst: number, dport: number;
    if (to !== null) {
      if (to.family !== AF_INET) return -EAFNOSUPPORT;
      dst = to.ip === 0 ? LOOPBACK_IP : to.ip;
      dport = to.port;
    } else if (this.isConnected) {
      dst = this.rip;
      dport = this.rport;
    } else {
      return -EDESTADDRREQ;
    }
    if (data.length > UDP_MAX_PAYLOAD) return -EMSGSIZE;
    const r = this.autobind();
    if (r < 0) return r;
    const st = this.stack;
    const src = this.bindIp !== 0 ? this.bindIp : st.sourceFor(dst);
    const body: UdpDatagram = { proto: IPPROTO_UDP, srcPort: this.lport, dstPort: dport, data: data.slice() };
    st.output({ src, dst, id: st.nextIpId(), ttl: 64, df: true, body });
    return data.length;
  }

  recvmsg(count: number, flags: number): Received | number {
    const d = this.queue[0];
    if (d !== undefined) {
      const n = Math.min(count, d.data.length);
      if (!(flags & MSG_PEEK)) {
        this.queue.shift();
        this.queued -= d.data.length;
      }
      return { data: d.data.slice(0, n), from: d.from, full: d.data.length };
    }
    if (this.soError) return -this.takeError();
    return -EAGAIN;
  }

  inq(): number {
    return this.queue[0]?.data.length ?? 0;
  }

  shutdown(how: number): number {
    if (how !== SHUT_RD && how !== SHUT_WR && how !== SHUT_RDWR) return -EINVAL;
    this.shutdownBits |= how + 1;
    this.wq.notify(POLLIN | POLLOUT | POLLHUP);
    return this.isConnected ? 0 : -ENOTCONN;
  }

  /** A datagram for this socket: queued unless the receive buffer is full. */
  deliver(from: KAddr, data: Uint8Array): void {
    if (this.queued + data.length > this.rcvbuf) return;
    this.queue.push({ data, from });
    this.queued += data.length;
    this.wq.notify(POLLIN);
  }

  /** Accepts datagrams from `ip:port`: a connected socket takes only its peer's. */
  accepts(dst: number, ip: number, port: number): boolean {
    if (this.bindIp !== 0 && this.bindIp !== dst) return false;
    return !this.isConnected || (this.rip === ip && this.rport === port);
  }

  poll(_f: OpenFile): number {
    let m = POLLOUT | POLLWRNORM;
    if (this.queue.length > 0) m |= POLLIN | POLLRDNORM;
    if (this.shutdownBits & RCV_SHUTDOWN) m |= POLLIN | POLLRDNORM | POLLRDHUP;
    if (this.shutdownBits === SHUTDOWN_MASK) m |= POLLHUP;
    if (this.soError) m |= POLLERR;
    return m;
  }

  release(_f: OpenFile): void {
    if (!this.bound) return;
    const st = this.stack;
    st.udpPorts.remove(this.lport, this);
    const l = st.udpSockets.get(this.lport);
    if (l) {
      const i = l.indexOf(this);
      if (i >= 0) l.splice(i, 1);
      if (l.length === 0) st.udpSockets.delete(this.lport);
    }
    this.bound = false;
  }

  protected override setProtoOpt(level: number, _name: number, _value: SockOptValue, _optlen: number): number {
    return level === IPPROTO_TCP ? -EOPNOTSUPP : -92; // ENOPROTOOPT
  }

  protected override getProtoOpt(level: number, _name: number): SockOptValue {
    return level === IPPROTO_TCP ? -EOPNOTSUPP : -92;
  }
}

export function udpInput(stack: NetStack, pkt: Ipv4Packet, d: UdpDatagram): void {
  const l = stack.udpSockets.get(d.dstPort);
  let target: UdpSocket | undefined;
  if (l) {
    // The best match: a socket connected to this sender, else any that accepts it.
    for (const s of l) {
      if (!s.accepts(pkt.dst, pkt.src, d.srcPort)) continue;
      if (s.isConnected) {
        target = s;
        break;
      }
      target ??= s;
    }
    if (target === undefined) return; // only connected sockets, to someone else: dropped silently
  }
  if (target === undefined) {
    // Nobody bound: ICMP port unreachable (RFC 1122 §4.1.3.1).
    const icmp: IcmpMessage = { proto: IPPROTO_ICMP, type: 3, code: 3, quoted: pkt };
    stack.output({ src: pkt.dst, dst: pkt.src, id: stack.nextIpId(), ttl: 64, df: false, body: icmp });
    return;
  }
  target.deliver(inAddr(pkt.src, d.srcPort), d.data);
}

/** ICMP port unreachable: ECONNREFUSED for the connected socket that sent the datagram. */
export function udpIcmpError(stack: NetStack, m: IcmpMessage): void {
  if (m.type !== 3) return;
  const q = m.quoted;
  const b = q.body;
  if (b.proto !== IPPROTO_UDP) return;
  const l = stack.udpSockets.get(b.srcPort);
  if (!l) return;
  for (const s of l) {
    if (s.isConnected && s.rip === q.dst && s.rport === b.dstPort) {
      s.soError = ECONNREFUSED;
      s.wq.notify(POLLERR);
      return;
    }
  }
}

export { endpointKey };
