// <sys/socket.h>: the socket calls over the syscall primitive. Addresses
// are C structs as objects (sockaddr_in() is a zeroed struct, network byte
// order inside); out-parameters are filled in place, as the kernel's
// copy_to_user would, from the reply the kernel recorded (so fork's replay
// fills them the same way).

import { Call, syscall, set_errno, type Ref, type Sys } from "./syscall.ts";
import { bytesOf, fault } from "./unistd.ts";
import { AF_INET, AF_UNIX, SOL_SOCKET, SO_LINGER, SO_RCVTIMEO, SO_SNDTIMEO } from "../../kernel/uapi/socket.ts";
import { EFAULT } from "../../kernel/uapi/errno.ts";
import type { in_addr } from "./inet.ts";

/**
 * The `<sys/socket.h>`, `<netinet/in.h>` and `<netinet/tcp.h>` constants,
 * with Linux x86-64's values: address families (`AF_INET`, `AF_UNIX`, ...
 * and the `PF_*` aliases), socket types (`SOCK_STREAM`, `SOCK_DGRAM`, and
 * the `SOCK_NONBLOCK` / `SOCK_CLOEXEC` flags or'ed into `type`), protocols
 * (`IPPROTO_TCP`, `IPPROTO_UDP`), option levels and names (`SOL_SOCKET`,
 * `SO_*`, `TCP_*`), `MSG_*` flags, `SHUT_RD`/`SHUT_WR`/`SHUT_RDWR`,
 * `INADDR_ANY`/`INADDR_LOOPBACK` (host byte order, as in C: pass them
 * through `htonl`), `INET_ADDRSTRLEN`, `SOMAXCONN` and the `FIONREAD`
 * ioctl.
 */
export * from "../../kernel/uapi/socket.ts";

/**
 * `struct sockaddr_in { sa_family_t sin_family; in_port_t sin_port; struct in_addr sin_addr; };`
 *
 * An IPv4 socket address (16 bytes, `SOCKADDR_IN_SIZE`): `sin_family` is
 * `AF_INET`; `sin_port` and `sin_addr.s_addr` are in network byte order
 * (fill them with `htons` / `htonl` / `inet_pton`). `sin_zero` is padding
 * and may be left out. Make a zeroed one with `sockaddr_in()`.
 */
export interface sockaddr_in {
  sin_family: number;
  sin_port: number;
  sin_addr: in_addr;
  sin_zero?: number[];
}

/**
 * `struct sockaddr_un { sa_family_t sun_family; char sun_path[108]; };`
 *
 * An AF_UNIX socket address: `sun_path` is the socket file's path, up to
 * 107 bytes (a relative path resolves against the working directory). In
 * the port it is a string, not a char array. Make one with `sockaddr_un()`.
 */
export interface sockaddr_un {
  sun_family: number;
  sun_path: string;
}

/**
 * `struct sockaddr`
 *
 * The generic address the socket calls take: in C a cast
 * (`(struct sockaddr *)&addr`); here either concrete struct, passed as is.
 */
export type sockaddr = sockaddr_in | sockaddr_un;

/**
 * `struct sockaddr_in addr; memset(&addr, 0, sizeof addr);`
 *
 * A zeroed struct sockaddr_in, as `memset` leaves it (family 0: set
 * `sin_family = AF_INET` yourself, as in C). Pass it as an out-parameter
 * to `accept`, `recvfrom`, `getsockname`, `getpeername`. kernsim only.
 *
 * @example const addr = sockaddr_in(); addr.sin_family = AF_INET; addr.sin_port = htons(8080);
 */
export function sockaddr_in(): sockaddr_in {
  return { sin_family: 0, sin_port: 0, sin_addr: { s_addr: 0 } };
}

/**
 * `struct sockaddr_un addr = { .sun_family = AF_UNIX };`
 *
 * A struct sockaddr_un with `sun_family` set to `AF_UNIX` and `sun_path`
 * set to `path` (default empty: an out-parameter). Where C would
 * `strncpy` into `sun_path`, pass the path here. kernsim only.
 *
 * @example yield* bind(fd, sockaddr_un("/tmp/sock"));
 */
export function sockaddr_un(path = ""): sockaddr_un {
  return { sun_family: AF_UNIX, sun_path: path };
}

