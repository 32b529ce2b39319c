// Linux x86_64 resource limits (asm-generic/resource.h, glibc 2.36's
// <sys/resource.h>) and strace 6.1's rendering of them, as measured with
// test/kernel/rlimit-cases.c:
//   prlimit64(0, RLIMIT_NOFILE, NULL, {rlim_cur=1024, rlim_max=4*1024}) = 0
//   prlimit64(0, RLIMIT_CORE, NULL, {rlim_cur=0, rlim_max=RLIM64_INFINITY}) = 0
//   getrlimit(0x63 /* RLIMIT_??? */, 0x7ffc0000) = -1 EINVAL (Invalid argument)

import { xlatValue } from "./fcntl.ts";

export const RLIMIT_CPU = 0, RLIMIT_FSIZE = 1, RLIMIT_DATA = 2, RLIMIT_STACK = 3, RLIMIT_CORE = 4,
  RLIMIT_RSS = 5, RLIMIT_NPROC = 6, RLIMIT_NOFILE = 7, RLIMIT_MEMLOCK = 8, RLIMIT_AS = 9,
  RLIMIT_LOCKS = 10, RLIMIT_SIGPENDING = 11, RLIMIT_MSGQUEUE = 12, RLIMIT_NICE = 13,
  RLIMIT_RTPRIO = 14, RLIMIT_RTTIME = 15;
/** Number of resources: a resource ≥ RLIM_NLIMITS is EINVAL. */
export const RLIM_NLIMITS = 16;
/** RLIMIT_OFILE is BSD's name for RLIMIT_NOFILE (glibc defines both). */
export const RLIMIT_OFILE = RLIMIT_NOFILE;
/**
 * "No limit". C's is `(rlim_t)-1` (18446744073709551615, beyond a JS
 * number's exact range); kernsim's is `Infinity`, so `cur > max` and
 * `=== RLIM_INFINITY` read as in C. The kernel also takes -1 (C's value
 * seen as a signed long) as infinity.
 */
export const RLIM_INFINITY = Infinity;
export const RLIM_SAVED_CUR = RLIM_INFINITY, RLIM_SAVED_MAX = RLIM_INFINITY;

const NAMES: ReadonlyMap<number, string> = new Map([
  [RLIMIT_CPU, "RLIMIT_CPU"], [RLIMIT_FSIZE, "RLIMIT_FSIZE"], [RLIMIT_DATA, "RLIMIT_DATA"],
  [RLIMIT_STACK, "RLIMIT_STACK"], [RLIMIT_CORE, "RLIMIT_CORE"], [RLIMIT_RSS, "RLIMIT_RSS"],
  [RLIMIT_NPROC, "RLIMIT_NPROC"], [RLIMIT_NOFILE, "RLIMIT_NOFILE"], [RLIMIT_MEMLOCK, "RLIMIT_MEMLOCK"],
  [RLIMIT_AS, "RLIMIT_AS"], [RLIMIT_LOCKS, "RLIMIT_LOCKS"], [RLIMIT_SIGPENDING, "RLIMIT_SIGPENDING"],
  [RLIMIT_MSGQUEUE, "RLIMIT_MSGQUEUE"], [RLIMIT_NICE, "RLIMIT_NICE"], [RLIMIT_RTPRIO, "RLIMIT_RTPRIO"],
  [RLIMIT_RTTIME, "RLIMIT_RTTIME"],
]);

/** strace: `RLIMIT_NOFILE`, or `0x63 /* RLIMIT_??? *\/` for an unknown resource. */
export function rlimitName(resource: number): string {
  return xlatValue(NAMES, resource, "RLIMIT_???");
}

/** strace's print_rlim64_t: `RLIM64_INFINITY`, `4*1024` for a multiple of 1024 above 1024, else the number. */
export function rlimValueToString(v: number): string {
  if (v === RLIM_INFINITY) return "RLIM64_INFINITY";
  if (v > 1024 && v % 1024 === 0) return `${v / 1024}*1024`;
  return String(v);
}

/** A struct rlimit as strace prints it: `{rlim_cur=1024, rlim_max=4*1024}`. */
export function rlimitToString(r: { rlim_cur: number; rlim_max: number }): string {
  return `{rlim_cur=${rlimValueToString(r.rlim_cur)}, rlim_max=${rlimValueToString(r.rlim_max)}}`;
}
