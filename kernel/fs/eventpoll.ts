// The epoll instance (Linux fs/eventpoll.c): an open file whose object
// holds an interest list keyed by (open file description, fd number) and a
// ready list. Each registration (EpItem) is a waiter on the watched
// object's wait queue; a notification whose mask matches its events puts it
// on the ready list (ep_poll_callback), and epoll_wait re-polls only the
// ready items (ep_send_events), so a wait costs O(ready), not O(watched).
// Registrations die with the *description* (ReleaseListener, Linux's
// eventpoll_release()), not with the fd number: README §8 "The dup()
// gotcha". The instance is an ordinary description, so fork and dup share
// it and nothing ever copies it (README §8 "epoll across fork"). Several
// processes asleep in epoll_wait on one instance are woken one at a time,
// newest first, as Linux's exclusive wait does.
// EPOLLEXCLUSIVE registrations on one object form a queue of their own: a
// notification goes to each in registration order until one wakes an
// epoll_wait sleeper (wake_up's nr_exclusive = 1).

import { ELOOP } from "../uapi/errno.ts";
import { EPOLLET, EPOLLEXCLUSIVE, EPOLLIN, EPOLLONESHOT, EPOLLOUT, EPOLLRDNORM, EPOLLWAKEUP } from "../uapi/eventpoll.ts";
import { WaitQueue, type Waiter } from "../proc/wait-queue.ts";
import type { FileObject, OpenFile, ReleaseListener } from "./file.ts";

/** Bits that are flags, not events: a ONESHOT item keeps only these once disarmed (EP_PRIVATE_BITS). */
export const EP_PRIVATE_BITS = EPOLLWAKEUP | EPOLLONESHOT | EPOLLET | EPOLLEXCLUSIVE;
/** Deepest epoll-in-epoll chain Linux allows (EP_MAX_NESTS); deeper is ELOOP. */
export const EP_MAX_NESTS = 4;

/** One event handed to epoll_wait's caller: the ready mask and the registered data. */
export interface EpollEvent {
  events: number;
  /** epoll_data_t as a 64-bit integer (the libc exposes it as fd/u32/u64/ptr). */
  data: number;
}

/** A registration (Linux struct epitem): a waiter on the watched object, and a node of the ready list. */
export class EpItem implements Waiter, ReleaseListener {
  /** Ready-list links (an intrusive FIFO: O(1) to add and remove). */
  prev: EpItem | null = null;
  next: EpItem | null = null;
  onReady = false;

  constructor(
    readonly ep: Eventpoll,
    readonly file: OpenFile,
    readonly fd: number,
    /** Requested events (ERR and HUP always included) plus flag bits. */
    public events: number,
    public data: number,
  ) {}

  /** ep_poll_callback: the object's state changed in `mask` (0 = "anything"). */
  notify(mask: number): void {
    this.callback(mask);
  }

  /**
   * ep_poll_callback's body. True when an EPOLLEXCLUSIVE item used the
   * wake-up: its instance had an epoll_wait sleeper, and the change is in
   * the direction (IN or OUT) it asked for.
   */
  callback(mask: number): boolean {
    // Disarmed by EPOLLONESHOT: nothing until EPOLL_CTL_MOD re-arms it.
    if ((this.events & ~EP_PRIVATE_BITS) === 0) return false;
    if (mask !== 0 && (mask & this.events) === 0) return false;
    const sleeper = this.ep.hasSleeper;
    this.ep.makeReady(this);
    if (!sleeper) return false;
    const dir = mask & (EPOLLIN | EPOLLOUT);
    return dir === 0 || (dir !== (EPOLLIN | EPOLLOUT) && (dir & this.events) !== 0);
  }

  /** ep_item_poll: what the object reports now, restricted to what was asked for. */
  poll(): number {
    return this.file.obj.poll(this.file) & this.events;
  }

  descriptionReleased(): void {
    this.ep.remove(this);
  }
}

export class Eventpoll implements FileObject {
  readonly type = "epoll" as const;
  /** Woken when an item becomes ready: epolls, polls and selects watching this instance (Linux's ep->poll_wait). */
  readonly wq = new WaitQueue();
  /**
   * epoll_wait sleepers, one queue per sleep, newest last (Linux's ep->wq:
   * ep_poll adds itself exclusive at the head, so a wake-up goes to the
   * most recent sleeper only). Queues left empty by a timeout or a signal
   * are skipped and pruned.
   */
  private sleepers: WaitQueue[] = [];
  /** Interest list: description → fd number → item (Linux's rbtree keyed by (file, fd)). */
  private readonly byFile = new Map<OpenFile, Map<number, EpItem>>();
  /** Every item in registration order (the TUI and fdinfo list them in it). */
  private readonly all = new Set<EpItem>();
  private head: EpItem | null = null;
  private tail: EpItem | null = null;
  /** The descriptions this instance backs (epoll_create makes one; the loop check walks their watchers). */
  readonly files: OpenFile[] = [];

