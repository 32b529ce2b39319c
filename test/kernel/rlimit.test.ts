// Resource limits: getrlimit, setrlimit, prlimit (all prlimit64, as glibc
// makes them on x86-64), RLIMIT_NOFILE enforced through the fd table.
// Ground truth: test/kernel/rlimit-cases.c, run on Linux 6.18 / glibc 2.36
// / strace 6.1 (errnos, check order, strace lines).

import { describe, expect, it } from "vitest";
import {
  close, dup, dup2, errno, execv, exit, F_DUPFD, F_GETFD, fcntl, fork, getpid, getrlimit, pause, pipe, poll,
  prlimit, printf, read, RLIM_INFINITY, RLIM_NLIMITS, rlimit, RLIMIT_CORE, RLIMIT_CPU, RLIMIT_NOFILE, RLIMIT_NPROC,
  RLIMIT_STACK, setrlimit, sleep, socket, AF_INET, AF_UNIX, SOCK_DGRAM, SOCK_STREAM, syscall, wait, write, kill,
  SIGKILL, type Sys,
} from "../../userland/libc/index.ts";
import { defineProgram } from "../../userland/libc/crt0.ts";
import { errnoName } from "../../kernel/uapi/errno.ts";
import { defineScenario, type Scenario } from "../../kernel/sim/scenario.ts";
import { buildSimulation, collectResult, runScenario, runSimulation, type RunResult } from "../../kernel/sim/run.ts";
import { NPROC } from "../../kernel/config.ts";
import { StraceFormatter } from "../../tui/format/strace.ts";
import { runProgram } from "../helpers/index.ts";

const lim = (v: number) => (v === RLIM_INFINITY ? "unlimited" : String(v));

/** `label: 0` or `label: -1 EPERM`. */
function* say(label: string, r: number): Sys<void> {
  yield* printf("%s: %s\n", label, r < 0 ? `-1 ${errnoName(errno)}` : String(r));
}

/** getrlimit and print `label: cur/max`. */
function* show(label: string, resource: number): Sys<void> {
  const rl = rlimit();
  const r = yield* getrlimit(resource, rl);
  if (r < 0) yield* say(label, r);
  else yield* printf("%s: %s/%s\n", label, lim(rl.rlim_cur), lim(rl.rlim_max));
}

/** dup(0) until it fails: how many it made, the last fd, and the errno. */
function* fill(): Sys<string> {
  let n = 0, last = -1, fd: number;
  while ((fd = yield* dup(0)) >= 0) {
    n++;
    last = fd;
  }
  return `${n} dups, last fd ${last}, then ${errnoName(errno)}`;
}

function strace(r: RunResult, names: string[], pid?: number): string[] {
  const f = new StraceFormatter(false);
  return r.trace
    .filter((e) => e.kind === "syscall" && names.includes(e.name) && (pid === undefined || e.pid === pid))
    .map((e) => f.format(e))
    .filter((l): l is string => l !== null);
}

/** Runs `scenario` with the processes named in `root` as uid 0 (scenario processes are uid 1000). */
function runAsRoot(scenario: Scenario, root: string[]): RunResult {
  const sim = buildSimulation(scenario);
  // Start events are at time 0; this one fires after them, before any process runs.
  sim.world.events.push(0, "test", () => {
    for (const l of sim.launched) if (root.includes(l.name) && l.proc) l.proc.uid = 0;
  });
  runSimulation(sim);
  return collectResult(sim);
}

describe("getrlimit", () => {
  it("a process starts with RLIMIT_NOFILE 1024 soft / 524288 hard, no core files, an 8 MiB stack; the 1025th fd is EMFILE", () => {
    const r = runProgram(function* () {
      yield* show("NOFILE", RLIMIT_NOFILE);
      yield* show("CORE", RLIMIT_CORE);
      yield* show("STACK", RLIMIT_STACK);
      yield* show("CPU", RLIMIT_CPU);
      yield* show("NPROC", RLIMIT_NPROC);
      yield* show("resource 16", RLIM_NLIMITS);
      yield* show("resource -1", -1);
      yield* printf("%s\n", yield* fill());
    }, { invariants: true });
    expect(r.terminals.prog).toBe([
      "NOFILE: 1024/524288",
      "CORE: 0/unlimited",
      "STACK: 8388608/unlimited",
      "CPU: unlimited/unlimited",
      `NPROC: ${NPROC}/${NPROC}`,
      "resource 16: -1 EINVAL",
      "resource -1: -1 EINVAL",
      "1021 dups, last fd 1023, then EMFILE",
      "",
    ].join("\n"));
  });
});

