// Limits and hostile programs: the kernel reaches its limits with the
// errno Linux gives (or blocks, as Linux does), survives, and keeps every
// invariant (all of these run with the checker on after every step).

import { describe, expect, it } from "vitest";
import { spawnSync } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import {
  accept, AF_INET, AF_UNIX, bind, close, dup, EAGAIN, EFBIG, EINVAL, EMFILE, EPERM, EPIPE, epoll_create1, errno, exit, F_SETFL,
  F_SETPIPE_SZ, fcntl, fork, fstat, htonl, htons, INADDR_LOOPBACK, kill, listen, lseek, O_CREAT, O_NONBLOCK, O_RDWR, open,
  pause, pipe, printf, read, SEEK_SET, SIGKILL, SIGPIPE, SIGTERM, SIG_IGN, signal, sleep, socket, socketpair, sockaddr_in,
  SOCK_STREAM, stat_t, usleep, wait, waitpid, WIFSIGNALED, WNOHANG, write, WTERMSIG, _exit,
} from "../../userland/libc/index.ts";
import { runProgram } from "../helpers/index.ts";
import { MAX_FILE_BYTES, NOFILE, NPROC } from "../../kernel/config.ts";
import { Trace } from "../../kernel/trace.ts";
import { checkFinal } from "../../kernel/sim/invariants.ts";

const BIN = fileURLToPath(new URL("../../tui/bin.js", import.meta.url));

describe("process limit", () => {
  it(`fork past the per-host limit (${NPROC} processes) fails with EAGAIN, and forking works again once children exit`, () => {
    const r = runProgram(function* () {
      let n = 0;
      let pid: number;
      while ((pid = yield* fork()) > 0) n++;
      if (pid === 0) {
        yield* pause();
        yield* _exit(0);
      }
      const e = errno;
      // Clean up: SIGTERM to the group (the parent ignores it), reap everyone, fork again.
      yield* signal(SIGTERM, SIG_IGN);
      yield* kill(0, SIGTERM);
      let reaped = 0;
      while ((yield* wait(null)) > 0) reaped++;
      const again = yield* fork();
      if (again === 0) yield* _exit(0);
      yield* wait(null);
      yield* printf("%d %d %d %d\n", n, e, reaped, again > 0 ? 1 : 0);
      return 0;
    }, { invariants: true, maxSteps: 2_000_000 });
    // init and the parent take two slots of the table.
    expect(r.terminals.prog).toBe(`${NPROC - 2} ${EAGAIN} ${NPROC - 2} 1\n`);
  });

  it("a fork bomb (every process forks 12 times) hits EAGAIN and the kernel survives it", () => {
    const r = runProgram(function* () {
      let eagain = 0;
      for (let i = 0; i < 12; i++) {
        const pid = yield* fork();
        if (pid < 0 && errno === EAGAIN) eagain++;
      }
      yield* sleep(1);
      return eagain > 0 ? 7 : 0;
    }, { invariants: true, until: { time: "30s" }, maxSteps: 3_000_000 });
    const w = r.world;
    const h = w.host("localhost")!;
    expect(h.procs.size).toBeLessThanOrEqual(NPROC);
    expect(r.processes.length).toBe(NPROC - 1);
    // Some hit the limit (exit 7); everything ran to the end.
    expect(r.processes.some((p) => p.exit !== null && "code" in p.exit && p.exit.code === 7)).toBe(true);
    while (w.step());
    checkFinal(w);
  });
});

describe("fd limit", () => {
  it(`the ${NOFILE + 1}th fd fails with EMFILE for dup, open, pipe, epoll_create1 and socket; a close frees one, and pipe still needs two`, () => {
    const r = runProgram(function* () {
      let n = 3;
      while ((yield* dup(0)) >= 0) n++;
      const e1 = errno;
      const o = yield* open("/tmp/x", O_CREAT | O_RDWR);
      const e2 = errno;
      const fds = new Int32Array(2);
      const p = yield* pipe(fds);
      const e3 = errno;
      const ep = yield* epoll_create1(0);
      const e4 = errno;
      const s = yield* socket(AF_UNIX, SOCK_STREAM, 0);
      const e5 = errno;
      yield* close(500);
      const again = yield* dup(0);
      // pipe needs two free fds: one is not enough, and nothing leaks.
      const p2 = yield* pipe(fds);
      const e6 = errno;
      yield* printf("%d %d %d %d %d %d %d %d %d %d %d %d %d\n", n, e1, o, e2, p, e3, ep, e4, s, e5, again, p2, e6);
      return 0;
    }, { invariants: true });
    expect(r.terminals.prog).toBe(`${NOFILE} ${EMFILE} -1 ${EMFILE} -1 ${EMFILE} -1 ${EMFILE} -1 ${EMFILE} 500 -1 ${EMFILE}\n`);
  });
});

