// epoll as Linux measures it (../shared/linux §8, p08_epoll.c), with pipes
// and terminals where the probe used sockets; the socket rows live in
// epoll-sockets.test.ts. Masks print as the README writes them: `+`-joined.

import { describe, expect, it } from "vitest";
import {
  alarm, close, clock_gettime_ns, dup, dup2, EINTR, ELOOP,
  epoll_create, epoll_create1, epoll_ctl, epoll_event, epoll_wait, EPOLL_CLOEXEC, EPOLL_CTL_ADD, EPOLL_CTL_DEL,
  EPOLL_CTL_MOD, EPOLLET, EPOLLEXCLUSIVE, EPOLLIN, EPOLLONESHOT, EPOLLOUT, EPOLLRDHUP, errno, exit,
  F_GETFD, F_SETFL, fcntl, fork, O_DIRECTORY, O_NONBLOCK, O_RDONLY, O_RDWR, open, pipe, poll, pollfd, POLLIN, printf, read, SA_RESTART,
  SIGALRM, SIGCONT, SIGSTOP, kill, sigaction, sigaction_t, sleep, strerror, usleep, wait, write, FD_CLOEXEC,
} from "../../userland/libc/index.ts";
import { epollEventsToString } from "../../kernel/uapi/eventpoll.ts";
import { errnoName } from "../../kernel/uapi/errno.ts";
import { defineScenario, runProgram, runScenario } from "../helpers/index.ts";
import { defineProgram } from "../../userland/libc/crt0.ts";

/** `EPOLLIN+EPOLLOUT`, as the README writes masks. */
const mask = (m: number) => epollEventsToString(m).replace(/\|/g, "+");

/** One epoll_wait, printed as `label: n=0` or `label: EPOLLIN data=5, ...`. */
function* show(ep: number, label: string, timeout = 0, max = 8) {
  const evs = Array.from({ length: max }, () => epoll_event());
  const n = yield* epoll_wait(ep, evs, max, timeout);
  const what = n < 0 ? `-1 ${errnoName(errno)}`
    : n === 0 ? "n=0" : evs.slice(0, n).map((e) => `${mask(e.events)} data=${e.data.u64}`).join(", ");
  yield* printf("%s: %s\n", label, what);
}

/** epoll_ctl with `events` and data = fd (or `data`). */
function* ctl(ep: number, op: number, fd: number, events: number, data = fd) {
  const ev = epoll_event(events);
  ev.data.u64 = data;
  return yield* epoll_ctl(ep, op, fd, ev);
}

/** `label: 0` or `label: -1 EEXIST "File exists"` (the README's notation). */
function* result(label: string, r: number) {
  yield* printf("%s: %s\n", label, r < 0 ? `-1 ${errnoName(errno)} "${strerror(errno)}"` : String(r));
}

