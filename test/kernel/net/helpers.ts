// Small building blocks for socket tests, written as the linux README's C
// probes are: one program on one host talking to itself over 127.0.0.1.

import {
  AF_INET, bind, connect, errno, errnoName, fcntl, F_GETFL, F_SETFL, htonl, htons, INADDR_LOOPBACK, listen,
  O_NONBLOCK, printf, setsockopt, socket, sockaddr_in, SOCK_STREAM, SOL_SOCKET, SO_REUSEADDR, usleep,
  type sockaddr_in as SockaddrIn,
} from "../../../userland/libc/index.ts";

/** Prints `label ret` or `label -1 ENAME`, one line, as the README tables read. */
export function* report(label: string, v: number) {
  yield* printf("%s\n", v < 0 ? `${label} -1 ${errnoName(errno)}` : `${label} ${v}`);
}

export function loopback(port: number): SockaddrIn {
  const a = sockaddr_in();
  a.sin_family = AF_INET;
  a.sin_port = htons(port);
  a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  return a;
}

export function anyAddr(port: number): SockaddrIn {
  const a = sockaddr_in();
  a.sin_family = AF_INET;
  a.sin_port = htons(port);
  return a;
}

/** A TCP socket listening on 127.0.0.1:port (or 0.0.0.0 with `any`). */
export function* listener(port: number, backlog = 5, opts: { reuse?: boolean; any?: boolean } = {}) {
  const s = yield* socket(AF_INET, SOCK_STREAM, 0);
  if (opts.reuse) yield* setsockopt(s, SOL_SOCKET, SO_REUSEADDR, 1);
  if ((yield* bind(s, opts.any ? anyAddr(port) : loopback(port))) < 0) throw new Error(`bind ${port}: ${errnoName(errno)}`);
  yield* listen(s, backlog);
  return s;
}

/** A blocking connect to 127.0.0.1:port; returns the fd (or -1). */
export function* dial(port: number) {
  const c = yield* socket(AF_INET, SOCK_STREAM, 0);
  const r = yield* connect(c, loopback(port));
  return r < 0 ? r : c;
}

export function* nonblock(fd: number) {
  const fl = yield* fcntl(fd, F_GETFL);
  yield* fcntl(fd, F_SETFL, fl | O_NONBLOCK);
}

/** Lets packets in flight arrive (loopback takes microseconds; this is generous). */
export function* settle(ms = 10) {
  yield* usleep(ms * 1000);
}
