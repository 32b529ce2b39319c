// Zombies and orphans — "Recall: UNIX Process Management" (CS162 lecture 5):
// a child that exits before its parent waits stays a zombie (Z) until
// reaped; a child whose parent exits first is adopted by init (pid 1).
//   zombie  — the child exits at once; the parent sleeps 2 s, then waits.
//   orphan  — the parent exits at once; the child prints getppid() before
//             and after.

import { defineProgram } from "../libc/crt0.ts";
import {
  exit, fork, getpid, getppid, printf, ref, sleep, wait, WEXITSTATUS,
} from "../libc/index.ts";

export default defineProgram("zombie", function* (argv) {
  const mode = argv[1] ?? "zombie";
  const me = yield* getpid();
  const cpid = yield* fork();
  if (cpid === 0) {
    const child = yield* getpid();
    if (mode === "orphan") {
      yield* printf("[%d] child: my parent is %d\n", child, yield* getppid());
      yield* sleep(1);
      yield* printf("[%d] child: my parent is now %d\n", child, yield* getppid());
      yield* exit(0);
    }
    yield* printf("[%d] child: exiting with status 3\n", child);
    yield* exit(3);
  }
  if (mode === "orphan") {
    yield* printf("[%d] parent: exiting, leaving %d behind\n", me, cpid);
    yield* exit(0);
  }
  yield* printf("[%d] parent: sleeping while %d is a zombie\n", me, cpid);
  yield* sleep(2);
  const status = ref(0);
  const pid = yield* wait(status);
  yield* printf("[%d] parent: reaped %d, exit status %d\n", me, pid, WEXITSTATUS(status.value));
  return 0;
}, { description: "A zombie until its parent waits; an orphan adopted by init" });