describe("epoll: level- and edge-triggered (README §8; 10 bytes arrive and 4 are read)", () => {
  it("level-triggered reports EPOLLIN on every wait while bytes remain", () => {
    const r = runProgram(function* () {
      const fds = new Int32Array(2);
      yield* pipe(fds);
      const ep = yield* epoll_create1(0);
      yield* ctl(ep, EPOLL_CTL_ADD, fds[0]!, EPOLLIN);
      yield* show(ep, "before any data");
      yield* write(fds[1]!, "0123456789");
      yield* show(ep, "wait #1");
      yield* show(ep, "wait #2, nothing read");
      yield* read(fds[0]!, new Uint8Array(4), 4);
      yield* show(ep, "after read(4)");
      yield* read(fds[0]!, new Uint8Array(6), 6);
      yield* show(ep, "drained");
    });
    expect(r.terminals.prog).toBe(
      "before any data: n=0\nwait #1: EPOLLIN data=3\nwait #2, nothing read: EPOLLIN data=3\n" +
      "after read(4): EPOLLIN data=3\ndrained: n=0\n");
  });

  it("edge-triggered reports each arrival once; a read that leaves bytes is no new edge; EAGAIN ends the cycle", () => {
    const r = runProgram(function* () {
      const fds = new Int32Array(2);
      yield* pipe(fds);
      yield* fcntl(fds[0]!, F_SETFL, O_NONBLOCK);
      const ep = yield* epoll_create1(0);
      yield* ctl(ep, EPOLL_CTL_ADD, fds[0]!, EPOLLIN | EPOLLET);
      yield* write(fds[1]!, "0123456789");
      yield* show(ep, "wait #1");
      yield* show(ep, "wait #2, nothing read");
      yield* read(fds[0]!, new Uint8Array(4), 4);
      yield* show(ep, "after read(4)");
      yield* write(fds[1]!, "ab");
      yield* show(ep, "2 more bytes arrive");
      yield* show(ep, "next wait");
      yield* read(fds[0]!, new Uint8Array(8), 8);
      const n = yield* read(fds[0]!, new Uint8Array(8), 8);
      yield* printf("drained: read %d %s\n", n, errnoName(errno));
    });
    expect(r.terminals.prog).toBe(
      "wait #1: EPOLLIN data=3\nwait #2, nothing read: n=0\nafter read(4): n=0\n" +
      "2 more bytes arrive: EPOLLIN data=3\nnext wait: n=0\ndrained: read -1 EAGAIN\n");
  });

  it("edge-triggered, registered while data is already queued: one event, then n=0", () => {
    const r = runProgram(function* () {
      const fds = new Int32Array(2);
      yield* pipe(fds);
      yield* write(fds[1]!, "queued");
      const ep = yield* epoll_create1(0);
      yield* ctl(ep, EPOLL_CTL_ADD, fds[0]!, EPOLLIN | EPOLLET);
      yield* show(ep, "wait #1");
      yield* show(ep, "wait #2");
    });
    expect(r.terminals.prog).toBe("wait #1: EPOLLIN data=3\nwait #2: n=0\n");
  });

  it("edge-triggered IN+OUT on an idle terminal: EPOLLOUT once; a typed line reports the whole mask EPOLLIN+EPOLLOUT", () => {
    const prog = defineProgram("prog", function* () {
      const ep = yield* epoll_create1(0);
      yield* ctl(ep, EPOLL_CTL_ADD, 0, EPOLLIN | EPOLLOUT | EPOLLET);
      yield* show(ep, "idle, wait #1");
      yield* show(ep, "idle, wait #2");
      yield* show(ep, "a line is typed", -1);
      yield* show(ep, "next wait");
      return 0;
    });
    const r = runScenario(defineScenario({
      name: "et-tty", hosts: [{ name: "h", ip: "10.0.0.1" }],
      processes: [{ host: "h", program: prog }],
      events: [{ at: "1s", process: "prog", input: "hi\n" }],
      until: { exit: true, time: "10s" },
    }));
    expect(r.processes[0]!.stdout).toBe(
      "idle, wait #1: EPOLLOUT data=0\nidle, wait #2: n=0\na line is typed: EPOLLIN+EPOLLOUT data=0\nnext wait: n=0\n");
  });
});

describe("epoll: EPOLLONESHOT (README §8)", () => {
  it("reports once, stays registered while disarmed (ADD gives EEXIST), and MOD re-arms it with new data", () => {
    const r = runProgram(function* () {
      const fds = new Int32Array(2);
      yield* pipe(fds);
      const ep = yield* epoll_create1(0);
      yield* ctl(ep, EPOLL_CTL_ADD, fds[0]!, EPOLLIN | EPOLLONESHOT, 7);
      yield* write(fds[1]!, "x");
      yield* show(ep, "data arrives");
      yield* show(ep, "data still unread");
      yield* write(fds[1]!, "y");
      yield* show(ep, "more data arrives");
      yield* result("ADD while disarmed", yield* ctl(ep, EPOLL_CTL_ADD, fds[0]!, EPOLLIN, 7));
      yield* result("MOD IN+ONESHOT data=8", yield* ctl(ep, EPOLL_CTL_MOD, fds[0]!, EPOLLIN | EPOLLONESHOT, 8));
      yield* show(ep, "next wait");
      yield* show(ep, "and the next");
    });
    expect(r.terminals.prog).toBe(
      "data arrives: EPOLLIN data=7\ndata still unread: n=0\nmore data arrives: n=0\n" +
      'ADD while disarmed: -1 EEXIST "File exists"\nMOD IN+ONESHOT data=8: 0\n' +
      "next wait: EPOLLIN data=8\nand the next: n=0\n");
  });
});

