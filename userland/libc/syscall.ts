// The one typed syscall primitive every libc call is built on (xv6's
// usys.S): yield a request, get the raw reply, turn a negative errno into
// -1 + errno as glibc's syscall wrappers do. errno lives in the current
// process's memory and the exported binding is refreshed on every return
// from the kernel, so it is always this process's errno.

import { current, type SyscallRequest } from "../../kernel/abi.ts";

/** The calling process's errno (a live binding, as `#include <errno.h>` gives). */
export let errno = 0;

export type Sys<T> = Generator<SyscallRequest, T, unknown>;

/** Makes syscall `nr`; returns the raw reply, or -1 with errno set for -4095..-1. */
export function* syscall<T = number>(nr: string, ...args: unknown[]): Sys<T | -1> {
  return result<T>(yield { nr, args });
}

/**
 * What a raw reply means to C: -1 with errno set for -4095..-1, else the
 * reply. Hot wrappers yield their request themselves and call this, which
 * saves a level of generator delegation per call.
 */
export function result<T>(r: unknown): T | -1 {
  if (typeof r === "number" && r < 0 && r > -4096) {
    current.user.errno = -r;
    errno = -r;
    return -1;
  }
  errno = (current.user.errno as number | undefined) ?? 0;
  return r as T;
}

/** Sets errno (C's `errno = e`), for library code that reports errors itself. */
export function set_errno(e: number): void {
  current.user.errno = e;
  errno = e;
}

/** This process's libc state: a slot in process memory, created on first use. */
export function userSlot<T>(key: string, init: () => T): T {
  const u = current.user;
  let v = u[key] as T | undefined;
  if (v === undefined) {
    v = init();
    u[key] = v;
  }
  return v;
}

/** C's `int *` / `socklen_t *` out-parameters: `const len = ref(0)`, then `len.value`. */
export interface Ref<T> {
  value: T;
}

export function ref<T>(value: T): Ref<T> {
  return { value };
}