/**
 * `struct linger { int l_onoff; int l_linger; };`
 *
 * The SO_LINGER option value: with `l_onoff` non-zero, `close` waits up to
 * `l_linger` seconds for unsent data (0: reset the connection at once).
 * Make one with `linger()`.
 */
export interface linger {
  l_onoff: number;
  l_linger: number;
}

/**
 * `struct linger lg = { l_onoff, l_linger };`
 *
 * A struct linger for `setsockopt(fd, SOL_SOCKET, SO_LINGER, ...)`, zeroed
 * by default (an out-parameter's initial value for `getsockopt`). kernsim
 * only.
 *
 * @example yield* setsockopt(fd, SOL_SOCKET, SO_LINGER, linger(1, 0)); // close sends RST
 */
export function linger(l_onoff = 0, l_linger = 0): linger {
  return { l_onoff, l_linger };
}

/**
 * `struct timeval { time_t tv_sec; suseconds_t tv_usec; };`
 *
 * A time in seconds plus microseconds (`<sys/time.h>`): the value of
 * SO_RCVTIMEO/SO_SNDTIMEO and `select`'s timeout (select.ts re-exports
 * this one). Make one with `timeval()`.
 */
export interface timeval {
  tv_sec: number;
  tv_usec: number;
}

/**
 * `struct timeval tv = { tv_sec, tv_usec };`
 *
 * A struct timeval, zeroed by default. kernsim only.
 *
 * @example yield* setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, timeval(2, 0));
 */
export function timeval(tv_sec = 0, tv_usec = 0): timeval {
  return { tv_sec, tv_usec };
}

/**
 * `sizeof(struct sockaddr_in)`: 16, the `addrlen` to pass with a
 * sockaddr_in (the calls default to it when `addrlen` is left out).
 */
export const SOCKADDR_IN_SIZE = 16;

function sizeOf(a: sockaddr): number {
  return "sun_path" in a ? 110 : SOCKADDR_IN_SIZE;
}

/** A copy of the struct as the kernel reads it (the program may reuse its own). */
function copyIn(a: sockaddr | null): unknown {
  if (a === null) return null;
  if ("sun_path" in a) return { sun_family: a.sun_family, sun_path: a.sun_path };
  return { sin_family: a.sin_family, sin_port: a.sin_port, sin_addr: { s_addr: a.sin_addr?.s_addr ?? 0 } };
}

/** Writes a kernel-returned address into the caller's struct. */
function copyOut(dst: sockaddr | null, len: Ref<number> | null, src: unknown, srclen: number): void {
  if (dst !== null && src !== null && typeof src === "object") {
    const s = src as Partial<sockaddr_in & sockaddr_un>;
    if (s.sun_family !== undefined) Object.assign(dst, { sun_family: s.sun_family, sun_path: s.sun_path });
    else Object.assign(dst, { sin_family: s.sin_family, sin_port: s.sin_port, sin_addr: { s_addr: s.sin_addr!.s_addr } });
  }
  if (len !== null) len.value = srclen;
}

/**
 * `int socket(int domain, int type, int protocol);`
 *
 * create an endpoint for communication (socket(2)). `domain` is `AF_INET`
 * (`SOCK_STREAM`: TCP, `SOCK_DGRAM`: UDP) or `AF_UNIX` (stream or
 * datagram); `type` may be or'ed with `SOCK_NONBLOCK` and `SOCK_CLOEXEC`;
 * `protocol` 0 picks the default. Returns the lowest free descriptor, or -1
 * with `errno` set: EAFNOSUPPORT (other family), EINVAL (unknown type or
 * flags, protocol out of range), EPROTONOSUPPORT (protocol does not fit the
 * type), ESOCKTNOSUPPORT (type not supported in the family), EPERM
 * (`SOCK_RAW` without root; kernsim has no raw sockets), EMFILE.
 *
 * @example const fd = yield* socket(AF_INET, SOCK_STREAM, 0);
 */
export function socket(domain: number, type: number, protocol: number): Sys<number> {
  return syscall<number>("socket", domain, type, protocol);
}