describe("epoll: epoll_ctl, epoll_create and epoll_wait errors (README §8)", () => {
  it("every row of the table", () => {
    const r = runProgram(function* () {
      const fds = new Int32Array(2);
      yield* pipe(fds); // 3, 4
      const ep = yield* epoll_create1(0); // 5
      yield* ctl(ep, EPOLL_CTL_ADD, fds[0]!, EPOLLIN);
      yield* result("ADD an fd that is already registered", yield* ctl(ep, EPOLL_CTL_ADD, fds[0]!, EPOLLIN));
      yield* result("MOD an unregistered fd", yield* ctl(ep, EPOLL_CTL_MOD, fds[1]!, EPOLLOUT));
      yield* result("DEL an unregistered fd", yield* epoll_ctl(ep, EPOLL_CTL_DEL, fds[1]!, null));
      yield* result("DEL", yield* epoll_ctl(ep, EPOLL_CTL_DEL, fds[0]!, null));
      yield* result("DEL twice", yield* epoll_ctl(ep, EPOLL_CTL_DEL, fds[0]!, null));
      const file = yield* open("/tmp/f", 0o102 /* O_RDWR|O_CREAT */);
      yield* result("ADD a regular file", yield* ctl(ep, EPOLL_CTL_ADD, file, EPOLLIN));
      const devnull = yield* open("/dev/null", O_RDWR);
      yield* result("ADD /dev/null", yield* ctl(ep, EPOLL_CTL_ADD, devnull, EPOLLIN));
      const dir = yield* open("/tmp", O_RDONLY | O_DIRECTORY);
      yield* result("ADD a directory fd", yield* ctl(ep, EPOLL_CTL_ADD, dir, EPOLLIN));
      yield* result("ADD the epoll fd to itself", yield* ctl(ep, EPOLL_CTL_ADD, ep, EPOLLIN));
      yield* result("ADD fd 999", yield* ctl(ep, EPOLL_CTL_ADD, 999, EPOLLIN));
      yield* result("epoll_ctl with a pipe as epfd", yield* ctl(fds[0]!, EPOLL_CTL_ADD, fds[1]!, EPOLLOUT));
      yield* result("epoll_ctl with op=99", yield* ctl(ep, 99, fds[0]!, EPOLLIN));
      yield* result("ADD with EPOLLEXCLUSIVE+EPOLLONESHOT", yield* ctl(ep, EPOLL_CTL_ADD, fds[0]!, EPOLLIN | EPOLLEXCLUSIVE | EPOLLONESHOT));
      const evs = [epoll_event()];
      yield* result("epoll_wait with maxevents 0", yield* epoll_wait(ep, evs, 0, 0));
      yield* result("epoll_wait with maxevents -1", yield* epoll_wait(ep, evs, -1, 0));
      yield* result("epoll_wait on a pipe fd", yield* epoll_wait(fds[0]!, evs, 1, 0));
      const empty = yield* epoll_create1(0);
      const t0 = yield* clock_gettime_ns();
      yield* result("epoll_wait on an empty set, 100 ms", yield* epoll_wait(empty, evs, 1, 100));
      yield* printf("after %d ms\n", ((yield* clock_gettime_ns()) - t0) / 1e6);
      yield* result("epoll_create(0)", yield* epoll_create(0));
      yield* result("epoll_create(1)", yield* epoll_create(1));
      yield* result("epoll_create1(12345)", yield* epoll_create1(12345));
    });
    expect(r.terminals.prog).toBe([
      'ADD an fd that is already registered: -1 EEXIST "File exists"',
      'MOD an unregistered fd: -1 ENOENT "No such file or directory"',
      'DEL an unregistered fd: -1 ENOENT "No such file or directory"',
      "DEL: 0",
      'DEL twice: -1 ENOENT "No such file or directory"',
      'ADD a regular file: -1 EPERM "Operation not permitted"',
      'ADD /dev/null: -1 EPERM "Operation not permitted"',
      'ADD a directory fd: -1 EPERM "Operation not permitted"',
      'ADD the epoll fd to itself: -1 EINVAL "Invalid argument"',
      'ADD fd 999: -1 EBADF "Bad file descriptor"',
      'epoll_ctl with a pipe as epfd: -1 EINVAL "Invalid argument"',
      'epoll_ctl with op=99: -1 EINVAL "Invalid argument"',
      'ADD with EPOLLEXCLUSIVE+EPOLLONESHOT: -1 EINVAL "Invalid argument"',
      'epoll_wait with maxevents 0: -1 EINVAL "Invalid argument"',
      'epoll_wait with maxevents -1: -1 EINVAL "Invalid argument"',
      'epoll_wait on a pipe fd: -1 EINVAL "Invalid argument"',
      "epoll_wait on an empty set, 100 ms: 0",
      "after 100 ms",
      'epoll_create(0): -1 EINVAL "Invalid argument"',
      "epoll_create(1): 10",
      'epoll_create1(12345): -1 EINVAL "Invalid argument"',
      "",
    ].join("\n"));
  });

  it("beyond the table: ADD without an event is EFAULT, MOD of an EPOLLEXCLUSIVE item is EINVAL, EPOLL_CLOEXEC sets FD_CLOEXEC, the events array grows", () => {
    const r = runProgram(function* () {
      const fds = new Int32Array(2);
      yield* pipe(fds);
      const ep = yield* epoll_create1(EPOLL_CLOEXEC);
      yield* printf("cloexec: %d\n", (yield* fcntl(ep, F_GETFD)) === FD_CLOEXEC ? 1 : 0);
      yield* result("ADD with a NULL event", yield* epoll_ctl(ep, EPOLL_CTL_ADD, fds[0]!, null));
      yield* result("ADD IN+EXCLUSIVE", yield* ctl(ep, EPOLL_CTL_ADD, fds[0]!, EPOLLIN | EPOLLEXCLUSIVE));
      yield* result("MOD it", yield* ctl(ep, EPOLL_CTL_MOD, fds[0]!, EPOLLIN));
      yield* result("ADD IN+RDHUP+EXCLUSIVE", yield* ctl(ep, EPOLL_CTL_ADD, fds[1]!, EPOLLIN | EPOLLRDHUP | EPOLLEXCLUSIVE));
      yield* write(fds[1]!, "x");
      const grown: ReturnType<typeof epoll_event>[] = [];
      yield* result("epoll_wait into an empty JS array with maxevents 2", yield* epoll_wait(ep, grown, 2, 0));
      yield* printf("the array grew to %d: %s\n", grown.length, mask(grown[0]!.events));
    });
    expect(r.terminals.prog).toBe(
      "cloexec: 1\n" +
      'ADD with a NULL event: -1 EFAULT "Bad address"\nADD IN+EXCLUSIVE: 0\nMOD it: -1 EINVAL "Invalid argument"\n' +
      'ADD IN+RDHUP+EXCLUSIVE: -1 EINVAL "Invalid argument"\n' +
      "epoll_wait into an empty JS array with maxevents 2: 1\nthe array grew to 1: EPOLLIN\n");
  });
});

