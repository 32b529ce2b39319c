// Random userland programs for the reliability suite. A program is a list
// of ops (fast-check generates and shrinks it) walked by one generic
// interpreter, `interpreter(ops)`: every decision it makes comes from the
// op list and from syscall results, never from anything else, so fork's
// replay rebuilds a child exactly (a DivergenceError is a bug here, and a
// thrown kernel error is a bug in the kernel).
//
// Nothing-lost bookkeeping: every write to a pipe carries 8-byte records
// (pipe inode, writer pid, sequence number) and every read from a pipe is
// logged into a store outside the simulation (`LogStore`, which programs
// only write): entry i of pid P goes to store[P][i], so fork's replay,
// which re-runs the parent's code as the parent, rewrites the same entries
// with the same values and nothing is counted twice; exec keeps them. All
// pipe writes and reads are whole records, and the pipe only ever splits
// at slot boundaries (4096, a multiple of 8), so reads return whole records.

import fc from "fast-check";
import type { Program, SyscallRequest } from "../../kernel/abi.ts";
import {
  _exit, alarm, errno, close, compute, dup, dup2, epoll_create1, epoll_ctl, epoll_event, epoll_wait, execv, exit, F_GETFL,
  F_SETFL, fcntl, fork, fstat, getpid, getppid, kill, lseek, O_APPEND, O_CREAT, O_NONBLOCK, O_RDONLY, O_RDWR,
  O_TRUNC, O_WRONLY, open, pipe2, poll, pollfd, POLLIN, POLLOUT, read, ref, SA_RESTART, sigaction, sigaction_t,
  sigaddset, SIG_DFL, SIG_IGN, sigprocmask, sigset_t, socketpair, stat_t, unlink, usleep, waitpid, WNOHANG, write,
  AF_UNIX, SOCK_STREAM, AF_INET, accept, bind, connect, getsockname, htonl, htons, INADDR_LOOPBACK, listen, shutdown,
  SHUT_WR, socket, sockaddr_in,
} from "../../userland/libc/index.ts";
import { defineProgram } from "../../userland/libc/crt0.ts";

export type Op =
  | { t: "pipe"; nonblock: boolean }
  | { t: "socketpair" }
  | { t: "tcp"; port: number; shutdown: boolean }
  | { t: "open"; file: number; mode: "r" | "w" | "rw" | "append" | "trunc"; nonblock: boolean }
  | { t: "write"; slot: number; records: number; sock: boolean }
  | { t: "read"; slot: number; records: number; guard: boolean; sock: boolean }
  | { t: "close"; slot: number }
  | { t: "dup"; slot: number }
  | { t: "dup2"; slot: number; to: number }
  | { t: "lseek"; slot: number; off: number; whence: 0 | 1 | 2 }
  | { t: "unlink"; file: number }
  | { t: "setnb"; slot: number; on: boolean }
  | { t: "fork"; body: Op[] }
  | { t: "exec"; code: number; sleepUs: number }
  | { t: "exit"; code: number; raw: boolean }
  | { t: "wait"; child: number; nohang: boolean }
  | { t: "kill"; target: "child" | "self" | "parent" | "group"; child: number; sig: number }
  | { t: "sigaction"; sig: number; disp: "handler" | "ign" | "dfl"; restart: boolean }
  | { t: "sigmask"; how: 0 | 1 | 2; sig: number }
  | { t: "sleep"; us: number }
  | { t: "alarm"; s: number }
  | { t: "compute"; us: number }
  | { t: "poll"; slots: number[]; timeoutMs: number }
  | { t: "epoll_create" }
  | { t: "epoll_ctl"; ep: number; slot: number; op: 1 | 2 | 3; events: number }
  | { t: "epoll_wait"; ep: number; timeoutMs: number };

/** Signals the programs send and catch (SIGKILL and SIGSTOP/SIGCONT included, rarely). */
const SIGS = [10, 12, 15, 17, 14, 1, 13, 9, 19, 18];

const slot = fc.nat({ max: 7 });

