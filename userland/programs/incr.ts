// A lost update: read a number from a file, add one, write it back — with
// no lock. Two of these at once can both read the same value, and one
// increment is lost (the classic read-modify-write race, here on a file
// as in the lecture's shared-counter examples).
//
//   fd = open(path, O_RDWR);
//   n = read(fd, buf, sizeof(buf) - 1);  value = atoi(buf);
//   lseek(fd, 0, SEEK_SET);
//   dprintf(fd, "%d\n", value + 1);
//   close(fd);
//
// `incr <path> show` only prints the value (what `cat counter` shows).

import { defineProgram } from "../libc/crt0.ts";
import { close, cstr, exit, getpid, lseek, open, perror, printf, read, write, O_RDONLY, O_RDWR, SEEK_SET } from "../libc/index.ts";

export default defineProgram("incr", function* (argv) {
  const path = argv[1] ?? "counter";
  const show = argv[2] === "show";
  const fd = yield* open(path, show ? O_RDONLY : O_RDWR);
  if (fd < 0) {
    yield* perror(path);
    yield* exit(1);
  }
  const buf = new Uint8Array(32);
  const n = yield* read(fd, buf, buf.length - 1);
  if (n < 0) {
    yield* perror("read");
    yield* exit(1);
  }
  const value = Number.parseInt(cstr(buf), 10) || 0;
  if (show) {
    yield* printf("%s = %d\n", path, value);
    return 0;
  }
  yield* lseek(fd, 0, SEEK_SET);
  yield* write(fd, `${value + 1}\n`);
  yield* close(fd);
  yield* printf("[%d] read %d, wrote %d\n", yield* getpid(), value, value + 1);
  return 0;
}, { description: "read-modify-write of a number in a file, with no lock (the lost update)" });