describe("epoll: the dup() gotcha (README §8: keyed by (description, fd), alive until the description closes)", () => {
  it("follows the table row by row", () => {
    const r = runProgram(function* () {
      const ep = yield* epoll_create1(0); // 3
      const fds = new Int32Array(2);
      yield* pipe(fds); // 4, 5: put the read end at 5 as in the probe
      yield* dup2(4, 8);
      yield* dup2(5, 4);
      yield* dup2(8, 5);
      yield* close(8);
      const w = 4;
      yield* ctl(ep, EPOLL_CTL_ADD, 5, EPOLLIN, 5);
      const d = yield* dup(5);
      yield* close(5);
      yield* write(w, "x");
      yield* printf("d = %d\n", d);
      yield* show(ep, "fd 5 closed, data arrives");
      yield* result("DEL fd 5 (closed)", yield* epoll_ctl(ep, EPOLL_CTL_DEL, 5, null));
      yield* result("DEL fd 6 (the dup)", yield* epoll_ctl(ep, EPOLL_CTL_DEL, 6, null));
      yield* result("ADD fd 6", yield* ctl(ep, EPOLL_CTL_ADD, 6, EPOLLIN, 0));
      yield* show(ep, "two entries for one pipe");
      yield* dup2(6, 5);
      yield* result("dup2(6, 5), DEL fd 5", yield* epoll_ctl(ep, EPOLL_CTL_DEL, 5, null));
      yield* show(ep, "what remains");
      yield* close(5);
      yield* close(6);
      yield* show(ep, "every fd for the pipe's read end closed");
    });
    expect(r.terminals.prog).toBe([
      "d = 6",
      "fd 5 closed, data arrives: EPOLLIN data=5",
      'DEL fd 5 (closed): -1 EBADF "Bad file descriptor"',
      'DEL fd 6 (the dup): -1 ENOENT "No such file or directory"',
      "ADD fd 6: 0",
      "two entries for one pipe: EPOLLIN data=5, EPOLLIN data=0",
      "dup2(6, 5), DEL fd 5: 0",
      "what remains: EPOLLIN data=0",
      "every fd for the pipe's read end closed: n=0",
      "",
    ].join("\n"));
  });
});