  constructor(readonly ino: number) {}

  /** ep_find: the registration of (description, fd), if any. */
  find(file: OpenFile, fd: number): EpItem | undefined {
    return this.byFile.get(file)?.get(fd);
  }

  get size(): number {
    return this.all.size;
  }

  /** Registrations in the order they were made. */
  items(): IterableIterator<EpItem> {
    return this.all.values();
  }

  /** ep_insert: registers and, if the object is already ready, queues it at once (so ET sees queued data). */
  insert(file: OpenFile, fd: number, events: number, data: number): EpItem {
    const item = new EpItem(this, file, fd, events, data);
    let m = this.byFile.get(file);
    if (!m) this.byFile.set(file, (m = new Map()));
    m.set(fd, item);
    this.all.add(item);
    if (events & EPOLLEXCLUSIVE) ExclusiveWaiters.of(file.obj.wq).add(item);
    else file.obj.wq.add(item);
    file.addReleaseListener(item);
    if (item.poll() !== 0) this.makeReady(item);
    return item;
  }

  /** ep_modify: new events and data (re-arms a ONESHOT item); queued if ready now. */
  modify(item: EpItem, events: number, data: number): void {
    item.events = events;
    item.data = data;
    if (!item.onReady && item.poll() !== 0) this.makeReady(item);
  }

  /** ep_remove: forgets the registration (EPOLL_CTL_DEL, or its description was released). */
  remove(item: EpItem): void {
    const m = this.byFile.get(item.file);
    if (!m || m.get(item.fd) !== item) return;
    m.delete(item.fd);
    if (m.size === 0) this.byFile.delete(item.file);
    this.all.delete(item);
    if (item.events & EPOLLEXCLUSIVE) ExclusiveWaiters.of(item.file.obj.wq).remove(item);
    else item.file.obj.wq.remove(item);
    item.file.removeReleaseListener(item);
    this.unlink(item);
  }

  /** Puts `item` at the tail of the ready list (once); wakes one epoll_wait sleeper and every watcher of this instance. */
  makeReady(item: EpItem): void {
    if (!item.onReady) this.linkTail(item);
    this.wakeOneSleeper();
    this.wq.notify(EPOLLIN | EPOLLRDNORM);
  }

  /** Some epoll_wait is asleep on this instance (waitqueue_active(&ep->wq)). */
  get hasSleeper(): boolean {
    for (const q of this.sleepers) if (q.size > 0) return true;
    return false;
  }

  /** A fresh queue for an epoll_wait about to sleep on this instance. */
  sleepQueue(): WaitQueue {
    if (this.sleepers.length >= 16) this.sleepers = this.sleepers.filter((q) => q.size > 0);
    const q = new WaitQueue();
    this.sleepers.push(q);
    return q;
  }

  /**
   * Wakes the most recent epoll_wait sleeper still asleep (an exclusive
   * wake-up). epoll_wait calls it again when it leaves items on the ready
   * list (ep_done_scan), so level-triggered events pass from sleeper to sleeper.
   */
  wakeOneSleeper(): void {
    while (this.sleepers.length > 0) {
      const q = this.sleepers.pop()!;
      if (q.size > 0) {
        q.notify(EPOLLIN);
        return;
      }
    }
  }

  /**
   * ep_send_events: takes up to `max` events off the ready list. An item
   * no longer ready is dropped; a ONESHOT item is disarmed; a
   * level-triggered item goes back to the tail (it is reported again while
   * the condition holds), an edge-triggered one waits for the next
   * notification. Items not reached stay at the head, in order.
   */
  collect(max: number): EpollEvent[] {
    // Sized up front: an array grown by push from [] gets room for 17 first,
    // and an event loop collects one or two events a call, every call.
    let n = 0;
    for (let item = this.head; item !== null && n < max; item = item.next) n++;
    const out: EpollEvent[] = new Array<EpollEvent>(n);
    let k = 0;
    // Level-triggered items go back to the tail, in order, chained through
    // `next` meanwhile (off the list, they are not linked otherwise).
    let requeue: EpItem | null = null;
    let last: EpItem | null = null;
    while (k < max && this.head !== null) {
      const item = this.head;
      this.unlink(item);
      const revents = item.poll();
      if (revents === 0) continue;
      out[k++] = { events: revents >>> 0, data: item.data };
      if (item.events & EPOLLONESHOT) item.events &= EP_PRIVATE_BITS;
      else if (!(item.events & EPOLLET)) {
        if (last === null) requeue = item;
        else last.next = item;
        last = item;
      }
    }
    for (let item = requeue; item !== null; ) {
      const next = item.next;
      this.linkTail(item);
      item = next;
    }
    if (k < n) out.length = k;
    return out;
  }

