// strace's rendering of epoll, poll and select (strace 6.1):
//   epoll_ctl(5, EPOLL_CTL_ADD, 3, {events=EPOLLIN, data={u32=3, u64=3}}) = 0
//   epoll_wait(5, [{events=EPOLLIN, data={u32=3, u64=3}}], 10, -1) = 1
//   poll([{fd=3, events=POLLIN}], 1, -1) = 1 ([{fd=3, revents=POLLIN}])
//   pselect6(4, [3], NULL, NULL, {tv_sec=1, tv_nsec=0}, NULL) = 1 (in [3], left {tv_sec=0, tv_nsec=999800000})
// (glibc's select() is pselect6 with a NULL sigmask.)
// Pure functions over traced arguments and replies; strace.ts merges them.

import { epollCtlOpName, epollCreateFlagsToString, epollEventsToString, pollEventsToString } from "../../kernel/uapi/eventpoll.ts";

/** Where an out-parameter goes before the call has filled it (as strace.ts). */
const PLACEHOLDER = "0x7ffc0000";
const TWO32 = 0x100000000;

type ArgFormatter = (args: readonly unknown[], ret: unknown) => string;

interface TracedEvent {
  events: number;
  data: number;
}

function epollEvent(ev: TracedEvent): string {
  const data = typeof ev.data === "number" ? ev.data : 0;
  return `{events=${epollEventsToString(ev.events)}, data={u32=${data % TWO32}, u64=${data}}}`;
}

/** The reply's field when the call succeeded (replies are `{ret, ...}` boxes or a bare -errno). */
function field<T>(ret: unknown, name: string): T | undefined {
  if (typeof ret !== "object" || ret === null) return undefined;
  const r = ret as { ret?: unknown; [k: string]: unknown };
  return typeof r.ret === "number" && r.ret >= 0 ? (r[name] as T) : undefined;
}

/** fd_set words → "[3 4]" (strace lists the fds below nfds). */
function fdSet(words: unknown, nfds: number): string {
  if (!Array.isArray(words)) return "NULL";
  const fds: number[] = [];
  for (let fd = 0; fd < nfds; fd++) if (((words[fd >>> 5] ?? 0) >>> (fd & 31)) & 1) fds.push(fd);
  return `[${fds.join(" ")}]`;
}

function timespec(ts: unknown): string {
  if (typeof ts !== "object" || ts === null) return "NULL";
  const t = ts as { tv_sec: number; tv_nsec: number };
  return `{tv_sec=${t.tv_sec}, tv_nsec=${t.tv_nsec}}`;
}

export const EPOLL_ARG_FORMATTERS: { [name: string]: ArgFormatter } = {
  epoll_create1: ([flags]) => epollCreateFlagsToString(flags as number),
  epoll_ctl: ([epfd, op, fd, ev]) =>
    `${epfd}, ${epollCtlOpName(op as number)}, ${fd}, ${ev === null || ev === undefined ? "NULL" : epollEvent(ev as TracedEvent)}`,
  epoll_wait: ([epfd, maxevents, timeout], ret) => {
    const evs = field<TracedEvent[]>(ret, "events");
    return `${epfd}, ${evs ? `[${evs.map(epollEvent).join(", ")}]` : PLACEHOLDER}, ${maxevents}, ${timeout}`;
  },
  poll: ([fds, nfds, timeout]) => {
    const list = Array.isArray(fds) ? (fds as Array<{ fd: number; events: number }>) : [];
    return `[${list.map((p) => `{fd=${p.fd}, events=${pollEventsToString(p.events)}}`).join(", ")}], ${nfds}, ${timeout}`;
  },
  pselect6: ([nfds, rd, wr, ex, ts]) => {
    const n = Math.max(0, Math.min(nfds as number, 1024));
    return `${nfds}, ${fdSet(rd, n)}, ${fdSet(wr, n)}, ${fdSet(ex, n)}, ${timespec(ts)}, NULL`;
  },
};

/** What strace prints after a successful return: " ([{fd=3, revents=POLLIN}])", " (Timeout)", " (in [3], left {...})". */
export const EPOLL_RESULT_SUFFIX: { [name: string]: (args: readonly unknown[], ret: unknown) => string } = {
  poll: ([fds], ret) => {
    const revents = field<number[]>(ret, "revents");
    if (!revents) return "";
    const list = Array.isArray(fds) ? (fds as Array<{ fd: number }>) : [];
    const ready = revents.map((m, i) => (m ? `{fd=${list[i]?.fd}, revents=${pollEventsToString(m)}}` : "")).filter(Boolean);
    return ready.length ? ` ([${ready.join(", ")}])` : " (Timeout)";
  },
  pselect6: ([nfds], ret) => {
    if (typeof ret !== "object" || ret === null || !((ret as { ret: number }).ret >= 0)) return "";
    const r = ret as { ret: number; readfds: unknown; writefds: unknown; exceptfds: unknown; rem: number | null };
    const n = Math.max(0, Math.min(nfds as number, 1024));
    const parts: string[] = [];
    for (const [name, set] of [["in", r.readfds], ["out", r.writefds], ["except", r.exceptfds]] as const) {
      const s = fdSet(set, n);
      if (s !== "NULL" && s !== "[]") parts.push(`${name} ${s}`);
    }
    if (r.ret === 0) return " (Timeout)";
    if (r.rem !== null) parts.push(`left ${timespec({ tv_sec: Math.floor(r.rem / 1e9), tv_nsec: r.rem % 1e9 })}`);
    return ` (${parts.join(", ")})`;
  },
};