describe("epoll across fork (README §8: the instance is shared, not copied)", () => {
  it("the child sees the parent's interest, and its DEL, close and ONESHOT consumption act on the shared instance", () => {
    const r = runProgram(function* () {
      const fds = new Int32Array(2);
      yield* pipe(fds);
      const ep = yield* epoll_create1(0);
      yield* ctl(ep, EPOLL_CTL_ADD, fds[0]!, EPOLLIN, 42);
      yield* write(fds[1]!, "x");
      if ((yield* fork()) === 0) {
        yield* show(ep, "child waits on the inherited epfd");
        yield* epoll_ctl(ep, EPOLL_CTL_DEL, fds[0]!, null);
        yield* exit(0);
      }
      yield* wait(null);
      yield* show(ep, "parent, after the child's DEL");
      yield* ctl(ep, EPOLL_CTL_ADD, fds[0]!, EPOLLIN, 43);
      if ((yield* fork()) === 0) {
        yield* close(fds[0]!);
        yield* exit(0);
      }
      yield* wait(null);
      yield* show(ep, "parent, after the child closed its copy");
      yield* ctl(ep, EPOLL_CTL_MOD, fds[0]!, EPOLLIN | EPOLLONESHOT, 44);
      if ((yield* fork()) === 0) {
        yield* show(ep, "child consumes the ONESHOT event");
        yield* exit(0);
      }
      yield* wait(null);
      yield* show(ep, "parent, after that");
    });
    expect(r.terminals.prog).toBe([
      "child waits on the inherited epfd: EPOLLIN data=42",
      "parent, after the child's DEL: n=0",
      "parent, after the child closed its copy: EPOLLIN data=43",
      "child consumes the ONESHOT event: EPOLLIN data=44",
      "parent, after that: n=0",
      "",
    ].join("\n"));
  });
});

