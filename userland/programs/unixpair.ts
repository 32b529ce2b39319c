// unixpair.c — "Communication between processes" with the sockets API
// (CS162 lecture 5's sockets next to pipes, the Network Programming slides'
// "sockets are files"): socketpair(AF_UNIX, SOCK_STREAM) and fork; unlike a
// pipe both ends talk: the parent asks, the child answers, each read ends
// at EOF when the other side closes.

import { defineProgram } from "../libc/crt0.ts";
import {
  AF_UNIX, close, cstr, exit, fork, getpid, perror, printf, read, ref, SOCK_STREAM, socketpair, strlen, wait,
  WEXITSTATUS, write,
} from "../libc/index.ts";

export default defineProgram("unixpair", function* () {
  const sv = new Int32Array(2);
  if ((yield* socketpair(AF_UNIX, SOCK_STREAM, 0, sv)) < 0) {
    yield* perror("socketpair");
    yield* exit(1);
  }
  const buf = new Uint8Array(128);
  const cpid = yield* fork();
  if (cpid < 0) {
    yield* perror("fork");
    yield* exit(1);
  }
  if (cpid === 0) {
    yield* close(sv[0]!);
    const me = yield* getpid();
    let n: number;
    while ((n = yield* read(sv[1]!, buf, buf.length - 1)) > 0) {
      buf[n] = 0;
      yield* printf("[%d] child got: %s", me, cstr(buf));
      const reply = `echo: ${cstr(buf)}`;
      yield* write(sv[1]!, reply, strlen(reply));
    }
    yield* printf("[%d] child: end of file\n", me);
    yield* close(sv[1]!);
    yield* exit(0);
  }
  yield* close(sv[1]!);
  const me = yield* getpid();
  for (const msg of ["ping\n", "hello over a socketpair\n"]) {
    yield* write(sv[0]!, msg, strlen(msg));
    const n = yield* read(sv[0]!, buf, buf.length - 1);
    buf[n] = 0;
    yield* printf("[%d] parent got: %s", me, cstr(buf));
  }
  yield* close(sv[0]!);
  const status = ref(0);
  const pid = yield* wait(status);
  yield* printf("[%d] parent: child %d exited with status %d\n", me, pid, WEXITSTATUS(status.value));
  return 0;
}, { description: "socketpair(AF_UNIX) + fork: a two-way conversation between parent and child" });
