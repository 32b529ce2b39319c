// Pipes as Linux measures them (../shared/linux §12, p12_pipes.c).

import { describe, expect, it } from "vitest";
import {
  alarm, close, dup, EAGAIN, EBADF, EINTR, EPIPE, ESPIPE, errno, exit, F_GETPIPE_SZ, F_SETFL, F_SETPIPE_SZ, fcntl, fork,
  lseek, O_NONBLOCK, pipe, printf, read, ref, SEEK_SET, SIGALRM, SIGPIPE, sigaction, sigaction_t, signal, SIG_IGN,
  wait, WTERMSIG, write, WIFSIGNALED, EPERM,
} from "../../userland/libc/index.ts";
import { runProgram } from "../helpers/index.ts";

function* report(label: string, v: number) {
  yield* printf("%s %d %d\n", label, v, v < 0 ? errno : 0);
}

describe("pipes", () => {
  it("hold 16 page slots: 1-byte writes fill at 65536, 100-byte writes at 64000", () => {
    const r = runProgram(function* () {
      const fds = new Int32Array(2);
      for (const size of [1, 100]) {
        yield* pipe(fds);
        yield* fcntl(fds[1]!, F_SETFL, O_NONBLOCK);
        const chunk = new Uint8Array(size);
        let total = 0;
        while ((yield* write(fds[1]!, chunk, size)) > 0) total += size;
        yield* printf("%d %d %d\n", size, total, errno === EAGAIN ? 1 : 0);
      }
      yield* report("pipesz", yield* fcntl(fds[0]!, F_GETPIPE_SZ));
    });
    expect(r.terminals.prog).toBe("1 65536 1\n100 64000 1\npipesz 65536 0\n");
  });

  it("a reader that frees part of a slot frees no room: write(100) is still EAGAIN, write(4096) fits after a page", () => {
    const r = runProgram(function* () {
      const fds = new Int32Array(2);
      yield* pipe(fds);
      yield* fcntl(fds[1]!, F_SETFL, O_NONBLOCK);
      const b = new Uint8Array(100);
      while ((yield* write(fds[1]!, b, 100)) > 0);
      const sink = new Uint8Array(8192);
      yield* read(fds[0]!, sink, 100);
      yield* report("w100", yield* write(fds[1]!, b, 100));
      yield* read(fds[0]!, sink, 4096);
      yield* report("w4096", yield* write(fds[1]!, new Uint8Array(4096), 4096));
      yield* report("w4097", yield* write(fds[1]!, new Uint8Array(4097), 4097));
    });
    expect(r.terminals.prog).toBe(`w100 -1 ${EAGAIN}\nw4096 4096 0\nw4097 -1 ${EAGAIN}\n`);
  });

  it("a non-blocking write(70000) into an empty pipe writes 65536", () => {
    const r = runProgram(function* () {
      const fds = new Int32Array(2);
      yield* pipe(fds);
      yield* fcntl(fds[1]!, F_SETFL, O_NONBLOCK);
      yield* report("w", yield* write(fds[1]!, new Uint8Array(70000), 70000));
    });
    expect(r.terminals.prog).toBe("w 65536 0\n");
  });

  it("read gives the bytes, then 0 (EOF) once the writer closes, and again 0", () => {
    const r = runProgram(function* () {
      const fds = new Int32Array(2);
      yield* pipe(fds);
      yield* write(fds[1]!, "abc");
      yield* close(fds[1]!);
      const b = new Uint8Array(10);
      for (let i = 0; i < 3; i++) yield* report("r", yield* read(fds[0]!, b, 10));
    });
    expect(r.terminals.prog).toBe("r 3 0\nr 0 0\nr 0 0\n");
  });

  it("a read of 0 bytes returns 0 at once, from an empty pipe and from a terminal with nothing typed (Linux: pipe_read, n_tty_read)", () => {
    // Probed here: read(fd, b, 0) on an empty pipe with a writer, and on a pty, both print 0 without waiting.
    const r = runProgram(function* () {
      const fds = new Int32Array(2);
      yield* pipe(fds);
      yield* report("pipe", yield* read(fds[0]!, new Uint8Array(1), 0));
      yield* report("tty", yield* read(0, new Uint8Array(1), 0));
    });
    expect(r.terminals.prog).toBe("pipe 0 0\ntty 0 0\n");
  });

  it("no EOF while a dup of the write end is open: a non-blocking read gives EAGAIN", () => {
    const r = runProgram(function* () {
      const fds = new Int32Array(2);
      yield* pipe(fds);
      const d = yield* dup(fds[1]!);
      yield* close(fds[1]!);
      yield* fcntl(fds[0]!, F_SETFL, O_NONBLOCK);
      yield* report("r", yield* read(fds[0]!, new Uint8Array(4), 4));
      yield* close(d);
      yield* report("r", yield* read(fds[0]!, new Uint8Array(4), 4));
    });
    expect(r.terminals.prog).toBe(`r -1 ${EAGAIN}\nr 0 0\n`);
  });

  it("a forked child holding the write end delays EOF until it exits", () => {
    const r = runProgram(function* () {
      const fds = new Int32Array(2);
      yield* pipe(fds);
      if ((yield* fork()) === 0) {
        yield* alarm(1);
        for (;;) yield* read(0, new Uint8Array(1), 1); // holds fds[1] until SIGALRM kills it
      }
      yield* close(fds[1]!);
      const b = new Uint8Array(4);
      yield* report("r", yield* read(fds[0]!, b, 4));
    }, { until: { time: "5s" } });
    expect(r.terminals.prog).toBe("r 0 0\n");
    expect(r.simTimeNs).toBeGreaterThanOrEqual(1_000_000_000);
  });

  it("writing with no reader fails with EPIPE and raises SIGPIPE (handler runs once per write)", () => {
    const r = runProgram(function* () {
      const fds = new Int32Array(2);
      yield* pipe(fds);
      yield* close(fds[0]!);
      yield* signal(SIGPIPE, function* (s) { yield* printf("handler %d\n", s); });
      yield* report("w", yield* write(fds[1]!, "x"));
      yield* report("w0", yield* write(fds[1]!, "", 0));
      yield* signal(SIGPIPE, SIG_IGN);
      yield* report("w", yield* write(fds[1]!, "x"));
    });
    expect(r.terminals.prog).toBe(`handler 13\nw -1 ${EPIPE}\nw0 0 0\nw -1 ${EPIPE}\n`);
  });

  it("with SIGPIPE at its default the writer dies of it (status 0x000d)", () => {
    const r = runProgram(function* () {
      const fds = new Int32Array(2);
      yield* pipe(fds);
      yield* close(fds[0]!);
      if ((yield* fork()) === 0) {
        yield* write(fds[1]!, "x");
        yield* exit(0);
      }
      const st = ref(0);
      yield* wait(st);
      yield* printf("%d %d %#06x\n", WIFSIGNALED(st.value) ? 1 : 0, WTERMSIG(st.value), st.value);
    });
    expect(r.terminals.prog).toBe("1 13 0x000d\n");
  });

  it("a blocked write(70000) interrupted by a signal returns the partial count 65536", () => {
    const r = runProgram(function* () {
      const fds = new Int32Array(2);
      yield* pipe(fds);
      yield* sigaction(SIGALRM, sigaction_t(function* () {}, 0));
      yield* alarm(1);
      yield* report("w", yield* write(fds[1]!, new Uint8Array(70000), 70000));
      yield* alarm(1);
      yield* report("w", yield* write(fds[1]!, new Uint8Array(10), 10));
      yield* alarm(1);
      yield* read(fds[0]!, new Uint8Array(65536), 65536);
      yield* report("r", yield* read(fds[0]!, new Uint8Array(10), 10));
    });
    expect(r.terminals.prog).toBe(`w 65536 0\nw -1 ${EINTR}\nr -1 ${EINTR}\n`);
  });

  it("a blocked write completes when a reader drains the pipe", () => {
    const r = runProgram(function* () {
      const fds = new Int32Array(2);
      yield* pipe(fds);
      if ((yield* fork()) === 0) {
        yield* close(fds[1]!);
        const b = new Uint8Array(100000);
        let total = 0, n: number;
        while ((n = yield* read(fds[0]!, b, b.length)) > 0) total += n;
        yield* printf("child got %d\n", total);
        yield* exit(0);
      }
      yield* close(fds[0]!);
      yield* report("w", yield* write(fds[1]!, new Uint8Array(70000), 70000));
      yield* close(fds[1]!);
      yield* wait(null);
    });
    expect(r.terminals.prog).toBe("w 70000 0\nchild got 70000\n");
  });

  it("misuse: read on the write end and write on the read end are EBADF, lseek is ESPIPE", () => {
    const r = runProgram(function* () {
      const fds = new Int32Array(2);
      yield* pipe(fds);
      yield* report("r", yield* read(fds[1]!, new Uint8Array(1), 1));
      yield* report("w", yield* write(fds[0]!, "x"));
      yield* report("l", yield* lseek(fds[0]!, 0, SEEK_SET));
      yield* report("sz", yield* fcntl(fds[0]!, F_SETPIPE_SZ, 1000));
      yield* report("sz", yield* fcntl(fds[0]!, F_SETPIPE_SZ, 100000));
      yield* report("sz", yield* fcntl(fds[0]!, F_SETPIPE_SZ, 64 << 20));
    });
    expect(r.terminals.prog).toBe(`r -1 ${EBADF}\nw -1 ${EBADF}\nl -1 ${ESPIPE}\nsz 4096 0\nsz 131072 0\nsz -1 ${EPERM}\n`);
  });
});
