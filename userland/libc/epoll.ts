// <sys/epoll.h>: epoll_create, epoll_create1, epoll_ctl, epoll_wait, and
// struct epoll_event with its epoll_data_t union (a 64-bit value read
// through any member; see its JSDoc for the simplification).

import { Call, syscall, type Sys } from "./syscall.ts";
import type { EpollWaitReply } from "../../kernel/syscall/sys-epoll.ts";

/**
 * The `<sys/epoll.h>` constants, Linux's values: event bits for
 * `epoll_event.events` (`EPOLLIN` readable, `EPOLLOUT` writable,
 * `EPOLLRDHUP` peer shut down writing, `EPOLLPRI`, and `EPOLLERR` /
 * `EPOLLHUP`, always reported whether asked for or not), the input-only
 * flags `EPOLLET` (edge-triggered), `EPOLLONESHOT`, `EPOLLEXCLUSIVE` and
 * `EPOLLWAKEUP` (dropped without root), the `epoll_ctl` operations
 * `EPOLL_CTL_ADD` / `EPOLL_CTL_MOD` / `EPOLL_CTL_DEL`, and `EPOLL_CLOEXEC`
 * for `epoll_create1`.
 */
export {
  EPOLLIN, EPOLLPRI, EPOLLOUT, EPOLLERR, EPOLLHUP, EPOLLNVAL, EPOLLRDNORM, EPOLLRDBAND, EPOLLWRNORM, EPOLLWRBAND,
  EPOLLMSG, EPOLLRDHUP, EPOLLEXCLUSIVE, EPOLLWAKEUP, EPOLLONESHOT, EPOLLET, EPOLL_CTL_ADD, EPOLL_CTL_DEL,
  EPOLL_CTL_MOD, EPOLL_CLOEXEC,
} from "../../kernel/uapi/eventpoll.ts";

const TWO32 = 0x100000000;

/**
 * `typedef union epoll_data { void *ptr; int fd; uint32_t u32; uint64_t u64; } epoll_data_t;`
 *
 * The user data `epoll_wait` hands back with an event. As in C it is a
 * union: one 64-bit value seen as `fd` (low 32 bits, signed), `u32` (low
 * 32 bits) or `u64` / `ptr` (all of it), so `ev.data.fd = conn` then
 * reading `ev.data.u64` works as in C. Simplification: the value is a JS
 * number, exact up to 2^53; `ptr` is an address-like number (an index
 * into your own table), not a JS object, since a forked child must get a
 * copy.
 */
export class epoll_data_t {
  /** The whole 64-bit value (non-negative). */
  private v = 0;

  /** `uint64_t u64`: the whole value. Setting it stores a non-negative integer. */
  get u64(): number {
    return this.v;
  }
  set u64(x: number) {
    this.v = Math.max(0, Math.floor(Number(x) || 0));
  }
  /** `void *ptr`: the whole value, as an address-like number (not a JS object). */
  get ptr(): number {
    return this.v;
  }
  set ptr(x: number) {
    this.u64 = x;
  }
  /** `uint32_t u32`: the low 32 bits, unsigned. */
  get u32(): number {
    const v = this.v;
    return v < TWO32 ? v : v % TWO32; // (no division for the usual fd)
  }
  /** Writes the low 32 bits, keeping the high ones (little-endian, as x86-64 lays the union out). */
  set u32(x: number) {
    const v = this.v;
    this.v = (v < TWO32 ? 0 : v - (v % TWO32)) + (Number(x) >>> 0);
  }
  /** `int fd`: the low 32 bits, signed (an int). Setting it keeps the high bits, as in C. */
  get fd(): number {
    return this.u32 | 0;
  }
  set fd(x: number) {
    this.u32 = x;
  }
}

/**
 * `struct epoll_event { uint32_t events; epoll_data_t data; };`
 *
 * An interest for `epoll_ctl` (the events wanted, the data to hand back)
 * and a ready event from `epoll_wait` (the events that are ready, that
 * data). Make one with `epoll_event()`.
 */
export interface epoll_event {
  events: number;
  data: epoll_data_t;
}

/**
 * `struct epoll_event ev = { .events = events };`
 *
 * A zeroed struct epoll_event, with `events` set (default 0) and `data`
 * all zero. kernsim only.
 *
 * @example const ev = epoll_event(EPOLLIN); ev.data.fd = cfd;
 */
