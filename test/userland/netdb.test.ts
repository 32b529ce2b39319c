// Names and addresses as glibc gives them: /etc/hosts read through the
// kernel (open/read/close), dotted quads, h_errno/herror, getaddrinfo, and
// the <arpa/inet.h> helpers.

import { describe, expect, it } from "vitest";
import {
  addrinfo, AF_INET, EAI_NONAME, freeaddrinfo, gai_strerror, getaddrinfo, gethostbyname, gethostname, herror, h_errno,
  HOST_NOT_FOUND, htonl, htons, in_addr, inet_addr, inet_aton, inet_ntoa, inet_ntop, inet_pton, INADDR_NONE, ntohl,
  ntohs, printf, ref, SOCK_STREAM, cstr,
} from "../../userland/libc/index.ts";
import { runProgram, syscalls } from "../helpers/index.ts";

describe("gethostbyname", () => {
  it("resolves localhost and the scenario's hosts from /etc/hosts, through open/read/close", () => {
    const r = runProgram(function* () {
      const h = yield* gethostbyname("localhost");
      yield* printf("%s %s %d %d\n", h!.h_name, inet_ntoa(h!.h_addr), h!.h_length, h!.h_addrtype);
      const buf = new Uint8Array(64);
      yield* gethostname(buf, 64);
      yield* printf("hostname %s\n", cstr(buf));
    });
    expect(r.terminals.prog).toBe(`localhost 127.0.0.1 4 ${AF_INET}\nhostname localhost\n`);
    const calls = syscalls(r, r.scenarioPids[0]!).map(([n]) => n);
    expect(calls.slice(0, 4)).toEqual(["openat", "read", "read", "close"]);
  });

  it("a dotted quad needs no look-up and keeps the text as h_name", () => {
    const r = runProgram(function* () {
      const h = yield* gethostbyname("10.0.0.7");
      yield* printf("%s %s\n", h!.h_name, inet_ntoa(h!.h_addr));
    });
    expect(r.terminals.prog).toBe("10.0.0.7 10.0.0.7\n");
    expect(syscalls(r, r.scenarioPids[0]!).some(([n]) => n === "openat")).toBe(false);
  });

  it("an unknown name gives NULL, h_errno HOST_NOT_FOUND and herror's `Unknown host`", () => {
    const r = runProgram(function* () {
      const h = yield* gethostbyname("nosuchhost");
      yield* printf("%s %d\n", h === null ? "NULL" : "?", h_errno === HOST_NOT_FOUND ? 1 : 0);
      yield* herror("gethostbyname");
    });
    expect(r.terminals.prog).toBe("NULL 1\ngethostbyname: Unknown host\n");
  });
});

describe("getaddrinfo", () => {
  it("gives a STREAM entry with the address and port in network order for a name and a service", () => {
    const r = runProgram(function* () {
      const res = ref<ReturnType<typeof addrinfo> | null>(null);
      const hints = { ai_family: AF_INET, ai_socktype: SOCK_STREAM };
      yield* printf("rc %d\n", yield* getaddrinfo("localhost", "5000", hints, res));
      const ai = res.value!;
      yield* printf("%s:%d type %d next %s\n", inet_ntoa(ai.ai_addr.sin_addr), ntohs(ai.ai_addr.sin_port), ai.ai_socktype, ai.ai_next === null ? "NULL" : "more");
      freeaddrinfo(ai);
      const rc = yield* getaddrinfo("nosuchhost", null, null, res);
      yield* printf("%d %s\n", rc === EAI_NONAME ? 1 : 0, gai_strerror(rc));
    });
    expect(r.terminals.prog).toBe("rc 0\n127.0.0.1:5000 type 1 next NULL\n1 Name or service not known\n");
  });
});

describe("<arpa/inet.h>", () => {
  it("byte order: htons(5000) is 34835 on little-endian x86_64; htonl(INADDR_LOOPBACK) reads back", () => {
    expect(htons(5000)).toBe(34835);
    expect(ntohs(htons(5000))).toBe(5000);
    expect(ntohl(htonl(0x7f000001))).toBe(0x7f000001);
    expect(htonl(0x7f000001)).toBe(0x0100007f);
  });

  it("inet_addr, inet_aton, inet_ntoa, inet_pton, inet_ntop as glibc", () => {
    expect(inet_addr("127.0.0.1")).toBe(0x0100007f);
    expect(inet_addr("1.2.3.256")).toBe(INADDR_NONE);
    const a = in_addr();
    expect(inet_aton("10.1", a)).toBe(1);
    expect(inet_ntoa(a)).toBe("10.0.0.1");
    expect(inet_aton("nope", a)).toBe(0);
    expect(inet_pton(AF_INET, "192.168.1.20", a)).toBe(1);
    expect(inet_ntop(AF_INET, a)).toBe("192.168.1.20");
    expect(inet_pton(AF_INET, "10.1", a)).toBe(0);
    expect(inet_pton(AF_INET, "01.2.3.4", a)).toBe(0);
  });
});
