// Open file descriptions (Linux's struct file, xv6's file.c): what an fd
// points at. Several fds, in one process (dup) or many (fork), share one
// description and so share its offset and status flags; the object behind
// it (inode, pipe end, socket, tty) is released only when the last
// description reference is closed.

import type { WaitQueue } from "../proc/wait-queue.ts";
import type { Process } from "../proc/proc.ts";

export type FileType = "file" | "dir" | "fifo" | "chr" | "socket" | "epoll" | "tty";

/**
 * The object behind a description. Methods never block: they return
 * -EAGAIN ("would block") and the syscall layer sleeps on `wq` (gVisor's
 * rule). Readiness is reported as poll bits, shared by poll, select and epoll.
 */
export interface FileObject {
  readonly type: FileType;
  readonly wq: WaitQueue;
  /** Bytes read (empty array = end of file) or a negative errno. */
  read?(f: OpenFile, count: number, p: Process): Uint8Array | number;
  /** Bytes accepted (may be fewer than offered) or a negative errno; -EAGAIN when none fit. */
  write?(f: OpenFile, data: Uint8Array, p: Process): number;
  /** Readiness bits (POLLIN, POLLOUT, POLLERR, POLLHUP, POLLRDHUP). */
  poll(f: OpenFile): number;
  /** New offset or a negative errno; undefined lseek means ESPIPE. */
  lseek?(f: OpenFile, offset: number, whence: number): number;
  /** FIONREAD and friends. */
  ioctl?(f: OpenFile, request: number, p: Process): number;
  /** The last description referring to this object was closed. */
  release(f: OpenFile): void;
  /** One line for strace/ls -l /proc/pid/fd style views: "pipe:[12]", "socket:[7]". */
  describe(): string;
  /** An inode-like id for the TUI and /proc views. */
  readonly ino: number;
  /**
   * False when Linux's file_operations has no .poll (file_can_poll()):
   * regular files, directories, /dev/null, /dev/zero. epoll_ctl refuses
   * them with EPERM; poll and select see them always ready. Default true.
   */
  readonly canPoll?: boolean;
  /** SO_RCVTIMEO / SO_SNDTIMEO in ns for read()/write() on this object (sockets); absent or 0: none. */
  readonly readTimeoutNs?: number;
  readonly writeTimeoutNs?: number;
}

/**
 * Hears that a description's last reference closed, before the object's
 * own release: Linux's file->f_ep list, walked by eventpoll_release() in
 * __fput(). epoll uses it so that interest lives exactly as long as the
 * description (README §8, "The dup() gotcha").
 */
export interface ReleaseListener {
  descriptionReleased(f: OpenFile): void;
}

export class OpenFile {
  /** Number of fd-table slots (in any process) referring to this description. */
  refs = 0;
  offset = 0;

  constructor(
    readonly id: number,
    readonly obj: FileObject,
    /** Access mode and status flags (O_RDONLY.., O_APPEND, O_NONBLOCK). */
    public flags: number,
    /** Path it was opened by, when it has one. */
    readonly path?: string,
  ) {}

  /** Null until someone listens, to keep descriptions small. Insertion order is the order of registration. */
  private listeners: Set<ReleaseListener> | null = null;

  addReleaseListener(l: ReleaseListener): void {
    (this.listeners ??= new Set()).add(l);
  }

  removeReleaseListener(l: ReleaseListener): void {
    this.listeners?.delete(l);
  }

  /** Who listens now (epoll's loop and depth checks walk this as Linux walks f_ep). */
  releaseListeners(): Iterable<ReleaseListener> {
    return this.listeners ?? [];
  }

  /** The last reference closed: tells every listener once (World.releaseFile calls it). */
  notifyReleased(): void {
    const ls = this.listeners;
    if (ls === null) return;
    this.listeners = null;
    for (const l of ls) l.descriptionReleased(this);
  }
}
