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
  /** The EPOLLEXCLUSIVE registrations on this queue, as one waiter (fs/eventpoll.ts), once there are any. */
  exclusive: unknown = null;
  /** The waiters as an array, rebuilt after a change: notify is far more frequent than add/remove. */
  private list: Waiter[] | null = null;

  add(w: Waiter): void {
    if (this.waiters.has(w)) return;
    this.waiters.add(w);
    this.list = null;
  }

  remove(w: Waiter): void {
    if (this.waiters.delete(w)) this.list = null;
  }

  get size(): number {
    return this.waiters.size;
  }

  notify(mask: number): void {
    if (this.waiters.size === 0) return;
    // A waiter may remove itself (and others) while being notified: the
    // loop walks the array as it was, and a change makes the next one anew.
    const list = (this.list ??= [...this.waiters]);
    for (let i = 0; i < list.length; i++) list[i]!.notify(mask);
  }
}