describe("buffers", () => {
  it("writing without reading: a non-blocking pipe fills at 65536 bytes (EAGAIN), a blocking writer sleeps until killed", () => {
    const r = runProgram(function* () {
      const fds = new Int32Array(2);
      yield* pipe(fds);
      const pid = yield* fork();
      if (pid === 0) {
        yield* close(fds[0]!);
        yield* write(fds[1]!, new Uint8Array(1 << 20)); // 1 MiB into a 64 KiB pipe nobody reads
        yield* _exit(0);
      }
      yield* usleep(5000);
      const st = { value: 0 };
      const still = yield* waitpid(pid, st, WNOHANG);
      yield* kill(pid, SIGKILL);
      yield* waitpid(pid, st, 0);
      const p2 = new Int32Array(2);
      yield* pipe(p2);
      yield* fcntl(p2[1]!, F_SETFL, O_NONBLOCK);
      let total = 0, n: number;
      while ((n = yield* write(p2[1]!, new Uint8Array(4096))) > 0) total += n;
      const e = errno;
      // The killed writer's partial write is readable, then EOF: nothing half-done.
      let got = 0;
      yield* close(fds[1]!);
      const buf = new Uint8Array(65536);
      while ((n = yield* read(fds[0]!, buf)) > 0) got += n;
      yield* printf("%d %d %d %d %d %d\n", still, WIFSIGNALED(st.value) ? WTERMSIG(st.value) : -1, total, e, got, n);
      return 0;
    }, { invariants: true });
    expect(r.terminals.prog).toBe(`0 ${SIGKILL} 65536 ${EAGAIN} 65536 0\n`);
  });

  it("huge requests: read(fd, buf, 4 MiB) of a pipe returns what is there; F_SETPIPE_SZ past 1 MiB is EPERM; a 16 MiB file write works", () => {
    const r = runProgram(function* () {
      const fds = new Int32Array(2);
      yield* pipe(fds);
      yield* write(fds[1]!, "abc");
      const big = new Uint8Array(4 << 20);
      const n = yield* read(fds[0]!, big, big.length);
      const sz = yield* fcntl(fds[0]!, F_SETPIPE_SZ, 1 << 30);
      const e = errno;
      const fd = yield* open("/tmp/big", O_CREAT | O_RDWR);
      const w = yield* write(fd, new Uint8Array(16 << 20));
      const st = stat_t();
      yield* fstat(fd, st);
      yield* printf("%d %d %d %d %d\n", n, sz, e, w, st.st_size);
      return 0;
    }, { invariants: true });
    expect(r.terminals.prog).toBe(`3 -1 ${EPERM} ${16 << 20} ${16 << 20}\n`);
  });

  it(`files stop at ${MAX_FILE_BYTES} bytes (s_maxbytes): lseek past it is EINVAL, a write at it EFBIG, across it short`, () => {
    const r = runProgram(function* () {
      const fd = yield* open("/tmp/far", O_CREAT | O_RDWR);
      const past = yield* lseek(fd, 2 ** 52, SEEK_SET);
      const e1 = errno;
      const at = yield* lseek(fd, MAX_FILE_BYTES, SEEK_SET);
      const w = yield* write(fd, "x");
      const e2 = errno;
      yield* lseek(fd, MAX_FILE_BYTES - 2, SEEK_SET);
      const short = yield* write(fd, "xyz");
      yield* printf("%d %d %d %d %d %d\n", past, e1, at === MAX_FILE_BYTES ? 1 : 0, w, e2, short);
      return 0;
    }, { invariants: true });
    expect(r.crashes).toEqual([]);
    expect(r.terminals.prog).toBe(`-1 ${EINVAL} 1 -1 ${EFBIG} 2\n`);
  });

  it("a unix stream socket nobody reads fills (EAGAIN when non-blocking); once the peer is gone, EPIPE (SIGPIPE ignored)", () => {
    const r = runProgram(function* () {
      const sv = new Int32Array(2);
      yield* socketpair(AF_UNIX, SOCK_STREAM, 0, sv);
      yield* fcntl(sv[0]!, F_SETFL, O_NONBLOCK);
      let total = 0, n: number;
      while ((n = yield* write(sv[0]!, new Uint8Array(4096))) > 0) total += n;
      const e = errno;
      yield* close(sv[1]!);
      yield* signal(SIGPIPE, SIG_IGN);
      const w = yield* write(sv[0]!, "x");
      yield* printf("%d %d %d %d\n", total > 0 ? 1 : 0, e, w, errno);
      return 0;
    }, { invariants: true });
    expect(r.terminals.prog).toBe(`1 ${EAGAIN} -1 ${EPIPE}\n`);
  });
});

