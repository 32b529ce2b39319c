// The one typed syscall primitive every libc call is built on (xv6's
// usys.S): yield a request, get the raw reply, turn a negative errno into
// -1 + errno as glibc's syscall wrappers do. errno lives in the current
// process's memory and the exported binding is refreshed on every return
// from the kernel, so it is always this process's errno.

import { current, NO_REPLY, type SyscallRequest } from "../../kernel/abi.ts";

/**
 * `extern int errno;` (`#include <errno.h>`)
 *
 * number of last error (errno(3)). The calling process's errno as a
 * live binding: read it right after a call that returned -1 (`if (n < 0 &&
 * errno === EINTR) ...`). It lives in process memory, so each process (and a
 * forked child) has its own, and it is refreshed on every return from the
 * kernel. As in C, a successful call does not reset it. It cannot be assigned
 * from a program: write `set_errno(0)` where C writes `errno = 0`.
 *
 * @example if ((yield* read(fd, buf, buf.length)) < 0 && errno === EINTR) continue;
 */
export let errno = 0;

/**
 * The type of every syscall and I/O libc call: a generator you run with
 * `yield*`. `Sys<number>` is what C spells `int f(...)`; `yield* f(...)`
 * gives the value, and is the only place the process can block, be
 * preempted or receive a signal.
 *
 * @example function* copy(from: number, to: number): Sys<number> { ... }
 */
export type Sys<T> = Generator<SyscallRequest, T, unknown>;

/**
 * `long syscall(long number, ...);`
 *
 * indirect system call (syscall(2)). Makes syscall `nr`, named as
 * strace prints it (`"getpid"`, `"openat"`, `"wait4"`; see docs/syscalls.md)
 * rather than a `SYS_*` number, with the arguments the kernel's handler takes.
 * Returns the raw reply, or -1 with `errno` set when the reply is -4095..-1,
 * as glibc's wrapper does. Replies need not be numbers (`read` returns the
 * bytes): type them with `T`.
 *
 * @example const pid = yield* syscall("getpid");
 */
export function syscall<T = number>(nr: string, ...args: unknown[]): Sys<T | -1> {
  return new Call<T | -1>(nr, args);
}

/**
 * One syscall as an iterator: the first `next()` yields the request, the
 * second hands back what `then` makes of the reply after `result`; while
 * a process is replayed, the first `next()` takes the recorded reply and
 * returns at once (kernel/abi.ts ReplayFeed). kernsim only (libc
 * internals). It does what a generator wrapper
 * `function* f() { return then(result(yield req)); }` does, but `yield*`
 * over a plain iterator costs V8 about half of a generator's creation and
 * resumption, and every syscall, replayed ones included, pays it.
 *
 * A Call is also its own iterator result (`value`, `done`): `yield*` hands
 * a result to the runner as it is, and the runner and `yield*` read one as
 * soon as they get it, so a syscall makes one object, not three.
 *
 * @example return new Call<number>("getpid", []);
 */
export class Call<T> implements Generator<SyscallRequest, T, unknown>, SyscallRequest {
  private state = 0;
  /** As an iterator result: the request itself while it is yielded, then the call's return value. */
  value: unknown;
  done = false;
  constructor(
    /** The call is its own request: one object per syscall, not two. */
    readonly nr: string,
    readonly args: readonly unknown[],
    /** Turns the reply (after `result`: -1 on error) into the return value; `out` is its out-parameter. */
    private readonly then: ((r: unknown, out: unknown) => T) | null = null,
    private readonly out: unknown = null,
  ) {
    this.value = this;
  }

  next(reply?: unknown): IteratorResult<SyscallRequest, T> {
    if (this.state === 0) {
      // Replaying (fork, time travel): take the recorded reply without yielding.
      const feed = current.replay;
      if (feed !== null) {
        const r = feed.take(this);
        if (r !== NO_REPLY) {
          this.state = 2;
          const v = result<unknown>(r);
          this.value = this.then === null ? v : this.then(v, this.out);
          this.done = true;
          return this as IteratorResult<SyscallRequest, T>;
        }
      }
      this.state = 1;
      return this as IteratorResult<SyscallRequest, T>;
    }
    if (this.state === 2) return { value: undefined as T, done: true };
    this.state = 2;
    const r = result<unknown>(reply);
    this.value = this.then === null ? r : this.then(r, this.out);
    this.done = true;
    return this as IteratorResult<SyscallRequest, T>;
  }

  return(value: T): IteratorResult<SyscallRequest, T> {
    this.state = 2;
    return { value, done: true };
  }

  throw(e: unknown): IteratorResult<SyscallRequest, T> {
    this.state = 2;
    throw e;
  }

  [Symbol.iterator](): Generator<SyscallRequest, T, unknown> {
    return this;
  }
}

/**
 * What a raw reply means to C: -1 with errno set for -4095..-1, else the
 * reply. Hot wrappers yield their request themselves and call this, which
 * saves a level of generator delegation per call. kernsim only (libc
 * internals); also refreshes the `errno` binding from process memory.
 *
 * @example const r = result<number>(yield { nr: "getpid", args: [] });
 */
export function result<T>(r: unknown): T | -1 {
  const u = current.user;
  if (typeof r === "number" && r < 0 && r > -4096) {
    u.errno = -r;
    errno = -r;
    errnoOf = u;
    return -1;
  }
  // Only libc writes errno, and it keeps the binding in step; so the
  // binding needs reloading only when another process's memory is current.
  if (u !== errnoOf) {
    errnoOf = u;
    errno = (u.errno as number | undefined) ?? 0;
  }
  return r as T;
}

/** Whose memory the `errno` binding was last loaded from or written to. */
let errnoOf: object | null = null;

/**
 * `errno = e;`
 *
 * Sets the calling process's `errno`, for what C writes as an assignment to
 * `errno` (the exported binding is read-only to importers): `set_errno(0)`
 * before a call whose failure is only visible in errno, or in library code
 * that reports its own errors. kernsim only; a plain function, no `yield*`.
 *
 * @example set_errno(0);
 */
export function set_errno(e: number): void {
  current.user.errno = e;
  errno = e;
  errnoOf = current.user;
}

/**
 * This process's libc state: a slot in process memory, created on first
 * use. kernsim only (libc internals): what a C library keeps in static
 * variables lives here, so it is per process, copied by fork and reset by
 * execve.
 *
 * @example const st = userSlot("stdio", () => ({ streams: {} }));
 */
export function userSlot<T>(key: string, init: () => T): T {
  const u = current.user;
  let v = u[key] as T | undefined;
  if (v === undefined) {
    v = init();
    u[key] = v;
  }
  return v;
}

/**
 * C's `int *` / `socklen_t *` out-parameters: `const len = ref(0)`, then
 * `len.value` (what C reads as `len` after passing `&len`).
 */
export interface Ref<T> {
  value: T;
}

/**
 * `int x = value; ... &x`
 *
 * Makes an out-parameter holding `value`, for calls where C passes the
 * address of a variable (`wait(&status)`, `accept(fd, &addr, &len)`,
 * `getsockopt(..., &val, &len)`). kernsim only; a plain function.
 *
 * @example const status = ref(0); yield* wait(status); WEXITSTATUS(status.value);
 */
export function ref<T>(value: T): Ref<T> {
  return { value };
}
