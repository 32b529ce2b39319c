// Closing: EOF, EPIPE and SIGPIPE after the peer closes (linux README §3),
// RST on close with unread data (§4), shutdown() and the states it leads
// to (§5). Grouped by the TCP state our socket is in.

import { describe, expect, it } from "vitest";
import {
  accept, close, EPOLLERR, EPOLLHUP, EPOLLIN, EPOLLOUT, EPOLLRDHUP, exit, fork, getsockopt, IPPROTO_TCP, linger,
  MSG_NOSIGNAL, perror, poll, pollfd, printf, read, ref, send, setsockopt, shutdown, SHUT_RD, SHUT_RDWR,
  SHUT_WR, signal, SIGPIPE, SIG_IGN, SOL_SOCKET, SO_ERROR, SO_LINGER, TCP_INFO, wait, WEXITSTATUS, WIFSIGNALED,
  WTERMSIG, write, accept as acceptFn, pipe, pause, socket, AF_INET, SOCK_STREAM,
} from "../../../userland/libc/index.ts";
import { runProgram } from "../../helpers/index.ts";
import { dial, listener, report, settle } from "./helpers.ts";

const NAMES = [[EPOLLIN, "IN"], [EPOLLOUT, "OUT"], [EPOLLERR, "ERR"], [EPOLLHUP, "HUP"], [EPOLLRDHUP, "RDHUP"]] as const;
const ALL = EPOLLIN | EPOLLOUT | EPOLLRDHUP;

function* mask(label: string, fd: number, events = ALL) {
  const p = [pollfd(fd, events)];
  yield* poll(p, 1, 0);
  yield* printf("%s %s\n", label, NAMES.filter(([b]) => p[0]!.revents & b).map(([, n]) => n).join("+") || "0");
}

const STATE: Record<number, string> = { 1: "ESTABLISHED", 2: "SYN_SENT", 4: "FIN_WAIT1", 5: "FIN_WAIT2", 6: "TIME_WAIT", 7: "CLOSE", 8: "CLOSE_WAIT", 9: "LAST_ACK", 10: "LISTEN", 11: "CLOSING" };

function* state(label: string, fd: number) {
  const info = ref<{ tcpi_state: number }>({ tcpi_state: 0 });
  yield* getsockopt(fd, IPPROTO_TCP, TCP_INFO, info);
  yield* printf("%s %s\n", label, STATE[info.value.tcpi_state] ?? "?");
}

/** A connected pair over loopback: [client, accepted]. */
function* pair(port = 6000) {
  const l = yield* listener(port);
  const c = yield* dial(port);
  const s = yield* accept(l, null, null);
  return [c, s, l] as const;
}

const buf = () => new Uint8Array(64);