/**
 * `int socketpair(int domain, int type, int protocol, int sv[2]);`
 *
 * create a pair of connected sockets (socketpair(2)). Stores two new
 * descriptors in `sv` (an `Int32Array(2)` or a number array), connected to
 * each other: what one writes the other reads. `AF_UNIX` only, as on Linux;
 * `type` is `SOCK_STREAM` or `SOCK_DGRAM`, optionally or'ed with
 * `SOCK_NONBLOCK` / `SOCK_CLOEXEC`. Returns 0, or -1 with `errno` set:
 * EOPNOTSUPP (`AF_INET`), EAFNOSUPPORT, EPROTONOSUPPORT, ESOCKTNOSUPPORT,
 * EINVAL (other flags), EMFILE.
 *
 * @example const sv = new Int32Array(2); yield* socketpair(AF_UNIX, SOCK_STREAM, 0, sv);
 */
export function* socketpair(domain: number, type: number, protocol: number, sv: Int32Array | number[]): Sys<number> {
  const r = yield* syscall<[number, number]>("socketpair", domain, type, protocol);
  if (r === -1) return -1;
  sv[0] = r[0];
  sv[1] = r[1];
  return 0;
}

/**
 * `int bind(int sockfd, const struct sockaddr *addr, socklen_t addrlen);`
 *
 * bind a name to a socket (bind(2)). Gives the socket the local address
 * `addr` (a sockaddr_in, or a sockaddr_un whose path is created as a socket
 * file); port 0 picks an ephemeral port. `addrlen` defaults to the
 * struct's size. SO_REUSEADDR (set on both sockets) allows a port still in
 * TIME-WAIT. Returns 0, or -1 with `errno` set: EBADF, ENOTSOCK, EINVAL
 * (already bound, short `addrlen`, empty or too long path), EADDRINUSE (a
 * port in use, or a path that exists), EADDRNOTAVAIL (not an address of
 * this host), EAFNOSUPPORT (family differs from the socket's), ENOENT
 * (AF_UNIX: no such directory), EFAULT (`addr` null).
 *
 * @example yield* bind(fd, addr);
 */
export function bind(fd: number, addr: sockaddr | null, addrlen?: number): Sys<number> {
  return syscall<number>("bind", fd, copyIn(addr), addrlen ?? (addr ? sizeOf(addr) : 0));
}

/**
 * `int listen(int sockfd, int backlog);`
 *
 * listen for connections on a socket (listen(2)). Marks a stream socket as
 * passive; `accept` then takes its connections. It admits `backlog` + 1
 * completed connections (clamped to `SOMAXCONN` 4096); later SYNs are
 * dropped silently, so the clients retry. An unbound TCP socket is bound
 * to an ephemeral port. Returns 0, or -1 with `errno` set: EBADF,
 * ENOTSOCK, EINVAL (connected, or an unbound AF_UNIX socket), EADDRINUSE,
 * EOPNOTSUPP (a datagram socket).
 *
 * @example yield* listen(fd, 16);
 */
export function listen(fd: number, backlog: number): Sys<number> {
  return syscall<number>("listen", fd, backlog);
}

interface AddrReply {
  ret: number;
  addr: unknown;
  addrlen: number;
}

/**
 * `int accept(int sockfd, struct sockaddr *addr, socklen_t *addrlen);`
 *
 * accept a connection on a socket (accept(2)). Takes the oldest completed
 * connection of the listening socket `fd`, blocking until there is one
 * (unless O_NONBLOCK). The peer's address is written into `addr` and its
 * size into `addrlen.value` (a `ref(0)`); either may be null (the default),
 * as in C. The new socket does not inherit O_NONBLOCK. Returns the new
 * descriptor, or -1 with `errno` set: EBADF, ENOTSOCK, EINVAL (not
 * listening), EAGAIN (O_NONBLOCK and none pending, or SO_RCVTIMEO expired),
 * EOPNOTSUPP (not a stream socket), EMFILE (the connection stays queued),
 * EINTR.
 *
 * @example const cfd = yield* accept(lfd, peer, ref(SOCKADDR_IN_SIZE));
 */
export function accept(fd: number, addr: sockaddr | null = null, addrlen: Ref<number> | null = null): Sys<number> {
  return new Call<number>("accept", [fd, addr !== null], addrDone, addr === null && addrlen === null ? null : [addr, addrlen]);
}

/** accept's (and accept4's) reply: the new fd, and the peer's address copied out. */
function addrDone(reply: unknown, out: unknown): number {
  if (reply === -1) return -1;
  const r = reply as AddrReply;
  if (out !== null) {
    const [addr, addrlen] = out as [sockaddr | null, Ref<number> | null];
    copyOut(addr, addrlen, r.addr, r.addrlen);
  }
  return r.ret;
}