describe("setrlimit", () => {
  it("raising the soft limit to the hard one lets a process open more than 1024 fds (sockets, dups), and poll take that many", () => {
    const r = runProgram(function* () {
      yield* say("setrlimit {4096, 4096}", yield* setrlimit(RLIMIT_NOFILE, rlimit(4096, 4096)));
      yield* show("NOFILE", RLIMIT_NOFILE);
      let socks = 0, fd = -1;
      for (let i = 0; i < 1500; i++) {
        fd = yield* socket(i % 2 ? AF_INET : AF_UNIX, i % 2 ? SOCK_DGRAM : SOCK_STREAM, 0);
        if (fd < 0) break;
        socks++;
      }
      yield* printf("%d sockets, last fd %d\n", socks, fd);
      yield* printf("%s\n", yield* fill());
      yield* say("poll nfds 4096", yield* poll([], 4096, 0));
      yield* say("poll nfds 4097", yield* poll([], 4097, 0));
      yield* say("dup2(0, 4095)", yield* dup2(0, 4095));
      yield* say("dup2(0, 4096)", yield* dup2(0, 4096));
    }, { invariants: true });
    expect(r.terminals.prog).toBe([
      "setrlimit {4096, 4096}: 0",
      "NOFILE: 4096/4096",
      "1500 sockets, last fd 1502",
      "2593 dups, last fd 4095, then EMFILE",
      "poll nfds 4096: -1 EFAULT",
      "poll nfds 4097: -1 EINVAL",
      "dup2(0, 4095): 4095",
      "dup2(0, 4096): -1 EBADF",
      "",
    ].join("\n"));
  });

  it("EINVAL for an unknown resource or rlim_cur > rlim_max (checked first); EPERM when a user raises the hard limit", () => {
    const r = runProgram(function* () {
      yield* say("{30, 20}", yield* setrlimit(RLIMIT_NOFILE, rlimit(30, 20)));
      yield* say("resource 99", yield* setrlimit(99, rlimit(10, 20)));
      yield* say("{524288, 524289}", yield* setrlimit(RLIMIT_NOFILE, rlimit(524288, 524289)));
      yield* say("{600000, 524289}", yield* setrlimit(RLIMIT_NOFILE, rlimit(600000, 524289)));
      yield* say("{30, 2000000}", yield* setrlimit(RLIMIT_NOFILE, rlimit(30, 2000000)));
      yield* say("{INF, INF}", yield* setrlimit(RLIMIT_NOFILE, rlimit(RLIM_INFINITY, RLIM_INFINITY)));
      yield* say("{INF, 4096}", yield* setrlimit(RLIMIT_NOFILE, rlimit(RLIM_INFINITY, 4096)));
      yield* show("unchanged", RLIMIT_NOFILE);
      yield* say("lower both {700, 800}", yield* setrlimit(RLIMIT_NOFILE, rlimit(700, 800)));
      yield* say("soft up to hard {800, 800}", yield* setrlimit(RLIMIT_NOFILE, rlimit(800, 800)));
      yield* say("hard back up {800, 4096}", yield* setrlimit(RLIMIT_NOFILE, rlimit(800, 4096)));
      yield* say("CORE {5, 5}", yield* setrlimit(RLIMIT_CORE, rlimit(5, 5)));
      yield* say("NPROC {5, 5}", yield* setrlimit(RLIMIT_NPROC, rlimit(5, 5)));
      yield* show("NOFILE", RLIMIT_NOFILE);
      yield* show("CORE", RLIMIT_CORE);
      yield* show("NPROC", RLIMIT_NPROC);
      // NPROC is stored, not enforced (the host's process limit is).
      const pid = yield* fork();
      if (pid === 0) yield* exit(0);
      yield* say("fork under NPROC 5 stored", pid > 0 ? 0 : pid);
      yield* wait(null);
    });
    expect(r.terminals.prog).toBe([
      "{30, 20}: -1 EINVAL",
      "resource 99: -1 EINVAL",
      "{524288, 524289}: -1 EPERM",
      "{600000, 524289}: -1 EINVAL",
      "{30, 2000000}: -1 EPERM",
      "{INF, INF}: -1 EPERM",
      "{INF, 4096}: -1 EINVAL",
      "unchanged: 1024/524288",
      "lower both {700, 800}: 0",
      "soft up to hard {800, 800}: 0",
      "hard back up {800, 4096}: -1 EPERM",
      "CORE {5, 5}: 0",
      "NPROC {5, 5}: 0",
      "NOFILE: 800/800",
      "CORE: 5/5",
      "NPROC: 5/5",
      "fork under NPROC 5 stored: 0",
      "",
    ].join("\n"));
  });

  it("lowering RLIMIT_NOFILE leaves higher fds open; new ones get EMFILE, dup2 beyond it EBADF, F_DUPFD EINVAL, poll EINVAL", () => {
    const r = runProgram(function* () {
      yield* say("dup2(0, 100)", yield* dup2(0, 100));
      yield* say("setrlimit {16, 4096}", yield* setrlimit(RLIMIT_NOFILE, rlimit(16, 4096)));
      yield* say("fcntl(100, F_GETFD)", yield* fcntl(100, F_GETFD));
      yield* say("dup(100)", yield* dup(100));
      yield* printf("%s\n", yield* fill());
      yield* say("dup2(0, 16)", yield* dup2(0, 16));
      yield* say("dup2(0, 100)", yield* dup2(0, 100));
      yield* say("fcntl(0, F_DUPFD, 16)", yield* fcntl(0, F_DUPFD, 16));
      yield* say("poll nfds 17", yield* poll([], 17, 0));
      yield* say("close(100)", yield* close(100));
      yield* say("back up {1024, 4096}", yield* setrlimit(RLIMIT_NOFILE, rlimit(1024, 4096)));
      yield* say("dup(0)", yield* dup(0));
    }, { invariants: true });
    expect(r.terminals.prog).toBe([
      "dup2(0, 100): 100",
      "setrlimit {16, 4096}: 0",
      "fcntl(100, F_GETFD): 0",
      "dup(100): 3",
      "12 dups, last fd 15, then EMFILE",
      "dup2(0, 16): -1 EBADF",
      "dup2(0, 100): -1 EBADF",
      "fcntl(0, F_DUPFD, 16): -1 EINVAL",
      "poll nfds 17: -1 EINVAL",
      "close(100): 0",
      "back up {1024, 4096}: 0",
      "dup(0): 16",
      "",
    ].join("\n"));
  });

  it("limits are per process: inherited by fork, kept across execve, a child's change leaves the parent's alone", () => {
    const child = defineProgram("show", function* (argv) {
      yield* show(`${argv[1]} after execve`, RLIMIT_NOFILE);
      yield* printf("%s\n", yield* fill());
      return 0;
    });
    const parent = defineProgram("parent", function* () {
      yield* setrlimit(RLIMIT_NOFILE, rlimit(20, 2000));
      if ((yield* fork()) === 0) {
        yield* show("child", RLIMIT_NOFILE);
        yield* setrlimit(RLIMIT_NOFILE, rlimit(10, 10));
        yield* show("child lowered", RLIMIT_NOFILE);
        yield* exit(0);
      }
      yield* wait(null);
      yield* show("parent", RLIMIT_NOFILE);
      if ((yield* fork()) === 0) {
        yield* execv("/bin/show", ["show", "exec'd child"]);
        yield* exit(1);
      }
      yield* wait(null);
      yield* execv("/bin/show", ["show", "parent"]);
      return 1;
    });
    const r = runScenario(defineScenario({ name: "rlimit-inherit", processes: [{ program: parent }], programs: [child] }), { invariants: true });
    expect(r.terminals.parent).toBe([
      "child: 20/2000",
      "child lowered: 10/10",
      "parent: 20/2000",
      "exec'd child after execve: 20/2000",
      "17 dups, last fd 19, then EMFILE",
      "parent after execve: 20/2000",
      "17 dups, last fd 19, then EMFILE",
      "",
    ].join("\n"));
  });
});