describe("epoll_wait and fork's replay", () => {
  it("a child forked after epoll_wait has its own copy of the filled events array, as the parent had it", () => {
    const r = runProgram(function* () {
      const fds = new Int32Array(2);
      yield* pipe(fds);
      const ep = yield* epoll_create1(0);
      yield* ctl(ep, EPOLL_CTL_ADD, fds[0]!, EPOLLIN, 0x1234567890);
      yield* write(fds[1]!, "x");
      const evs = [epoll_event(), epoll_event()];
      const n = yield* epoll_wait(ep, evs, 2, -1);
      if ((yield* fork()) === 0) {
        yield* printf("child: n=%d events=%s u64=%#llx u32=%#x fd=%d\n", n, mask(evs[0]!.events), evs[0]!.data.u64, evs[0]!.data.u32, evs[0]!.data.fd);
        yield* exit(0);
      }
      yield* wait(null);
      yield* printf("parent: u64=%#llx\n", evs[0]!.data.u64);
    });
    expect(r.terminals.prog).toBe("child: n=1 events=EPOLLIN u64=0x1234567890 u32=0x34567890 fd=878082192\nparent: u64=0x1234567890\n");
  });
});

describe("pipes under epoll (README §8)", () => {
  it("masks for each end, registered for IN+OUT+RDHUP", () => {
    const r = runProgram(function* () {
      const fds = new Int32Array(2);
      yield* pipe(fds);
      const rd = yield* epoll_create1(0);
      const wr = yield* epoll_create1(0);
      yield* ctl(rd, EPOLL_CTL_ADD, fds[0]!, EPOLLIN | EPOLLOUT | EPOLLRDHUP);
      yield* ctl(wr, EPOLL_CTL_ADD, fds[1]!, EPOLLIN | EPOLLOUT | EPOLLRDHUP);
      yield* show(wr, "empty pipe, write end");
      yield* show(rd, "empty pipe, read end");
      yield* write(fds[1]!, "x");
      yield* show(rd, "1 byte buffered, read end");
      const w2 = yield* dup(fds[1]!);
      yield* close(fds[1]!);
      yield* close(w2);
      yield* show(rd, "write end closed, data unread");
      yield* read(fds[0]!, new Uint8Array(1), 1);
      yield* show(rd, "write end closed, drained");
      const again = new Int32Array(2);
      yield* pipe(again);
      yield* ctl(wr, EPOLL_CTL_ADD, again[1]!, EPOLLIN | EPOLLOUT | EPOLLRDHUP);
      yield* close(again[0]!);
      yield* show(wr, "read end closed, write end");
    });
    expect(r.terminals.prog).toBe([
      "empty pipe, write end: EPOLLOUT data=4",
      "empty pipe, read end: n=0",
      "1 byte buffered, read end: EPOLLIN data=3",
      "write end closed, data unread: EPOLLIN+EPOLLHUP data=3",
      "write end closed, drained: EPOLLHUP data=3",
      "read end closed, write end: EPOLLOUT+EPOLLERR data=7",
      "",
    ].join("\n"));
  });

  it("registered with events=0, a drained pipe whose writer closed still reports EPOLLHUP (ERR and HUP are implicit)", () => {
    const r = runProgram(function* () {
      const fds = new Int32Array(2);
      yield* pipe(fds);
      const ep = yield* epoll_create1(0);
      yield* ctl(ep, EPOLL_CTL_ADD, fds[0]!, 0);
      yield* write(fds[1]!, "x");
      yield* show(ep, "data, events=0");
      yield* close(fds[1]!);
      yield* show(ep, "writer closed, events=0");
    });
    expect(r.terminals.prog).toBe("data, events=0: n=0\nwriter closed, events=0: EPOLLHUP data=3\n");
  });
});

