// One host's IP layer (Linux's ip_rcv / ip_queue_xmit, turmoil's Host):
// its addresses (127.0.0.1 on loopback, its own on the switch), the
// demultiplexing tables of TCP, UDP and AF_UNIX, the port tables and
// ephemeral ports. Lookups are Maps keyed by port and remote endpoint,
// never a scan over every socket.

import type { Host } from "../host.ts";
import { IPPROTO_ICMP, IPPROTO_TCP, IPPROTO_UDP, type Ipv4Packet, type TcpSegment } from "./packet.ts";
import { ipv4Length } from "./pcap.ts";
import { fragment, Reassembly } from "./ipfrag.ts";
import type { Network } from "./fabric.ts";
import { Ephemeral, PortTable } from "./ports.ts";
import { LOOPBACK_MTU } from "./link.ts";
import type { Tcb } from "./tcp/tcb.ts";
import { tcpInput } from "./tcp/input.ts";
import { udpInput, udpIcmpError, type UdpSocket } from "./udp.ts";
import type { UnixSocket } from "./unix.ts";
import { netstat, type SocketRow } from "./netstat.ts";

export const LOOPBACK_IP = 0x7f000001;

/** remote endpoint key: ip * 65536 + port (fits in 48 bits). */
export function endpointKey(ip: number, port: number): number {
  return ip * 65536 + port;
}

/** The TCP demux key of a (remote port, local port) pair: one 32-bit integer, a V8 small integer. */
function portPairKey(rport: number, lport: number): number {
  return (rport << 16) | lport;
}

export class NetStack {
  readonly ip: number;
  private ipId: number;
  readonly ephemeral: Ephemeral;
  readonly tcpPorts = new PortTable();
  readonly udpPorts = new PortTable();
  /**
   * Established-ish TCBs by (remote port, local port), as one small integer
   * (portPairKey); TCBs sharing a port pair (other remote addresses) are
   * chained through `hashNext`. An integer key, not ip * 65536 + port: V8
   * keeps that as a boxed double, and every probe of a busy server's
   * table would dereference one.
   */
  readonly tcpConns = new Map<number, Tcb>();
  /** Listening TCBs by port (a few per port at most: different local addresses). */
  readonly tcpListeners = new Map<number, Tcb[]>();
  /** Every live TCB in creation order (ss, inspection). */
  readonly tcbs = new Set<Tcb>();
  readonly udpSockets = new Map<number, UdpSocket[]>();
  /** AF_UNIX names bound on this host: the socket inode in the VFS → the socket bound to it. */
  readonly unixNames = new Map<object, UnixSocket>();
  /** Datagrams arriving in fragments, until they are whole. */
  readonly frags = new Reassembly(this);

  constructor(readonly net: Network, readonly host: Host) {
    this.ip = host.ip;
    this.ipId = net.world.rand.below(65536);
    this.ephemeral = new Ephemeral(net.world.rand);
  }

  get world() {
    return this.net.world;
  }

  /** An address of this host: 0.0.0.0, 127.0.0.0/8 or its own. */
  isLocal(ip: number): boolean {
    return ip === 0 || ip >>> 24 === 127 || ip === this.ip;
  }

  /** The source address Linux's routing picks for a destination. */
  sourceFor(dst: number): number {
    return dst >>> 24 === 127 || dst === 0 ? (dst === 0 ? LOOPBACK_IP : dst) : this.ip;
  }

  /** The MTU of the route to `dst`. */
  mtuFor(dst: number): number {
    return dst >>> 24 === 127 || dst === this.ip || dst === 0 ? LOOPBACK_MTU : this.net.params.mtu;
  }

  nextIpId(): number {
    this.ipId = (this.ipId + 1) & 0xffff;
    return this.ipId;
  }

  /** The host's socket table, ss-shaped (the inspection snapshot reads it). */
  netstat(): SocketRow[] {
    return netstat(this);
  }

  output(pkt: Ipv4Packet): void {
    const len = ipv4Length(pkt);
    const mtu = this.mtuFor(pkt.dst);
    if (len <= mtu) {
      this.net.send(this, pkt, len);
      return;
    }
    // Linux's default for UDP (IP_PMTUDISC_WANT): too big for the route, so fragmented here.
    for (const f of fragment(pkt, mtu)) this.net.send(this, f, ipv4Length(f));
  }

  input(pkt: Ipv4Packet): void {
    if (!this.isLocal(pkt.dst) || pkt.dst === 0) return;
    if (pkt.frag !== undefined) {
      const whole = this.frags.input(pkt);
      if (whole === null) return;
      pkt = whole;
    }
    const b = pkt.body;
    if (b.proto === IPPROTO_TCP) tcpInput(this, pkt, b as TcpSegment);
    else if (b.proto === IPPROTO_UDP) udpInput(this, pkt, b);
    else if (b.proto === IPPROTO_ICMP) udpIcmpError(this, b);
  }

  // --- TCP demux ---------------------------------------------------------

  tcpLookup(lport: number, rip: number, rport: number): Tcb | undefined {
    let t = this.tcpConns.get(portPairKey(rport, lport));
    while (t !== undefined && t.rip !== rip) t = t.hashNext ?? undefined;
    return t;
  }

  tcpHash(t: Tcb): void {
    if (t.hashed) this.tcpUnhash(t);
    const k = portPairKey(t.rport, t.lport);
    t.hashNext = null;
    t.hashed = true;
    let prev: Tcb | null = null;
    for (let cur = this.tcpConns.get(k) ?? null; cur !== null; prev = cur, cur = cur.hashNext) {
      if (cur.rip !== t.rip) continue;
      // The same four-tuple (a new connection over a TIME-WAIT one): the new TCB takes its place.
      t.hashNext = cur.hashNext;
      cur.hashNext = null;
      if (prev === null) this.tcpConns.set(k, t);
      else prev.hashNext = t;
      return;
    }
    if (prev === null) this.tcpConns.set(k, t);
    else prev.hashNext = t;
  }

  tcpUnhash(t: Tcb): void {
    if (!t.hashed) return;
    const k = portPairKey(t.rport, t.lport);
    const head = this.tcpConns.get(k);
    if (head === t) {
      if (t.hashNext === null) this.tcpConns.delete(k);
      else this.tcpConns.set(k, t.hashNext);
    } else {
      let prev = head;
      while (prev !== undefined && prev.hashNext !== t) prev = prev.hashNext ?? undefined;
      if (prev !== undefined) prev.hashNext = t.hashNext;
    }
    t.hashNext = null;
    t.hashed = false;
  }

  /** The listener for a SYN to dst:port: an exact address beats INADDR_ANY. */
  tcpListener(dst: number, port: number): Tcb | undefined {
    const l = this.tcpListeners.get(port);
    if (!l) return undefined;
    let any: Tcb | undefined;
    for (const t of l) {
      if (t.bindIp === dst) return t;
      if (t.bindIp === 0) any ??= t;
    }
    return any;
  }

  addListener(t: Tcb): void {
    const l = this.tcpListeners.get(t.lport);
    if (l) {
      if (!l.includes(t)) l.push(t);
    } else this.tcpListeners.set(t.lport, [t]);
  }

  removeListener(t: Tcb): void {
    const l = this.tcpListeners.get(t.lport);
    if (!l) return;
    const i = l.indexOf(t);
    if (i >= 0) l.splice(i, 1);
    if (l.length === 0) this.tcpListeners.delete(t.lport);
  }
}