  /** Something is on the ready list (ep_events_available); it may still prove not ready. */
  get hasReady(): boolean {
    return this.head !== null;
  }

  /**
   * An epoll fd is readable when one of its ready items really is ready
   * (ep_eventpoll_poll → ep_read_events_proc, which prunes the others).
   */
  poll(): number {
    for (let item = this.head; item !== null; ) {
      const next = item.next;
      if (item.poll() !== 0) return EPOLLIN | EPOLLRDNORM;
      this.unlink(item);
      item = next;
    }
    return 0;
  }

  /**
   * ep_loop_check: adding epoll `target` here must not close a cycle, nor
   * make a chain of nested epolls longer than EP_MAX_NESTS. 0 or -ELOOP.
   */
  loopCheck(target: Eventpoll): number {
    const down = target.depthBelow(this, new Set());
    if (down < 0) return -ELOOP;
    return down + 1 + this.depthAbove(new Set()) > EP_MAX_NESTS ? -ELOOP : 0;
  }

  /** Longest chain of epolls watched under this one; -1 if `forbidden` is among them. */
  private depthBelow(forbidden: Eventpoll, seen: Set<Eventpoll>): number {
    if (this === forbidden) return -1;
    seen.add(this);
    let depth = 0;
    for (const item of this.all) {
      const inner = item.file.obj;
      if (!(inner instanceof Eventpoll) || seen.has(inner)) continue;
      const d = inner.depthBelow(forbidden, seen);
      if (d < 0) return -1;
      depth = Math.max(depth, d + 1);
    }
    return depth;
  }

  /** Longest chain of epolls watching this one (through the descriptions it backs). */
  private depthAbove(seen: Set<Eventpoll>): number {
    seen.add(this);
    let depth = 0;
    for (const f of this.files) {
      for (const l of f.releaseListeners()) {
        if (!(l instanceof EpItem) || seen.has(l.ep)) continue;
        depth = Math.max(depth, l.ep.depthAbove(seen) + 1);
      }
    }
    return depth;
  }

  /** ep_free: the instance's last description closed; every registration goes. */
  release(): void {
    for (const item of [...this.all]) this.remove(item);
  }

  describe(): string {
    return "anon_inode:[eventpoll]";
  }

  /** /proc/pid/fdinfo lines, one per registration ("tfd: 5 events: 19 data: 5"). */
  fdinfo(): string[] {
    return [...this.all].map(
      (i) => `tfd: ${String(i.fd).padStart(8)} events: ${(i.events >>> 0).toString(16).padStart(8)} data: ${i.data.toString(16).padStart(16)}`,
    );
  }

  private linkTail(item: EpItem): void {
    item.onReady = true;
    item.prev = this.tail;
    item.next = null;
    if (this.tail) this.tail.next = item;
    else this.head = item;
    this.tail = item;
  }

  private unlink(item: EpItem): void {
    if (!item.onReady) return;
    if (item.prev) item.prev.next = item.next;
    else this.head = item.next;
    if (item.next) item.next.prev = item.prev;
    else this.tail = item.prev;
    item.prev = item.next = null;
    item.onReady = false;
  }
}

/**
 * The EPOLLEXCLUSIVE registrations on one wait queue, as one waiter on it
 * (Linux adds them with add_wait_queue_exclusive, after the others): a
 * notification goes to each in registration order and stops at the first
 * that woke a sleeper.
 */
class ExclusiveWaiters implements Waiter {
  private readonly items = new Set<EpItem>();

  private constructor(private readonly wq: WaitQueue) {}

  static of(wq: WaitQueue): ExclusiveWaiters {
    let x = wq.exclusive as ExclusiveWaiters | null;
    if (!x) wq.exclusive = x = new ExclusiveWaiters(wq);
    return x;
  }

  add(item: EpItem): void {
    if (this.items.size === 0) this.wq.add(this);
    this.items.add(item);
  }

  remove(item: EpItem): void {
    this.items.delete(item);
    if (this.items.size === 0) this.wq.remove(this);
  }

  notify(mask: number): void {
    for (const item of [...this.items]) if (item.callback(mask)) return;
  }
}
