// poll and select over the same readiness bits as epoll (Linux fs/select.c;
// ../shared/linux §12 "poll" rows, §11 "never restarted").

import { describe, expect, it } from "vitest";
import {
  alarm, clock_gettime_ns, close, dup2, errno, exit, FD_CLR, FD_ISSET, FD_SET, fd_set, FD_ZERO, fork, open, O_RDWR, O_CREAT,
  pipe, poll, pollfd, POLLIN, POLLOUT, POLLPRI, POLLRDHUP, printf, read, SA_RESTART, select, SIGALRM, SIGSTOP, SIGCONT,
  sigaction, sigaction_t, sleep, strerror, timeval, wait, write, kill,
} from "../../userland/libc/index.ts";
import { pollEventsToString } from "../../kernel/uapi/eventpoll.ts";
import { errnoName } from "../../kernel/uapi/errno.ts";
import { runProgram } from "../helpers/index.ts";

const mask = (m: number) => pollEventsToString(m).replace(/\|/g, "+");

function* result(label: string, r: number) {
  yield* printf("%s: %s\n", label, r < 0 ? `-1 ${errnoName(errno)} "${strerror(errno)}"` : String(r));
}

/** poll one fd for `events` with timeout 0 and print revents. */
function* poll1(label: string, fd: number, events: number) {
  const p = [pollfd(fd, events)];
  const n = yield* poll(p, 1, 0);
  yield* printf("%s: %d %s\n", label, n, mask(p[0]!.revents));
}

describe("poll", () => {
  it("pipes: POLLHUP for a drained read end whose writer closed, POLLOUT+POLLERR for a write end whose reader closed (README §12)", () => {
    const r = runProgram(function* () {
      const a = new Int32Array(2);
      yield* pipe(a);
      yield* poll1("empty, read end", a[0]!, POLLIN);
      yield* poll1("empty, write end", a[1]!, POLLOUT);
      yield* write(a[1]!, "x");
      yield* poll1("1 byte, read end", a[0]!, POLLIN | POLLRDHUP);
      yield* close(a[1]!);
      yield* poll1("writer closed, data unread", a[0]!, POLLIN);
      yield* read(a[0]!, new Uint8Array(1), 1);
      yield* poll1("writer closed, empty", a[0]!, POLLIN);
      yield* poll1("writer closed, empty, events=0", a[0]!, 0);
      const b = new Int32Array(2);
      yield* pipe(b);
      yield* close(b[0]!);
      yield* poll1("reader closed, write end", b[1]!, POLLOUT);
    });
    expect(r.terminals.prog).toBe([
      "empty, read end: 0 0",
      "empty, write end: 1 POLLOUT",
      "1 byte, read end: 1 POLLIN",
      "writer closed, data unread: 1 POLLIN+POLLHUP",
      "writer closed, empty: 1 POLLHUP",
      "writer closed, empty, events=0: 1 POLLHUP",
      "reader closed, write end: 1 POLLOUT+POLLERR",
      "",
    ].join("\n"));
  });

  it("a closed fd reports POLLNVAL and counts; a negative fd is skipped; a regular file is always ready", () => {
    const r = runProgram(function* () {
      const f = yield* open("/tmp/x", O_RDWR | O_CREAT);
      const fds = [pollfd(f, POLLIN | POLLOUT | POLLPRI), pollfd(77, POLLIN), pollfd(-1, POLLIN)];
      const n = yield* poll(fds, 3, 0);
      yield* printf("%d: %s, %s, %s\n", n, mask(fds[0]!.revents), mask(fds[1]!.revents), mask(fds[2]!.revents));
      yield* result("poll with nfds beyond RLIMIT_NOFILE", yield* poll([], 5000, 0));
    });
    expect(r.terminals.prog).toBe('2: POLLIN+POLLOUT, POLLNVAL, 0\npoll with nfds beyond RLIMIT_NOFILE: -1 EINVAL "Invalid argument"\n');
  });

  it("sleeps until one of its fds is ready, or until the timeout (0 after 100 ms)", () => {
    const r = runProgram(function* () {
      const a = new Int32Array(2), b = new Int32Array(2);
      yield* pipe(a);
      yield* pipe(b);
      const t0 = yield* clock_gettime_ns();
      yield* result("poll(100 ms), nothing", yield* poll([pollfd(a[0]!, POLLIN)], 1, 100));
      yield* printf("after %d ms\n", Math.round(((yield* clock_gettime_ns()) - t0) / 1e6));
      if ((yield* fork()) === 0) {
        yield* sleep(1);
        yield* write(b[1]!, "y");
        yield* exit(0);
      }
      const fds = [pollfd(a[0]!, POLLIN), pollfd(b[0]!, POLLIN)];
      const n = yield* poll(fds, 2, -1);
      yield* printf("poll(-1) = %d: %s %s after %d ms\n", n, mask(fds[0]!.revents), mask(fds[1]!.revents),
        Math.round(((yield* clock_gettime_ns()) - t0) / 1e6));
      yield* wait(null);
    });
    expect(r.terminals.prog).toBe('poll(100 ms), nothing: 0\nafter 100 ms\npoll(-1) = 1: 0 POLLIN after 1100 ms\n');
  });

  it("is interrupted by a handled signal with EINTR even under SA_RESTART (README §11)", () => {
    const r = runProgram(function* () {
      yield* sigaction(SIGALRM, sigaction_t(function* () {}, SA_RESTART));
      const a = new Int32Array(2);
      yield* pipe(a);
      yield* alarm(1);
      yield* result("poll(2000)", yield* poll([pollfd(a[0]!, POLLIN)], 1, 2000));
    });
    expect(r.terminals.prog).toBe('poll(2000): -1 EINTR "Interrupted system call"\n');
  });
});

