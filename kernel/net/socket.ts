// The socket as a file (Linux's struct socket + the common part of struct
// sock): an open file description of type "socket" whose object is one of
// TcpSocket, UdpSocket or UnixSocket. This file holds what they share:
// addresses as the kernel keeps them, SOL_SOCKET options with Linux's
// defaults and doubling (linux README §15), the one-shot pending error
// (sk_err, README §4's rule), and the read/write entry points the file
// syscalls use. Objects never block: -EAGAIN plus poll bits, and
// `wq.notify()` on every readiness change.

import { WaitQueue } from "../proc/wait-queue.ts";
import type { FileObject, OpenFile } from "../fs/file.ts";
import type { Process } from "../proc/proc.ts";
import { EINVAL, ENOPROTOOPT, ENOTTY } from "../uapi/errno.ts";
import {
  AF_INET, AF_UNIX, FIONREAD, SOL_SOCKET, SO_ACCEPTCONN, SO_DOMAIN, SO_ERROR, SO_KEEPALIVE, SO_LINGER,
  SO_PROTOCOL, SO_RCVBUF, SO_RCVTIMEO, SO_REUSEADDR, SO_REUSEPORT, SO_SNDBUF, SO_SNDTIMEO, SO_TYPE, SO_BROADCAST,
  SO_OOBINLINE, SO_DEBUG, SO_DONTROUTE, SO_RCVLOWAT, SO_SNDLOWAT,
} from "../uapi/socket.ts";
import type { NetStack } from "./ip.ts";

/** An address as the kernel keeps it: host-order IPv4 and port, or a Unix path. */
export type KAddr = { family: typeof AF_INET; ip: number; port: number } | { family: typeof AF_UNIX; path: string };

export function inAddr(ip: number, port: number): KAddr {
  return { family: AF_INET, ip, port };
}

/** What a receive returns: the bytes, the sender, and the datagram's real length (MSG_TRUNC). */
export interface Received {
  data: Uint8Array;
  from: KAddr | null;
  /** Full length of the datagram (UDP), for MSG_TRUNC; equals data.length for streams. */
  full: number;
}

/** sysctl defaults (linux README §15 and its environment table). */
export const TCP_RMEM_DEFAULT = 131072, TCP_WMEM_DEFAULT = 16384;
export const RMEM_DEFAULT = 212992, WMEM_DEFAULT = 212992;
export const RMEM_MAX = 4194304, WMEM_MAX = 4194304;
/** SOCK_MIN_RCVBUF / SOCK_MIN_SNDBUF as getsockopt reads them back (README §15: 2304 / 4608). */
export const SOCK_MIN_RCVBUF = 2304, SOCK_MIN_SNDBUF = 4608;

/** Shutdown bits (sk_shutdown). */
export const RCV_SHUTDOWN = 1, SEND_SHUTDOWN = 2, SHUTDOWN_MASK = 3;

export type SockOptValue = number | { l_onoff: number; l_linger: number } | object;

export abstract class Socket implements FileObject {
  readonly type = "socket" as const;
  readonly wq = new WaitQueue();
  reuse = false;
  reusePort = false;
  keepalive = false;
  broadcast = false;
  rcvbuf: number;
  sndbuf: number;
  /** Set by setsockopt: Linux stops auto-tuning a buffer the user sized (SOCK_*BUF_LOCK). */
  rcvbufLocked = false;
  sndbufLocked = false;
  /** SO_RCVTIMEO / SO_SNDTIMEO in ns (0 = forever). */
  rcvtimeo = 0;
  sndtimeo = 0;

  /** read()/write() honour the timeouts too, as on Linux (sock_rcvtimeo/sock_sndtimeo). */
  get readTimeoutNs(): number {
    return this.rcvtimeo;
  }

  get writeTimeoutNs(): number {
    return this.sndtimeo;
  }
  linger: { l_onoff: number; l_linger: number } = { l_onoff: 0, l_linger: 0 };
  /** sk_err: reported once by the next call that looks (README §4). */
  soError = 0;
  /** sk_shutdown: RCV_SHUTDOWN | SEND_SHUTDOWN. */
  shutdownBits = 0;

  constructor(
    readonly stack: NetStack,
    readonly ino: number,
    readonly domain: number,
    readonly stype: number,
    readonly protocol: number,
    rcvbuf: number,
    sndbuf: number,
  ) {
    this.rcvbuf = rcvbuf;
    this.sndbuf = sndbuf;
  }

  /** Takes the pending error (sock_error()): returns it and clears it. */
  takeError(): number {
    const e = this.soError;
    this.soError = 0;
    return e;
  }

  abstract bind(addr: KAddr): number;
  abstract connect(addr: KAddr | null): number;
  abstract sendmsg(data: Uint8Array, flags: number, to: KAddr | null): number;
  abstract recvmsg(count: number, flags: number): Received | number;
  abstract shutdown(how: number): number;
  abstract getsockname(): KAddr;
  abstract getpeername(): KAddr | number;
  abstract poll(f: OpenFile): number;
  abstract release(f: OpenFile): void;
  abstract get listening(): boolean;

  listen(_backlog: number): number {
    return -95; // EOPNOTSUPP
  }

  /** Takes the next completed connection, or -errno (-EAGAIN when none). */
  accept(): Socket | number {
    return -95; // EOPNOTSUPP
  }

  /** The next connection accept() would return, without taking it. */
  acceptPeek(): Socket | number {
    return -95;
  }

