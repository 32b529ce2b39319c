// <sys/wait.h>: wait, waitpid and the status macros (glibc's definitions).

import { syscall, type Ref, type Sys } from "./syscall.ts";
export {
  WNOHANG, WUNTRACED, WCONTINUED, WIFEXITED, WEXITSTATUS, WIFSIGNALED, WTERMSIG, WIFSTOPPED,
  WSTOPSIG, WIFCONTINUED, WCOREDUMP,
} from "../../kernel/uapi/wait.ts";

/** waitpid(pid, &status, options): `status` is a ref (or null, like NULL). */
export function* waitpid(pid: number, status: Ref<number> | null, options = 0): Sys<number> {
  const r = yield* syscall<{ pid: number; status: number } | number>("wait4", pid, options);
  if (typeof r === "number") return r;
  if (status) status.value = r.status;
  return r.pid;
}

/** wait(&status) is waitpid(-1, &status, 0). */
export function* wait(status: Ref<number> | null = null): Sys<number> {
  return yield* waitpid(-1, status, 0);
}