describe("killed mid-syscall", () => {
  it("SIGKILL while blocked in read, write (after a partial write), wait4, accept and nanosleep leaves every object whole and usable", () => {
    const r = runProgram(function* () {
      const fds = new Int32Array(2);
      yield* pipe(fds);
      const full = new Int32Array(2);
      yield* pipe(full);
      const lst = yield* socket(AF_INET, SOCK_STREAM, 0);
      const a = sockaddr_in();
      a.sin_family = AF_INET;
      a.sin_port = htons(7000);
      a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
      yield* bind(lst, a);
      yield* listen(lst, 5);
      const kids: number[] = [];
      const blockers: Array<() => Generator<import("../../kernel/abi.ts").SyscallRequest, unknown, unknown>> = [
        function* () { yield* read(fds[0]!, new Uint8Array(16)); },
        function* () { yield* write(full[1]!, new Uint8Array(200000)); },
        function* () {
          const c = yield* fork();
          if (c === 0) {
            // The grandchild outlives its parent: it must not hold the pipes' write ends.
            yield* close(fds[1]!);
            yield* close(full[1]!);
            yield* pause();
          }
          yield* wait(null);
        },
        function* () { yield* accept(lst, null, null); },
        function* () { yield* sleep(100); },
      ];
      for (const b of blockers) {
        const pid = yield* fork();
        if (pid === 0) {
          yield* b();
          yield* _exit(0);
        }
        kids.push(pid);
      }
      yield* usleep(20000);
      for (const k of kids) yield* kill(k, SIGKILL);
      let killed = 0;
      const st = { value: 0 };
      for (let i = 0; i < kids.length; i++) if ((yield* wait(st)) > 0 && WIFSIGNALED(st.value) && WTERMSIG(st.value) === SIGKILL) killed++;
      // The objects still work: the pipe takes data and gives it back, the full pipe drains.
      yield* write(fds[1]!, "ok");
      const buf = new Uint8Array(16);
      const n = yield* read(fds[0]!, buf);
      yield* close(full[1]!);
      let drained = 0, m: number;
      const big = new Uint8Array(65536);
      while ((m = yield* read(full[0]!, big)) > 0) drained += m;
      yield* printf("%d %d %d\n", killed, n, drained);
      yield* signal(SIGTERM, SIG_IGN);
      yield* kill(0, SIGTERM); // the orphaned grandchild
      yield* exit(0);
    }, { invariants: true });
    expect(r.crashes).toEqual([]);
    expect(r.terminals.prog).toBe("5 2 65536\n");
    const w = r.world;
    while (w.step());
    checkFinal(w);
  });
});

describe("trace memory", () => {
  it("a full trace is a ring: past its limit it drops the oldest tenth, so memory stays bounded", () => {
    const t = new Trace("full", 1000);
    for (let i = 0; i < 25_000; i++) t.record({ step: i, time: i, host: "h", pid: 2, kind: "syscall", name: "getpid", ret: 2 });
    expect(t.events.length).toBeLessThanOrEqual(1000);
    expect(t.dropped + t.events.length).toBe(25_000);
    expect(t.events.at(-1)!.step).toBe(24_999);
  });

  it("a long headless run in hash mode keeps no events and does not grow the heap", () => {
    const prog = function* () {
      for (let i = 0; i < 150_000; i++) yield* usleep(1);
      return 0;
    };
    runProgram(prog, { trace: "hash" }); // warm up
    const before = process.memoryUsage().heapUsed;
    const r = runProgram(prog, { trace: "hash" });
    const after = process.memoryUsage().heapUsed;
    expect(r.steps).toBeGreaterThan(150_000);
    expect(r.trace).toHaveLength(0);
    // 150k syscalls of one process keep only its fork-replay record (a few bytes each).
    expect(after - before).toBeLessThan(64 << 20);
  });
});

describe("watchdog", () => {
  it("a forked child that loops without a syscall is stopped by the real binary's watchdog, named by pid", () => {
    const dir = mkdtempSync(join(tmpdir(), "kernsim-"));
    const file = join(dir, "hog.ts");
    writeFileSync(file, `
      import { defineProgram } from "kernsim";
      import { fork, wait } from "kernsim/libc";
      export default defineProgram("hog", function* () {
        if ((yield* fork()) === 0) { for (;;) {} }
        yield* wait(null);
        return 0;
      });
    `);
    const r = spawnSync(process.execPath, [BIN, "run", file], { encoding: "utf8", env: { ...process.env, KERNSIM_WATCHDOG_MS: "1000" }, timeout: 60_000 });
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/watchdog: pid 3 \(hog\) made no syscall for 1 s/);
    expect(r.stderr).not.toMatch(/\n\s+at /);
  });
});
