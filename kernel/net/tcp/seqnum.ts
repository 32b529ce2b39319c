// 32-bit modular sequence-number arithmetic (RFC 9293 §3.4). Sequence
// numbers live in [0, 2^32) and wrap; comparisons are made on the signed
// 32-bit difference, as Linux's before()/after() do (include/net/tcp.h), so
// they are correct while the two numbers are less than 2^31 apart.
// Every value passed in and returned is an unsigned 32-bit integer (a JS
// number in [0, 2^32)); the functions are branch-light and allocate nothing.

/** a + n modulo 2^32, as an unsigned 32-bit number (n may be negative). */
export function seqAdd(a: number, n: number): number {
  return (a + n) >>> 0;
}

/** The signed distance a - b in (-2^31, 2^31]: positive when a is after b. */
export function seqSub(a: number, b: number): number {
  return (a - b) | 0;
}

/** a comes strictly before b (Linux before(a, b)). */
export function seqLt(a: number, b: number): boolean {
  return ((a - b) | 0) < 0;
}

/** a comes before or is b. */
export function seqLe(a: number, b: number): boolean {
  return ((a - b) | 0) <= 0;
}

/** a comes strictly after b (Linux after(a, b)). */
export function seqGt(a: number, b: number): boolean {
  return ((a - b) | 0) > 0;
}

/** a comes after or is b. */
export function seqGe(a: number, b: number): boolean {
  return ((a - b) | 0) >= 0;
}

/**
 * x lies in the window [start, start + len) (RFC 9293 §3.10.7.4's
 * "RCV.NXT =< SEG.SEQ < RCV.NXT+RCV.WND"). An empty window holds nothing;
 * `len` is an unsigned window size below 2^31.
 */
export function seqInWindow(x: number, start: number, len: number): boolean {
  return ((x - start) >>> 0) < len;
}

/** The larger of a and b in sequence space (for SND.MAX-style updates). */
export function seqMax(a: number, b: number): number {
  return ((a - b) | 0) >= 0 ? a : b;
}

/** The smaller of a and b in sequence space. */
export function seqMin(a: number, b: number): number {
  return ((a - b) | 0) <= 0 ? a : b;
}
