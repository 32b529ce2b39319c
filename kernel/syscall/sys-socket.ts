// Socket syscalls (Linux net/socket.c): argument checks, fd lookups and
// the sleeping; the objects are in net/. Blocking follows sys-file.ts's
// pattern (try; on -EAGAIN with a blocking description, sleep on the
// socket's wait queue and try again). SO_RCVTIMEO/SO_SNDTIMEO turn the
// sleep into a timed one that ends in EAGAIN (a connect in EINPROGRESS)
// and is never restarted after a handler (linux README §11). read, write
// and close on sockets are the file syscalls (sys-file.ts).

import type { Host } from "../host.ts";
import type { Process } from "../proc/proc.ts";
import { sendSignal } from "../proc/signal.ts";
import type { OpenFile } from "../fs/file.ts";
import {
  EAFNOSUPPORT, EAGAIN, EALREADY, EBADF, ECONNREFUSED, EINPROGRESS, EINVAL, EMFILE, ENOTSOCK, EOPNOTSUPP, EPERM,
  EPIPE, EPROTONOSUPPORT, ESOCKTNOSUPPORT,
} from "../uapi/errno.ts";
import { O_NONBLOCK, O_RDWR } from "../uapi/fcntl.ts";
import { SIGPIPE } from "../uapi/signal.ts";
import {
  AF_INET, AF_UNIX, IPPROTO_TCP, IPPROTO_UDP, MSG_DONTWAIT, MSG_NOSIGNAL, MSG_PEEK, MSG_TRUNC, MSG_WAITALL,
  SOCK_CLOEXEC, SOCK_DGRAM, SOCK_NONBLOCK, SOCK_RAW, SOCK_STREAM,
} from "../uapi/socket.ts";
import { stackOf } from "../net/fabric.ts";
import { Socket, type KAddr } from "../net/socket.ts";
import { TcpSocket } from "../net/tcp/socket.ts";
import { UdpSocket } from "../net/udp.ts";
import { UnixSocket, unixSocketpair } from "../net/unix.ts";
import { addrFromUser, addrLen, addrToUser } from "../net/sockaddr.ts";
import { BLOCK } from "./markers.ts";
import { blockTimeout } from "./block.ts";
import { newFile } from "./sys-file.ts";
import type { SyscallEntry } from "./table.ts";

/** IPPROTO_MAX: protocols past it are EINVAL, unknown ones below it EPROTONOSUPPORT. */
const IPPROTO_MAX = 263;
/** AF_MAX on Linux 6.x. */
const AF_MAX = 46;

function sockOf(p: Process, fd: number): { f: OpenFile; s: Socket } | number {
  const f = p.fds.get(fd);
  if (!f) return -EBADF;
  if (!(f.obj instanceof Socket)) return -ENOTSOCK;
  return { f, s: f.obj };
}

/** Sleeps on the socket; with a timeout (ns), a wake-up past the deadline is -EAGAIN. */
function sleepOn(h: Host, p: Process, s: Socket, timeoNs: number): number | typeof BLOCK {
  return blockTimeout(h, p, [s.wq], timeoNs);
}

function install(h: Host, p: Process, s: Socket, flags: number): number {
  const f = newFile(h, s, O_RDWR | (flags & SOCK_NONBLOCK ? O_NONBLOCK : 0));
  const fd = p.fds.alloc(f, (flags & SOCK_CLOEXEC) !== 0);
  if (fd < 0) s.release(f);
  return fd;
}

