// Where a scenario process's piped stdout/stderr go: the far end of the
// pipe in `prog > out`, drained as it is written. To the writer it is a
// pipe (fstat says FIFO, so stdio is fully buffered) that never fills.

import { POLLOUT, POLLWRNORM } from "../uapi/eventpoll.ts";
import { EINVAL } from "../uapi/errno.ts";
import { WaitQueue } from "../proc/wait-queue.ts";
import type { FileObject } from "./file.ts";

const dec = new TextDecoder();

export class Capture implements FileObject {
  readonly type = "fifo" as const;
  readonly wq = new WaitQueue();
  private chunks: Uint8Array[] = [];

  constructor(readonly ino: number) {}

  read(): number {
    return -EINVAL;
  }

  write(_f: unknown, data: Uint8Array): number {
    this.chunks.push(data.slice());
    return data.length;
  }

  poll(): number {
    return POLLOUT | POLLWRNORM;
  }

  release(): void {}

  describe(): string {
    return `pipe:[${this.ino}]`;
  }

  get text(): string {
    return dec.decode(concat(this.chunks));
  }
}

export function concat(chunks: readonly Uint8Array[]): Uint8Array {
  let n = 0;
  for (const c of chunks) n += c.length;
  const out = new Uint8Array(n);
  let at = 0;
  for (const c of chunks) {
    out.set(c, at);
    at += c.length;
  }
  return out;
}
