// IPv4 fragmentation and reassembly (Linux net/ipv4/ip_output.c
// ip_do_fragment, net/ipv4/ip_fragment.c), as a capture of Linux with a
// 1500-byte MTU shows it (test/kernel/net/ipfrag.test.ts): a datagram
// longer than the route's MTU leaves as fragments of 1480 payload bytes
// (the MTU less the IP header, a multiple of 8), the last one shorter,
// all with the datagram's IP id, MF set on all but the last and DF on
// none; a datagram that fits keeps DF. The receiver holds fragments by
// (source, destination, protocol, id) until every byte is there, then
// hands up the datagram. A queue still incomplete 30 s after its first
// fragment arrived (net.ipv4.ipfrag_time) is dropped, and if its first
// fragment had arrived the sender gets ICMP time exceeded, "fragment
// reassembly time exceeded", quoting it.
//
// A fragment shares its datagram's body: `frag` says which bytes of the IP
// payload it carries (pcap.ts lays out exactly those bytes; tcpdump.ts
// prints a later fragment as tcpdump does, without ports).
//
// Simplification, named: no memory limit on pending queues
// (ipfrag_high_thresh, 4 MB on Linux); fragments never overlap, since
// only this file makes them.

import type { TimedEvent } from "../clock.ts";
import { SEC } from "../clock.ts";
import { IPPROTO_ICMP, type IcmpMessage, type Ipv4Packet } from "./packet.ts";
import type { NetStack } from "./ip.ts";
import { ipv4Length } from "./pcap.ts";

const IP_HEADER_LEN = 20;
/** net.ipv4.ipfrag_time: seconds a reassembly queue may wait for its missing fragments. */
export const IPFRAG_TIME_NS = 30 * SEC;
/** ICMP time exceeded (RFC 792), code 1: fragment reassembly time exceeded. */
const ICMP_TIME_EXCEEDED = 11, ICMP_EXC_FRAGTIME = 1;

/** The fragments of `pkt` for a route of `mtu` bytes: its IP payload in pieces of at most (mtu - 20) & ~7. */
export function fragment(pkt: Ipv4Packet, mtu: number): Ipv4Packet[] {
  const transport = ipv4Length(pkt) - IP_HEADER_LEN;
  const max = (mtu - IP_HEADER_LEN) & ~7;
  const out: Ipv4Packet[] = [];
  for (let offset = 0; offset < transport; offset += max) {
    const length = Math.min(max, transport - offset);
    out.push({
      src: pkt.src, dst: pkt.dst, id: pkt.id, ttl: pkt.ttl, df: false, body: pkt.body,
      frag: { offset, length, more: offset + length < transport },
    });
  }
  return out;
}

/** One datagram being put back together. */
class FragQueue implements TimedEvent {
  seq = 0;
  cancelled = false;
  readonly what = "ipfrag";
  readonly fire = this;
  /** Offsets of the fragments received (a duplicate adds nothing). */
  readonly offsets = new Set<number>();
  received = 0;
  /** The datagram's payload length, known once its last fragment is in; -1 before. */
  total = -1;
  /** Its first fragment, once in (the ICMP error quotes it). */
  first: Ipv4Packet | null = null;

  constructor(readonly time: number, readonly key: number, readonly proto: number, readonly dst: number, private readonly owner: Reassembly) {}

  run(): void {
    this.owner.expire(this);
  }
}

/** A host's pending reassembly queues (Linux's ipv4 inet_frags). */
export class Reassembly {
  /** source * 65536 + id → queues (a few at most: protocol and destination tell them apart). */
  private readonly queues = new Map<number, FragQueue[]>();

  constructor(private readonly stack: NetStack) {}

  /** Number of datagrams waiting for fragments (for inspection). */
  get pending(): number {
    let n = 0;
    for (const qs of this.queues.values()) n += qs.length;
    return n;
  }

  /** Takes a fragment; returns the whole datagram when this one completes it, else null. */
  input(pkt: Ipv4Packet): Ipv4Packet | null {
    const f = pkt.frag!;
    const key = pkt.src * 65536 + pkt.id;
    const proto = pkt.body.proto;
    let qs = this.queues.get(key);
    let q = qs?.find((x) => x.proto === proto && x.dst === pkt.dst);
    if (q === undefined) {
      const w = this.stack.world;
      q = w.events.pushEvent(new FragQueue(w.now + IPFRAG_TIME_NS, key, proto, pkt.dst, this));
      if (qs) qs.push(q);
      else this.queues.set(key, (qs = [q]));
    }
    if (q.offsets.has(f.offset)) return null;
    q.offsets.add(f.offset);
    q.received += f.length;
    if (f.offset === 0) q.first = pkt;
    if (!f.more) q.total = f.offset + f.length;
    if (q.received !== q.total) return null;
    this.remove(q);
    q.cancelled = true;
    return { src: pkt.src, dst: pkt.dst, id: pkt.id, ttl: pkt.ttl, df: false, body: pkt.body };
  }

  /** The queue's 30 s are up: drop it, and tell the sender if its first fragment came. */
  expire(q: FragQueue): void {
    this.remove(q);
    const first = q.first;
    if (first === null) return;
    const st = this.stack;
    const icmp: IcmpMessage = { proto: IPPROTO_ICMP, type: ICMP_TIME_EXCEEDED, code: ICMP_EXC_FRAGTIME, quoted: first };
    st.output({ src: first.dst, dst: first.src, id: st.nextIpId(), ttl: 64, df: false, body: icmp });
  }

  private remove(q: FragQueue): void {
    const qs = this.queues.get(q.key);
    if (!qs) return;
    const i = qs.indexOf(q);
    if (i >= 0) qs.splice(i, 1);
    if (qs.length === 0) this.queues.delete(q.key);
  }
}
