// One structured event log for the whole simulation: syscalls with their
// arguments and results, scheduling decisions, signals, process lifecycle
// and packets. strace and tcpdump output, the TUI and traceHash are all
// views of it. The hash is folded in as events happen (FNV-1a over two
// 32-bit lanes), so a run that keeps no events still has its hash.

export type TraceKind = "syscall" | "sched" | "signal" | "proc" | "packet" | "fault" | "input";

export interface TraceEvent {
  step: number;
  time: number;
  host: string;
  pid: number;
  kind: TraceKind;
  /** syscall: name; signal: "deliver"/"send"/"ignore"/...; proc: "fork"/"exec"/"exit"/"reap"; sched: "switch". */
  name: string;
  /** syscall: arguments as passed (buffers copied and truncated). */
  args?: readonly unknown[];
  /** syscall: raw result (negative errno, number, bytes or a struct). */
  ret?: unknown;
  /** Anything else the kind needs (signal number, runnable set, packet...). */
  info?: unknown;
}

export type TraceMode = "full" | "hash";

export class Trace {
  readonly events: TraceEvent[] = [];
  /** Events dropped from the front when `limit` is reached (a ring, not a leak). */
  dropped = 0;
  private h1 = 0x811c9dc5;
  private h2 = 0x01000193 ^ 0x5bd1e995;
  private readonly listeners: Array<(e: TraceEvent) => void> = [];

  constructor(readonly mode: TraceMode = "full", readonly limit = 2_000_000) {}

  get keeping(): boolean {
    return this.mode === "full" || this.listeners.length > 0;
  }

  /** Called with every event as it is recorded (strace streaming, the TUI). */
  subscribe(fn: (e: TraceEvent) => void): void {
    this.listeners.push(fn);
  }

  unsubscribe(fn: (e: TraceEvent) => void): void {
    const i = this.listeners.indexOf(fn);
    if (i >= 0) this.listeners.splice(i, 1);
  }

  record(e: TraceEvent): void {
    if (this.mode === "full") {
      if (this.events.length >= this.limit) {
        // Amortised ring: drop the oldest tenth at once.
        const n = Math.floor(this.limit / 10) || 1;
        this.events.splice(0, n);
        this.dropped += n;
      }
      this.events.push(e);
    }
    for (const fn of this.listeners) fn(e);
  }

  /** Fold numbers into the hash. */
  mix(x: number): void {
    let a = this.h1, b = this.h2;
    const lo = x | 0;
    // Integers that fit in 32 bits (most of them) skip the division.
    const hi = lo === x ? (x < 0 ? -1 : 0) : Math.floor(x / 4294967296) | 0;
    a = Math.imul(a ^ lo, 0x01000193);
    b = Math.imul(b ^ lo, 0x5bd1e995);
    a = Math.imul(a ^ hi, 0x01000193);
    b = Math.imul(b ^ (b >>> 15), 0x27d4eb2d) ^ hi;
    this.h1 = a;
    this.h2 = b;
  }

  mixString(s: string): void {
    for (let i = 0; i < s.length; i++) this.mix(s.charCodeAt(i));
    this.mix(s.length);
  }

  mixBytes(b: Uint8Array): void {
    // Four bytes per mix: the hash only has to tell runs apart.
    const n = b.length;
    let i = 0;
    for (; i + 4 <= n; i += 4) this.mix(b[i]! | (b[i + 1]! << 8) | (b[i + 2]! << 16) | (b[i + 3]! << 24));
    let last = 0;
    for (let k = 0; i < n; i++, k += 8) last |= b[i]! << k;
    this.mix(last);
    this.mix(n);
  }

  get hash(): string {
    return (this.h1 >>> 0).toString(16).padStart(8, "0") + (this.h2 >>> 0).toString(16).padStart(8, "0");
  }
}
