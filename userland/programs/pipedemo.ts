// pipe + fork — the classic demo behind "Communication between processes"
// (CS162 lecture 5): the parent writes into a pipe, the child reads and
// prints until EOF, which comes only when every write end is closed.

import { defineProgram } from "../libc/crt0.ts";
import {
  close, cstr, exit, fork, getpid, perror, pipe, printf, read, strlen, wait, write, ref, WEXITSTATUS, WIFEXITED,
} from "../libc/index.ts";

export default defineProgram("pipedemo", function* (argv) {
  const fds = new Int32Array(2);
  if ((yield* pipe(fds)) < 0) {
    yield* perror("pipe");
    yield* exit(1);
  }
  const cpid = yield* fork();
  if (cpid < 0) {
    yield* perror("fork");
    yield* exit(1);
  }
  if (cpid === 0) {
    yield* close(fds[1]!); // without this the child never sees EOF
    const buf = new Uint8Array(128);
    let n: number;
    const me = yield* getpid();
    while ((n = yield* read(fds[0]!, buf, buf.length - 1)) > 0) {
      buf[n] = 0;
      yield* printf("[%d] child read %d bytes: %s", me, n, cstr(buf));
    }
    yield* printf("[%d] child: end of file\n", me);
    yield* close(fds[0]!);
    yield* exit(7);
  }
  yield* close(fds[0]!);
  const me = yield* getpid();
  for (const msg of argv.length > 1 ? argv.slice(1) : ["hello through a pipe\n", "second message\n"]) {
    const line = msg.endsWith("\n") ? msg : msg + "\n";
    yield* write(fds[1]!, line, strlen(line));
  }
  yield* close(fds[1]!);
  const status = ref(0);
  const pid = yield* wait(status);
  if (WIFEXITED(status.value)) yield* printf("[%d] parent: child %d exited with status %d\n", me, pid, WEXITSTATUS(status.value));
  return 0;
}, { description: "A parent writes into a pipe, its child reads to EOF" });