/**
 * `int accept4(int sockfd, struct sockaddr *addr, socklen_t *addrlen, int flags);`
 *
 * accept a connection on a socket (accept4(2)). `accept` that sets
 * `SOCK_NONBLOCK` and/or `SOCK_CLOEXEC` (`flags`) on the new descriptor.
 * `addr` and `addrlen` may be null. Returns the new descriptor, or -1 with
 * `errno` set: EINVAL (other flags, or not listening), and as `accept`:
 * EBADF, ENOTSOCK, EAGAIN, EOPNOTSUPP, EMFILE, EINTR.
 *
 * @example const cfd = yield* accept4(lfd, null, null, SOCK_NONBLOCK);
 */
export function accept4(fd: number, addr: sockaddr | null, addrlen: Ref<number> | null, flags: number): Sys<number> {
  return new Call<number>("accept4", [fd, addr !== null, flags], addrDone, addr === null && addrlen === null ? null : [addr, addrlen]);
}

/**
 * `int connect(int sockfd, const struct sockaddr *addr, socklen_t addrlen);`
 *
 * initiate a connection on a socket (connect(2)). A TCP socket sends a SYN
 * and blocks until the handshake completes; a UDP socket just records the
 * default peer. `addrlen` defaults to the struct's size. Non-blocking, it
 * returns -1/EINPROGRESS and the outcome is read later with
 * `getsockopt(fd, SOL_SOCKET, SO_ERROR, ...)`. A blocking connect that
 * fails resets the socket; SO_SNDTIMEO bounds the wait (EINPROGRESS, then
 * EALREADY). Returns 0, or -1 with `errno` set: ECONNREFUSED, ETIMEDOUT,
 * EINPROGRESS, EALREADY, EISCONN, EADDRNOTAVAIL, EAFNOSUPPORT (family
 * differs from the socket's), EINVAL (short `addrlen`), EFAULT (`addr`
 * null), EINTR, EBADF, ENOTSOCK; for AF_UNIX also ENOENT (no such path) and
 * EAGAIN (the listener's backlog is full).
 *
 * @example if ((yield* connect(fd, addr)) < 0) yield* perror("connect");
 */
export function connect(fd: number, addr: sockaddr | null, addrlen?: number): Sys<number> {
  return syscall<number>("connect", fd, copyIn(addr), addrlen ?? (addr ? sizeOf(addr) : 16));
}

/**
 * `ssize_t send(int sockfd, const void *buf, size_t len, int flags);`
 *
 * send a message on a socket (send(2)). `sendto` without an address: sends
 * `len` bytes (default: all of `buf`, which may be a string: its UTF-8
 * bytes) on a connected socket. A blocking stream send returns once all
 * bytes are queued (or with the partial count when interrupted). `flags`:
 * `MSG_NOSIGNAL`, `MSG_DONTWAIT`. Returns the number of bytes sent, or -1
 * with `errno` set: EPIPE (peer gone or shut down; SIGPIPE is sent too
 * unless MSG_NOSIGNAL), ECONNRESET, EAGAIN, EDESTADDRREQ / ENOTCONN (not
 * connected), EMSGSIZE, ECONNREFUSED (UDP), EINTR, EBADF, ENOTSOCK, and
 * EFAULT for a `len` larger than `buf`.
 *
 * @example yield* send(fd, "hello\n");
 */
export function* send(fd: number, buf: Uint8Array | string, len?: number, flags = 0): Sys<number> {
  return yield* sendto(fd, buf, len, flags, null, 0);
}

/**
 * `ssize_t sendto(int sockfd, const void *buf, size_t len, int flags, const struct sockaddr *dest_addr, socklen_t addrlen);`
 *
 * send a message on a socket (sendto(2)). `send` to the address `to` (for
 * an unconnected UDP or AF_UNIX datagram socket; null for a connected
 * one). `buf` may be a string; `len` undefined means all of it; `tolen`
 * defaults to the struct's size. Returns the number of bytes sent, or -1
 * with `errno` set: EPIPE (and SIGPIPE unless MSG_NOSIGNAL), ECONNRESET,
 * EAGAIN, EDESTADDRREQ, EMSGSIZE, ECONNREFUSED (UDP), EINVAL, EAFNOSUPPORT,
 * EINTR, EBADF, ENOTSOCK, and EFAULT for a `len` larger than `buf`.
 *
 * @example yield* sendto(fd, buf, n, 0, peer);
 */
