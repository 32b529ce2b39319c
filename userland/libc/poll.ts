// <poll.h>: poll() over struct pollfd objects. The kernel reports each
// fd's revents; the wrapper writes them back as the kernel writes the
// caller's array in C.

import { syscall, type Sys } from "./syscall.ts";
import type { PollReply } from "../../kernel/syscall/sys-select.ts";

export {
  POLLIN, POLLPRI, POLLOUT, POLLERR, POLLHUP, POLLNVAL, POLLRDNORM, POLLRDBAND, POLLWRNORM, POLLWRBAND, POLLRDHUP,
} from "../../kernel/uapi/eventpoll.ts";

/** struct pollfd. */
export interface pollfd {
  fd: number;
  events: number;
  revents: number;
}

/** A struct pollfd (`{ .fd = fd, .events = events }`). */
export function pollfd(fd = 0, events = 0): pollfd {
  return { fd, events, revents: 0 };
}

/** poll(fds, nfds, timeout ms): the number of fds with non-zero revents, 0 on timeout, or -1. */
export function* poll(fds: pollfd[], nfds: number, timeout: number): Sys<number> {
  const args = fds.slice(0, Math.max(0, nfds)).map((p) => ({ fd: p.fd, events: p.events }));
  const r = yield* syscall<PollReply>("poll", args, nfds, timeout);
  if (r === -1) return -1;
  for (let i = 0; i < r.revents.length; i++) fds[i]!.revents = r.revents[i]!;
  return r.ret;
}
