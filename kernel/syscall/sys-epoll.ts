// epoll syscalls (Linux fs/eventpoll.c: epoll_create1, do_epoll_ctl,
// do_epoll_wait): argument checks in Linux's order, the instance in
// fs/eventpoll.ts. Every row of README §8 "epoll_ctl, epoll_create and
// epoll_wait errors" comes from a check here.

import type { Host } from "../host.ts";
import type { Process } from "../proc/proc.ts";
import { Eventpoll, type EpollEvent } from "../fs/eventpoll.ts";
import { MS } from "../clock.ts";
import { EBADF, EEXIST, EFAULT, EINTR, EINVAL, ENOENT, EPERM } from "../uapi/errno.ts";
import {
  EPOLL_CLOEXEC, EPOLL_CTL_ADD, EPOLL_CTL_DEL, EPOLL_CTL_MOD, EPOLLERR, EPOLLET, EPOLLEXCLUSIVE, EPOLLHUP,
  EPOLLIN, EPOLLOUT, EPOLLWAKEUP,
} from "../uapi/eventpoll.ts";
import { O_RDWR } from "../uapi/fcntl.ts";
import { block } from "./block.ts";
import { newFile } from "./sys-file.ts";
import type { SyscallEntry } from "./table.ts";

/** The only bits EPOLLEXCLUSIVE may be combined with (EPOLLEXCLUSIVE_OK_BITS). */
const EXCLUSIVE_OK_BITS = EPOLLIN | EPOLLOUT | EPOLLERR | EPOLLHUP | EPOLLWAKEUP | EPOLLET | EPOLLEXCLUSIVE;
/** Largest maxevents (EP_MAX_EVENTS: INT_MAX / sizeof(struct epoll_event)). */
const EP_MAX_EVENTS = Math.floor(0x7fffffff / 12);

/** struct epoll_event as the libc passes it: data is the 64-bit union as an integer. */
export interface EpollEventArg {
  events: number;
  data: number;
}

/** epoll_wait's reply: the count and the events the libc copies into the caller's array. */
export interface EpollWaitReply {
  ret: number;
  events: EpollEvent[];
}

function create(h: Host, p: Process, cloexec: boolean): number {
  const ep = new Eventpoll(h.world.ino());
  const f = newFile(h, ep, O_RDWR);
  ep.files.push(f);
  return p.fds.alloc(f, cloexec);
}

/** epoll_create(size): size is only checked, as on Linux since 2.6.8. */
export function sysEpollCreate(h: Host, p: Process, [size]: [number]): number {
  if (!(size > 0)) return -EINVAL;
  return create(h, p, false);
}

export function sysEpollCreate1(h: Host, p: Process, [flags]: [number]): number {
  if ((flags | 0) & ~EPOLL_CLOEXEC) return -EINVAL;
  return create(h, p, (flags & EPOLL_CLOEXEC) !== 0);
}

/** do_epoll_ctl, in Linux's order: EFAULT, EBADF, EPERM, EINVAL, ELOOP, then EEXIST/ENOENT. */
export function sysEpollCtl(
  _h: Host, p: Process, [epfd, op, fd, ev]: [number, number, number, EpollEventArg | null],
): number {
  const hasEvent = op !== EPOLL_CTL_DEL;
  if (hasEvent && (ev === null || typeof ev !== "object")) return -EFAULT;
  const f = p.fds.get(epfd);
  if (!f) return -EBADF;
  const tf = p.fds.get(fd);
  if (!tf) return -EBADF;
  // The target must have a .poll (file_can_poll): regular files, directories, /dev/null do not.
  if (tf.obj.canPoll === false) return -EPERM;
  let events = hasEvent ? ev!.events | 0 : 0;
  // EPOLLWAKEUP needs CAP_BLOCK_SUSPEND; without it Linux silently drops the bit.
  if (p.uid !== 0) events &= ~EPOLLWAKEUP;
  const ep = f.obj;
  if (f === tf || !(ep instanceof Eventpoll)) return -EINVAL;
  if (hasEvent && events & EPOLLEXCLUSIVE) {
    if (op === EPOLL_CTL_MOD) return -EINVAL;
    if (op === EPOLL_CTL_ADD && (tf.obj instanceof Eventpoll || events & ~EXCLUSIVE_OK_BITS)) return -EINVAL;
  }
  if (op === EPOLL_CTL_ADD && tf.obj instanceof Eventpoll) {
    const loop = ep.loopCheck(tf.obj);
    if (loop < 0) return loop;
  }
  const data = hasEvent && typeof ev!.data === "number" ? ev!.data : 0;
  const item = ep.find(tf, fd);
  switch (op) {
    case EPOLL_CTL_ADD:
      if (item) return -EEXIST;
      ep.insert(tf, fd, (events | EPOLLERR | EPOLLHUP) >>> 0, data);
      return 0;
    case EPOLL_CTL_DEL:
      if (!item) return -ENOENT;
      ep.remove(item);
      return 0;
    case EPOLL_CTL_MOD:
      if (!item) return -ENOENT;
      // An EPOLLEXCLUSIVE registration cannot be modified.
      if (item.events & EPOLLEXCLUSIVE) return -EINVAL;
      ep.modify(item, (events | EPOLLERR | EPOLLHUP) >>> 0, data);
      return 0;
    default:
      return -EINVAL;
  }
}

