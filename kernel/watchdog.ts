// The watchdog's view into the simulation: a program that loops without a
// syscall never gives control back, so the only way to notice is from
// another thread. The command line runs the simulation in a worker and
// shares these cells with the main thread, which watches the step counter.
// The kernel writes them as it switches processes (cheap, and only when a
// watchdog is attached).

export interface Heartbeat {
  /** [0] steps so far, [1] pid running, [2] its host's index, [3] program-name length. */
  cells: Int32Array;
  /** The running program's name, UTF-8. */
  name: Uint8Array;
}

export const watchdog: { heartbeat: Heartbeat | null } = { heartbeat: null };

const enc = new TextEncoder();

/** Called by the runner before resuming a process. */
export function beat(pid: number, host: number, program: string): void {
  const hb = watchdog.heartbeat;
  if (hb === null) return;
  const c = hb.cells;
  c[0] = (c[0]! + 1) | 0;
  if (c[1] !== pid || c[2] !== host) {
    c[1] = pid;
    c[2] = host;
    const b = enc.encode(program).subarray(0, hb.name.length);
    hb.name.set(b);
    c[3] = b.length;
  }
}
