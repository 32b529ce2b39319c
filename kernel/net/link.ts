// The simulated switch's links: how long a packet takes from one host to
// another and what can happen to it on the way (netem's model: delay,
// jitter, loss, duplication, reordering, plus a bandwidth that serialises
// packets one after another). Every draw comes from world.rand, in the
// order packets are sent, so a seed fixes every fate.
//
// Simplification, named: one set of parameters for every link of the
// switch (the scenario's `network`), full duplex, and no queue limit (a
// real switch port drops past its buffer; here a slow link only delays).

import { EventLane, MS, parseDuration } from "../clock.ts";
import type { Rand } from "../rand.ts";
import type { NetworkSpec } from "../sim/scenario.ts";
import { parseBandwidth } from "../sim/scenario.ts";

export interface LinkParams {
  latencyNs: number;
  jitterNs: number;
  /** Bits per second; 0 = no serialisation delay. */
  bandwidth: number;
  loss: number;
  duplicate: number;
  reorder: number;
  mtu: number;
}

/** Ethernet's MTU; loopback's is 65536 (linux README: loopback MTU 65536). */
export const ETH_MTU = 1500;
export const LOOPBACK_MTU = 65536;
/**
 * Loopback hands a packet to the receiving side within the sending call
 * (Linux runs the softirq before the syscall returns): the delivery event
 * fires at the same instant, before the sender's next step, so a blocking
 * connect() returns with the server's side already established.
 */
export const LOOPBACK_NS = 0;

export function linkParams(spec: NetworkSpec | undefined): LinkParams {
  return {
    latencyNs: parseDuration(spec?.latency ?? "1ms") ?? MS,
    jitterNs: parseDuration(spec?.jitter ?? 0) ?? 0,
    bandwidth: spec?.bandwidth !== undefined ? (parseBandwidth(spec.bandwidth) ?? 0) : 0,
    loss: spec?.loss ?? 0,
    duplicate: spec?.duplicate ?? 0,
    reorder: spec?.reorder ?? 0,
    mtu: spec?.mtu ?? ETH_MTU,
  };
}

/** What happens to one packet: the delays of its copies (empty = lost). */
export class Link {
  /** When the sending side's wire is free again (serialisation). */
  private freeAt = 0;
  /** Where its deliveries wait (clock.ts): in sending order while it neither jitters nor reorders. */
  readonly lane = new EventLane();

  constructor(readonly params: LinkParams) {}

  /**
   * Arrival delays, from `now`, for a packet of `bytes` bytes: written to
   * `out` (0, 1 or 2 copies; nothing to allocate or truncate per packet),
   * and how many.
   */
  fate(now: number, bytes: number, rand: Rand, out: number[]): number {
    const p = this.params;
    let start = now;
    if (p.bandwidth > 0) {
      start = Math.max(now, this.freeAt);
      this.freeAt = start + Math.ceil((bytes * 8 * 1e9) / p.bandwidth);
      start = this.freeAt;
    }
    if (p.loss > 0 && rand.chance(p.loss)) return 0;
    const copies = p.duplicate > 0 && rand.chance(p.duplicate) ? 2 : 1;
    for (let i = 0; i < copies; i++) {
      let d = start - now + p.latencyNs;
      if (p.jitterNs > 0) d += rand.below(p.jitterNs + 1);
      // netem's reorder: this packet is held back behind the ones that follow it.
      if (p.reorder > 0 && rand.chance(p.reorder)) d += p.latencyNs + p.jitterNs + 1;
      out[i] = d;
    }
    return copies;
  }
}
