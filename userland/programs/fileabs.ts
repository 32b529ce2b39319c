// The file abstraction — "Network Programming" slides, "Networking
// abstraction": the same write then read on a file and on a device.
//
//   fd = open("./hello.c", O_RDWR);     fd = open("/dev/hello", O_RDWR);
//   write(fd, "hello", 6);              write(fd, "hello", 6);
//   read(fd, buf, sizeof(buf));         read(fd, buf, sizeof(buf));
//
// On the file, read starts where write left the shared offset (the end),
// so it returns 0 until lseek rewinds; the device hands back what was
// written. argv[1] picks the path (default ./hello.c).

import { defineProgram } from "../libc/crt0.ts";
import {
  close, cstr, errno, exit, lseek, open, perror, printf, read, strerror, write, O_CREAT, O_RDWR, SEEK_SET,
} from "../libc/index.ts";

export default defineProgram("fileabs", function* (argv) {
  const path = argv[1] ?? "./hello.c";
  const buf = new Uint8Array(64);
  const fd = yield* open(path, O_RDWR | (path.startsWith("/dev/") ? 0 : O_CREAT), 0o644);
  if (fd < 0) {
    yield* perror("open");
    yield* exit(1);
  }
  yield* printf("open(\"%s\", O_RDWR) = %d\n", path, fd);
  const w = yield* write(fd, "hello\0", 6);
  yield* printf("write(%d, \"hello\", 6) = %d\n", fd, w);
  let n = yield* read(fd, buf, buf.length);
  yield* printf("read(%d, buf, %d) = %d%s\n", fd, buf.length, n, n > 0 ? ` "${cstr(buf)}"` : n < 0 ? ` (${strerror(errno)})` : "");
  const off = yield* lseek(fd, 0, SEEK_SET);
  if (off >= 0) {
    n = yield* read(fd, buf, buf.length);
    yield* printf("lseek(%d, 0, SEEK_SET) = %d; read = %d \"%s\"\n", fd, off, n, cstr(buf));
  } else {
    yield* printf("lseek(%d, 0, SEEK_SET) = -1 (%s)\n", fd, strerror(errno));
  }
  yield* close(fd);
  return 0;
}, { description: "write then read on a file and on /dev/hello (Network Programming slides)" });
