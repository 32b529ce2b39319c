// <poll.h>: poll() over struct pollfd objects. The kernel reports each
// fd's revents; the wrapper writes them back as the kernel writes the
// caller's array in C.

import { syscall, type Sys } from "./syscall.ts";
import type { PollReply } from "../../kernel/syscall/sys-select.ts";

/**
 * The `<poll.h>` event bits, Linux's values, for `pollfd.events` and
 * `revents`: `POLLIN` (readable), `POLLOUT` (writable), `POLLPRI`,
 * `POLLRDHUP` (peer shut down writing), `POLLRDNORM`/`POLLRDBAND`/
 * `POLLWRNORM`/`POLLWRBAND`, and the output-only `POLLERR`, `POLLHUP`
 * (reported whether asked for or not) and `POLLNVAL` (fd not open).
 */
export {
  POLLIN, POLLPRI, POLLOUT, POLLERR, POLLHUP, POLLNVAL, POLLRDNORM, POLLRDBAND, POLLWRNORM, POLLWRBAND, POLLRDHUP,
} from "../../kernel/uapi/eventpoll.ts";

/**
 * `struct pollfd { int fd; short events; short revents; };`
 *
 * One descriptor for `poll`: the `fd` to watch (a negative one is
 * skipped), the `events` wanted, and the `revents` `poll` writes back.
 * Make one with `pollfd()`.
 */
export interface pollfd {
  fd: number;
  events: number;
  revents: number;
}

/**
 * `struct pollfd p = { .fd = fd, .events = events };`
 *
 * A struct pollfd with `revents` 0. kernsim only.
 *
 * @example const fds = [pollfd(0, POLLIN), pollfd(sock, POLLIN)];
 */
export function pollfd(fd = 0, events = 0): pollfd {
  return { fd, events, revents: 0 };
}

/**
 * `int poll(struct pollfd *fds, nfds_t nfds, int timeout);`
 *
 * wait for some event on a file descriptor (poll(2)). Waits until one of
 * the first `nfds` entries of `fds` is ready or `timeout` milliseconds pass
 * (negative: forever; 0: just check), then writes each entry's `revents`
 * (POLLNVAL for a descriptor that is not open). Costs O(nfds) per wake-up.
 * Returns the number of entries with non-zero `revents`, 0 on timeout, or
 * -1 with `errno` set: EINVAL (`nfds` negative or above the descriptor
 * limit), EFAULT (`nfds` larger than `fds.length`, where C would read past
 * the array), EINTR (a signal handler ran; never restarted, even with
 * SA_RESTART).
 *
 * @example const n = yield* poll(fds, fds.length, 1000);
 */
export function* poll(fds: pollfd[], nfds: number, timeout: number): Sys<number> {
  const args = fds.slice(0, Math.max(0, nfds)).map((p) => ({ fd: p.fd, events: p.events }));
  const r = yield* syscall<PollReply>("poll", args, nfds, timeout);
  if (r === -1) return -1;
  for (let i = 0; i < r.revents.length; i++) fds[i]!.revents = r.revents[i]!;
  return r.ret;
}