describe("epoll_wait: blocking, ordering, signals", () => {
  it("sleeps until a writer in another process makes an item ready", () => {
    const r = runProgram(function* () {
      const fds = new Int32Array(2);
      yield* pipe(fds);
      const ep = yield* epoll_create1(0);
      yield* ctl(ep, EPOLL_CTL_ADD, fds[0]!, EPOLLIN);
      if ((yield* fork()) === 0) {
        yield* sleep(1);
        yield* write(fds[1]!, "late");
        yield* exit(0);
      }
      const t0 = yield* clock_gettime_ns();
      yield* show(ep, "wakes", -1);
      yield* printf("after %d ms\n", ((yield* clock_gettime_ns()) - t0) / 1e6 | 0);
      yield* wait(null);
    });
    expect(r.terminals.prog).toBe("wakes: EPOLLIN data=3\nafter 1000 ms\n");
  });

  it("wakes only the most recent of several sleepers for an edge-triggered event; a level-triggered one passes on to the next", () => {
    for (const [mode, flags] of [["ET", EPOLLET], ["LT", 0]] as const) {
      const r = runProgram(function* () {
        const fds = new Int32Array(2);
        yield* pipe(fds);
        const ep = yield* epoll_create1(0);
        yield* ctl(ep, EPOLL_CTL_ADD, fds[0]!, EPOLLIN | flags, 1);
        for (const name of ["first sleeper", "second sleeper"]) {
          if ((yield* fork()) === 0) {
            const t0 = yield* clock_gettime_ns();
            yield* show(ep, `${mode} ${name}`, 3000);
            yield* printf("  at %d ms\n", Math.round(((yield* clock_gettime_ns()) - t0) / 1e6 / 100) * 100);
            yield* exit(0);
          }
          yield* usleep(100000);
        }
        yield* sleep(1);
        yield* write(fds[1]!, "x");
        yield* wait(null);
        yield* wait(null);
      });
      expect(r.terminals.prog).toBe(mode === "ET"
        ? "ET second sleeper: EPOLLIN data=1\n  at 1100 ms\nET first sleeper: n=0\n  at 3000 ms\n"
        : "LT second sleeper: EPOLLIN data=1\n  at 1100 ms\nLT first sleeper: EPOLLIN data=1\n  at 1200 ms\n");
    }
  });

  it("EPOLLEXCLUSIVE: of several instances sleeping on one object, a change wakes only the first registered; without it, all", () => {
    for (const [mode, flags] of [["exclusive", EPOLLEXCLUSIVE], ["ordinary", 0]] as const) {
      const r = runProgram(function* () {
        const fds = new Int32Array(2);
        yield* pipe(fds);
        for (const name of ["first", "second"]) {
          if ((yield* fork()) === 0) {
            const ep = yield* epoll_create1(0);
            yield* ctl(ep, EPOLL_CTL_ADD, fds[0]!, EPOLLIN | flags, 1);
            const t0 = yield* clock_gettime_ns();
            yield* show(ep, `${mode}, ${name} instance`, 3000);
            yield* printf("  at %d ms\n", Math.round(((yield* clock_gettime_ns()) - t0) / 1e6 / 100) * 100);
            yield* exit(0);
          }
        }
        yield* sleep(1);
        yield* write(fds[1]!, "x");
        yield* wait(null);
        yield* wait(null);
      });
      expect(r.terminals.prog).toBe(mode === "exclusive"
        ? "exclusive, first instance: EPOLLIN data=1\n  at 1000 ms\nexclusive, second instance: n=0\n  at 3000 ms\n"
        : "ordinary, first instance: EPOLLIN data=1\n  at 1000 ms\nordinary, second instance: EPOLLIN data=1\n  at 1000 ms\n");
    }
  });

  it("reports items in the order they became ready; level-triggered items go round-robin under maxevents=1", () => {
    const r = runProgram(function* () {
      const ep = yield* epoll_create1(0);
      const ends: Int32Array[] = [];
      for (let i = 0; i < 3; i++) {
        const fds = new Int32Array(2);
        yield* pipe(fds);
        ends.push(fds);
        yield* ctl(ep, EPOLL_CTL_ADD, fds[0]!, EPOLLIN, i);
      }
      for (const i of [2, 0, 1]) yield* write(ends[i]![1]!, "x");
      yield* show(ep, "all");
      for (let k = 0; k < 4; k++) yield* show(ep, `one #${k + 1}`, 0, 1);
    });
    expect(r.terminals.prog).toBe(
      "all: EPOLLIN data=2, EPOLLIN data=0, EPOLLIN data=1\n" +
      "one #1: EPOLLIN data=2\none #2: EPOLLIN data=0\none #3: EPOLLIN data=1\none #4: EPOLLIN data=2\n");
  });

  it("is interrupted by a handled signal with EINTR even under SA_RESTART (README §11), at the signal's time", () => {
    const r = runProgram(function* () {
      yield* sigaction(SIGALRM, sigaction_t(function* () {}, SA_RESTART));
      const ep = yield* epoll_create1(0);
      yield* alarm(1);
      const t0 = yield* clock_gettime_ns();
      const n = yield* epoll_wait(ep, [epoll_event()], 1, 2000);
      yield* printf("epoll_wait(2000) = %d %s after %d ms\n", n, errnoName(errno), Math.round(((yield* clock_gettime_ns()) - t0) / 1e6));
    });
    expect(r.terminals.prog).toBe(`epoll_wait(2000) = -1 EINTR after 1000 ms\n`);
    expect(EINTR).toBe(4);
  });

  it("after SIGSTOP and SIGCONT with no handler it fails with EINTR too (signal(7) lists epoll_wait; poll and select resume)", () => {
    const r = runProgram(function* () {
      const ep = yield* epoll_create1(0);
      const child = yield* fork();
      if (child === 0) {
        const n = yield* epoll_wait(ep, [epoll_event()], 1, 5000);
        yield* printf("epoll_wait(5000) = %d %s\n", n, errnoName(errno));
        yield* exit(0);
      }
      yield* sleep(1);
      yield* kill(child, SIGSTOP);
      yield* sleep(1);
      yield* kill(child, SIGCONT);
      yield* wait(null);
    });
    expect(r.terminals.prog).toBe("epoll_wait(5000) = -1 EINTR\n");
  });
});

