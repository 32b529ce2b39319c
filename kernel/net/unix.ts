// AF_UNIX sockets (Linux net/unix/af_unix.c): stream and datagram,
// socketpair(), and names bound in the host's file system (bind creates a
// socket inode; connect looks the path up). Everything stays inside one
// host, so nothing touches the network: data moves straight into the
// peer's queue and both sides' wait queues are notified.
//
// Simplifications, named: no abstract names, no SCM_RIGHTS/credentials,
// no SOCK_SEQPACKET; a stream writer may queue up to its SO_SNDBUF in the
// peer's receive queue (Linux accounts per skb).

import { EADDRINUSE, EAGAIN, ECONNREFUSED, EINVAL, EISCONN, ENOENT, ENOTCONN, EOPNOTSUPP, EPIPE, EDESTADDRREQ, EMSGSIZE } from "../uapi/errno.ts";
import { POLLHUP, POLLIN, POLLOUT, POLLRDHUP, POLLRDNORM, POLLWRNORM } from "../uapi/eventpoll.ts";
import { AF_UNIX, MSG_PEEK, SHUT_RD, SHUT_RDWR, SHUT_WR, SOCK_DGRAM, SOCK_STREAM } from "../uapi/socket.ts";
import type { OpenFile } from "../fs/file.ts";
import { Inode } from "../fs/vfs.ts";
import { ByteQueue } from "./bytequeue.ts";
import type { NetStack } from "./ip.ts";
import { RCV_SHUTDOWN, RMEM_DEFAULT, SEND_SHUTDOWN, SHUTDOWN_MASK, Socket, WMEM_DEFAULT, type KAddr, type Received } from "./socket.ts";

const EMPTY = new Uint8Array(0);
const UNNAMED: KAddr = { family: AF_UNIX, path: "" };

export class UnixSocket extends Socket {
  /** The bound name, or null. */
  path: string | null = null;
  private inode: Inode | null = null;
  peer: UnixSocket | null = null;
  /** The peer closed its last descriptor. */
  peerGone = false;
  isListening = false;
  backlog = 0;
  readonly acceptQueue: UnixSocket[] = [];
  private readonly rq = new ByteQueue(256);
  private readonly dgrams: Array<{ data: Uint8Array; from: KAddr }> = [];
  /** Datagram sockets: the default destination set by connect(). */
  private target: string | null = null;

  constructor(stack: NetStack, ino: number, stype: number) {
    super(stack, ino, AF_UNIX, stype, 0, RMEM_DEFAULT, WMEM_DEFAULT);
  }

  get listening(): boolean {
    return this.isListening;
  }

  get stream(): boolean {
    return this.stype === SOCK_STREAM;
  }

  /** bind(path): creates the socket inode; an existing path is EADDRINUSE. */
  bind(addr: KAddr): number {
    if (addr.family !== AF_UNIX) return -EINVAL;
    if (this.path !== null) return -EINVAL;
    const vfs = this.stack.host.vfs;
    const at = vfs.lookupParent(addr.path, "/", 0);
    if (typeof at === "number") return at;
    if (at.dir.children!.has(at.name)) return -EADDRINUSE;
    const ino = new Inode(this.stack.world.ino(), "socket", 0o755, 1000);
    at.dir.children!.set(at.name, ino);
    this.inode = ino;
    this.path = addr.path;
    this.stack.unixNames.set(ino, this);
    return 0;
  }

  private lookup(path: string): UnixSocket | number {
    const ino = this.stack.host.vfs.lookup(path, "/", 0);
    if (typeof ino === "number") return ino === -ENOENT ? -ENOENT : ino;
    if (ino.type !== "socket") return -ECONNREFUSED;
    return this.stack.unixNames.get(ino) ?? -ECONNREFUSED;
  }

  override listen(backlog: number): number {
    if (!this.stream) return -EOPNOTSUPP;
    if (this.path === null || this.peer !== null) return -EINVAL;
    this.isListening = true;
    this.backlog = backlog < 0 || backlog > 4096 ? 4096 : backlog;
    return 0;
  }

  connect(addr: KAddr | null): number {
    if (addr === null) {
      if (this.stream) return -EINVAL;
      this.target = null;
      return 0;
    }
    if (addr.family !== AF_UNIX) return -EINVAL;
    if (!this.stream) {
      const t = this.lookup(addr.path);
      if (typeof t === "number") return t;
      this.target = addr.path;
      return 0;
    }
    if (this.peer !== null || this.isListening) return -EISCONN;
    const l = this.lookup(addr.path);
    if (typeof l === "number") return l;
    if (!l.isListening || l.stype !== this.stype) return -ECONNREFUSED;
    if (l.acceptQueue.length > l.backlog) return -EAGAIN;
    const server = new UnixSocket(this.stack, this.stack.world.ino(), this.stype);
    server.path = l.path;
    pair(this, server);
    l.acceptQueue.push(server);
    l.wq.notify(POLLIN);
    return 0;
  }

  override accept(): Socket | number {
    const r = this.acceptPeek();
    if (typeof r !== "number") this.acceptQueue.shift();
    return r;
  }

  override acceptPeek(): Socket | number {
    if (!this.stream) return -EOPNOTSUPP;
    if (!this.isListening) return -EINVAL;
    return this.acceptQueue[0] ?? -EAGAIN;
  }

  getsockname(): KAddr {
    return this.path === null ? UNNAMED : { family: AF_UNIX, path: this.path };
  }

