// The network between hosts: every host's stack (host.net) on one switch,
// the links between them, scheduled partitions, and the packet log that
// --tcpdump and --pcap read. A packet is delivered by an event
// (world.events, kind "packet") at its arrival time; nothing else carries
// packets, so the order of deliveries is the (time, seq) order of events.
//
// Every packet sent is recorded once, at the sender, when it leaves (what
// `tcpdump -i any` on the sending host shows): folded into the trace hash,
// added to the trace as kind "packet" when the trace keeps events, and kept
// in `log` when a capture asked for it.
//
// A map of net/:
//   fabric.ts link.ts   the switch, links and their faults, the packet log
//   ip.ts ports.ts      one host's IP layer: addresses, demux Maps, port ownership, ephemeral ports
//   ipfrag.ts           IP fragmentation past the MTU, and reassembly
//   socket.ts sockaddr.ts  the socket as a file; SOL_SOCKET options; user <-> kernel addresses
//   tcp/                machine.ts (the xstate machine, tcpStep), tcb.ts (the one place states
//                       change), input.ts, output.ts, timer.ts, congestion.ts, socket.ts (user calls)
//   udp.ts unix.ts      datagrams; AF_UNIX stream/dgram and socketpair
//   netstat.ts          ss -tan rows; tcpdump.ts pcap.ts: printing and writing packets

import type { World } from "../world.ts";
import { EventLane, type TimedEvent } from "../clock.ts";
import type { Host } from "../host.ts";
import type { Scenario } from "../sim/scenario.ts";
import { IPPROTO_TCP, type Ipv4Packet } from "./packet.ts";
import { Link, linkParams, LOOPBACK_NS, type LinkParams } from "./link.ts";
import { NetStack } from "./ip.ts";

export interface LoggedPacket {
  time: number;
  /** Name of the sending host. */
  host: string;
  pkt: Ipv4Packet;
}

const networks = new WeakMap<World, Network>();

/** The world's network (every world built by buildSimulation has one). */
export function networkOf(world: World): Network | undefined {
  return networks.get(world);
}

/** The host's stack; throws if the world has no network (a broken invariant). */
export function stackOf(h: Host): NetStack {
  const s = h.net as NetStack | null;
  if (!s) throw new Error(`invariant: host ${h.name} has no network stack`);
  return s;
}

export class Network {
  readonly stacks: NetStack[] = [];
  private readonly byIp = new Map<number, NetStack>();
  private readonly links = new Map<number, Link>();
  /** Cut host pairs (index * 65536 + index, lower first). */
  private readonly cut = new Set<number>();
  /** Packets sent, in order, when kept (keepLog). */
  readonly log: LoggedPacket[] = [];
  keepLog: boolean;
  private readonly listeners: Array<(p: LoggedPacket) => void> = [];
  private readonly fates: number[] = [0, 0];
  /** Each host's loopback deliveries, by host index (clock.ts EventLane). */
  private readonly loopLanes: EventLane[] = [];
  packetsSent = 0;
  /** Test hook: drop the packets it returns true for (after recording them, as a lossy link does). */
  dropFilter: ((pkt: Ipv4Packet) => boolean) | null = null;
  /** Injected faults: drop the next packet sent by this host (null: by any host), one per entry. */
  private readonly dropNext: Array<string | null> = [];

  /** The TUI's "drop the next packet" (an external input, recorded and replayed). */
  dropNextPacket(host: string | null): void {
    this.dropNext.push(host);
  }

  constructor(readonly world: World, readonly params: LinkParams) {
    this.keepLog = world.trace.mode === "full";
  }

  addHost(h: Host): NetStack {
    const s = new NetStack(this, h);
    h.net = s;
    this.stacks.push(s);
    this.byIp.set(h.ip, s);
    return s;
  }

  /** Calls `fn` with every packet as it is sent (--tcpdump streaming, --pcap). */
  subscribe(fn: (p: LoggedPacket) => void): void {
    this.listeners.push(fn);
  }