describe("epoll inside epoll", () => {
  it("an epoll fd is readable when its set has a ready item; an outer epoll sees it as EPOLLIN; cycles are ELOOP", () => {
    const r = runProgram(function* () {
      const fds = new Int32Array(2);
      yield* pipe(fds);
      const inner = yield* epoll_create1(0);
      const outer = yield* epoll_create1(0);
      yield* ctl(inner, EPOLL_CTL_ADD, fds[0]!, EPOLLIN);
      yield* result("ADD inner to outer", yield* ctl(outer, EPOLL_CTL_ADD, inner, EPOLLIN, 100));
      yield* show(outer, "nothing ready");
      yield* write(fds[1]!, "x");
      const pfd = [pollfd(inner, POLLIN)];
      yield* printf("poll on the inner epoll fd: %d %s\n", yield* poll(pfd, 1, 0), mask(pfd[0]!.revents));
      yield* show(outer, "the pipe has data");
      yield* result("ADD outer to inner", yield* ctl(inner, EPOLL_CTL_ADD, outer, EPOLLIN));
      yield* read(fds[0]!, new Uint8Array(1), 1);
      yield* show(outer, "drained");
    });
    expect(r.terminals.prog).toBe(
      "ADD inner to outer: 0\nnothing ready: n=0\npoll on the inner epoll fd: 1 EPOLLIN\nthe pipe has data: EPOLLIN data=100\n" +
      'ADD outer to inner: -1 ELOOP "Too many levels of symbolic links"\ndrained: n=0\n');
    expect(ELOOP).toBe(40);
  });

  it("a chain of more than 1 + EP_MAX_NESTS (4) epolls is ELOOP (ep_loop_check counts depth below and above)", () => {
    const r = runProgram(function* () {
      const eps: number[] = [];
      for (let i = 0; i < 7; i++) eps.push(yield* epoll_create1(0));
      for (let i = 1; i < 7; i++) yield* result(`ADD ep${i - 1} into ep${i}`, yield* ctl(eps[i]!, EPOLL_CTL_ADD, eps[i - 1]!, EPOLLIN));
    });
    expect(r.terminals.prog).toBe(
      "ADD ep0 into ep1: 0\nADD ep1 into ep2: 0\nADD ep2 into ep3: 0\nADD ep3 into ep4: 0\n" +
      'ADD ep4 into ep5: -1 ELOOP "Too many levels of symbolic links"\nADD ep5 into ep6: 0\n');
  });
});
