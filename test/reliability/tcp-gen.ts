// The two-host TCP stream scenario of tcp-streams.test.ts: a client writes
// chunks of a patterned byte stream, shuts down its side and reads the
// server's reply; the server checks every byte and replies with the count.

import { defineScenario } from "../../kernel/sim/scenario.ts";
import { defineProgram } from "../../userland/libc/crt0.ts";
import {
  accept, AF_INET, bind, close, connect, exit, htons, inet_addr, INADDR_ANY, listen, printf, read, SHUT_WR, shutdown,
  socket, sockaddr_in, SOCK_STREAM, write, setsockopt, SOL_SOCKET, SO_REUSEADDR,
} from "../../userland/libc/index.ts";

/** Byte i of the stream: a pattern that shows misordering, loss and duplication. */
export const byteAt = (i: number) => (i * 7 + (i >> 8)) & 0xff;

export function scenario(chunks: number[], net: { latency: string; loss: number; duplicate: number; reorder: number }, killAt?: string) {
  const server = defineProgram("server", function* () {
    const lst = yield* socket(AF_INET, SOCK_STREAM, 0);
    yield* setsockopt(lst, SOL_SOCKET, SO_REUSEADDR, 1);
    const a = sockaddr_in();
    a.sin_family = AF_INET;
    a.sin_port = htons(7000);
    a.sin_addr.s_addr = INADDR_ANY;
    if ((yield* bind(lst, a)) < 0 || (yield* listen(lst, 4)) < 0) yield* exit(10);
    const c = yield* accept(lst, null, null);
    if (c < 0) yield* exit(11);
    const buf = new Uint8Array(3000);
    let total = 0, bad = -1, n: number;
    while ((n = yield* read(c, buf, buf.length)) > 0) {
      for (let i = 0; i < n; i++) if (bad < 0 && buf[i] !== byteAt(total + i)) bad = total + i;
      total += n;
    }
    yield* write(c, `${total} ${bad}`);
    yield* close(c);
    yield* close(lst);
    yield* printf("server got %d bad %d eof %d\n", total, bad, n);
    return 0;
  });
  const client = defineProgram("client", function* () {
    const s = yield* socket(AF_INET, SOCK_STREAM, 0);
    const a = sockaddr_in();
    a.sin_family = AF_INET;
    a.sin_port = htons(7000);
    a.sin_addr.s_addr = inet_addr("10.0.0.1");
    if ((yield* connect(s, a)) < 0) yield* exit(20);
    let off = 0;
    for (const len of chunks) {
      const b = new Uint8Array(len);
      for (let i = 0; i < len; i++) b[i] = byteAt(off + i);
      const w = yield* write(s, b);
      if (w !== len) yield* exit(21);
      off += len;
    }
    yield* shutdown(s, SHUT_WR);
    const reply = new Uint8Array(64);
    let got = "", n: number;
    while ((n = yield* read(s, reply, 64)) > 0) got += new TextDecoder().decode(reply.subarray(0, n));
    yield* close(s);
    yield* printf("client sent %d reply %s\n", off, got);
    return 0;
  });
  return defineScenario({
    name: "tcp-stream",
    hosts: [{ name: "server", ip: "10.0.0.1" }, { name: "client", ip: "10.0.0.2" }],
    network: net,
    processes: [
      { host: "server", program: server, argv: ["server"] },
      { host: "client", program: client, argv: ["client"], start: "1ms" },
    ],
    events: killAt === undefined ? [] : [{ at: killAt, process: "client", signal: "SIGKILL" }],
    until: { exit: true, time: "600s" },
  });
}

