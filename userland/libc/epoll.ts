// <sys/epoll.h>: epoll_create, epoll_create1, epoll_ctl, epoll_wait, and
// struct epoll_event. As in C, epoll_data_t is a union: one 64-bit value
// seen as fd (low 32 bits, signed), u32 (low 32 bits) or u64/ptr (all of
// it), so `ev.data.fd = conn` then reading `ev.data.u64` works as in C.
// Simplification: the value is a JS number, exact up to 2^53; `ptr` is an
// address-like number, not a JS object (a forked child must get a copy).

import { syscall, type Sys } from "./syscall.ts";
import type { EpollWaitReply } from "../../kernel/syscall/sys-epoll.ts";

export {
  EPOLLIN, EPOLLPRI, EPOLLOUT, EPOLLERR, EPOLLHUP, EPOLLNVAL, EPOLLRDNORM, EPOLLRDBAND, EPOLLWRNORM, EPOLLWRBAND,
  EPOLLMSG, EPOLLRDHUP, EPOLLEXCLUSIVE, EPOLLWAKEUP, EPOLLONESHOT, EPOLLET, EPOLL_CTL_ADD, EPOLL_CTL_DEL,
  EPOLL_CTL_MOD, EPOLL_CLOEXEC,
} from "../../kernel/uapi/eventpoll.ts";

const TWO32 = 0x100000000;

/** union epoll_data: one stored value, read through any member. */
export class epoll_data_t {
  /** The whole 64-bit value (non-negative). */
  private v = 0;

  get u64(): number {
    return this.v;
  }
  set u64(x: number) {
    this.v = Math.max(0, Math.floor(Number(x) || 0));
  }
  get ptr(): number {
    return this.v;
  }
  set ptr(x: number) {
    this.u64 = x;
  }
  /** The low 32 bits, unsigned. */
  get u32(): number {
    return this.v % TWO32;
  }
  /** Writes the low 32 bits, keeping the high ones (little-endian, as x86-64 lays the union out). */
  set u32(x: number) {
    this.v = this.v - (this.v % TWO32) + (Number(x) >>> 0);
  }
  /** The low 32 bits, signed (an int). */
  get fd(): number {
    return this.u32 | 0;
  }
  set fd(x: number) {
    this.u32 = x;
  }
}

/** struct epoll_event. */
export interface epoll_event {
  events: number;
  data: epoll_data_t;
}

/** A zeroed struct epoll_event (`struct epoll_event ev = {0};`). */
export function epoll_event(events = 0): epoll_event {
  return { events, data: new epoll_data_t() };
}

export function* epoll_create(size: number): Sys<number> {
  return yield* syscall<number>("epoll_create", size);
}

export function* epoll_create1(flags: number): Sys<number> {
  return yield* syscall<number>("epoll_create1", flags);
}

/** epoll_ctl(epfd, op, fd, event): `event` may be null for EPOLL_CTL_DEL (ADD and MOD then fail with EFAULT). */
export function* epoll_ctl(epfd: number, op: number, fd: number, event: epoll_event | null): Sys<number> {
  const ev = event === null ? null : { events: event.events >>> 0, data: event.data.u64 };
  return yield* syscall<number>("epoll_ctl", epfd, op, fd, ev);
}

/**
 * epoll_wait(epfd, events, maxevents, timeout ms): fills events[0..n-1].
 * Unlike a C array, a JS array grows: missing slots get a fresh
 * epoll_event, so `const evts: epoll_event[] = []` works as
 * `struct epoll_event evts[MAXEVENTS]` does.
 */
export function* epoll_wait(epfd: number, events: epoll_event[], maxevents: number, timeout: number): Sys<number> {
  const r = yield* syscall<EpollWaitReply>("epoll_wait", epfd, maxevents, timeout);
  if (r === -1) return -1;
  for (let i = 0; i < r.events.length; i++) {
    const slot = (events[i] ??= epoll_event());
    slot.events = r.events[i]!.events;
    slot.data.u64 = r.events[i]!.data;
  }
  return r.ret;
}
