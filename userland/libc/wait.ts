// <sys/wait.h>: wait, waitpid and the status macros (glibc's definitions).

import { syscall, type Ref, type Sys } from "./syscall.ts";
/**
 * <sys/wait.h> constants and status macros, with Linux's values and glibc's
 * definitions (kernel/uapi/wait.ts): the `waitpid` options `WNOHANG` (1:
 * return 0 at once if no child has changed state), `WUNTRACED` (2: also
 * report stopped children) and `WCONTINUED` (8: also report children
 * resumed by SIGCONT); and the macros over a status filled in by `wait` /
 * `waitpid`: `WIFEXITED(s)` / `WEXITSTATUS(s)` (normal exit and its low 8
 * bits), `WIFSIGNALED(s)` / `WTERMSIG(s)` / `WCOREDUMP(s)` (killed by a
 * signal), `WIFSTOPPED(s)` / `WSTOPSIG(s)`, `WIFCONTINUED(s)`. They are
 * plain functions of the number (`WEXITSTATUS(status.value)`); the `WIF*`
 * tests and `WCOREDUMP` return a boolean where C gives a nonzero int.
 */
export {
  WNOHANG, WUNTRACED, WCONTINUED, WIFEXITED, WEXITSTATUS, WIFSIGNALED, WTERMSIG, WIFSTOPPED,
  WSTOPSIG, WIFCONTINUED, WCOREDUMP,
} from "../../kernel/uapi/wait.ts";

/**
 * `pid_t waitpid(pid_t pid, int *wstatus, int options);`
 *
 * wait for process to change state (waitpid(2)). Waits for the child `pid`
 * (-1: any child; 0: any child in the caller's process group; < -1: any in
 * group -pid), reaps it if it exited, and stores its status in `status`,
 * an out-parameter `ref(0)` or `null` where C passes NULL (decode it with
 * `WIFEXITED(status.value)`, `WEXITSTATUS(...)`, ...). `options` defaults
 * to 0 and may combine `WNOHANG`, `WUNTRACED`, `WCONTINUED`. Returns the
 * child's pid, 0 with `WNOHANG` when no child has changed state yet, or -1
 * with `errno` set (ECHILD: no such child; EINVAL: bad options; EINTR: a
 * handler without SA_RESTART ran while it waited — `signal()` installs
 * with SA_RESTART, so the wait is restarted).
 *
 * @example const status = ref(0); const pid = yield* waitpid(cpid, status, 0);
 */
export function* waitpid(pid: number, status: Ref<number> | null, options = 0): Sys<number> {
  const r = yield* syscall<{ pid: number; status: number } | number>("wait4", pid, options);
  if (typeof r === "number") return r;
  if (status) status.value = r.status;
  return r.pid;
}

/**
 * `pid_t wait(int *wstatus);`
 *
 * wait for process to change state (wait(2)). `wait(&status)` is
 * `waitpid(-1, &status, 0)`: blocks until any child exits, reaps it and
 * returns its pid, storing its status in `status` (a `ref(0)`, or `null` /
 * omitted where C passes NULL). Returns -1 with `errno` set: ECHILD when
 * the caller has no children left, EINTR when a handler without SA_RESTART
 * interrupted the wait.
 *
 * @example const status = ref(0); const pid = yield* wait(status);
 */
export function* wait(status: Ref<number> | null = null): Sys<number> {
  return yield* waitpid(-1, status, 0);
}
