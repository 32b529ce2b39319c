// Processes: fork, exec, exit, wait, limits, fds and stdio, as Linux
// measures them (../shared/linux §9, §10, §16).

import { describe, expect, it } from "vitest";
import {
  _exit, close, dup, dup2, EBADF, ECHILD, EINVAL, EMFILE, EAGAIN, ENOENT, EISDIR, EACCES, ESPIPE, errno, execv, exit,
  F_DUPFD, F_GETFD, F_GETFL, F_SETFD, F_SETFL, FD_CLOEXEC, fcntl, fflush, fork, getpid, getppid, lseek, O_APPEND,
  O_CREAT, O_RDONLY, O_RDWR, O_WRONLY, open, pipe, printf, read, ref, SEEK_SET, stdout, wait, waitpid, WEXITSTATUS,
  WNOHANG, write, cstr, O_TRUNC, WIFEXITED, fgets, stdin, getchar, EOF, pause, kill, SIGKILL,
} from "../../userland/libc/index.ts";
import { defineProgram } from "../../userland/libc/crt0.ts";
import { runProgram } from "../helpers/index.ts";
import { defineScenario } from "../../kernel/sim/scenario.ts";
import { runScenario } from "../../kernel/sim/run.ts";
import { DivergenceError } from "../../kernel/proc/fork.ts";

function* say(label: string, v: number) {
  yield* printf("%s %d%s\n", label, v, v < 0 ? ` errno=${errno}` : "");
}

describe("fork and wait", () => {
  it("fork returns the child's pid in the parent and 0 in the child, whose getppid is the parent", () => {
    const r = runProgram(function* () {
      const me = yield* getpid();
      const pid = yield* fork();
      if (pid === 0) {
        yield* printf("child: ppid matches %d\n", (yield* getppid()) === me ? 1 : 0);
        yield* exit(3);
      }
      const st = ref(0);
      const got = yield* wait(st);
      yield* printf("parent: waited %d, exited %d, status %d\n", got === pid ? 1 : 0, WIFEXITED(st.value) ? 1 : 0, WEXITSTATUS(st.value));
    });
    expect(r.terminals.prog).toBe("child: ppid matches 1\nparent: waited 1, exited 1, status 3\n");
  });

  it("the child continues with a copy of the parent's memory: locals, buffers and errno", () => {
    const r = runProgram(function* () {
      const buf = new Uint8Array(16);
      const fds = new Int32Array(2);
      yield* pipe(fds);
      yield* write(fds[1]!, "from before\n");
      yield* read(fds[0]!, buf, 16);
      let counter = 41;
      counter++;
      yield* close(99); // leaves errno = EBADF
      if ((yield* fork()) === 0) {
        yield* printf("child sees %d, %s, errno %d\n", counter, cstr(buf).trim(), errno);
        yield* exit(0);
      }
      yield* wait(null);
    });
    expect(r.terminals.prog).toBe(`child sees 42, from before, errno ${EBADF}\n`);
  });

  it("wait statuses are Linux's: exit(256) is 0, exit(-1) is 255", () => {
    const r = runProgram(function* () {
      for (const code of [3, 256, -1]) {
        if ((yield* fork()) === 0) yield* _exit(code);
        const st = ref(0);
        yield* wait(st);
        yield* printf("%#06x %d\n", st.value, WEXITSTATUS(st.value));
      }
    });
    expect(r.terminals.prog).toBe("0x0300 3\n000000 0\n0xff00 255\n");
  });

  it("wait with no children is ECHILD; WNOHANG gives 0 while a child runs; bad options are EINVAL", () => {
    const r = runProgram(function* () {
      yield* say("wait", yield* wait(null));
      yield* say("nohang-none", yield* waitpid(-1, null, WNOHANG));
      const pid = yield* fork();
      if (pid === 0) { yield* printf("child\n"); yield* exit(0); }
      yield* say("bad-options", yield* waitpid(-1, null, 0x100));
      yield* say("not-mine", yield* waitpid(1, null, 0));
      yield* wait(null);
      yield* say("reaped-again", yield* waitpid(pid, null, 0));
    });
    expect(r.terminals.prog).toBe(
      `wait -1 errno=${ECHILD}\nnohang-none -1 errno=${ECHILD}\nchild\nbad-options -1 errno=${EINVAL}\nnot-mine -1 errno=${ECHILD}\nreaped-again -1 errno=${ECHILD}\n`,
    );
  });

  it("waitpid(pid, WNOHANG) gives 0 while the child is alive", () => {
    const r = runProgram(function* () {
      const pid = yield* fork();
      if (pid === 0) { yield* pause(); yield* exit(0); }
      yield* say("nohang", yield* waitpid(pid, null, WNOHANG));
      yield* kill(pid, SIGKILL);
      yield* wait(null);
    });
    expect(r.terminals.prog).toBe("nohang 0\n");
  });

  it("a fork bomb stops at the per-host process limit with EAGAIN, and the kernel survives", () => {
    const r = runProgram(function* () {
      let made = 0;
      for (;;) {
        const pid = yield* fork();
        if (pid === 0) { yield* read(0, new Uint8Array(1), 1); yield* _exit(0); }
        if (pid < 0) break;
        made++;
      }
      yield* printf("made %d, then errno %d\n", made, errno);
      yield* _exit(0);
    }, { until: { time: "1s" } });
    expect(r.terminals.prog).toBe(`made 510, then errno ${EAGAIN}\n`);
  });
});

