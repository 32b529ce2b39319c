// Pipes (Linux fs/pipe.c). The buffer is a ring of PIPE_BUFFERS page-sized
// slots: a write merges into the last slot only if it fits whole, otherwise
// it takes fresh slots — which is why 100-byte writes fill a pipe at
// 64,000 bytes, not 65,536 (measured, p12_pipes.c). Writes of at most
// PIPE_BUF bytes are atomic. EOF comes only when every write end is closed
// (a forked child's too); writing with no reader is EPIPE plus SIGPIPE,
// which the syscall layer raises.

import { PAGE_SIZE, PIPE_BUF, PIPE_BUFFERS } from "../config.ts";
import { EAGAIN, EPIPE } from "../uapi/errno.ts";
import { POLLERR, POLLHUP, POLLIN, POLLOUT, POLLRDNORM, POLLWRNORM } from "../uapi/eventpoll.ts";
import { O_ACCMODE, O_RDONLY, O_RDWR, O_WRONLY } from "../uapi/fcntl.ts";
import { WaitQueue } from "../proc/wait-queue.ts";
import type { FileObject, OpenFile } from "./file.ts";

const FIONREAD = 0x541b;

interface Slot {
  data: Uint8Array;
  off: number;
  len: number;
}

export class Pipe implements FileObject {
  readonly type = "fifo" as const;
  readonly wq = new WaitQueue();
  private slots: Slot[] = [];
  /** Capacity in slots (F_SETPIPE_SZ changes it). */
  maxSlots = PIPE_BUFFERS;
  readers = 0;
  writers = 0;
  /** Bytes buffered. */
  size = 0;
  /** A drained page kept for the next write (Linux's pipe->tmp_page). */
  private spare: Uint8Array | null = null;

  constructor(readonly ino: number) {}

  /** Registers a new description of this pipe (pipe(2) makes one of each). */
  attach(f: OpenFile): void {
    const mode = f.flags & O_ACCMODE;
    if (mode === O_RDONLY || mode === O_RDWR) this.readers++;
    if (mode === O_WRONLY || mode === O_RDWR) this.writers++;
  }

  get capacity(): number {
    return this.maxSlots * PAGE_SIZE;
  }

  read(_f: OpenFile, count: number): Uint8Array | number {
    if (count === 0) return new Uint8Array(0); // "Null read succeeds" (pipe_read), even on an empty pipe
    if (this.size === 0) return this.writers === 0 ? new Uint8Array(0) : -EAGAIN;
    const n = Math.min(count, this.size);
    const wasFull = this.slots.length >= this.maxSlots;
    const out = new Uint8Array(n);
    let got = 0;
    while (got < n) {
      const s = this.slots[0]!;
      const take = Math.min(s.len, n - got);
      out.set(s.data.subarray(s.off, s.off + take), got);
      got += take;
      s.off += take;
      s.len -= take;
      if (s.len === 0) {
        this.slots.shift();
        this.spare = s.data;
      }
    }
    this.size -= n;
    // Writers only wait on a full pipe; Linux wakes them when it was full (pipe_read's was_full).
    if (wasFull) this.wq.notify(POLLOUT);
    return out;
  }

  /**
   * Accepts what fits: all of an atomic (≤ PIPE_BUF) write or nothing, and
   * as much as fits of a larger one. -EAGAIN when nothing fits, -EPIPE
   * with no reader.
   */
  write(_f: OpenFile, data: Uint8Array): number {
    if (this.readers === 0) return -EPIPE;
    const total = data.length;
    if (total === 0) return 0;
    let done = 0;
    // Merge into the last slot only if this piece fits in it whole.
    const chars = total & (PAGE_SIZE - 1);
    const last = this.slots[this.slots.length - 1];
    if (chars !== 0 && last && last.off + last.len + chars <= PAGE_SIZE) {
      last.data.set(data.subarray(0, chars), last.off + last.len);
      last.len += chars;
      done = chars;
    }
    // An atomic write merges whole or needs a free slot: all or nothing.
    if (done < total && total <= PIPE_BUF && this.slots.length >= this.maxSlots) return -EAGAIN;
    while (done < total && this.slots.length < this.maxSlots) {
      const n = Math.min(PAGE_SIZE, total - done);
      const page = this.spare ?? new Uint8Array(PAGE_SIZE);
      this.spare = null;
      page.set(n === total ? data : data.subarray(done, done + n));
      this.slots.push({ data: page, off: 0, len: n });
      done += n;
    }
    if (done === 0) return -EAGAIN;
    this.size += done;
    this.wq.notify(POLLIN);
    return done;
  }

  poll(f: OpenFile): number {
    const mode = f.flags & O_ACCMODE;
    let mask = 0;
    if (mode !== O_WRONLY) {
      if (this.size > 0) mask |= POLLIN | POLLRDNORM;
      if (this.writers === 0) mask |= POLLHUP;
    }
    if (mode !== O_RDONLY) {
      if (this.slots.length < this.maxSlots) mask |= POLLOUT | POLLWRNORM;
      if (this.readers === 0) mask |= POLLERR;
    }
    return mask;
  }

  ioctl(_f: OpenFile, request: number): number {
    return request === FIONREAD ? this.size : -25; // ENOTTY
  }

  /** F_SETPIPE_SZ: rounds up to a power-of-two number of pages; fails below the data held. */
  resize(bytes: number): number {
    let pages = 1;
    while (pages * PAGE_SIZE < bytes) pages *= 2;
    if (pages < this.slots.length) return -16; // EBUSY
    this.maxSlots = pages;
    this.wq.notify(POLLOUT);
    return pages * PAGE_SIZE;
  }

  release(f: OpenFile): void {
    const mode = f.flags & O_ACCMODE;
    if (mode === O_RDONLY || mode === O_RDWR) this.readers--;
    if (mode === O_WRONLY || mode === O_RDWR) this.writers--;
    if (this.readers < 0 || this.writers < 0) throw new Error(`invariant: pipe ${this.ino} end count below zero`);
    // Readers see EOF, writers see EPIPE: wake both sides.
    this.wq.notify(POLLHUP | POLLERR);
  }

  describe(): string {
    return `pipe:[${this.ino}]`;
  }
}
