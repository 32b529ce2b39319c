// A wait queue (gVisor's waiter.Queue, Linux's wait_queue_head_t): objects
// never block; they notify their queue with a readiness mask when their
// state changes, and whoever waits (a blocked process, an epoll instance)
// decides what to do. Waiters are called in registration order, which the
// simulation defines, so wake-ups are deterministic.

export interface Waiter {
  /** Called with the readiness bits that changed (POLLIN, POLLOUT, ...). */
  notify(mask: number): void;
}

export class WaitQueue {
  private readonly waiters = new Set<Waiter>();

  add(w: Waiter): void {
    this.waiters.add(w);
  }

  remove(w: Waiter): void {
    this.waiters.delete(w);
  }

  get size(): number {
    return this.waiters.size;
  }

  notify(mask: number): void {
    if (this.waiters.size === 0) return;
    // Copy: a waiter may remove itself (and others) while being notified.
    for (const w of [...this.waiters]) w.notify(mask);
  }
}
