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
   * The first waiter, held directly: most queues (a socket watched by one
   * epoll, a pipe one process sleeps on) have one, and a notification then
   * reaches it without an array in between, a cache miss fewer on a busy
   * server.
   */
  private first: Waiter | null = null;
  /**
   * The waiters after the first, in registration order (null: none). Copy
   * on write: add and remove make a new array, so notify walks the queue
   * as it was even when a waiter removes itself (or others) meanwhile.
   */
  private more: readonly Waiter[] | null = null;
  /** The EPOLLEXCLUSIVE registrations on this queue, as one waiter (fs/eventpoll.ts), once there are any. */
  exclusive: unknown = null;

  add(w: Waiter): void {
    if (this.has(w)) return;
    if (this.first === null) this.first = w;
    else this.more = this.more === null ? [w] : [...this.more, w];
  }

  remove(w: Waiter): void {
    const more = this.more;
    if (this.first === w) {
      this.first = more === null ? null : more[0]!;
      this.more = more === null || more.length === 1 ? null : more.slice(1);
      return;
    }
    if (more === null) return;
    const i = more.indexOf(w);
    if (i < 0) return;
    this.more = more.length === 1 ? null : more.filter((_, k) => k !== i);
  }

  has(w: Waiter): boolean {
    return this.first === w || (this.more !== null && this.more.includes(w));
  }

  get size(): number {
    return this.first === null ? 0 : 1 + (this.more === null ? 0 : this.more.length);
  }

  /** The waiters, in registration order (inspection and invariant checks). */
  list(): readonly Waiter[] {
    if (this.first === null) return [];
    return this.more === null ? [this.first] : [this.first, ...this.more];
  }

  notify(mask: number): void {
    const first = this.first;
    if (first === null) return;
    const more = this.more;
    first.notify(mask);
    if (more !== null) for (let i = 0; i < more.length; i++) more[i]!.notify(mask);
  }
}
