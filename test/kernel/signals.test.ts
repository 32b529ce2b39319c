// Signals as Linux measures them (../shared/linux §11, p11_signals.c).

import { describe, expect, it } from "vitest";
import {
  alarm, EINTR, EINVAL, ESRCH, errno, exit, fork, getpid, kill, nanosleep, pause, pipe, printf, raise, read, ref,
  SA_RESTART, SIG_BLOCK, SIG_DFL, SIG_ERR, SIG_IGN, SIG_UNBLOCK, SIGALRM, SIGCHLD, SIGINT, SIGKILL, SIGRTMIN, SIGSTOP,
  SIGTERM, SIGUSR1, sigaction, sigaction_t, sigaddset, signal, sigpending, sigprocmask, sigset_t, sigismember, sleep,
  timespec, wait, waitpid, WIFSTOPPED, WSTOPSIG, WTERMSIG, WUNTRACED, write, WIFSIGNALED,
} from "../../userland/libc/index.ts";
import { runProgram } from "../helpers/index.ts";

describe("signals", () => {
  it("kill(getpid(), SIGINT) has run the handler by the time kill returns, every time", () => {
    const r = runProgram(function* () {
      let got = 0;
      const old = yield* signal(SIGINT, function* (s) { got++; yield* printf("handler %d\n", s); });
      yield* printf("old is SIG_DFL: %d\n", old === SIG_DFL ? 1 : 0);
      yield* printf("kill = %d, got = %d\n", yield* kill(yield* getpid(), SIGINT), got);
      yield* raise(SIGINT);
      yield* printf("got = %d\n", got);
    });
    expect(r.terminals.prog).toBe("old is SIG_DFL: 1\nhandler 2\nkill = 0, got = 1\nhandler 2\ngot = 2\n");
  });

  it("SA_RESTART (glibc signal()) restarts a blocked read; sigaction without it gives EINTR", () => {
    const r = runProgram(function* () {
      const fds = new Int32Array(2);
      yield* pipe(fds);
      if ((yield* fork()) === 0) {
        yield* sleep(2);
        yield* write(fds[1]!, "data");
        yield* sleep(10);
        yield* exit(0);
      }
      yield* signal(SIGALRM, function* () { yield* printf("alarm\n"); });
      yield* alarm(1);
      const b = new Uint8Array(8);
      yield* printf("read = %d\n", yield* read(fds[0]!, b, 8));
      yield* sigaction(SIGALRM, sigaction_t(function* () { yield* printf("alarm\n"); }, 0));
      yield* alarm(1);
      const n = yield* read(fds[0]!, b, 8);
      yield* printf("read = %d errno = %d\n", n, n < 0 ? errno : 0);
      yield* exit(0);
    }, { until: { time: "5s" } });
    expect(r.terminals.prog).toBe(`alarm\nread = 4\nalarm\nread = -1 errno = ${EINTR}\n`);
  });

  it("nanosleep, pause and sleep are never restarted: EINTR, with the time left", () => {
    const r = runProgram(function* () {
      yield* signal(SIGALRM, function* () {});
      yield* alarm(1);
      const rem = timespec();
      const n = yield* nanosleep(timespec(3, 0), rem);
      yield* printf("nanosleep = %d errno = %d rem = %d.%09d\n", n, errno, rem.tv_sec, rem.tv_nsec);
      yield* alarm(1);
      yield* printf("pause = %d errno = %d\n", yield* pause(), errno);
      yield* alarm(1);
      yield* printf("sleep = %d\n", yield* sleep(3));
    });
    // The alarm fires 1 s in: 2 s (and the few µs between alarm() and the sleep) remain; sleep truncates.
    expect(r.terminals.prog).toMatch(new RegExp(`^nanosleep = -1 errno = ${EINTR} rem = 2\\.0000\\d+\npause = -1 errno = ${EINTR}\nsleep = 2\n$`));
  });

  it("SIGKILL and SIGSTOP cannot be caught or ignored; bad signal numbers are EINVAL", () => {
    const r = runProgram(function* () {
      const h = function* () {};
      for (const [s, d] of [[SIGKILL, h], [SIGKILL, SIG_IGN], [SIGSTOP, h], [0, h], [65, h]] as const) {
        const old = yield* signal(s, d);
        yield* printf("%d %d %d\n", s, old === SIG_ERR ? 1 : 0, errno);
      }
      yield* printf("kill0 %d\n", yield* kill(yield* getpid(), 0));
      yield* printf("kill999 %d %d\n", yield* kill(yield* getpid(), 999), errno);
      yield* printf("esrch %d %d\n", yield* kill(99999, SIGTERM), errno);
    });
    expect(r.terminals.prog).toBe(
      `9 1 ${EINVAL}\n9 1 ${EINVAL}\n19 1 ${EINVAL}\n0 1 ${EINVAL}\n65 1 ${EINVAL}\nkill0 0\nkill999 -1 ${EINVAL}\nesrch -1 ${ESRCH}\n`,
    );
  });

  it("blocked standard signals coalesce; real-time signals queue", () => {
    const r = runProgram(function* () {
      let usr = 0, rt = 0;
      yield* signal(SIGUSR1, function* () { usr++; });
      yield* signal(SIGRTMIN, function* () { rt++; });
      const set = sigset_t();
      sigaddset(set, SIGUSR1);
      sigaddset(set, SIGRTMIN);
      sigaddset(set, SIGKILL);
      yield* sigprocmask(SIG_BLOCK, set);
      const me = yield* getpid();
      for (let i = 0; i < 3; i++) {
        yield* kill(me, SIGUSR1);
        yield* kill(me, SIGRTMIN);
      }
      const pend = sigset_t();
      yield* sigpending(pend);
      yield* printf("pending usr1=%d before: %d %d\n", sigismember(pend, SIGUSR1), usr, rt);
      const cur = sigset_t();
      yield* sigprocmask(SIG_BLOCK, null, cur);
      yield* printf("kill blocked: %d\n", sigismember(cur, SIGKILL));
      yield* sigprocmask(SIG_UNBLOCK, set);
      yield* printf("after: %d %d\n", usr, rt);
    });
    expect(r.terminals.prog).toBe("pending usr1=1 before: 0 0\nkill blocked: 0\nafter: 1 3\n");
  });

  it("default actions: SIGUSR1 terminates, SIGCHLD is ignored, SIGSTOP stops (status 0x137f)", () => {
    const r = runProgram(function* () {
      const st = ref(0);
      let pid = yield* fork();
      if (pid === 0) { for (;;) yield* pause(); }
      yield* kill(pid, SIGCHLD);
      yield* kill(pid, SIGUSR1);
      yield* wait(st);
      yield* printf("usr1: signaled=%d sig=%d\n", WIFSIGNALED(st.value) ? 1 : 0, WTERMSIG(st.value));
      pid = yield* fork();
      if (pid === 0) { for (;;) yield* pause(); }
      yield* kill(pid, SIGSTOP);
      yield* waitpid(pid, st, WUNTRACED);
      yield* printf("stop: %#x stopped=%d sig=%d\n", st.value, WIFSTOPPED(st.value) ? 1 : 0, WSTOPSIG(st.value));
      yield* kill(pid, SIGKILL);
      yield* wait(st);
      yield* printf("kill: %d\n", WTERMSIG(st.value));
    });
    expect(r.terminals.prog).toBe("usr1: signaled=1 sig=10\nstop: 0x137f stopped=1 sig=19\nkill: 9\n");
  });

  it("a handler's own signal is blocked while it runs and delivered after it returns", () => {
    const r = runProgram(function* () {
      let depth = 0, calls = 0;
      yield* signal(SIGUSR1, function* () {
        depth++; calls++;
        yield* printf("in handler, depth %d\n", depth);
        if (calls === 1) yield* raise(SIGUSR1);
        depth--;
      });
      yield* raise(SIGUSR1);
      yield* printf("calls %d\n", calls);
    });
    expect(r.terminals.prog).toBe("in handler, depth 1\nin handler, depth 1\ncalls 2\n");
  });

  it("the handler and SIG_IGN are inherited by fork; the child's handler uses the child's memory", () => {
    const r = runProgram(function* () {
      let who = "parent";
      yield* signal(SIGUSR1, function* () { yield* printf("%s handled\n", who); });
      const pid = yield* fork();
      if (pid === 0) {
        who = "child";
        yield* raise(SIGUSR1);
        yield* exit(0);
      }
      yield* wait(null);
      yield* raise(SIGUSR1);
    });
    expect(r.terminals.prog).toBe("child handled\nparent handled\n");
  });

  it("a child changing its dispositions leaves the parent's as they were", () => {
    const r = runProgram(function* () {
      yield* signal(SIGTERM, SIG_IGN);
      yield* signal(SIGUSR1, function* () { yield* printf("parent's handler\n"); });
      if ((yield* fork()) === 0) {
        yield* signal(SIGTERM, SIG_DFL);
        yield* signal(SIGUSR1, SIG_IGN);
        yield* raise(SIGUSR1);
        yield* printf("child: SIGUSR1 ignored\n");
        yield* raise(SIGTERM);
        yield* printf("not reached\n");
      }
      const st = ref(0);
      yield* wait(st);
      yield* printf("child killed by signal %d\n", WTERMSIG(st.value));
      yield* raise(SIGTERM);
      yield* raise(SIGUSR1);
    });
    expect(r.terminals.prog).toBe(`child: SIGUSR1 ignored\nchild killed by signal ${SIGTERM}\nparent's handler\n`);
  });

  it("SA_RESTART is what glibc's signal() sets", () => {
    const r = runProgram(function* () {
      yield* signal(SIGINT, function* () {});
      const old = sigaction_t();
      yield* sigaction(SIGINT, null, old);
      yield* printf("%#x\n", old.sa_flags);
    });
    expect(r.terminals.prog).toBe(`${"0x" + SA_RESTART.toString(16)}\n`);
  });
});