  getpeername(): KAddr | number {
    if (this.stream) return this.peer ? this.peer.getsockname() : -ENOTCONN;
    if (this.peer) return this.peer.getsockname();
    return this.target !== null ? { family: AF_UNIX, path: this.target } : -ENOTCONN;
  }

  sendmsg(data: Uint8Array, _flags: number, to: KAddr | null): number {
    if (this.shutdownBits & SEND_SHUTDOWN) return -EPIPE;
    if (!this.stream) return this.sendDgram(data, to);
    const p = this.peer;
    if (p === null) return this.isListening ? -EINVAL : -ENOTCONN;
    if (this.peerGone || p.shutdownBits & RCV_SHUTDOWN) return -EPIPE;
    if (data.length === 0) return 0;
    const space = this.sndbuf - p.rq.length;
    if (space <= 0) return -EAGAIN;
    const n = Math.min(space, data.length);
    p.rq.push(data.subarray(0, n));
    p.wq.notify(POLLIN);
    return n;
  }

  private sendDgram(data: Uint8Array, to: KAddr | null): number {
    let dest: UnixSocket | number;
    if (to !== null) {
      if (to.family !== AF_UNIX) return -EINVAL;
      dest = this.lookup(to.path);
    } else if (this.peer) {
      dest = this.peerGone ? -ECONNREFUSED : this.peer;
    } else if (this.target !== null) {
      dest = this.lookup(this.target);
    } else {
      return -ENOTCONN;
    }
    if (typeof dest === "number") return dest === -ENOENT && to === null ? -EDESTADDRREQ : dest;
    if (data.length > this.sndbuf) return -EMSGSIZE;
    if (dest.queuedDgramBytes() + data.length > dest.rcvbuf) return -EAGAIN;
    dest.dgrams.push({ data: data.slice(), from: this.getsockname() });
    dest.wq.notify(POLLIN);
    return data.length;
  }

  private queuedDgramBytes(): number {
    let n = 0;
    for (const d of this.dgrams) n += d.data.length;
    return n;
  }

  recvmsg(count: number, flags: number): Received | number {
    if (!this.stream) {
      const d = this.dgrams[0];
      if (d === undefined) return -EAGAIN;
      if (!(flags & MSG_PEEK)) this.dgrams.shift();
      return { data: d.data.slice(0, count), from: d.from, full: d.data.length };
    }
    if (this.rq.length > 0) {
      const n = Math.min(count, this.rq.length);
      const data = flags & MSG_PEEK ? this.rq.peek(0, n) : this.rq.shift(n);
      this.peer?.wq.notify(POLLOUT);
      return { data, from: null, full: n };
    }
    if (this.peer === null) return this.isListening ? -EINVAL : -EINVAL;
    if (this.peerGone || this.peer.shutdownBits & SEND_SHUTDOWN || this.shutdownBits & RCV_SHUTDOWN) return { data: EMPTY, from: null, full: 0 };
    return -EAGAIN;
  }

  inq(): number {
    return this.stream ? this.rq.length : (this.dgrams[0]?.data.length ?? 0);
  }

  shutdown(how: number): number {
    if (how !== SHUT_RD && how !== SHUT_WR && how !== SHUT_RDWR) return -EINVAL;
    if (this.stream && this.peer === null) return -ENOTCONN;
    this.shutdownBits |= how + 1;
    this.wq.notify(POLLIN | POLLOUT | POLLHUP);
    this.peer?.wq.notify(POLLIN | POLLOUT | POLLRDHUP);
    return 0;
  }

  poll(_f: OpenFile): number {
    if (this.isListening) return this.acceptQueue.length > 0 ? POLLIN | POLLRDNORM : 0;
    let m = 0;
    const p = this.peer;
    const peerShutWr = this.peerGone || (p !== null && (p.shutdownBits & SEND_SHUTDOWN) !== 0);
    let shut = this.shutdownBits;
    if (peerShutWr) shut |= RCV_SHUTDOWN;
    if (this.peerGone) shut |= SEND_SHUTDOWN;
    if (shut === SHUTDOWN_MASK) m |= POLLHUP;
    if (shut & RCV_SHUTDOWN) m |= POLLIN | POLLRDNORM | POLLRDHUP;
    if (this.stream ? this.rq.length > 0 : this.dgrams.length > 0) m |= POLLIN | POLLRDNORM;
    if (!this.stream) m |= POLLOUT | POLLWRNORM;
    else if (p !== null && (this.peerGone || p.rq.length < this.sndbuf)) m |= POLLOUT | POLLWRNORM;
    return m;
  }

  release(_f: OpenFile): void {
    if (this.inode) this.stack.unixNames.delete(this.inode);
    for (const c of this.acceptQueue) c.release(_f);
    this.acceptQueue.length = 0;
    const p = this.peer;
    if (p) {
      p.peerGone = true;
      p.wq.notify(POLLIN | POLLOUT | POLLHUP | POLLRDHUP);
    }
  }
}

function pair(a: UnixSocket, b: UnixSocket): void {
  a.peer = b;
  b.peer = a;
}

/** socketpair(AF_UNIX, type): two connected sockets. */
export function unixSocketpair(stack: NetStack, stype: number): [UnixSocket, UnixSocket] {
  const a = new UnixSocket(stack, stack.world.ino(), stype);
  const b = new UnixSocket(stack, stack.world.ino(), stype);
  pair(a, b);
  return [a, b];
}

export { SOCK_DGRAM };