describe("prlimit", () => {
  it("pid 0 or getpid() is the caller; another process of the same uid can be read and set; ESRCH for none; EPERM across uids", () => {
    const r = runProgram(function* () {
      const old = rlimit();
      yield* say("prlimit(0, {100, 200}, old)", yield* prlimit(0, RLIMIT_NOFILE, rlimit(100, 200), old));
      yield* printf("old %s/%s\n", lim(old.rlim_cur), lim(old.rlim_max));
      yield* say("prlimit(getpid(), NULL, old)", yield* prlimit(yield* getpid(), RLIMIT_NOFILE, null, old));
      yield* printf("now %s/%s\n", lim(old.rlim_cur), lim(old.rlim_max));
      yield* say("prlimit(0, NULL, NULL)", yield* prlimit(0, RLIMIT_NOFILE, null, null));
      yield* say("prlimit(0, 99, NULL, NULL)", yield* prlimit(0, 99, null, null));
      yield* say("prlimit(999999)", yield* prlimit(999999, RLIMIT_NOFILE, null, old));
      yield* say("prlimit(999999, resource 99)", yield* prlimit(999999, 99, null, old));
      yield* say("prlimit(1) init is root", yield* prlimit(1, RLIMIT_NOFILE, null, old));
      yield* say("prlimit(1, resource 99)", yield* prlimit(1, 99, null, old));
      const go = new Int32Array(2);
      yield* pipe(go);
      const pid = yield* fork();
      if (pid === 0) {
        yield* read(go[0]!, new Uint8Array(1), 1);
        yield* show("child sees", RLIMIT_NOFILE);
        yield* pause();
      }
      yield* say("prlimit(child, NULL, old)", yield* prlimit(pid, RLIMIT_NOFILE, null, old));
      yield* printf("child has %s/%s\n", lim(old.rlim_cur), lim(old.rlim_max));
      yield* say("prlimit(child, {50, 60}, NULL)", yield* prlimit(pid, RLIMIT_NOFILE, rlimit(50, 60), null));
      yield* say("prlimit(child, {50, 61}, NULL)", yield* prlimit(pid, RLIMIT_NOFILE, rlimit(50, 61), null));
      yield* write(go[1]!, "x");
      yield* sleep(1);
      yield* kill(pid, SIGKILL);
      yield* wait(null);
      yield* show("parent still", RLIMIT_NOFILE);
    });
    expect(r.terminals.prog).toBe([
      "prlimit(0, {100, 200}, old): 0",
      "old 1024/524288",
      "prlimit(getpid(), NULL, old): 0",
      "now 100/200",
      "prlimit(0, NULL, NULL): 0",
      "prlimit(0, 99, NULL, NULL): -1 EINVAL",
      "prlimit(999999): -1 ESRCH",
      "prlimit(999999, resource 99): -1 ESRCH",
      "prlimit(1) init is root: -1 EPERM",
      "prlimit(1, resource 99): -1 EPERM",
      "prlimit(child, NULL, old): 0",
      "child has 100/200",
      "prlimit(child, {50, 60}, NULL): 0",
      "prlimit(child, {50, 61}, NULL): -1 EPERM",
      "child sees: 50/60",
      "parent still: 100/200",
      "",
    ].join("\n"));
  });

  it("root raises the hard limit up to fs.nr_open (1048576) and opens 20000 fds; a user cannot touch root's limits, root can touch a user's", () => {
    const rootProg = defineProgram("rootp", function* () {
      yield* say("{20000, 20000}", yield* setrlimit(RLIMIT_NOFILE, rlimit(20000, 20000)));
      yield* printf("%s\n", yield* fill());
      yield* say("{1048576, 1048576}", yield* setrlimit(RLIMIT_NOFILE, rlimit(1048576, 1048576)));
      yield* say("{1048577, 1048577}", yield* setrlimit(RLIMIT_NOFILE, rlimit(1048577, 1048577)));
      yield* say("{INF, INF}", yield* setrlimit(RLIMIT_NOFILE, rlimit(RLIM_INFINITY, RLIM_INFINITY)));
      yield* say("CORE {INF, INF}", yield* setrlimit(RLIMIT_CORE, rlimit(RLIM_INFINITY, RLIM_INFINITY)));
      const old = rlimit();
      yield* say("prlimit(init)", yield* prlimit(1, RLIMIT_NOFILE, null, old));
      yield* say("prlimit(user's process, {5000, 5000})", yield* prlimit(3, RLIMIT_NOFILE, rlimit(5000, 5000), old));
      yield* printf("it had %s/%s\n", lim(old.rlim_cur), lim(old.rlim_max));
      yield* sleep(2);
      return 0;
    });
    const userProg = defineProgram("userp", function* () {
      yield* sleep(1);
      yield* show("user", RLIMIT_NOFILE);
      const old = rlimit();
      yield* say("prlimit(root's process)", yield* prlimit(2, RLIMIT_NOFILE, null, old));
      return 0;
    });
    const r = runAsRoot(defineScenario({ name: "rlimit-root", processes: [{ program: rootProg }, { program: userProg }] }), ["rootp"]);
    expect(r.terminals.rootp).toBe([
      "{20000, 20000}: 0",
      "19997 dups, last fd 19999, then EMFILE",
      "{1048576, 1048576}: 0",
      "{1048577, 1048577}: -1 EPERM",
      "{INF, INF}: -1 EPERM",
      "CORE {INF, INF}: 0",
      "prlimit(init): 0",
      "prlimit(user's process, {5000, 5000}): 0",
      "it had 1024/524288",
      "",
    ].join("\n"));
    expect(r.terminals.userp).toBe("user: 5000/5000\nprlimit(root's process): -1 EPERM\n");
    expect(strace(r, ["prlimit64"], 2)[0]).toBe("prlimit64(0, RLIMIT_NOFILE, {rlim_cur=20000, rlim_max=20000}, NULL) = 0");
  });
});