export function sysSocket(h: Host, p: Process, [domain, type, protocol]: [number, number, number]): number {
  domain |= 0;
  type |= 0;
  protocol |= 0;
  if (domain < 0 || domain >= AF_MAX) return -EAFNOSUPPORT;
  const base = type & 0xf;
  const flags = type & ~0xf;
  if (flags & ~(SOCK_NONBLOCK | SOCK_CLOEXEC)) return -EINVAL;
  if (base < 1 || (base > 6 && base !== 10)) return -EINVAL;
  const st = stackOf(h);
  let s: Socket;
  if (domain === AF_INET) {
    if (protocol < 0 || protocol >= IPPROTO_MAX) return -EINVAL;
    if (base === SOCK_STREAM) {
      if (protocol !== 0 && protocol !== IPPROTO_TCP) return -EPROTONOSUPPORT;
      s = new TcpSocket(st, h.world.ino());
    } else if (base === SOCK_DGRAM) {
      if (protocol !== 0 && protocol !== IPPROTO_UDP) return -EPROTONOSUPPORT;
      s = new UdpSocket(st, h.world.ino());
    } else if (base === SOCK_RAW) {
      return p.uid === 0 ? -EPROTONOSUPPORT : -EPERM;
    } else {
      return -ESOCKTNOSUPPORT;
    }
  } else if (domain === AF_UNIX) {
    if (protocol !== 0 && protocol !== AF_UNIX) return -EPROTONOSUPPORT;
    if (base !== SOCK_STREAM && base !== SOCK_DGRAM) return -ESOCKTNOSUPPORT;
    s = new UnixSocket(st, h.world.ino(), base);
  } else {
    return -EAFNOSUPPORT;
  }
  return install(h, p, s, flags);
}

export function sysSocketpair(h: Host, p: Process, [domain, type, protocol]: [number, number, number]): [number, number] | number {
  const base = type & 0xf;
  const flags = type & ~0xf;
  if (flags & ~(SOCK_NONBLOCK | SOCK_CLOEXEC)) return -EINVAL;
  if (domain === AF_INET) return -EOPNOTSUPP;
  if (domain !== AF_UNIX) return -EAFNOSUPPORT;
  if (protocol !== 0 && protocol !== AF_UNIX) return -EPROTONOSUPPORT;
  if (base !== SOCK_STREAM && base !== SOCK_DGRAM) return -ESOCKTNOSUPPORT;
  const [a, b] = unixSocketpair(stackOf(h), base);
  const fa = install(h, p, a, flags);
  if (fa < 0) return -EMFILE;
  const fb = install(h, p, b, flags);
  if (fb < 0) {
    p.fds.close(fa);
    return -EMFILE;
  }
  return [fa, fb];
}

export function sysBind(h: Host, p: Process, [fd, addr, addrlen]: [number, unknown, number]): number {
  const r = sockOf(p, fd);
  if (typeof r === "number") return r;
  const k = addrFromUser(addr, addrlen, p.cwd);
  if (typeof k === "number") return k;
  if (k === null) return r.s.domain === AF_INET ? -EAFNOSUPPORT : -EINVAL;
  if (k.family !== r.s.domain) return r.s.domain === AF_INET ? -EAFNOSUPPORT : -EINVAL;
  return r.s.bind(k);
}

export function sysListen(_h: Host, p: Process, [fd, backlog]: [number, number]): number {
  const r = sockOf(p, fd);
  if (typeof r === "number") return r;
  return r.s.listen(backlog | 0);
}

export interface AddrReply {
  ret: number;
  addr: ReturnType<typeof addrToUser> | null;
  addrlen: number;
}

/** accept4(fd, want address, flags): {ret: new fd, addr}. The connection stays queued on EMFILE (README §16). */
export function sysAccept4(h: Host, p: Process, [fd, wantAddr, flags]: [number, boolean, number]): AddrReply | number | typeof BLOCK {
  flags = (flags ?? 0) | 0;
  if (flags & ~(SOCK_NONBLOCK | SOCK_CLOEXEC)) return -EINVAL;
  const r = sockOf(p, fd);
  if (typeof r === "number") return r;
  const { f, s } = r;
  const c = s.acceptPeek();
  if (c === -EAGAIN) {
    if (f.flags & O_NONBLOCK) return -EAGAIN;
    return sleepOn(h, p, s, s.rcvtimeo);
  }
  if (typeof c === "number") return c;
  const nf = newFile(h, c, O_RDWR | (flags & SOCK_NONBLOCK ? O_NONBLOCK : 0));
  const nfd = p.fds.alloc(nf, (flags & SOCK_CLOEXEC) !== 0);
  if (nfd < 0) return nfd;
  s.accept();
  const peer = c.getpeername();
  const k = typeof peer === "number" ? c.getsockname() : peer;
  return { ret: nfd, addr: wantAddr ? addrToUser(k) : null, addrlen: addrLen(k) };
}

