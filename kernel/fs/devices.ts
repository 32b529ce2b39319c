// Character devices: /dev/null, /dev/zero, and /dev/hello — the Network
// Programming slides' example device, whose driver hands back on read what
// was last written to it, so `write(fd, "hello", 6)` then `read(fd, buf, …)`
// works on the device as it does on a socket whose peer echoes.

import { POLLIN, POLLOUT, POLLRDNORM, POLLWRNORM } from "../uapi/eventpoll.ts";
import { WaitQueue } from "../proc/wait-queue.ts";
import type { FileObject, OpenFile } from "./file.ts";
import type { CharDevice } from "./vfs.ts";

abstract class SimpleDevice implements FileObject {
  readonly type = "chr" as const;
  readonly wq = new WaitQueue();
  constructor(readonly ino: number, readonly path: string) {}
  abstract read(f: OpenFile, count: number): Uint8Array | number;
  abstract write(f: OpenFile, data: Uint8Array): number;
  poll(): number {
    return POLLIN | POLLOUT | POLLRDNORM | POLLWRNORM;
  }
  lseek(): number {
    return 0;
  }
  release(): void {}
  describe(): string {
    return this.path;
  }
}

class NullDevice extends SimpleDevice {
  /** drivers/char/mem.c null_fops has no .poll: epoll_ctl gives EPERM (README §8). */
  readonly canPoll = false;
  read(): Uint8Array {
    return new Uint8Array(0);
  }
  write(_f: OpenFile, data: Uint8Array): number {
    return data.length;
  }
}

class ZeroDevice extends SimpleDevice {
  /** zero_fops has no .poll either. */
  readonly canPoll = false;
  read(_f: OpenFile, count: number): Uint8Array {
    return new Uint8Array(Math.min(count, 1 << 20));
  }
  write(_f: OpenFile, data: Uint8Array): number {
    return data.length;
  }
}

/** The slides' /dev/hello: one message, replaced by each write, handed back once by the next read. */
class HelloDevice extends SimpleDevice {
  private message = new Uint8Array(0);
  private unread = 0;
  read(_f: OpenFile, count: number): Uint8Array {
    const start = this.message.length - this.unread;
    const n = Math.min(count, this.unread);
    this.unread -= n;
    return this.message.slice(start, start + n);
  }
  write(_f: OpenFile, data: Uint8Array): number {
    this.message = data.slice();
    this.unread = data.length;
    this.wq.notify(POLLIN);
    return data.length;
  }
}

/** A device whose one object is shared by every open (the driver's state is global), made on first open. */
class Singleton implements CharDevice {
  private obj: FileObject | null = null;
  constructor(
    private readonly inodes: { ino(): number },
    private readonly path: keyof typeof DRIVERS,
  ) {}

  open(): FileObject {
    return (this.obj ??= new DRIVERS[this.path](this.inodes.ino(), this.path));
  }
}

const DRIVERS = { "/dev/null": NullDevice, "/dev/zero": ZeroDevice, "/dev/hello": HelloDevice };

export function standardDevices(inodes: { ino(): number }): Array<[string, CharDevice]> {
  return (Object.keys(DRIVERS) as Array<keyof typeof DRIVERS>).map((path) => [path, new Singleton(inodes, path)]);
}
