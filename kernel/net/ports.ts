// Port ownership and ephemeral ports (Linux's inet bind buckets and
// inet_hash_connect / inet_csk_find_open_port), one table per protocol per
// host. The EADDRINUSE rules are linux README §2's, which Linux implements
// with the sk_reuse flags of *both* sockets: an accepted socket and the
// TIME-WAIT entry that follows it are owners too, with their listener's
// flag. Ephemeral ports follow §13: 32768-60999, connect() takes even
// ports, bind(0)/listen() odd ones, in a seeded order.

import type { Rand } from "../rand.ts";

export const EPHEMERAL_LOW = 32768, EPHEMERAL_HIGH = 60999;

/** Something holding a port: a bound socket, an accepted connection, a TIME-WAIT entry. */
export interface PortOwner {
  /** The local address it is bound to (0 = INADDR_ANY). */
  bindIp: number;
  /** SO_REUSEADDR as the kernel's sk_reuse (inherited by accepted sockets). */
  reuse: boolean;
  /** In LISTEN: REUSEADDR never allows sharing with a listener. */
  readonly listening: boolean;
  /** Bound implicitly by connect() to this remote (ip * 65536 + port), else -1. */
  connectKey: number;
}

function overlap(a: number, b: number): boolean {
  return a === 0 || b === 0 || a === b;
}

const NONE: ReadonlySet<PortOwner> = new Set();

export class PortTable {
  /** Owners per port, in insertion order (a listener's accepted sockets can be thousands). */
  private readonly owners = new Map<number, Set<PortOwner>>();

  add(port: number, o: PortOwner): void {
    const l = this.owners.get(port);
    if (l) l.add(o);
    else this.owners.set(port, new Set([o]));
  }

  remove(port: number, o: PortOwner): void {
    const l = this.owners.get(port);
    if (!l) return;
    l.delete(o);
    if (l.size === 0) this.owners.delete(port);
  }

  used(port: number): boolean {
    return this.owners.has(port);
  }

  ownersOf(port: number): Iterable<PortOwner> {
    return this.owners.get(port) ?? NONE;
  }

  /**
   * bind(ip:port) by a socket with `reuse` conflicts with an owner whose
   * address overlaps, unless both have SO_REUSEADDR and the owner is not
   * listening (README §2).
   */
  bindConflict(port: number, ip: number, reuse: boolean, self: PortOwner | null): boolean {
    for (const o of this.ownersOf(port)) {
      if (o === self || !overlap(o.bindIp, ip)) continue;
      if (reuse && o.reuse && !o.listening) continue;
      return true;
    }
    return false;
  }

  /** listen() re-checks: two REUSEADDR sockets may share a port, but only one may listen. */
  listenConflict(port: number, self: PortOwner): boolean {
    for (const o of this.ownersOf(port)) {
      if (o === self || !overlap(o.bindIp, self.bindIp)) continue;
      if (o.listening || !(self.reuse && o.reuse)) return true;
    }
    return false;
  }

  /** connect() may share a local port with other connect()-bound sockets going elsewhere. */
  connectUsable(port: number, remoteKey: number): boolean {
    for (const o of this.ownersOf(port)) if (o.connectKey < 0 || o.connectKey === remoteKey) return false;
    return true;
  }
}

/** Seeded ephemeral port choice with Linux's parity (README §13). */
export class Ephemeral {
  /** Per destination: the last port handed out (Linux's per-destination perturbation table). */
  private readonly cursor = new Map<number, number>();
  private static readonly EVENS = (EPHEMERAL_HIGH - EPHEMERAL_LOW + 1) >> 1;

  constructor(private readonly rand: Rand) {}

  /** An even port for connect() to `remoteKey`, or -1 when every one is taken. */
  connectPort(remoteKey: number, usable: (port: number) => boolean): number {
    let c = this.cursor.get(remoteKey);
    if (c === undefined) c = this.rand.below(Ephemeral.EVENS);
    // Each connect moves on by a random even step of 2 to 16 (measured: §13).
    c += 1 + this.rand.below(8);
    for (let i = 0; i < Ephemeral.EVENS; i++) {
      const idx = (c + i) % Ephemeral.EVENS;
      const port = EPHEMERAL_LOW + 2 * idx;
      if (usable(port)) {
        this.cursor.set(remoteKey, idx);
        return port;
      }
    }
    return -1;
  }

  /** A random odd port for bind(0), listen() and UDP autobind, or -1. */
  bindPort(used: (port: number) => boolean): number {
    const odds = (EPHEMERAL_HIGH - EPHEMERAL_LOW) >> 1;
    const start = this.rand.below(odds);
    for (let i = 0; i < odds; i++) {
      const port = EPHEMERAL_LOW + 1 + 2 * ((start + i) % odds);
      if (!used(port)) return port;
    }
    return -1;
  }
}