export function sysConnect(h: Host, p: Process, [fd, addr, addrlen]: [number, unknown, number]): number | typeof BLOCK {
  const r = sockOf(p, fd);
  if (typeof r === "number") return r;
  const { f, s } = r;
  const sys = p.sys;
  if (sys.connecting && s instanceof TcpSocket) return connectWait(h, p, s);
  const k = addrFromUser(addr, addrlen, p.cwd);
  if (typeof k === "number") return k;
  if (k !== null && k.family !== s.domain) return s.domain === AF_INET ? -EAFNOSUPPORT : -EINVAL;
  const res = s.connect(k);
  if (!(s instanceof TcpSocket) || (res !== -EINPROGRESS && res !== -EALREADY)) return res;
  if (f.flags & O_NONBLOCK) return res;
  sys.connecting = true;
  sys.already = res === -EALREADY;
  return connectWait(h, p, s);
}

/** A blocking connect waits for the handshake; a failure resets the socket (tcp_disconnect, README §1). */
function connectWait(h: Host, p: Process, s: TcpSocket): number | typeof BLOCK {
  const st = s.tcb.state;
  if (st === "SYN_SENT" || st === "SYN_RECEIVED") {
    const b = sleepOn(h, p, s, s.sndtimeo);
    // A timed-out connect reports EINPROGRESS, a second one EALREADY (README §6).
    if (b === -EAGAIN) return p.sys.already ? -EALREADY : -EINPROGRESS;
    return b;
  }
  if (s.connected && s.soError === 0) return 0;
  const e = s.takeError() || ECONNREFUSED;
  s.disconnect();
  return -e;
}

/** sendto(fd, bytes, flags, addr, addrlen): bytes sent; EPIPE raises SIGPIPE unless MSG_NOSIGNAL. */
export function sysSendto(h: Host, p: Process, [fd, data, flags, addr, addrlen]: [number, Uint8Array, number, unknown, number]): number | typeof BLOCK {
  const r = sockOf(p, fd);
  if (typeof r === "number") return r;
  const { f, s } = r;
  flags = (flags ?? 0) | 0;
  let to: KAddr | null = null;
  if (addr !== null && addr !== undefined) {
    const k = addrFromUser(addr, addrlen, p.cwd);
    if (typeof k === "number") return k;
    to = k;
  }
  const sys = p.sys;
  let done: number = sys.done ?? 0;
  const stream = s.stype === SOCK_STREAM;
  for (;;) {
    const n = s.sendmsg(done === 0 ? data : data.subarray(done), flags, to);
    if (n > 0 || (n === 0 && (data.length === 0 || !stream))) {
      done += n;
      if (done >= data.length || !stream) return done;
      continue;
    }
    if (n === 0) return done;
    if (n === -EPIPE) {
      if (!(flags & MSG_NOSIGNAL)) sendSignal(h, p, SIGPIPE, p.pid);
      return done > 0 ? done : -EPIPE;
    }
    if (n !== -EAGAIN) return done > 0 ? done : n;
    if (f.flags & O_NONBLOCK || flags & MSG_DONTWAIT) return done > 0 ? done : -EAGAIN;
    const b = sleepOn(h, p, s, s.sndtimeo);
    if (typeof b === "number") return done > 0 ? done : b;
    sys.done = done;
    return b;
  }
}

export interface RecvReply {
  ret: number;
  data: Uint8Array;
  addr: ReturnType<typeof addrToUser> | null;
  addrlen: number;
}

const EMPTY = new Uint8Array(0);

function concat(parts: Uint8Array[], extra: Uint8Array): Uint8Array {
  let n = extra.length;
  for (const x of parts) n += x.length;
  const out = new Uint8Array(n);
  let o = 0;
  for (const x of parts) {
    out.set(x, o);
    o += x.length;
  }
  out.set(extra, o);
  return out;
}