function leafOps(): fc.Arbitrary<Op>[] {
  return [
    fc.record({ t: fc.constant("pipe" as const), nonblock: fc.boolean() }),
    fc.record({ t: fc.constant("socketpair" as const) }),
    fc.record({ t: fc.constant("tcp" as const), port: fc.constantFrom(0, 5000, 5001), shutdown: fc.boolean() }),
    fc.record({
      t: fc.constant("open" as const), file: fc.nat({ max: 2 }),
      mode: fc.constantFrom("r" as const, "w" as const, "rw" as const, "append" as const, "trunc" as const), nonblock: fc.boolean(),
    }),
    fc.record({ t: fc.constant("write" as const), slot, records: fc.oneof({ weight: 4, arbitrary: fc.integer({ min: 1, max: 64 }) }, { weight: 1, arbitrary: fc.integer({ min: 500, max: 2100 }) }), sock: fc.nat({ max: 2 }).map((n) => n === 0) }),
    fc.record({ t: fc.constant("read" as const), slot, records: fc.oneof({ weight: 4, arbitrary: fc.integer({ min: 1, max: 64 }) }, { weight: 1, arbitrary: fc.integer({ min: 500, max: 2100 }) }), guard: fc.nat({ max: 3 }).map((n) => n > 0), sock: fc.nat({ max: 2 }).map((n) => n === 0) }),
    fc.record({ t: fc.constant("close" as const), slot }),
    fc.record({ t: fc.constant("dup" as const), slot }),
    fc.record({ t: fc.constant("dup2" as const), slot, to: fc.nat({ max: 12 }) }),
    fc.record({ t: fc.constant("lseek" as const), slot, off: fc.oneof({ weight: 6, arbitrary: fc.integer({ min: -16, max: 4096 }) }, { weight: 1, arbitrary: fc.constantFrom(2 ** 31, 2 ** 40, 2 ** 53 - 1, 2 ** 62) }), whence: fc.constantFrom(0 as const, 1 as const, 2 as const) }),
    fc.record({ t: fc.constant("unlink" as const), file: fc.nat({ max: 2 }) }),
    fc.record({ t: fc.constant("setnb" as const), slot, on: fc.boolean() }),
    fc.record({ t: fc.constant("exec" as const), code: fc.nat({ max: 3 }), sleepUs: fc.nat({ max: 3000 }) }),
    fc.record({ t: fc.constant("exit" as const), code: fc.nat({ max: 3 }), raw: fc.boolean() }).filter(() => true),
    fc.record({ t: fc.constant("wait" as const), child: fc.integer({ min: -1, max: 3 }), nohang: fc.boolean() }),
    fc.record({
      t: fc.constant("kill" as const), target: fc.constantFrom("child" as const, "self" as const, "parent" as const, "group" as const),
      child: fc.nat({ max: 3 }), sig: fc.constantFrom(...SIGS),
    }),
    fc.record({ t: fc.constant("sigaction" as const), sig: fc.constantFrom(...SIGS), disp: fc.constantFrom("handler" as const, "ign" as const, "dfl" as const), restart: fc.boolean() }),
    fc.record({ t: fc.constant("sigmask" as const), how: fc.constantFrom(0 as const, 1 as const, 2 as const), sig: fc.constantFrom(...SIGS) }),
    fc.record({ t: fc.constant("sleep" as const), us: fc.nat({ max: 5000 }) }),
    fc.record({ t: fc.constant("alarm" as const), s: fc.nat({ max: 2 }) }),
    fc.record({ t: fc.constant("compute" as const), us: fc.nat({ max: 6000 }) }),
    fc.record({ t: fc.constant("poll" as const), slots: fc.array(slot, { maxLength: 3 }), timeoutMs: fc.integer({ min: -1, max: 5 }) }),
    fc.record({ t: fc.constant("epoll_create" as const) }),
    fc.record({
      t: fc.constant("epoll_ctl" as const), ep: slot, slot, op: fc.constantFrom(1 as const, 2 as const, 3 as const),
      events: fc.constantFrom(1, 4, 5, 0x80000001, 0x40000001),
    }),
    fc.record({ t: fc.constant("epoll_wait" as const), ep: slot, timeoutMs: fc.integer({ min: -1, max: 5 }) }),
  ];
}