describe("select", () => {
  it("rewrites the sets to the ready fds and returns how many bits are set", () => {
    const r = runProgram(function* () {
      const a = new Int32Array(2), b = new Int32Array(2);
      yield* pipe(a); // 3, 4
      yield* pipe(b); // 5, 6
      yield* write(a[1]!, "x");
      const rd = fd_set(), wr = fd_set();
      FD_SET(a[0]!, rd);
      FD_SET(b[0]!, rd);
      FD_SET(a[1]!, wr);
      FD_SET(b[1]!, wr);
      const n = yield* select(7, rd, wr, null, timeval(0, 0));
      yield* printf("select = %d; read: %d %d; write: %d %d\n", n,
        FD_ISSET(a[0]!, rd) ? 1 : 0, FD_ISSET(b[0]!, rd) ? 1 : 0, FD_ISSET(a[1]!, wr) ? 1 : 0, FD_ISSET(b[1]!, wr) ? 1 : 0);
      FD_ZERO(rd);
      FD_SET(b[0]!, rd);
      FD_SET(a[0]!, rd);
      FD_CLR(a[0]!, rd);
      yield* printf("after FD_CLR: %d %d\n", FD_ISSET(a[0]!, rd) ? 1 : 0, FD_ISSET(b[0]!, rd) ? 1 : 0);
      // fds at or above nfds are ignored.
      FD_ZERO(rd);
      FD_SET(a[0]!, rd);
      yield* result("select(3, {3}) ignores fd 3", yield* select(3, rd, null, null, timeval(0, 0)));
    });
    expect(r.terminals.prog).toBe("select = 3; read: 1 0; write: 1 1\nafter FD_CLR: 0 1\nselect(3, {3}) ignores fd 3: 0\n");
  });

  it("handles fds past the first 32-bit word (fd 100 with nfds 101)", () => {
    const r = runProgram(function* () {
      const a = new Int32Array(2);
      yield* pipe(a);
      yield* dup2(a[0]!, 100);
      yield* write(a[1]!, "x");
      const rd = fd_set();
      FD_SET(100, rd);
      yield* result("select(101, {100})", yield* select(101, rd, null, null, null));
      yield* printf("FD_ISSET(100) %d\n", FD_ISSET(100, rd) ? 1 : 0);
    });
    expect(r.terminals.prog).toBe("select(101, {100}): 1\nFD_ISSET(100) 1\n");
  });

  it("a set bit on a closed fd is EBADF; a negative nfds or timeout is EINVAL", () => {
    const r = runProgram(function* () {
      const rd = fd_set();
      FD_SET(9, rd);
      yield* result("select with fd 9 closed", yield* select(10, rd, null, null, timeval(0, 0)));
      yield* result("select(-1)", yield* select(-1, null, null, null, timeval(0, 0)));
      yield* result("select with tv_sec=-1", yield* select(0, null, null, null, timeval(-1, 0)));
    });
    expect(r.terminals.prog).toBe(
      'select with fd 9 closed: -1 EBADF "Bad file descriptor"\nselect(-1): -1 EINVAL "Invalid argument"\n' +
      'select with tv_sec=-1: -1 EINVAL "Invalid argument"\n');
  });

  it("times out with 0, zeroing the sets, and (as Linux does) writes the time left back into the timeval", () => {
    const r = runProgram(function* () {
      const a = new Int32Array(2);
      yield* pipe(a);
      if ((yield* fork()) === 0) {
        yield* sleep(1);
        yield* write(a[1]!, "x");
        yield* exit(0);
      }
      const rd = fd_set();
      FD_SET(a[0]!, rd);
      const tv = timeval(0, 250000);
      yield* printf("select = %d, isset %d, left %d.%06d\n", yield* select(a[0]! + 1, rd, null, null, tv), FD_ISSET(a[0]!, rd) ? 1 : 0, tv.tv_sec, tv.tv_usec);
      FD_SET(a[0]!, rd);
      const tv2 = timeval(5, 0);
      yield* printf("select = %d, isset %d, left %d.%06d\n", yield* select(a[0]! + 1, rd, null, null, tv2), FD_ISSET(a[0]!, rd) ? 1 : 0, tv2.tv_sec, tv2.tv_usec);
      yield* wait(null);
    });
    // The second select starts ~250 ms in and returns when the child writes at 1 s.
    expect(r.terminals.prog).toMatch(/^select = 0, isset 0, left 0\.000000\nselect = 1, isset 1, left 4\.(\d{6})\n$/);
    const left = Number(/left 4\.(\d{6})\n$/.exec(r.terminals.prog)![1]);
    expect(left).toBeGreaterThan(240000);
    expect(left).toBeLessThan(260000);
  });

  it("is interrupted by a handled signal with EINTR even under SA_RESTART; a stop and continue without a handler resumes it", () => {
    const r = runProgram(function* () {
      yield* sigaction(SIGALRM, sigaction_t(function* () {}, SA_RESTART));
      yield* alarm(1);
      yield* result("select(NULL timeout) interrupted", yield* select(0, null, null, null, null));
      const child = yield* fork();
      if (child === 0) {
        const t0 = yield* clock_gettime_ns();
        yield* result("select(1.5 s) in a child stopped from 1 s to 2 s", yield* select(0, null, null, null, timeval(1, 500000)));
        yield* printf("after %d ms\n", Math.round(((yield* clock_gettime_ns()) - t0) / 1e6));
        yield* exit(0);
      }
      yield* sleep(1);
      yield* kill(child, SIGSTOP);
      yield* sleep(1);
      yield* kill(child, SIGCONT);
      yield* wait(null);
    });
    expect(r.terminals.prog).toBe('select(NULL timeout) interrupted: -1 EINTR "Interrupted system call"\n' +
      "select(1.5 s) in a child stopped from 1 s to 2 s: 0\nafter 2000 ms\n");
  });
});
