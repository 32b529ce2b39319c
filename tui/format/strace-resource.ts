// strace's rendering of the resource-limit calls (strace 6.1; glibc's
// getrlimit/setrlimit/prlimit are all prlimit64 on x86-64):
//   prlimit64(0, RLIMIT_NOFILE, {rlim_cur=20000, rlim_max=20000}, NULL) = 0
//   prlimit64(0, RLIMIT_NOFILE, NULL, {rlim_cur=1024, rlim_max=4*1024}) = 0
//   prlimit64(0, RLIMIT_NOFILE, {rlim_cur=30, rlim_max=20001}, 0x7ffc0000) = -1 EPERM (Operation not permitted)
//   getrlimit(RLIMIT_NOFILE, {rlim_cur=1024, rlim_max=4*1024}) = 0
// Pure functions over traced arguments and replies; strace.ts merges them.

import { rlimitName, rlimitToString } from "../../kernel/uapi/resource.ts";

/** Where an out-parameter goes when the call did not fill it (as strace.ts). */
const PLACEHOLDER = "0x7ffc0000";

type ArgFormatter = (args: readonly unknown[], ret: unknown) => string;

interface TracedRlimit {
  rlim_cur: number;
  rlim_max: number;
}

function isRlimit(v: unknown): v is TracedRlimit {
  return typeof v === "object" && v !== null && "rlim_cur" in v && "rlim_max" in v;
}

/** An input struct rlimit: its fields, or NULL. */
function input(v: unknown): string {
  return isRlimit(v) ? rlimitToString(v) : v === null || v === undefined ? "NULL" : PLACEHOLDER;
}

/** An output struct rlimit: what the kernel wrote, or the address when it wrote nothing. */
function output(ret: unknown): string {
  return isRlimit(ret) ? rlimitToString(ret) : PLACEHOLDER;
}

export const RESOURCE_ARG_FORMATTERS: { [name: string]: ArgFormatter } = {
  prlimit64: ([pid, res, lim, wantOld], ret) =>
    `${pid}, ${rlimitName(res as number)}, ${input(lim)}, ${wantOld ? output(ret) : "NULL"}`,
  getrlimit: ([res], ret) => `${rlimitName(res as number)}, ${output(ret)}`,
  setrlimit: ([res, lim]) => `${rlimitName(res as number)}, ${input(lim)}`,
};