export function epoll_event(events = 0): epoll_event {
  return { events, data: new epoll_data_t() };
}

/**
 * `int epoll_create(int size);`
 *
 * open an epoll file descriptor (epoll_create(2)). Creates an epoll
 * instance and returns a descriptor for it. `size` must be positive and is
 * otherwise ignored, as on Linux since 2.6.8. Returns the descriptor, or -1
 * with `errno` set: EINVAL (`size` <= 0), EMFILE.
 *
 * @example const epfd = yield* epoll_create(1);
 */
export function epoll_create(size: number): Sys<number> {
  return syscall<number>("epoll_create", size);
}

/**
 * `int epoll_create1(int flags);`
 *
 * open an epoll file descriptor (epoll_create1(2)). `epoll_create` without
 * the size; `flags` is 0 or `EPOLL_CLOEXEC`. The instance is an open file
 * description: dup and fork share it. Returns the descriptor, or -1 with
 * `errno` set: EINVAL (other flags), EMFILE.
 *
 * @example const epfd = yield* epoll_create1(0);
 */
export function epoll_create1(flags: number): Sys<number> {
  return syscall<number>("epoll_create1", flags);
}

/**
 * `int epoll_ctl(int epfd, int op, int fd, struct epoll_event *event);`
 *
 * control interface for an epoll file descriptor (epoll_ctl(2)). Adds
 * (`EPOLL_CTL_ADD`), changes (`EPOLL_CTL_MOD`) or removes (`EPOLL_CTL_DEL`)
 * the interest in `fd` on instance `epfd`; `event` gives the events wanted
 * and the data to hand back (copied: reusing the struct is fine). `event`
 * may be null for EPOLL_CTL_DEL. EPOLLERR and EPOLLHUP are always
 * watched. Interest is keyed by the open file description and `fd`, and
 * lives until the description's last close (a dup'ed descriptor keeps it
 * alive). Returns 0, or -1 with `errno` set: EFAULT (`event` null for ADD
 * or MOD), EBADF, EPERM (`fd` cannot be polled: regular files,
 * directories, /dev/null), EINVAL (`epfd` not an epoll instance, `fd` ==
 * `epfd`, bad `op`, misused EPOLLEXCLUSIVE), ELOOP (epoll instances nested
 * in a loop or too deep), EEXIST (ADD of a watched fd), ENOENT (MOD or DEL
 * of an unwatched fd).
 *
 * @example yield* epoll_ctl(epfd, EPOLL_CTL_ADD, cfd, ev);
 */
export function epoll_ctl(epfd: number, op: number, fd: number, event: epoll_event | null): Sys<number> {
  const ev = event === null ? null : { events: event.events >>> 0, data: event.data.u64 };
  return syscall<number>("epoll_ctl", epfd, op, fd, ev);
}

/**
 * `int epoll_wait(int epfd, struct epoll_event *events, int maxevents, int timeout);`
 *
 * wait for an I/O event on an epoll file descriptor (epoll_wait(2)). Waits
 * until at least one watched fd is ready or `timeout` milliseconds pass
 * (-1: forever; 0: just check), then fills `events[0..n-1]` (at most
 * `maxevents`) in the order the items became ready. Unlike a C array, a JS
 * array grows: missing slots get a fresh epoll_event, so
 * `const evts: epoll_event[] = []` works as
 * `struct epoll_event evts[MAXEVENTS]` does. Returns the number of events,
 * 0 on timeout, or -1 with `errno` set: EBADF, EINVAL (`epfd` not an epoll
 * instance, `maxevents` <= 0), EINTR (a signal handler ran; never
 * restarted, even with SA_RESTART).
 *
 * @example const n = yield* epoll_wait(epfd, evts, 64, -1);
 */
export function epoll_wait(epfd: number, events: epoll_event[], maxevents: number, timeout: number): Sys<number> {
  return new Call<number>("epoll_wait", [epfd, maxevents, timeout], copyEvents, events);
}

/** epoll_wait's reply: the ready list lands in the caller's array. */
function copyEvents(reply: unknown, out: unknown): number {
  if (reply === -1) return -1;
  const r = reply as EpollWaitReply;
  const events = out as epoll_event[];
  for (let i = 0; i < r.events.length; i++) {
    const slot = (events[i] ??= epoll_event());
    slot.events = r.events[i]!.events;
    slot.data.u64 = r.events[i]!.data;
  }
  return r.ret;
}