  partition(a: string, b: string, cut: boolean): void {
    const ha = this.world.host(a), hb = this.world.host(b);
    if (!ha || !hb) return;
    const key = Math.min(ha.index, hb.index) * 65536 + Math.max(ha.index, hb.index);
    if (cut) this.cut.add(key);
    else this.cut.delete(key);
  }

  /** Sends `pkt` from `from`: records it and schedules its arrival (or loses it). */
  send(from: NetStack, pkt: Ipv4Packet, bytes: number): void {
    this.record(from, pkt);
    if (this.dropFilter !== null && this.dropFilter(pkt)) return;
    if (this.dropNext.length > 0) {
      const i = this.dropNext.findIndex((h) => h === null || h === from.host.name);
      if (i >= 0) {
        this.dropNext.splice(i, 1);
        return;
      }
    }
    const w = this.world;
    const dst = pkt.dst;
    if (dst >>> 24 === 127 || dst === from.ip) {
      w.events.pushLane((this.loopLanes[from.host.index] ??= new EventLane()), new Delivery(w.now + LOOPBACK_NS, from, pkt));
      return;
    }
    const to = this.byIp.get(dst);
    if (!to) return; // no such host on the switch: nobody answers ARP
    const ia = from.host.index, ib = to.host.index;
    if (this.cut.has(Math.min(ia, ib) * 65536 + Math.max(ia, ib))) return;
    const lk = ia * 65536 + ib;
    let link = this.links.get(lk);
    if (!link) {
      link = new Link(this.params);
      this.links.set(lk, link);
    }
    const fates = this.fates;
    const copies = link.fate(w.now, bytes, w.rand, fates);
    for (let i = 0; i < copies; i++) w.events.pushLane(link.lane, new Delivery(w.now + fates[i]!, to, pkt));
  }

  private record(from: NetStack, pkt: Ipv4Packet): void {
    this.packetsSent++;
    const w = this.world;
    const t = w.trace;
    const b = pkt.body;
    t.mix(-4);
    t.mix(pkt.src);
    t.mix(pkt.dst);
    if (b.proto === IPPROTO_TCP) {
      t.mix(b.srcPort * 65536 + b.dstPort);
      t.mix(b.seq);
      t.mix(b.ack);
      t.mix(b.flags * 65536 + b.window);
      t.mix(b.data.length);
    } else if (b.proto !== 1) {
      t.mix(b.srcPort * 65536 + b.dstPort);
      t.mix(b.data.length);
    }
    if (pkt.frag !== undefined) t.mix(pkt.frag.offset * 2 + (pkt.frag.more ? 1 : 0));
    if (t.keeping) {
      t.record({ step: w.steps, time: w.now, host: from.host.name, pid: 0, kind: "packet", name: b.proto === IPPROTO_TCP ? "tcp" : b.proto === 1 ? "icmp" : "udp", info: pkt });
    }
    if (this.keepLog || this.listeners.length > 0) {
      const lp: LoggedPacket = { time: w.now, host: from.host.name, pkt };
      if (this.keepLog) this.log.push(lp);
      for (const fn of this.listeners) fn(lp);
    }
  }
}

/** A packet's arrival at a host: the timed event and its action in one object. */
class Delivery implements TimedEvent {
  seq = 0;
  cancelled = false;
  readonly what = "packet";
  readonly fire = this;
  constructor(readonly time: number, private readonly to: NetStack, private readonly pkt: Ipv4Packet) {}
  run(): void {
    this.to.input(this.pkt);
  }
}

/** Gives every host of a freshly built world its stack; wires scenario partitions. */
export function attachNetworkToWorld(world: World, scenario: Scenario): Network {
  const net = new Network(world, linkParams(scenario.network));
  for (const h of world.hosts) net.addHost(h);
  wireNetwork(world, net);
  return net;
}

/** Connects a world to its network: networkOf() and the partition and fault inputs (again, after a checkpoint is restored). */
export function wireNetwork(world: World, net: Network): void {
  networks.set(world, net);
  world.networkEvent = (what, [a, b]) => net.partition(a, b, what === "partition");
  world.networkFault = (fault) => {
    if (fault.kind === "drop-next-packet") net.dropNextPacket(fault.host ?? null);
  };
}