/** Weights of leafOps() in order: pipes, writes and reads often; process-ending ops (exec, exit) rarely. */
const WEIGHTS = [3, 1, 2, 2, 12, 12, 2, 2, 2, 1, 1, 2, 1, 1, 3, 2, 3, 2, 2, 1, 2, 2, 1, 2, 2];

/** A program: a list of ops, where a fork op carries the child's own list (depth ≤ 2). */
export const programArb: fc.Arbitrary<Op[]> = fc.letrec<{ prog: Op[]; op: Op }>((tie) => ({
  prog: fc.array(tie("op"), { minLength: 1, maxLength: 40, size: "medium" }),
  op: fc.oneof(
    { depthSize: "small", withCrossShrink: true, maxDepth: 2 },
    ...leafOps().map((a, i) => ({ weight: WEIGHTS[i] ?? 2, arbitrary: a })),
    { weight: 8, arbitrary: fc.record({ t: fc.constant("fork" as const), body: fc.array(tie("op"), { maxLength: 16, size: "medium" }) }) },
  ),
})).prog;

export const runArb = fc.record({
  ops: programArb,
  seed: fc.nat({ max: 1_000_000 }),
  sched: fc.constantFrom("rr" as const, "random" as const),
});

// --- what the programs log ----------------------------------------------

/** A pipe write that went through: `seqs` are the records accepted, in order. */
export interface WriteLog { kind: "w"; pid: number; ino: number; seqs: number[] }
/** A pipe read: the bytes it returned. */
export interface ReadLog { kind: "r"; pid: number; ino: number; bytes: Uint8Array }
/** A program saw an errno userland must never see (a kernel-internal one, 512 and up). */
export interface LeakLog { kind: "leak"; pid: number; errno: number; op: string }
export type LogEntry = WriteLog | ReadLog | LeakLog;

/** What the programs of one run logged, by pid (written by programs, read by the test). */
export type LogStore = Map<number, LogEntry[]>;

type Kind = { k: "pr" | "pw" | "file" | "epoll" | "sock"; ino: number };

export const FILES = ["/tmp/a", "/tmp/b", "/home/user/c"];

/** The record a process writes: pipe inode, writer pid, sequence number (little-endian). */
export function record(ino: number, pid: number, seq: number): Uint8Array {
  const b = new Uint8Array(8);
  const v = new DataView(b.buffer);
  v.setUint16(0, ino & 0xffff, true);
  v.setUint16(2, pid & 0xffff, true);
  v.setUint32(4, seq >>> 0, true);
  return b;
}

export function parseRecords(bytes: Uint8Array): Array<{ ino: number; pid: number; seq: number }> {
  const v = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const out = [];
  for (let i = 0; i + 8 <= bytes.length; i += 8) out.push({ ino: v.getUint16(i, true), pid: v.getUint16(i + 2, true), seq: v.getUint32(i + 4, true) });
  return out;
}

/** The program exec'd by "exec" ops: sleeps a little and exits with argv[1]. */
export const kid: Program = defineProgram("kid", function* (argv) {
  const us = Number(argv[2] ?? 0);
  if (us > 0) yield* usleep(us);
  return Number(argv[1] ?? 0);
});

/** Ops counted by the interpreter, for the report. */
export function countOps(ops: readonly Op[]): number {
  let n = 0;
  for (const op of ops) n += 1 + (op.t === "fork" ? countOps(op.body) : 0);
  return n;
}

