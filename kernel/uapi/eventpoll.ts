// Linux epoll/poll/select constants (linux/eventpoll.h, asm-generic/poll.h, bits/typesizes.h) and strace 6.1's rendering of them, as measured with test/kernel/uapi-cases.c.

import { xlatFlags, xlatValue, type FlagTable } from "./fcntl.ts";

// poll, select and epoll share one set of readiness bits in the kernel.
export const EPOLLIN = 0x001, EPOLLPRI = 0x002, EPOLLOUT = 0x004, EPOLLERR = 0x008, EPOLLHUP = 0x010,
  EPOLLNVAL = 0x020, EPOLLRDNORM = 0x040, EPOLLRDBAND = 0x080, EPOLLWRNORM = 0x100,
  EPOLLWRBAND = 0x200, EPOLLMSG = 0x400, EPOLLRDHUP = 0x2000, EPOLLEXCLUSIVE = 0x10000000,
  EPOLLWAKEUP = 0x20000000, EPOLLONESHOT = 0x40000000;
/**
 * 1 << 31 as an unsigned number. JS bit operations give it back signed
 * (`mask & EPOLLET` is -2147483648): test bits with `!== 0`, or use `>>> 0`.
 */
export const EPOLLET = 0x80000000;
export const EPOLL_CTL_ADD = 1, EPOLL_CTL_DEL = 2, EPOLL_CTL_MOD = 3;
export const EPOLL_CLOEXEC = 0o2000000;

export const POLLIN = 0x001, POLLPRI = 0x002, POLLOUT = 0x004, POLLERR = 0x008, POLLHUP = 0x010,
  POLLNVAL = 0x020, POLLRDNORM = 0x040, POLLRDBAND = 0x080, POLLWRNORM = 0x100, POLLWRBAND = 0x200,
  POLLMSG = 0x400, POLLREMOVE = 0x1000, POLLRDHUP = 0x2000;

export const FD_SETSIZE = 1024;

// ---- strace-style rendering ----

const EPOLL_EVENTS: FlagTable = [
  [EPOLLIN, "EPOLLIN"], [EPOLLPRI, "EPOLLPRI"], [EPOLLOUT, "EPOLLOUT"], [EPOLLERR, "EPOLLERR"],
  [EPOLLHUP, "EPOLLHUP"], [EPOLLNVAL, "EPOLLNVAL"], [EPOLLRDNORM, "EPOLLRDNORM"],
  [EPOLLRDBAND, "EPOLLRDBAND"], [EPOLLWRNORM, "EPOLLWRNORM"], [EPOLLWRBAND, "EPOLLWRBAND"],
  [EPOLLMSG, "EPOLLMSG"], [EPOLLRDHUP, "EPOLLRDHUP"], [EPOLLEXCLUSIVE, "EPOLLEXCLUSIVE"],
  [EPOLLWAKEUP, "EPOLLWAKEUP"], [EPOLLONESHOT, "EPOLLONESHOT"], [EPOLLET, "EPOLLET"],
];

/** An epoll_event's events: `EPOLLIN|EPOLLOUT|EPOLLET`, `0`; unknown bits in hex (tagged `EPOLL???` if alone). */
export function epollEventsToString(mask: number): string {
  return xlatFlags(EPOLL_EVENTS, mask, "EPOLL???");
}

const POLL_EVENTS: FlagTable = [
  [POLLIN, "POLLIN"], [POLLPRI, "POLLPRI"], [POLLOUT, "POLLOUT"], [POLLERR, "POLLERR"],
  [POLLHUP, "POLLHUP"], [POLLNVAL, "POLLNVAL"], [POLLRDNORM, "POLLRDNORM"], [POLLRDBAND, "POLLRDBAND"],
  [POLLWRNORM, "POLLWRNORM"], [POLLWRBAND, "POLLWRBAND"], [POLLMSG, "POLLMSG"],
  [POLLREMOVE, "POLLREMOVE"], [POLLRDHUP, "POLLRDHUP"], [0x8000, "POLL_BUSY_LOOP"],
];

/** A pollfd's events or revents: `POLLIN|POLLPRI`, `0`. */
export function pollEventsToString(mask: number): string {
  return xlatFlags(POLL_EVENTS, mask & 0xffff, "POLL???");
}

const CTL_OPS = new Map<number, string>([
  [EPOLL_CTL_ADD, "EPOLL_CTL_ADD"], [EPOLL_CTL_DEL, "EPOLL_CTL_DEL"], [EPOLL_CTL_MOD, "EPOLL_CTL_MOD"],
]);

/** `EPOLL_CTL_ADD`; an unknown op in hex, tagged `EPOLL_CTL_???`. */
export function epollCtlOpName(op: number): string {
  return xlatValue(CTL_OPS, op, "EPOLL_CTL_???");
}

/** epoll_create1's flags: `EPOLL_CLOEXEC`, `0`. */
export function epollCreateFlagsToString(flags: number): string {
  return xlatFlags([[EPOLL_CLOEXEC, "EPOLL_CLOEXEC"]], flags, "EPOLL_???");
}