  /** FIONREAD. */
  abstract inq(): number;

  read(_f: OpenFile, count: number, _p: Process): Uint8Array | number {
    const r = this.recvmsg(count, 0);
    return typeof r === "number" ? r : r.data;
  }

  write(_f: OpenFile, data: Uint8Array, _p: Process): number {
    return this.sendmsg(data, 0, null);
  }

  ioctl(_f: OpenFile, request: number): number {
    return request === FIONREAD ? this.inq() : -ENOTTY;
  }

  describe(): string {
    return `socket:[${this.ino}]`;
  }

  setsockopt(level: number, name: number, value: SockOptValue, optlen: number): number {
    if (level !== SOL_SOCKET) return this.setProtoOpt(level, name, value, optlen);
    if (name === SO_LINGER) {
      if (typeof value !== "object" || optlen < 8) return -EINVAL;
      const v = value as { l_onoff: number; l_linger: number };
      this.linger = { l_onoff: v.l_onoff | 0, l_linger: v.l_linger | 0 };
      return 0;
    }
    if (name === SO_RCVTIMEO || name === SO_SNDTIMEO) {
      const ns = timevalNs(value);
      if (ns < 0 || optlen < 16) return -EINVAL;
      if (name === SO_RCVTIMEO) this.rcvtimeo = ns;
      else this.sndtimeo = ns;
      return 0;
    }
    if (optlen < 4 || typeof value !== "number") return -EINVAL;
    const v = value | 0;
    switch (name) {
      case SO_REUSEADDR: this.reuse = v !== 0; this.reuseChanged(); return 0;
      case SO_REUSEPORT: this.reusePort = v !== 0; return 0;
      case SO_KEEPALIVE: this.keepalive = v !== 0; this.keepaliveChanged(); return 0;
      case SO_BROADCAST: this.broadcast = v !== 0; return 0;
      // sock_setsockopt: the value is doubled (bookkeeping overhead), clamped to [min, 2*max].
      case SO_RCVBUF:
        this.rcvbuf = Math.max(SOCK_MIN_RCVBUF, Math.min(Math.max(v, 0), RMEM_MAX) * 2);
        this.rcvbufLocked = true;
        this.wq.notify(0);
        return 0;
      case SO_SNDBUF:
        this.sndbuf = Math.max(SOCK_MIN_SNDBUF, Math.min(Math.max(v, 0), WMEM_MAX) * 2);
        this.sndbufLocked = true;
        this.wq.notify(0);
        return 0;
      case SO_DEBUG: case SO_DONTROUTE: case SO_OOBINLINE: case SO_RCVLOWAT: case SO_SNDLOWAT:
        return 0;
      case SO_TYPE: case SO_ERROR: case SO_ACCEPTCONN: case SO_PROTOCOL: case SO_DOMAIN:
        return -ENOPROTOOPT;
      default:
        return -ENOPROTOOPT;
    }
  }

  getsockopt(level: number, name: number): SockOptValue {
    if (level !== SOL_SOCKET) return this.getProtoOpt(level, name);
    switch (name) {
      case SO_REUSEADDR: return this.reuse ? 1 : 0;
      case SO_REUSEPORT: return this.reusePort ? 1 : 0;
      case SO_KEEPALIVE: return this.keepalive ? 1 : 0;
      case SO_BROADCAST: return this.broadcast ? 1 : 0;
      case SO_RCVBUF: return this.rcvbuf;
      case SO_SNDBUF: return this.effectiveSndbuf();
      case SO_TYPE: return this.stype;
      case SO_PROTOCOL: return this.protocol;
      case SO_DOMAIN: return this.domain;
      case SO_ACCEPTCONN: return this.listening ? 1 : 0;
      case SO_ERROR: {
        const e = this.takeError();
        if (e) this.wq.notify(0);
        return e;
      }
      case SO_LINGER: return { ...this.linger };
      case SO_RCVTIMEO: return nsTimeval(this.rcvtimeo);
      case SO_SNDTIMEO: return nsTimeval(this.sndtimeo);
      case SO_DEBUG: case SO_DONTROUTE: case SO_OOBINLINE: return 0;
      case SO_RCVLOWAT: case SO_SNDLOWAT: return 1;
      default: return -ENOPROTOOPT;
    }
  }

  /** SO_SNDBUF as read back (TCP grows it at establishment, README §15). */
  effectiveSndbuf(): number {
    return this.sndbuf;
  }

  protected setProtoOpt(_level: number, _name: number, _value: SockOptValue, _optlen: number): number {
    return -ENOPROTOOPT;
  }

  protected getProtoOpt(_level: number, _name: number): SockOptValue {
    return -ENOPROTOOPT;
  }

  protected reuseChanged(): void {}
  protected keepaliveChanged(): void {}
}

export function timevalNs(v: unknown): number {
  if (typeof v === "number") return v < 0 ? -1 : v * 1000; // microseconds
  if (typeof v === "object" && v !== null && "tv_sec" in v) {
    const t = v as { tv_sec: number; tv_usec?: number };
    const us = t.tv_usec ?? 0;
    if (t.tv_sec < 0 || us < 0 || us >= 1_000_000) return -1;
    return t.tv_sec * 1e9 + us * 1000;
  }
  return -1;
}

function nsTimeval(ns: number): { tv_sec: number; tv_usec: number } {
  return { tv_sec: Math.floor(ns / 1e9), tv_usec: Math.floor((ns % 1e9) / 1000) };
}