/** The generic interpreter: a program that walks `ops`. */
export function interpreter(ops: readonly Op[], store: LogStore, name = "rand"): Program {
  return defineProgram(name, function* () {
    let me = yield* getpid();
    let logged = 0;
    const log = {
      push(e: LogEntry): void {
        let mine = store.get(me);
        if (!mine) store.set(me, (mine = []));
        mine[logged++] = e;
      },
    };
    const fds: number[] = [];
    const kinds = new Map<number, Kind>();
    const children: number[] = [];
    let seq = 0;
    let caught = 0;
    const st = stat_t();
    const handler = function* (sig: number) {
      caught += sig;
      yield* getpid();
    };
    const pick = (s: number): number => (fds.length === 0 ? 99 : fds[s % fds.length]!);
    /** Slot `s` among the fds of kind `k` (what a real program would use), or among all when `s` ≥ 6. */
    const pickKind = (s: number, k: Kind["k"]): number => {
      if (s >= 6) return pick(s);
      const of = fds.filter((fd) => kinds.get(fd)?.k === k);
      return of.length === 0 ? pick(s) : of[s % of.length]!;
    };
    const forget = (fd: number) => {
      kinds.delete(fd);
      for (let i = fds.length - 1; i >= 0; i--) if (fds[i] === fd) fds.splice(i, 1);
    };
    const learn = (fd: number, k: Kind) => {
      forget(fd);
      kinds.set(fd, k);
      fds.push(fd);
    };

    function* run(list: readonly Op[]): Generator<SyscallRequest, void, unknown> {
      for (const op of list) {
        yield* step(op);
        if (errno >= 512) log.push({ kind: "leak", pid: me, errno, op: op.t });
      }
    }

    function* step(op: Op): Generator<SyscallRequest, void, unknown> {
      {
        switch (op.t) {
          case "pipe": {
            const p = new Int32Array(2);
            if ((yield* pipe2(p, op.nonblock ? O_NONBLOCK : 0)) === 0) {
              const ino = (yield* fstat(p[0]!, st)) === 0 ? st.st_ino : 0;
              learn(p[0]!, { k: "pr", ino });
              learn(p[1]!, { k: "pw", ino });
            }
            break;
          }
          case "socketpair": {
            const sv = new Int32Array(2);
            if ((yield* socketpair(AF_UNIX, SOCK_STREAM, 0, sv)) === 0) {
              learn(sv[0]!, { k: "sock", ino: 0 });
              learn(sv[1]!, { k: "sock", ino: 0 });
            }
            break;
          }
          case "tcp": {
            // A TCP connection over loopback: listener, client, accepted socket.
            const lst = yield* socket(AF_INET, SOCK_STREAM, 0);
            if (lst < 0) break;
            learn(lst, { k: "sock", ino: 0 });
            const a = sockaddr_in();
            a.sin_family = AF_INET;
            a.sin_port = htons(op.port);
            a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
            if ((yield* bind(lst, a)) < 0 || (yield* listen(lst, 2)) < 0) break;
            const len = ref(0);
            if ((yield* getsockname(lst, a, len)) < 0) break;
            const c = yield* socket(AF_INET, SOCK_STREAM, 0);
            if (c < 0) break;
            learn(c, { k: "sock", ino: 0 });
            if ((yield* connect(c, a)) < 0) break;
            const s2 = yield* accept(lst, null, null);
            if (s2 >= 0) learn(s2, { k: "sock", ino: 0 });
            if (op.shutdown) yield* shutdown(c, SHUT_WR);
            break;
          }
          case "open": {
            const acc = op.mode === "r" ? O_RDONLY : op.mode === "rw" ? O_RDWR : O_WRONLY;
            const extra = op.mode === "append" ? O_APPEND : op.mode === "trunc" ? O_TRUNC : 0;
            const fd = yield* open(FILES[op.file]!, acc | extra | O_CREAT | (op.nonblock ? O_NONBLOCK : 0), 0o644);
            if (fd >= 0) learn(fd, { k: "file", ino: 0 });
            break;
          }
          case "write": {
            const fd = pickKind(op.slot, op.sock ? "sock" : "pw");
            const k = kinds.get(fd);
            const ino = k?.ino ?? 0;
            const buf = new Uint8Array(op.records * 8);
            for (let i = 0; i < op.records; i++) buf.set(record(ino, me, seq + i), i * 8);
            const n = yield* write(fd, buf, buf.length);
            if (n > 0 && k?.k === "pw") {
              const seqs: number[] = [];
              for (let i = 0; i < Math.floor(n / 8); i++) seqs.push(seq + i);
              log.push({ kind: "w", pid: me, ino, seqs });
            }
            seq += op.records;
            break;
          }
          case "read": {
            const fd = pickKind(op.slot, op.sock ? "sock" : "pr");
            if (op.guard) {
              // An event loop's read: only when poll says it will not block.
              const pf = [pollfd(fd, POLLIN)];
              if ((yield* poll(pf, 1, 0)) <= 0) break;
            }
            const buf = new Uint8Array(op.records * 8);
            const n = yield* read(fd, buf, buf.length);
            const k = kinds.get(fd);
            if (n > 0 && k?.k === "pr") log.push({ kind: "r", pid: me, ino: k.ino, bytes: buf.slice(0, n) });
            break;
          }
          case "close": {
            const fd = pick(op.slot);
            if ((yield* close(fd)) === 0) forget(fd);
            break;
          }
          case "dup": {
            const fd = pick(op.slot);
            const k = kinds.get(fd);
            const nfd = yield* dup(fd);
            if (nfd >= 0 && k) learn(nfd, k);
            break;
          }
          case "dup2": {
            const fd = pick(op.slot);
            const to = op.to < 8 ? pick(op.to) : op.to + 8;
            const k = kinds.get(fd);
            const r = yield* dup2(fd, to);
            if (r >= 0 && k && r !== fd) learn(r, k);
            break;
          }
          case "lseek":
            yield* lseek(pick(op.slot), op.off, op.whence);
            break;
          case "unlink":
            yield* unlink(FILES[op.file]!);
            break;
          case "setnb": {
            const fd = pick(op.slot);
            const fl = yield* fcntl(fd, F_GETFL);
            if (fl >= 0) yield* fcntl(fd, F_SETFL, op.on ? fl | O_NONBLOCK : fl & ~O_NONBLOCK);
            break;
          }
          case "fork": {
            const pid = yield* fork();
            if (pid === 0) {
              me = yield* getpid();
              logged = 0;
              children.length = 0;
              yield* run(op.body);
              yield* _exit(0);
            } else if (pid > 0) {
              children.push(pid);
            }
            break;
          }
          case "exec":
            yield* execv("/bin/kid", ["kid", String(op.code), String(op.sleepUs)]);
            break;
          case "exit":
            if (op.raw) yield* _exit(op.code);
            else yield* exit(op.code);
            break;
          case "wait": {
            const who = op.child < 0 || children.length === 0 ? -1 : children[op.child % children.length]!;
            const status = ref(0);
            yield* waitpid(who, status, op.nohang ? WNOHANG : 0);
            break;
          }
          case "kill": {
            let pid: number;
            if (op.target === "self") pid = me;
            else if (op.target === "parent") pid = yield* getppid();
            else if (op.target === "group") pid = 0;
            else pid = children.length === 0 ? me : children[op.child % children.length]!;
            yield* kill(pid, op.sig);
            break;
          }
          case "sigaction": {
            const disp = op.disp === "handler" ? handler : op.disp === "ign" ? SIG_IGN : SIG_DFL;
            yield* sigaction(op.sig, sigaction_t(disp, op.restart ? SA_RESTART : 0));
            break;
          }
          case "sigmask": {
            const set = sigset_t();
            sigaddset(set, op.sig);
            yield* sigprocmask(op.how, set);
            break;
          }
          case "sleep":
            yield* usleep(op.us);
            break;
          case "alarm":
            yield* alarm(op.s);
            break;
          case "compute":
            yield* compute(op.us * 1000);
            break;
          case "poll": {
            const set = op.slots.map((s) => pollfd(pick(s), POLLIN | POLLOUT));
            yield* poll(set, set.length, op.timeoutMs);
            break;
          }
          case "epoll_create": {
            const fd = yield* epoll_create1(0);
            if (fd >= 0) learn(fd, { k: "epoll", ino: 0 });
            break;
          }
          case "epoll_ctl": {
            const ev = epoll_event(op.events);
            ev.data.fd = pick(op.slot);
            yield* epoll_ctl(pickKind(op.ep, "epoll"), op.op, pick(op.slot), ev);
            break;
          }
          case "epoll_wait": {
            const evs = [epoll_event(), epoll_event(), epoll_event(), epoll_event()];
            yield* epoll_wait(pickKind(op.ep, "epoll"), evs, evs.length, op.timeoutMs);
            break;
          }
        }
      }
    }

    // Prologue: one pipe, so that most programs move data.
    yield* run([{ t: "pipe", nonblock: false }]);
    yield* run(ops);
    return caught & 0;
  });
}