describe("CLOSE-WAIT: the peer closed cleanly (README §3)", () => {
  it("reads give 0 and 0; the first write succeeds and draws an RST; then EPIPE with SIGPIPE every time", () => {
    const r = runProgram(function* () {
      let pipes = 0;
      yield* signal(SIGPIPE, function* () { pipes++; });
      const [c, s] = yield* pair();
      yield* close(s);
      yield* settle();
      yield* state("state", c);
      yield* report("read", yield* read(c, buf(), 10));
      yield* report("read", yield* read(c, buf(), 10));
      yield* report("write", yield* write(c, "hello"));
      yield* settle();
      yield* state("state", c);
      yield* report("write", yield* write(c, "hello"));
      yield* printf("sigpipe %d\n", pipes);
      yield* report("write", yield* write(c, "hello"));
      yield* printf("sigpipe %d\n", pipes);
      yield* report("read", yield* read(c, buf(), 10));
    });
    expect(r.terminals.prog).toBe([
      "state CLOSE_WAIT", "read 0", "read 0", "write 5", "state CLOSE", "write -1 EPIPE", "sigpipe 1", "write -1 EPIPE", "sigpipe 2", "read 0", "",
    ].join("\n"));
  });

  it("the RST in CLOSE-WAIT sets SO_ERROR to EPIPE; a read still gives 0 and leaves it pending", () => {
    const r = runProgram(function* () {
      yield* signal(SIGPIPE, SIG_IGN);
      const [c, s] = yield* pair();
      yield* close(s);
      yield* settle();
      yield* write(c, "hello");
      yield* settle();
      yield* report("read", yield* read(c, buf(), 10));
      const e = ref(0);
      yield* getsockopt(c, SOL_SOCKET, SO_ERROR, e);
      yield* printf("SO_ERROR %d\n", e.value);
      yield* report("write", yield* write(c, "x"));
      yield* perror("write");
    });
    expect(r.terminals.prog).toBe("read 0\nSO_ERROR 32\nwrite -1 EPIPE\nwrite: Broken pipe\n");
  });

  it("SIGPIPE's default action kills the writer (WTERMSIG 13); MSG_NOSIGNAL keeps it alive", () => {
    const r = runProgram(function* () {
      for (const nosig of [false, true]) {
        const [c, s] = yield* pair(nosig ? 6001 : 6000);
        yield* close(s);
        yield* settle();
        const pid = yield* fork();
        if (pid === 0) {
          yield* send(c, "hello", 5, nosig ? MSG_NOSIGNAL : 0);
          yield* settle();
          yield* send(c, "hello", 5, nosig ? MSG_NOSIGNAL : 0);
          yield* send(c, "hello", 5, nosig ? MSG_NOSIGNAL : 0);
          yield* exit(7);
        }
        const st = ref(0);
        yield* wait(st);
        if (WIFSIGNALED(st.value)) yield* printf("killed by %d\n", WTERMSIG(st.value));
        else yield* printf("exit %d\n", WEXITSTATUS(st.value));
      }
    });
    expect(r.terminals.prog).toBe("killed by 13\nexit 7\n");
  });

  it("data then FIN: read gives the bytes, then 0", () => {
    const r = runProgram(function* () {
      const [c, s] = yield* pair();
      yield* write(s, "abc");
      yield* close(s);
      yield* settle();
      yield* report("read", yield* read(c, buf(), 10));
      yield* report("read", yield* read(c, buf(), 10));
    });
    expect(r.terminals.prog).toBe("read 3\nread 0\n");
  });

  it("a peer that did shutdown(SHUT_RDWR) but kept its fd resets on our data: its read gives ECONNRESET", () => {
    const r = runProgram(function* () {
      yield* signal(SIGPIPE, SIG_IGN);
      const [c, s] = yield* pair();
      yield* shutdown(s, SHUT_RDWR);
      yield* settle();
      yield* report("read", yield* read(c, buf(), 10));
      yield* report("write", yield* write(c, "x"));
      yield* settle();
      yield* state("ours", c);
      yield* state("peer", s);
      yield* report("write", yield* write(c, "x"));
      yield* report("peer read", yield* read(s, buf(), 10));
    });
    expect(r.terminals.prog).toBe("read 0\nwrite 1\nours CLOSE\npeer CLOSE\nwrite -1 EPIPE\npeer read -1 ECONNRESET\n");
  });

  it("epoll sees IN+OUT+RDHUP after the peer's FIN and IN+OUT+ERR+HUP+RDHUP after the RST", () => {
    const r = runProgram(function* () {
      yield* signal(SIGPIPE, SIG_IGN);
      const [c, s] = yield* pair();
      yield* mask("idle", c);
      yield* close(s);
      yield* settle();
      yield* mask("peer closed", c);
      yield* write(c, "x");
      yield* settle();
      yield* mask("after RST", c);
    });
    expect(r.terminals.prog).toBe("idle OUT\npeer closed IN+OUT+RDHUP\nafter RST IN+OUT+ERR+HUP+RDHUP\n");
  });
});