describe("execve", () => {
  it("replaces the program, keeps the pid and fds, and closes close-on-exec fds", () => {
    const child = defineProgram("child", function* (argv) {
      const pid = yield* getpid();
      yield* printf("%s runs as %d; fd 5 %s, fd 6 %s\n", argv.join(" "), pid,
        (yield* fcntl(5, F_GETFD)) >= 0 ? "open" : "closed", (yield* fcntl(6, F_GETFD)) >= 0 ? "open" : "closed");
      return 0;
    });
    const parent = defineProgram("parent", function* () {
      yield* printf("parent is %d\n", yield* getpid());
      yield* dup2(1, 5);
      yield* dup2(1, 6);
      yield* fcntl(6, F_SETFD, FD_CLOEXEC);
      yield* printf("buffered, lost by exec");
      yield* execv("/bin/child", ["child", "a", "b"]);
      yield* printf("not reached\n");
      return 1;
    });
    const r = runScenario(defineScenario({ name: "exec", processes: [{ program: parent }], programs: [child] }));
    expect(r.terminals.parent).toBe("parent is 2\nchild a b runs as 2; fd 5 open, fd 6 closed\n");
  });

  it("a missing program is ENOENT", () => {
    const r = runProgram(function* () {
      yield* say("execv", yield* execv("/bin/nope", ["nope"]));
    });
    expect(r.terminals.prog).toBe(`execv -1 errno=${ENOENT}\n`);
  });
});

describe("file descriptors", () => {
  it("new fds take the lowest free number; the 1025th is EMFILE", () => {
    const r = runProgram(function* () {
      let last = 0;
      for (;;) {
        const fd = yield* dup(0);
        if (fd < 0) break;
        last = fd;
      }
      yield* printf("last %d errno %d\n", last, errno);
      yield* close(7);
      yield* say("next", yield* dup(0));
      yield* say("dup2 past limit", yield* dup2(0, 2000));
      yield* say("F_DUPFD past limit", yield* fcntl(0, F_DUPFD, 1024));
    });
    expect(r.terminals.prog).toBe(`last 1023 errno ${EMFILE}\nnext 7\ndup2 past limit -1 errno=${EBADF}\nF_DUPFD past limit -1 errno=${EINVAL}\n`);
  });

  it("bad fds are EBADF; dup2(fd, fd) returns fd; lseek on a tty is ESPIPE", () => {
    const r = runProgram(function* () {
      yield* say("read", yield* read(999, new Uint8Array(1), 1));
      yield* say("write", yield* write(-1, "x"));
      yield* say("close", yield* close(999));
      yield* say("dup", yield* dup(999));
      yield* say("dup2", yield* dup2(1, 1));
      yield* say("fcntl", yield* fcntl(999, F_GETFL));
      yield* say("lseek", yield* lseek(0, 0, SEEK_SET));
    });
    expect(r.terminals.prog).toBe(
      `read -1 errno=${EBADF}\nwrite -1 errno=${EBADF}\nclose -1 errno=${EBADF}\ndup -1 errno=${EBADF}\ndup2 1\nfcntl -1 errno=${EBADF}\nlseek -1 errno=${ESPIPE}\n`,
    );
  });

  it("a file's offset is shared across fork; status flags too, fd flags are not", () => {
    const r = runProgram(function* () {
      const fd = yield* open("shared.txt", O_RDWR | O_CREAT | O_TRUNC, 0o644);
      yield* write(fd, "parent1\n");
      if ((yield* fork()) === 0) {
        yield* write(fd, "child\n");
        yield* fcntl(fd, F_SETFL, O_APPEND);
        yield* fcntl(fd, F_SETFD, FD_CLOEXEC);
        yield* exit(0);
      }
      yield* wait(null);
      yield* write(fd, "parent2\n");
      yield* printf("offset %d append %d cloexec %d\n", yield* lseek(fd, 0, 1), ((yield* fcntl(fd, F_GETFL)) & O_APPEND) ? 1 : 0, yield* fcntl(fd, F_GETFD));
      yield* lseek(fd, 0, SEEK_SET);
      const buf = new Uint8Array(64);
      const n = yield* read(fd, buf, 64);
      yield* write(1, buf, n);
    });
    expect(r.terminals.prog).toBe("offset 22 append 1 cloexec 0\nparent1\nchild\nparent2\n");
  });

  it("open: ENOENT without O_CREAT, EISDIR for writing a directory, EACCES writing root's file, EBADF writing O_RDONLY", () => {
    const r = runProgram(function* () {
      yield* say("missing", yield* open("nope.txt", O_RDONLY));
      yield* say("dir", yield* open("/tmp", O_WRONLY));
      yield* say("root's", yield* open("/etc/hosts", O_WRONLY));
      const fd = yield* open("/etc/hosts", O_RDONLY);
      yield* say("write-ro", yield* write(fd, "x"));
    });
    expect(r.terminals.prog).toBe(`missing -1 errno=${ENOENT}\ndir -1 errno=${EISDIR}\nroot's -1 errno=${EACCES}\nwrite-ro -1 errno=${EBADF}\n`);
  });
});

