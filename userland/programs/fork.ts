// fork.c — "OS view of networking – Sockets API" (CS162 lecture 5), slide
// "Process races: fork.c": parent and child print concurrently. argv[1]
// sets the number of lines each prints (the lecture's 100 by default).
//
//   cpid = fork();
//   if (cpid > 0) {
//       mypid = getpid();
//       printf("[%d] parent of [%d]\n", mypid, cpid);
//       for (i=0; i<100; i++) printf("[%d] parent: %d\n", mypid, i);
//   } else if (cpid == 0) {
//       mypid = getpid();
//       printf("[%d] child\n", mypid);
//       for (i=0; i>-100; i--) printf("[%d] child: %d\n", mypid, i);
//   }

import { defineProgram } from "../libc/crt0.ts";
import { exit, fork, getpid, perror, printf } from "../libc/index.ts";

export default defineProgram("fork", function* (argv) {
  const n = argv[1] !== undefined ? Number(argv[1]) : 100;
  let i: number;
  const cpid = yield* fork();
  if (cpid > 0) {
    const mypid = yield* getpid();
    yield* printf("[%d] parent of [%d]\n", mypid, cpid);
    for (i = 0; i < n; i++) {
      yield* printf("[%d] parent: %d\n", mypid, i);
    }
  } else if (cpid === 0) {
    const mypid = yield* getpid();
    yield* printf("[%d] child\n", mypid);
    for (i = 0; i > -n; i--) {
      yield* printf("[%d] child: %d\n", mypid, i);
    }
  } else {
    yield* perror("Fork failed");
    yield* exit(1);
  }
  return 0;
}, { description: "Parent and child printing at once: the fork race (fork.c)" });
