// A growable FIFO of bytes (a ring that doubles when full): TCP's send and
// receive queues, AF_UNIX stream buffers. Reading copies out; nothing is
// allocated per byte or per segment beyond the copies the caller asks for.

export class ByteQueue {
  private buf: Uint8Array;
  private head = 0;
  /** Bytes held. */
  length = 0;

  constructor(initial = 256) {
    this.buf = new Uint8Array(initial);
  }

  push(data: Uint8Array): void {
    const n = data.length;
    if (n === 0) return;
    if (this.length + n > this.buf.length) this.grow(this.length + n);
    const cap = this.buf.length;
    const tail = (this.head + this.length) % cap;
    const first = Math.min(n, cap - tail);
    this.buf.set(first === n ? data : data.subarray(0, first), tail);
    if (first < n) this.buf.set(data.subarray(first), 0);
    this.length += n;
  }

  /** A copy of `len` bytes starting `offset` bytes from the front. */
  peek(offset: number, len: number): Uint8Array {
    if (offset < 0 || len < 0 || offset + len > this.length) throw new Error(`invariant: ByteQueue.peek(${offset}, ${len}) beyond ${this.length}`);
    const out = new Uint8Array(len);
    const cap = this.buf.length;
    const start = (this.head + offset) % cap;
    const first = Math.min(len, cap - start);
    out.set(this.buf.subarray(start, start + first), 0);
    if (first < len) out.set(this.buf.subarray(0, len - first), first);
    return out;
  }

  /** Removes and returns up to `len` bytes from the front. */
  shift(len: number): Uint8Array {
    const n = Math.min(len, this.length);
    const out = this.peek(0, n);
    this.drop(n);
    return out;
  }

  drop(n: number): void {
    if (n > this.length) throw new Error(`invariant: ByteQueue.drop(${n}) beyond ${this.length}`);
    this.head = (this.head + n) % this.buf.length;
    this.length -= n;
    if (this.length === 0) this.head = 0;
  }

  clear(): void {
    this.head = 0;
    this.length = 0;
  }

  private grow(min: number): void {
    let cap = this.buf.length * 2;
    while (cap < min) cap *= 2;
    const nb = new Uint8Array(cap);
    if (this.length > 0) nb.set(this.peek(0, this.length));
    this.buf = nb;
    this.head = 0;
  }
}