describe("stdio across fork (../shared/linux §10)", () => {
  it("printf(\"x\"); fork(); into a pipe prints x twice", () => {
    const r = runProgram(function* () {
      yield* printf("x");
      yield* fork();
      return 0;
    }, { stdio: ["tty", "pipe", "tty"] });
    expect(r.captures[0]!.stdout).toBe("xx");
  });

  it("on a terminal, a line already printed is not repeated, but an unfinished one is", () => {
    const r = runProgram(function* () {
      yield* printf("hello\nworld");
      yield* fork();
      return 0;
    });
    expect(r.terminals.prog).toBe("hello\nworldworld");
  });

  it("fflush before fork, or _exit in the child, prints it once", () => {
    const a = runProgram(function* () {
      yield* printf("hello");
      yield* fflush(stdout);
      yield* fork();
      return 0;
    }, { stdio: ["tty", "pipe", "tty"] });
    expect(a.captures[0]!.stdout).toBe("hello");
    const b = runProgram(function* () {
      yield* printf("hello");
      if ((yield* fork()) === 0) yield* _exit(0);
      yield* wait(null);
      return 0;
    }, { stdio: ["tty", "pipe", "tty"] });
    expect(b.captures[0]!.stdout).toBe("hello");
  });
});

describe("terminals", () => {
  it("scripted input is typed a line at a time as the program reads, echoed, then Ctrl-D ends it", () => {
    const r = runProgram(function* () {
      const buf = new Uint8Array(64);
      yield* printf("name? ");
      while ((yield* fgets(buf, 64, stdin)) !== null) yield* printf("got %s", cstr(buf));
      yield* printf("EOF\n");
    }, { stdin: "ada\nlinus\n" });
    expect(r.terminals.prog).toBe("name? ada\ngot ada\nlinus\ngot linus\nEOF\n");
  });

  it("with stdin a pipe, the prompt stays buffered: glibc flushes stdout only before reading a terminal", () => {
    const r = runProgram(function* () {
      const buf = new Uint8Array(64);
      yield* printf("REQ: ");
      yield* fgets(buf, 64, stdin);
      yield* write(1, buf, buf.indexOf(0));
      return 0;
    }, { stdin: "hello\n", stdio: ["pipe", "tty", "tty"] });
    expect(r.terminals.prog).toBe("hello\nREQ: ");
  });

  it("getchar reads bytes, then EOF", () => {
    const r = runProgram(function* () {
      let c: number, n = 0;
      while ((c = yield* getchar()) !== EOF) n += c === 10 ? 0 : 1;
      yield* printf("%d\n", n);
    }, { stdin: "abc\nde", stdio: ["pipe", "tty", "tty"] });
    expect(r.terminals.prog).toBe("5\n");
  });
});

describe("bad programs", () => {
  it("a program that is not deterministic is reported at fork with the syscall it diverged at", () => {
    let calls = 0;
    const flaky = defineProgram("flaky", function* () {
      calls++;
      if (calls === 1) yield* getpid();
      else yield* getppid();
      yield* fork();
      return 0;
    });
    expect(() => runScenario(defineScenario({ name: "flaky", processes: [{ program: flaky }] }))).toThrow(DivergenceError);
    calls = 0;
    try {
      runScenario(defineScenario({ name: "flaky", processes: [{ program: flaky }] }));
    } catch (e) {
      expect((e as Error).message).toMatch(/program 'flaky' \(pid 3\) is not deterministic.*syscall #0.*getppid.*getpid/);
    }
  });

  it("a program that throws dies as if by SIGSEGV and the message is kept", () => {
    const r = runProgram(function* () {
      yield* printf("before\n");
      (null as unknown as { x: number }).x;
    });
    expect(r).toHaveBeenKilledBy("prog", 11);
    expect(r.crashes[0]!.message).toMatch(/TypeError/);
  });
});