/** recvfrom(fd, count, flags, want address): {ret, data, addr}; MSG_TRUNC gives a datagram's real length. */
export function sysRecvfrom(h: Host, p: Process, [fd, count, flags, wantAddr]: [number, number, number, boolean]): RecvReply | number | typeof BLOCK {
  const r = sockOf(p, fd);
  if (typeof r === "number") return r;
  const { f, s } = r;
  if (!(count >= 0)) return -EINVAL;
  flags = (flags ?? 0) | 0;
  const sys = p.sys;
  const acc: Uint8Array[] = sys.acc ?? [];
  let got: number = sys.got ?? 0;
  const stream = s.stype === SOCK_STREAM;
  for (;;) {
    const res = s.recvmsg(count - got, flags & MSG_PEEK);
    if (typeof res !== "number") {
      const n = res.data.length;
      if (stream && flags & MSG_WAITALL && !(flags & MSG_PEEK) && n > 0 && got + n < count) {
        acc.push(res.data);
        got += n;
        continue;
      }
      const data = acc.length > 0 ? concat(acc, res.data) : res.data;
      const ret = !stream && flags & MSG_TRUNC ? res.full : data.length;
      return { ret, data, addr: wantAddr && res.from ? addrToUser(res.from) : null, addrlen: res.from ? addrLen(res.from) : 0 };
    }
    if (res !== -EAGAIN || f.flags & O_NONBLOCK || flags & MSG_DONTWAIT) {
      if (got > 0) return { ret: got, data: concat(acc, EMPTY), addr: null, addrlen: 0 };
      return res;
    }
    const b = sleepOn(h, p, s, s.rcvtimeo);
    if (typeof b === "number") {
      if (got > 0) return { ret: got, data: concat(acc, EMPTY), addr: null, addrlen: 0 };
      return b;
    }
    sys.acc = acc;
    sys.got = got;
    return b;
  }
}

export function sysShutdown(_h: Host, p: Process, [fd, how]: [number, number]): number {
  const r = sockOf(p, fd);
  if (typeof r === "number") return r;
  return r.s.shutdown(how | 0);
}

export function sysSetsockopt(_h: Host, p: Process, [fd, level, name, value, optlen]: [number, number, number, unknown, number]): number {
  const r = sockOf(p, fd);
  if (typeof r === "number") return r;
  return r.s.setsockopt(level | 0, name | 0, value as number, optlen ?? 4);
}

export function sysGetsockopt(_h: Host, p: Process, [fd, level, name]: [number, number, number]): { ret: 0; value: unknown } | number {
  const r = sockOf(p, fd);
  if (typeof r === "number") return r;
  const v = r.s.getsockopt(level | 0, name | 0);
  if (typeof v === "number" && v < 0) return v;
  return { ret: 0, value: v };
}

export function sysGetsockname(_h: Host, p: Process, [fd]: [number]): AddrReply | number {
  const r = sockOf(p, fd);
  if (typeof r === "number") return r;
  const k = r.s.getsockname();
  return { ret: 0, addr: addrToUser(k), addrlen: addrLen(k) };
}

export function sysGetpeername(_h: Host, p: Process, [fd]: [number]): AddrReply | number {
  const r = sockOf(p, fd);
  if (typeof r === "number") return r;
  const k = r.s.getpeername();
  if (typeof k === "number") return k;
  return { ret: 0, addr: addrToUser(k), addrlen: addrLen(k) };
}

const ACCEPT_NOTE = "Takes the oldest completed connection; on EMFILE it stays queued. The new socket does not inherit O_NONBLOCK (README §7).";