describe("strace", () => {
  it("glibc's getrlimit/setrlimit/prlimit are prlimit64 lines, as strace 6.1 prints them (sizes as N*1024, RLIM64_INFINITY)", () => {
    const r = runProgram(function* () {
      const rl = rlimit();
      yield* getrlimit(RLIMIT_NOFILE, rl);
      yield* getrlimit(RLIMIT_CORE, rl);
      yield* getrlimit(RLIMIT_STACK, rl);
      yield* setrlimit(RLIMIT_NOFILE, rlimit(1025, 4096));
      yield* prlimit(0, RLIMIT_NOFILE, rlimit(30, 20001), rl);
      yield* prlimit(0, RLIMIT_NOFILE, rlimit(30, 4096), rl);
      yield* getrlimit(99, rl);
      yield* getrlimit(-1, rl);
      yield* prlimit(999999, RLIMIT_NOFILE, null, rl);
      yield* prlimit(0, RLIMIT_NOFILE, null, null);
      yield* syscall("getrlimit", RLIMIT_NOFILE);
      yield* syscall("getrlimit", 99);
      yield* syscall("setrlimit", RLIMIT_NOFILE, rlimit(5, 1));
      yield* syscall("setrlimit", RLIMIT_NOFILE, rlimit(1, 4096));
    });
    expect(strace(r, ["prlimit64", "getrlimit", "setrlimit"])).toEqual([
      "prlimit64(0, RLIMIT_NOFILE, NULL, {rlim_cur=1024, rlim_max=512*1024}) = 0",
      "prlimit64(0, RLIMIT_CORE, NULL, {rlim_cur=0, rlim_max=RLIM64_INFINITY}) = 0",
      "prlimit64(0, RLIMIT_STACK, NULL, {rlim_cur=8192*1024, rlim_max=RLIM64_INFINITY}) = 0",
      "prlimit64(0, RLIMIT_NOFILE, {rlim_cur=1025, rlim_max=4*1024}, NULL) = 0",
      "prlimit64(0, RLIMIT_NOFILE, {rlim_cur=30, rlim_max=20001}, 0x7ffc0000) = -1 EPERM (Operation not permitted)",
      "prlimit64(0, RLIMIT_NOFILE, {rlim_cur=30, rlim_max=4*1024}, {rlim_cur=1025, rlim_max=4*1024}) = 0",
      "prlimit64(0, 0x63 /* RLIMIT_??? */, NULL, 0x7ffc0000) = -1 EINVAL (Invalid argument)",
      "prlimit64(0, 0xffffffff /* RLIMIT_??? */, NULL, 0x7ffc0000) = -1 EINVAL (Invalid argument)",
      "prlimit64(999999, RLIMIT_NOFILE, NULL, 0x7ffc0000) = -1 ESRCH (No such process)",
      "prlimit64(0, RLIMIT_NOFILE, NULL, NULL) = 0",
      "getrlimit(RLIMIT_NOFILE, {rlim_cur=30, rlim_max=4*1024}) = 0",
      "getrlimit(0x63 /* RLIMIT_??? */, 0x7ffc0000) = -1 EINVAL (Invalid argument)",
      "setrlimit(RLIMIT_NOFILE, {rlim_cur=5, rlim_max=1}) = -1 EINVAL (Invalid argument)",
      "setrlimit(RLIMIT_NOFILE, {rlim_cur=1, rlim_max=4*1024}) = 0",
    ]);
  });
});