export function* sendto(fd: number, buf: Uint8Array | string, len: number | undefined, flags: number, to: sockaddr | null, tolen?: number): Sys<number> {
  const b = bytesOf(buf, len);
  if (len !== undefined && len > b.length) return fault();
  return yield* syscall<number>("sendto", fd, b, flags, copyIn(to), tolen ?? (to ? sizeOf(to) : 0));
}

interface RecvReply {
  ret: number;
  data: Uint8Array;
  addr: unknown;
  addrlen: number;
}

/**
 * `ssize_t recv(int sockfd, void *buf, size_t len, int flags);`
 *
 * receive a message from a socket (recv(2)). `recvfrom` without an
 * address: reads up to `len` bytes (default: `buf.length`) into `buf`,
 * filling it from offset 0, blocking until data is there (unless
 * O_NONBLOCK or `MSG_DONTWAIT`). `flags`: `MSG_PEEK`, `MSG_WAITALL`,
 * `MSG_TRUNC`, `MSG_DONTWAIT`. Returns the number of bytes read, 0 when the
 * peer has closed (end of stream), or -1 with `errno` set: ENOTCONN,
 * ECONNRESET, ECONNREFUSED, EAGAIN (O_NONBLOCK, or SO_RCVTIMEO expired),
 * EINTR, EBADF, ENOTSOCK, and EFAULT for a `len` larger than `buf`.
 *
 * @example const n = yield* recv(fd, buf, buf.length, 0);
 */
export function* recv(fd: number, buf: Uint8Array, len: number = buf.length, flags = 0): Sys<number> {
  return yield* recvfrom(fd, buf, len, flags, null, null);
}

/**
 * `ssize_t recvfrom(int sockfd, void *buf, size_t len, int flags, struct sockaddr *src_addr, socklen_t *addrlen);`
 *
 * receive a message from a socket (recvfrom(2)). `recv` that also writes
 * the sender's address into `from` and its size into `fromlen.value` (a
 * `ref(0)`); both may be null. A datagram longer than `len` is truncated
 * (the rest is lost); with `MSG_TRUNC` the return is its real length.
 * Returns the number of bytes, 0 at end of stream, or -1 with `errno` set:
 * ENOTCONN, ECONNRESET, ECONNREFUSED, EAGAIN, EINTR, EBADF, ENOTSOCK,
 * EINVAL, and EFAULT for a `len` larger than `buf`.
 *
 * @example const n = yield* recvfrom(fd, buf, buf.length, 0, peer, ref(SOCKADDR_IN_SIZE));
 */
export function* recvfrom(fd: number, buf: Uint8Array, len: number, flags: number, from: sockaddr | null, fromlen: Ref<number> | null): Sys<number> {
  if (len > buf.length) return fault();
  const r = yield* syscall<RecvReply>("recvfrom", fd, len, flags, from !== null);
  if (r === -1) return -1;
  buf.set(r.data.subarray(0, Math.min(r.data.length, len)));
  if (from !== null && r.addr !== null) copyOut(from, fromlen, r.addr, r.addrlen);
  else if (fromlen !== null) fromlen.value = r.addrlen;
  return r.ret;
}

/**
 * `int shutdown(int sockfd, int how);`
 *
 * shut down part of a full-duplex connection (shutdown(2)). `SHUT_WR`
 * sends a FIN (the peer reads end of stream) while reading goes on;
 * `SHUT_RD` sends nothing (data still arrives, as on Linux); `SHUT_RDWR`
 * both. Unlike `close`, it acts on the connection whatever other
 * descriptors share it. Returns 0, or -1 with `errno` set: EBADF, ENOTSOCK,
 * ENOTCONN, EINVAL (bad `how`).
 *
 * @example yield* shutdown(fd, SHUT_WR);
 */
export function shutdown(fd: number, how: number): Sys<number> {
  return syscall<number>("shutdown", fd, how);
}