/** The socket calls, registered by table.ts. */
export const SOCKET_SYSCALLS: { [name: string]: SyscallEntry } = {
  socket: { group: "socket", handler: sysSocket, signature: "int socket(int domain, int type, int protocol)",
    note: "AF_INET (TCP, UDP) and AF_UNIX (stream, datagram); SOCK_NONBLOCK, SOCK_CLOEXEC.",
    errors: "EAFNOSUPPORT, EINVAL, EPROTONOSUPPORT, ESOCKTNOSUPPORT, EPERM (SOCK_RAW), EMFILE" },
  socketpair: { group: "socket", handler: sysSocketpair, signature: "int socketpair(int domain, int type, int protocol, int sv[2])",
    note: "AF_UNIX only, as Linux.", errors: "EOPNOTSUPP (AF_INET), EAFNOSUPPORT, EMFILE" },
  bind: { group: "socket", handler: sysBind, signature: "int bind(int fd, const struct sockaddr *addr, socklen_t len)",
    note: "EADDRINUSE and SO_REUSEADDR as linux README §2 (both sockets' flags; TIME-WAIT and accepted sockets count). Port 0 picks an odd ephemeral port.",
    errors: "EBADF, ENOTSOCK, EINVAL, EADDRINUSE, EADDRNOTAVAIL, EAFNOSUPPORT, EFAULT" },
  listen: { group: "socket", handler: sysListen, signature: "int listen(int fd, int backlog)",
    note: "Admits backlog + 1 connections, clamped to somaxconn 4096; later SYNs are dropped silently. Auto-binds an unbound socket.",
    errors: "EBADF, ENOTSOCK, EINVAL, EADDRINUSE, EOPNOTSUPP" },
  accept: { group: "socket", handler: (h: Host, p: Process, [fd, want]: [number, boolean]) => sysAccept4(h, p, [fd, want, 0]),
    signature: "int accept(int fd, struct sockaddr *addr, socklen_t *len)", note: ACCEPT_NOTE,
    errors: "EBADF, ENOTSOCK, EINVAL, EAGAIN, EOPNOTSUPP, EMFILE, EINTR" },
  accept4: { group: "socket", handler: sysAccept4, signature: "int accept4(int fd, struct sockaddr *addr, socklen_t *len, int flags)",
    note: ACCEPT_NOTE, errors: "EBADF, ENOTSOCK, EINVAL, EAGAIN, EOPNOTSUPP, EMFILE, EINTR" },
  connect: { group: "socket", handler: sysConnect, signature: "int connect(int fd, const struct sockaddr *addr, socklen_t len)",
    note: "Non-blocking: EINPROGRESS, then SO_ERROR. A blocking connect that fails resets the socket. SO_SNDTIMEO bounds the wait (EINPROGRESS, then EALREADY).",
    errors: "ECONNREFUSED, ETIMEDOUT, EINPROGRESS, EALREADY, EISCONN, EADDRNOTAVAIL, EAFNOSUPPORT, EINVAL, EFAULT, EINTR" },
  sendto: { group: "socket", handler: sysSendto, signature: "ssize_t sendto(int fd, const void *buf, size_t len, int flags, const struct sockaddr *to, socklen_t tolen)",
    note: "send() is sendto without an address. MSG_NOSIGNAL, MSG_DONTWAIT. EPIPE raises SIGPIPE; a pending ECONNRESET does not.",
    errors: "EPIPE, ECONNRESET, EAGAIN, EDESTADDRREQ, EMSGSIZE, ECONNREFUSED (UDP), EINTR" },
  recvfrom: { group: "socket", handler: sysRecvfrom, signature: "ssize_t recvfrom(int fd, void *buf, size_t len, int flags, struct sockaddr *from, socklen_t *fromlen)",
    note: "recv() is recvfrom without an address. MSG_PEEK, MSG_WAITALL, MSG_TRUNC, MSG_DONTWAIT; SO_RCVTIMEO gives EAGAIN.",
    errors: "ENOTCONN, ECONNRESET, ECONNREFUSED, EAGAIN, EINTR" },
  shutdown: { group: "socket", handler: sysShutdown, signature: "int shutdown(int fd, int how)",
    note: "SHUT_WR sends a FIN; SHUT_RD sends nothing (data still arrives, as on Linux).", errors: "EBADF, ENOTSOCK, ENOTCONN, EINVAL" },
  setsockopt: { group: "socket", handler: sysSetsockopt, signature: "int setsockopt(int fd, int level, int name, const void *val, socklen_t len)",
    note: "SO_REUSEADDR, SO_KEEPALIVE, SO_RCVBUF/SO_SNDBUF (doubled), SO_LINGER, SO_RCVTIMEO/SO_SNDTIMEO, TCP_NODELAY, TCP_KEEP*, TCP_SYNCNT.",
    errors: "EBADF, ENOTSOCK, EINVAL, ENOPROTOOPT, EOPNOTSUPP" },
  getsockopt: { group: "socket", handler: sysGetsockopt, signature: "int getsockopt(int fd, int level, int name, void *val, socklen_t *len)",
    note: "SO_ERROR is read once; SO_TYPE, SO_ACCEPTCONN, TCP_INFO (tcpi_state, rto, cwnd...).", errors: "EBADF, ENOTSOCK, ENOPROTOOPT" },
  getsockname: { group: "socket", handler: sysGetsockname, signature: "int getsockname(int fd, struct sockaddr *addr, socklen_t *len)",
    note: "", errors: "EBADF, ENOTSOCK" },
  getpeername: { group: "socket", handler: sysGetpeername, signature: "int getpeername(int fd, struct sockaddr *addr, socklen_t *len)",
    note: "", errors: "EBADF, ENOTSOCK, ENOTCONN" },
};