/**
 * epoll_wait(epfd, maxevents, timeout ms): ready events first; then 0 if
 * the timeout is 0 or has passed; then EINTR if a signal is pending
 * (ep_poll returns -EINTR itself, so it is never restarted, not even
 * under SA_RESTART or after SIGSTOP/SIGCONT: README §11, signal(7));
 * otherwise sleep on the instance until an item becomes ready.
 */
export function sysEpollWait(h: Host, p: Process, [epfd, maxevents, timeout]: [number, number, number]): EpollWaitReply | number | symbol {
  if (!(maxevents > 0) || maxevents > EP_MAX_EVENTS) return -EINVAL;
  const f = p.fds.get(epfd);
  if (!f) return -EBADF;
  const ep = f.obj;
  if (!(ep instanceof Eventpoll)) return -EINVAL;
  const events = ep.hasReady ? ep.collect(maxevents) : [];
  if (events.length > 0) {
    // Items left on the ready list go to the next sleeper (ep_done_scan).
    if (ep.hasReady) ep.wakeOneSleeper();
    return { ret: events.length, events };
  }
  const now = h.world.now;
  const sys = p.sys;
  const ms = timeout | 0; // an int, as in C
  const deadline: number = (sys.deadline ??= ms < 0 ? Infinity : now + ms * MS);
  if (now >= deadline) return { ret: 0, events };
  if (p.signalPending) return -EINTR;
  return block(h, p, [ep.sleepQueue()], deadline, true);
}

export const EPOLL_SYSCALLS: { [name: string]: SyscallEntry } = {
  epoll_create: { group: "epoll", handler: sysEpollCreate, signature: "int epoll_create(int size)",
    note: "size must be positive and is otherwise ignored, as on Linux.", errors: "EINVAL, EMFILE" },
  epoll_create1: { group: "epoll", handler: sysEpollCreate1, signature: "int epoll_create1(int flags)",
    note: "EPOLL_CLOEXEC. The instance is a description: dup and fork share it.", errors: "EINVAL, EMFILE" },
  epoll_ctl: { group: "epoll", handler: sysEpollCtl, signature: "int epoll_ctl(int epfd, int op, int fd, struct epoll_event *event)",
    note: "Interest is keyed by (open file description, fd) and lives until the description's last close (the dup() gotcha). " +
      "EPOLLIN/OUT/RDHUP/PRI, EPOLLERR and EPOLLHUP always; EPOLLET, EPOLLONESHOT; epoll inside epoll with Linux's loop and depth checks. " +
      "EPOLLEXCLUSIVE wakes one waiting instance, the first registered.",
    errors: "EBADF, EEXIST, ENOENT, EPERM (regular files, directories, /dev/null), EINVAL, ELOOP, EFAULT" },
  epoll_wait: { group: "epoll", handler: sysEpollWait, signature: "int epoll_wait(int epfd, struct epoll_event *events, int maxevents, int timeout)",
    note: "Ready items in the order they became ready; costs O(ready), not O(watched). Never restarted after a signal (EINTR even with SA_RESTART).",
    errors: "EBADF, EINVAL, EINTR" },
};