/**
 * `int setsockopt(int sockfd, int level, int optname, const void *optval, socklen_t optlen);`
 *
 * set options on sockets (setsockopt(2)). `value` is the option itself,
 * not a pointer to it (SPEC §2): an int (`1` turns SO_REUSEADDR,
 * SO_KEEPALIVE, TCP_NODELAY on), a `linger()` for SO_LINGER, a `timeval()`
 * for SO_RCVTIMEO/SO_SNDTIMEO; `optlen` defaults to its C size (4, 8 or
 * 16). Supported: SO_REUSEADDR, SO_KEEPALIVE, SO_RCVBUF/SO_SNDBUF (doubled,
 * as Linux), SO_LINGER, SO_RCVTIMEO/SO_SNDTIMEO, TCP_NODELAY, TCP_KEEPIDLE,
 * TCP_KEEPINTVL, TCP_KEEPCNT, TCP_SYNCNT. Returns 0, or -1 with `errno`
 * set: EBADF, ENOTSOCK, EINVAL (bad value or short `optlen`), ENOPROTOOPT
 * (unknown option), EOPNOTSUPP.
 *
 * @example yield* setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, 1);
 */
export function setsockopt(fd: number, level: number, name: number, value: number | linger | timeval, optlen?: number): Sys<number> {
  const len = optlen ?? (typeof value === "number" ? 4 : level === SOL_SOCKET && name === SO_LINGER ? 8 : level === SOL_SOCKET && (name === SO_RCVTIMEO || name === SO_SNDTIMEO) ? 16 : 4);
  const v = typeof value === "object" ? { ...value } : value;
  return syscall<number>("setsockopt", fd, level, name, v, len);
}

/**
 * `int getsockopt(int sockfd, int level, int optname, void *optval, socklen_t *optlen);`
 *
 * get options on sockets (getsockopt(2)). Writes the option into
 * `out.value` (a `ref(0)`; the value is an int, a linger, a timeval or, for
 * TCP_INFO, a tcp_info object with `tcpi_state`, `tcpi_rto`,
 * `tcpi_snd_cwnd`, ...) and its size into `optlen.value` when given.
 * SO_ERROR returns the pending error and clears it (how a non-blocking
 * connect's outcome is read); also SO_TYPE, SO_ACCEPTCONN and the options
 * `setsockopt` sets. Returns 0, or -1 with `errno` set: EBADF, ENOTSOCK,
 * ENOPROTOOPT (unknown option), EFAULT (`out` null).
 *
 * @example const err = ref(0); yield* getsockopt(fd, SOL_SOCKET, SO_ERROR, err);
 */
export function* getsockopt<T = number>(fd: number, level: number, name: number, out: Ref<T>, optlen: Ref<number> | null = null): Sys<number> {
  if (out === null || out === undefined) {
    set_errno(EFAULT);
    return -1;
  }
  const r = yield* syscall<{ ret: number; value: T }>("getsockopt", fd, level, name);
  if (r === -1) return -1;
  out.value = r.value;
  if (optlen) optlen.value = typeof r.value === "number" ? 4 : 16;
  return 0;
}

/**
 * `int getsockname(int sockfd, struct sockaddr *addr, socklen_t *addrlen);`
 *
 * get socket name (getsockname(2)). Writes the socket's local address into
 * `addr` (e.g. to learn the port a `bind` to port 0 picked; 0.0.0.0 port 0
 * for an unbound TCP socket) and its size into `addrlen.value` when given. Returns 0, or -1
 * with `errno` set: EBADF, ENOTSOCK.
 *
 * @example const me = sockaddr_in(); yield* getsockname(fd, me); ntohs(me.sin_port);
 */
export function* getsockname(fd: number, addr: sockaddr, addrlen: Ref<number> | null = null): Sys<number> {
  const r = yield* syscall<AddrReply>("getsockname", fd);
  if (r === -1) return -1;
  copyOut(addr, addrlen, r.addr, r.addrlen);
  return 0;
}

/**
 * `int getpeername(int sockfd, struct sockaddr *addr, socklen_t *addrlen);`
 *
 * get name of connected peer socket (getpeername(2)). Writes the connected
 * peer's address into `addr` and its size into `addrlen.value` when given.
 * Returns 0, or -1 with `errno` set: EBADF, ENOTSOCK, ENOTCONN.
 *
 * @example const peer = sockaddr_in(); yield* getpeername(cfd, peer);
 */
export function* getpeername(fd: number, addr: sockaddr, addrlen: Ref<number> | null = null): Sys<number> {
  const r = yield* syscall<AddrReply>("getpeername", fd);
  if (r === -1) return -1;
  copyOut(addr, addrlen, r.addr, r.addrlen);
  return 0;
}

/** `#define AF_INET 2`: the IPv4 address family (also in the constants above). */
export { AF_INET };