describe("ESTABLISHED, then RST: close with unread data (README §4)", () => {
  it("the reader gets ECONNRESET once, then 0, then EPIPE with SIGPIPE; no TIME-WAIT remains", () => {
    const r = runProgram(function* () {
      let pipes = 0;
      yield* signal(SIGPIPE, function* () { pipes++; });
      const [c, s] = yield* pair();
      yield* write(c, "hello world");
      yield* settle();
      yield* mask("before", c);
      yield* close(s);
      yield* settle();
      yield* mask("after RST", c);
      yield* state("state", c);
      yield* report("read", yield* read(c, buf(), 10));
      yield* perror("read");
      yield* mask("error consumed", c);
      yield* report("read", yield* read(c, buf(), 10));
      yield* report("write", yield* write(c, "x"));
      yield* printf("sigpipe %d\n", pipes);
    });
    expect(r.terminals.prog).toBe([
      "before OUT", "after RST IN+OUT+ERR+HUP+RDHUP", "state CLOSE", "read -1 ECONNRESET", "read: Connection reset by peer",
      "error consumed IN+OUT+HUP+RDHUP", "read 0", "write -1 EPIPE", "sigpipe 1", "",
    ].join("\n"));
    const stack = r.world.hosts[0]!.net as { netstat(): Array<{ state: string }> };
    expect(stack.netstat().some((x) => x.state === "TIME-WAIT")).toBe(false);
  });

  it("writing first after the RST gives ECONNRESET without SIGPIPE, then EPIPE with it", () => {
    const r = runProgram(function* () {
      let pipes = 0;
      yield* signal(SIGPIPE, function* () { pipes++; });
      const [c, s] = yield* pair();
      yield* write(c, "hello world");
      yield* settle();
      yield* close(s);
      yield* settle();
      yield* report("write", yield* write(c, "x"));
      yield* printf("sigpipe %d\n", pipes);
      yield* report("write", yield* write(c, "x"));
      yield* printf("sigpipe %d\n", pipes);
      yield* report("read", yield* read(c, buf(), 10));
    });
    expect(r.terminals.prog).toBe("write -1 ECONNRESET\nsigpipe 0\nwrite -1 EPIPE\nsigpipe 1\nread 0\n");
  });

  it("queued data survives the RST: read gives the 9 bytes, then ECONNRESET", () => {
    const r = runProgram(function* () {
      const [c, s] = yield* pair();
      yield* write(s, "123456789");
      yield* write(c, "unread");
      yield* settle();
      yield* close(s);
      yield* settle();
      yield* report("read", yield* read(c, buf(), 64));
      yield* report("read", yield* read(c, buf(), 64));
    });
    expect(r.terminals.prog).toBe("read 9\nread -1 ECONNRESET\n");
  });

  it("SO_LINGER {1, 0} aborts with an RST even with nothing unread", () => {
    const r = runProgram(function* () {
      const [c, s] = yield* pair();
      yield* setsockopt(s, SOL_SOCKET, SO_LINGER, linger(1, 0));
      yield* close(s);
      yield* settle();
      yield* report("read", yield* read(c, buf(), 10));
      yield* report("read", yield* read(c, buf(), 10));
    });
    expect(r.terminals.prog).toBe("read -1 ECONNRESET\nread 0\n");
  });

  it("a listener closed with an un-accepted connection resets it", () => {
    const r = runProgram(function* () {
      const l = yield* listener(6000);
      const c = yield* dial(6000);
      yield* write(c, "data");
      yield* settle();
      yield* close(l);
      yield* settle();
      yield* state("client", c);
      yield* report("read", yield* read(c, buf(), 10));
    });
    expect(r.terminals.prog).toBe("client CLOSE\nread -1 ECONNRESET\n");
  });
});

