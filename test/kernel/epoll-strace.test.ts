// strace's lines for epoll, poll and select (strace 6.1 formats).

import { describe, expect, it } from "vitest";
import {
  epoll_create1, epoll_ctl, epoll_event, epoll_wait, EPOLL_CTL_ADD, EPOLL_CTL_DEL, EPOLLIN, exit, fd_set, FD_SET, fork,
  pipe, poll, pollfd, POLLIN, POLLOUT, select, sleep, timeval, wait, write,
} from "../../userland/libc/index.ts";
import { StraceFormatter } from "../../tui/format/strace.ts";
import { runProgram, type RunResult } from "../helpers/index.ts";

function strace(r: RunResult, names: string[]): string[] {
  const f = new StraceFormatter(false);
  return r.trace.filter((e) => e.kind === "syscall" && names.includes(e.name)).map((e) => f.format(e)).filter((l): l is string => l !== null);
}

describe("strace lines for epoll, poll and select", () => {
  it("epoll_create1, epoll_ctl with its event, epoll_wait with the events it filled", () => {
    const r = runProgram(function* () {
      const fds = new Int32Array(2);
      yield* pipe(fds);
      const ep = yield* epoll_create1(0);
      const ev = epoll_event(EPOLLIN);
      ev.data.fd = fds[0]!;
      yield* epoll_ctl(ep, EPOLL_CTL_ADD, fds[0]!, ev);
      yield* write(fds[1]!, "x");
      const evs = Array.from({ length: 10 }, () => epoll_event());
      yield* epoll_wait(ep, evs, 10, -1);
      yield* epoll_ctl(ep, EPOLL_CTL_DEL, fds[0]!, null);
      yield* epoll_wait(ep, evs, 10, 0);
    });
    expect(strace(r, ["epoll_create1", "epoll_ctl", "epoll_wait"])).toEqual([
      "epoll_create1(0) = 5",
      "epoll_ctl(5, EPOLL_CTL_ADD, 3, {events=EPOLLIN, data={u32=3, u64=3}}) = 0",
      "epoll_wait(5, [{events=EPOLLIN, data={u32=3, u64=3}}], 10, -1) = 1",
      "epoll_ctl(5, EPOLL_CTL_DEL, 3, NULL) = 0",
      "epoll_wait(5, [], 10, 0) = 0",
    ]);
  });

  it("a blocked epoll_wait prints unfinished and resumed halves", () => {
    const r = runProgram(function* () {
      const fds = new Int32Array(2);
      yield* pipe(fds);
      const ep = yield* epoll_create1(0);
      const ev = epoll_event(EPOLLIN);
      ev.data.u64 = 7;
      yield* epoll_ctl(ep, EPOLL_CTL_ADD, fds[0]!, ev);
      if ((yield* fork()) === 0) {
        yield* sleep(1);
        yield* write(fds[1]!, "x");
        yield* exit(0);
      }
      yield* epoll_wait(ep, [epoll_event()], 1, -1);
      yield* wait(null);
    });
    expect(strace(r, ["epoll_wait"])).toEqual([
      "epoll_wait(5, <unfinished ...>",
      "<... epoll_wait resumed>[{events=EPOLLIN, data={u32=7, u64=7}}], 1, -1) = 1",
    ]);
  });

  it("poll and select (glibc's select is pselect6) print what came back after the count, and (Timeout)", () => {
    const r = runProgram(function* () {
      const fds = new Int32Array(2);
      yield* pipe(fds);
      yield* poll([pollfd(fds[0]!, POLLIN), pollfd(fds[1]!, POLLOUT)], 2, -1);
      yield* poll([pollfd(fds[0]!, POLLIN)], 1, 10);
      const rd = fd_set(), wr = fd_set();
      FD_SET(fds[0]!, rd);
      FD_SET(fds[1]!, wr);
      yield* select(5, rd, wr, null, timeval(1, 0));
      FD_SET(fds[0]!, rd);
      yield* select(5, rd, null, null, timeval(0, 5000));
    });
    expect(strace(r, ["poll", "pselect6"])).toEqual([
      "poll([{fd=3, events=POLLIN}, {fd=4, events=POLLOUT}], 2, -1) = 1 ([{fd=4, revents=POLLOUT}])",
      "poll([{fd=3, events=POLLIN}], 1, 10 <unfinished ...>",
      "<... poll resumed>) = 0 (Timeout)",
      "pselect6(5, [3], [4], NULL, {tv_sec=1, tv_nsec=0}, NULL) = 1 (out [4], left {tv_sec=1, tv_nsec=0})",
      "pselect6(5, [3], NULL, NULL, {tv_sec=0, tv_nsec=5000000}, NULL <unfinished ...>",
      "<... pselect6 resumed>) = 0 (Timeout)",
    ]);
  });
});
