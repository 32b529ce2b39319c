// <sys/epoll.h> and <poll.h> for Linux: readiness bits (shared by poll,
// select and epoll, as in the kernel), epoll_ctl ops, and strace names.

export const EPOLLIN = 0x001, EPOLLPRI = 0x002, EPOLLOUT = 0x004, EPOLLERR = 0x008, EPOLLHUP = 0x010,
  EPOLLNVAL = 0x020, EPOLLRDNORM = 0x040, EPOLLRDBAND = 0x080, EPOLLWRNORM = 0x100,
  EPOLLWRBAND = 0x200, EPOLLMSG = 0x400, EPOLLRDHUP = 0x2000, EPOLLEXCLUSIVE = 0x10000000,
  EPOLLWAKEUP = 0x20000000, EPOLLONESHOT = 0x40000000, EPOLLET = 0x80000000;
export const EPOLL_CTL_ADD = 1, EPOLL_CTL_DEL = 2, EPOLL_CTL_MOD = 3;
export const EPOLL_CLOEXEC = 0o2000000;

export const POLLIN = 0x001, POLLPRI = 0x002, POLLOUT = 0x004, POLLERR = 0x008, POLLHUP = 0x010,
  POLLNVAL = 0x020, POLLRDNORM = 0x040, POLLRDBAND = 0x080, POLLWRNORM = 0x100, POLLWRBAND = 0x200,
  POLLRDHUP = 0x2000;
export const FD_SETSIZE = 1024;

const EPOLL_NAMES: Array<[number, string]> = [
  [EPOLLIN, "EPOLLIN"], [EPOLLPRI, "EPOLLPRI"], [EPOLLOUT, "EPOLLOUT"], [EPOLLERR, "EPOLLERR"],
  [EPOLLHUP, "EPOLLHUP"], [EPOLLNVAL, "EPOLLNVAL"], [EPOLLRDNORM, "EPOLLRDNORM"], [EPOLLRDBAND, "EPOLLRDBAND"],
  [EPOLLWRNORM, "EPOLLWRNORM"], [EPOLLWRBAND, "EPOLLWRBAND"], [EPOLLMSG, "EPOLLMSG"], [EPOLLRDHUP, "EPOLLRDHUP"],
  [EPOLLEXCLUSIVE, "EPOLLEXCLUSIVE"], [EPOLLWAKEUP, "EPOLLWAKEUP"], [EPOLLONESHOT, "EPOLLONESHOT"], [EPOLLET, "EPOLLET"],
];

function bits(mask: number, names: Array<[number, string]>): string {
  const out: string[] = [];
  let rest = mask >>> 0;
  for (const [bit, name] of names) {
    if ((rest & bit) >>> 0) {
      out.push(name);
      rest = (rest & ~bit) >>> 0;
    }
  }
  if (rest) out.push(`0x${rest.toString(16)}`);
  return out.join("|") || "0";
}

export function epollEventsToString(mask: number): string {
  return bits(mask, EPOLL_NAMES);
}

export function pollEventsToString(mask: number): string {
  return bits(mask, EPOLL_NAMES.map(([b, n]) => [b, n.replace(/^EPOLL/, "POLL")] as [number, string]).filter(([b]) => b < 0x4000));
}

export function epollCtlOpName(op: number): string {
  return ["", "EPOLL_CTL_ADD", "EPOLL_CTL_DEL", "EPOLL_CTL_MOD"][op] ?? String(op);
}
