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
  /**
   * The waiters in registration order. Copy on write: add and remove make a
   * new array, so notify walks the array as it was even when a waiter
   * removes itself (or others) while being notified; and notify, far more
   * frequent than either, reads one field before its loop.
   */
  private waiters: readonly Waiter[] = [];
  /** The EPOLLEXCLUSIVE registrations on this queue, as one waiter (fs/eventpoll.ts), once there are any. */
  exclusive: unknown = null;

  add(w: Waiter): void {
    if (this.waiters.includes(w)) return;
    this.waiters = [...this.waiters, w];
  }

  remove(w: Waiter): void {
    const i = this.waiters.indexOf(w);
    if (i < 0) return;
    this.waiters = this.waiters.length === 1 ? [] : this.waiters.filter((_, k) => k !== i);
  }

  has(w: Waiter): boolean {
    return this.waiters.includes(w);
  }

  get size(): number {
    return this.waiters.length;
  }

  /** The waiters, in registration order (inspection and invariant checks). */
  list(): readonly Waiter[] {
    return this.waiters;
  }

  notify(mask: number): void {
    const list = this.waiters;
    for (let i = 0; i < list.length; i++) list[i]!.notify(mask);
  }
}