describe("shutdown() (README §5)", () => {
  it("SHUT_WR: FIN-WAIT-2 and CLOSE-WAIT; the server reads the request and EOF, still answers (half-close)", () => {
    const r = runProgram(function* () {
      yield* signal(SIGPIPE, SIG_IGN);
      const [c, s] = yield* pair();
      yield* write(c, "request");
      yield* report("shutdown", yield* shutdown(c, SHUT_WR));
      yield* settle();
      yield* state("client", c);
      yield* state("server", s);
      yield* mask("server", s);
      yield* mask("client", c);
      yield* report("server read", yield* read(s, buf(), 64));
      yield* report("server read", yield* read(s, buf(), 64));
      yield* report("server write", yield* write(s, "response"));
      yield* settle();
      yield* report("client read", yield* read(c, buf(), 64));
      yield* report("client write", yield* write(c, "x"));
      yield* report("shutdown again", yield* shutdown(c, SHUT_WR));
      yield* shutdown(s, SHUT_WR);
      yield* settle();
      yield* mask("both shut, client", c);
      yield* mask("both shut, server", s);
    });
    expect(r.terminals.prog).toBe([
      "shutdown 0", "client FIN_WAIT2", "server CLOSE_WAIT", "server IN+OUT+RDHUP", "client OUT", "server read 7", "server read 0",
      "server write 8", "client read 8", "client write -1 EPIPE", "shutdown again 0", "both shut, client IN+OUT+HUP+RDHUP", "both shut, server IN+OUT+HUP+RDHUP", "",
    ].join("\n"));
  });

  it("SHUT_RD sends nothing: queued and later data are still read; writing still works", () => {
    const r = runProgram(function* () {
      const [c, s] = yield* pair();
      yield* write(c, "queued");
      yield* settle();
      yield* report("shutdown(SHUT_RD)", yield* shutdown(s, SHUT_RD));
      yield* state("server", s);
      yield* state("client", c);
      yield* mask("server", s);
      yield* report("read", yield* read(s, buf(), 64));
      yield* write(c, "later");
      yield* settle();
      yield* report("read", yield* read(s, buf(), 64));
      yield* report("read", yield* read(s, buf(), 64));
      yield* report("write", yield* write(s, "ok"));
      yield* settle();
      yield* report("client read", yield* read(c, buf(), 64));
    });
    expect(r.terminals.prog).toBe([
      "shutdown(SHUT_RD) 0", "server ESTABLISHED", "client ESTABLISHED", "server IN+OUT+RDHUP", "read 6", "read 5", "read 0", "write 2", "client read 2", "",
    ].join("\n"));
  });

  it("errors: ENOTCONN unconnected, EINVAL for how=7, EBADF for fd 999, ENOTSOCK on a pipe; a shut listener's accept is EINVAL", () => {
    const r = runProgram(function* () {
      const l = yield* listener(6000);
      const c = yield* dial(6000);
      yield* report("how=7", yield* shutdown(c, 7));
      yield* report("fd 999", yield* shutdown(999, SHUT_WR));
      const fds = new Int32Array(2);
      yield* pipe(fds);
      yield* report("pipe", yield* shutdown(fds[0]!, SHUT_WR));
      yield* acceptFn(l, null, null);
      yield* report("listener", yield* shutdown(l, SHUT_RDWR));
      yield* report("accept", yield* accept(l, null, null));
    });
    expect(r.terminals.prog).toBe("how=7 -1 EINVAL\nfd 999 -1 EBADF\npipe -1 ENOTSOCK\nlistener 0\naccept -1 EINVAL\n");
  });

  it("close order: client closes first → client FIN-WAIT-2, server CLOSE-WAIT with Recv-Q 1; then only the client's 4-tuple in TIME-WAIT", () => {
    const r = runProgram(function* () {
      const [c, s] = yield* pair();
      yield* close(c);
      yield* settle();
      yield* state("server", s);
      yield* pause();
    }, { until: { time: "1s" } });
    const stack = r.world.hosts[0]!.net as { netstat(): Array<{ state: string; recvQ: number; local: string; peer: string }> };
    expect(stack.netstat().filter((x) => x.state !== "LISTEN").map((x) => `${x.state} ${x.recvQ}`)).toEqual(["FIN-WAIT-2 0", "CLOSE-WAIT 1"]);
    const r2 = runProgram(function* () {
      const [c, s] = yield* pair();
      yield* close(c);
      yield* settle();
      yield* close(s);
      yield* settle();
      yield* pause();
    }, { until: { time: "1s" } });
    const after = (r2.world.hosts[0]!.net as typeof stack).netstat().filter((x) => x.state !== "LISTEN");
    expect(after.map((x) => `${x.state} ${x.peer}`)).toEqual(["TIME-WAIT 127.0.0.1:6000"]);
    expect(r.terminals.prog).toBe("server CLOSE_WAIT\n");
  });

  it("an unconnected socket: shutdown is ENOTCONN", () => {
    const r = runProgram(function* () {
      yield* report("shutdown", yield* shutdown(yield* socket(AF_INET, SOCK_STREAM, 0), SHUT_WR));
    });
    expect(r.terminals.prog).toBe("shutdown -1 ENOTCONN\n");
  });
});

describe("TIME-WAIT seen from a socket still open (README §5)", () => {
  it("after both sides shut down, TCP_INFO shows CLOSE on both fds while ss lists the first closer's TIME-WAIT", () => {
    const r = runProgram(function* () {
      const l = yield* listener(6000);
      const c = yield* dial(6000);
      const s = yield* accept(l, null, null);
      yield* shutdown(c, SHUT_WR);
      yield* settle();
      yield* shutdown(s, SHUT_WR);
      yield* settle();
      yield* state("client", c);
      yield* state("server", s);
      yield* pause();
    }, { until: { time: "1s" } });
    expect(r.terminals.prog).toBe("client CLOSE\nserver CLOSE\n");
    const stack = r.world.hosts[0]!.net as { netstat(): Array<{ state: string; peer: string }> };
    expect(stack.netstat().filter((x) => x.state === "TIME-WAIT").map((x) => x.peer)).toEqual(["127.0.0.1:6000"]);
  });
});
