// A growable FIFO of bytes (a ring that doubles when full): TCP's send and
// receive queues, AF_UNIX stream buffers. Reading copies out; nothing is
// allocated per byte or per segment beyond the copies the caller asks for.

/** Up to this many bytes, copy in a loop rather than through subarray views. */
const SMALL = 64;

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
    const buf = this.buf;
    const cap = buf.length;
    let tail = this.head + this.length;
    if (tail >= cap) tail -= cap;
    if (n <= SMALL) {
      for (let i = 0; i < n; i++) {
        buf[tail] = data[i]!;
        if (++tail === cap) tail = 0;
      }
    } else {
      const first = Math.min(n, cap - tail);
      buf.set(first === n ? data : data.subarray(0, first), tail);
      if (first < n) buf.set(data.subarray(first), 0);
    }
    this.length += n;
  }

  /** A copy of `len` bytes starting `offset` bytes from the front. */
  peek(offset: number, len: number): Uint8Array {
    if (offset < 0 || len < 0 || offset + len > this.length) throw new Error(`invariant: ByteQueue.peek(${offset}, ${len}) beyond ${this.length}`);
    const out = new Uint8Array(len);
    const buf = this.buf;
    const cap = buf.length;
    let start = this.head + offset;
    if (start >= cap) start -= cap;
    if (len <= SMALL) {
      // Small segments (an echo's 6 bytes) are copied by hand: subarray views cost more than the bytes.
      for (let i = 0; i < len; i++) {
        out[i] = buf[start]!;
        if (++start === cap) start = 0;
      }
      return out;
    }
    const first = Math.min(len, cap - start);
    out.set(buf.subarray(start, start + first), 0);
    if (first < len) out.set(buf.subarray(0, len - first), first);
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
    this.head += n;
    if (this.head >= this.buf.length) this.head -= this.buf.length;
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
