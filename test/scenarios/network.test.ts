// The lecture's socket programs, run as built-in scenarios between two
// hosts, against what the C originals print on Linux (test/golden/linux).
// The goldens ran over localhost on one machine; here the server is host
// "server", so "localhost" becomes "server" in what the client prints.
// Terminal screens here have "\n" where a pty shows ONLCR's "\r\n".

import { describe, expect, it } from "vitest";
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { runScenario, type RunResult } from "../../kernel/sim/run.ts";
import { findScenario } from "../../userland/scenarios/index.ts";
import { networkOf } from "../../kernel/net/fabric.ts";
import { formatSs } from "../../kernel/net/netstat.ts";
import type { NetStack } from "../../kernel/net/ip.ts";

function run(name: string): RunResult {
  const s = findScenario(name);
  if (!s) throw new Error(`no scenario ${name}`);
  return runScenario(s);
}

/** A golden file as our hosts would print it: localhost → server, CRLF → LF. */
function golden(file: string): string {
  const text = readFileSync(fileURLToPath(new URL(`../golden/linux/${file}`, import.meta.url)), "utf8");
  return text.replaceAll("\r\n", "\n").replaceAll("localhost", "server");
}

/** What reached the `index`-th piped scenario process's stdout and stderr (`prog > out 2> err`). */
function capture(r: RunResult, index: number): { stdout: string; stderr: string } {
  const c = r.captures[index];
  return c ? { stdout: c.stdout, stderr: c.stderr } : { stdout: "", stderr: "" };
}

describe("echo: eclient typing at its terminal, eserver v1 (eclient.pty.txt)", () => {
  const r = run("echo");
  it("the client's screen shows the prompts, the typed lines and the echoes", () => {
    expect(r.terminals.eclient).toBe(golden("eclient.pty.txt"));
  });
  it("the server prints each request", () => {
    expect(r.terminals.eserver).toBe(golden("eserver.pty.server.txt"));
  });
  it("the client exits 0 and the connection ends in TIME-WAIT on the client (the first closer)", () => {
    expect(r).toHaveExited("eclient", 0);
    const client = r.world.host("client")!.net as NetStack;
    expect(formatSs(client.netstat())).toMatch(/^TIME-WAIT 0\s+0\s+10\.0\.0\.2:\d+\s+10\.0\.0\.1:5000$/m);
  });
  it("every segment is on the wire: SYN, SYN-ACK, ACK, two echoes, FINs", () => {
    const flags = networkOf(r.world)!.log.map((l) => (l.pkt.body as { flags: number }).flags);
    expect(flags.slice(0, 3)).toEqual([0x02, 0x12, 0x10]);
    expect(flags.filter((f) => f & 0x01)).toHaveLength(2);
  });
});

describe("echo-pipe: stdin a file, stdout the terminal (eclient.stdin-pipe.pty.txt)", () => {
  it("the prompts stay buffered until exit because stdin is not a tty", () => {
    const r = run("echo-pipe");
    expect(r.terminals.eclient).toBe(golden("eclient.stdin-pipe.pty.txt"));
    expect(r.terminals.eserver).toBe(golden("eserver.stdin-pipe.pty.server.txt"));
  });
});

describe("echo-refused and echo-nohost", () => {
  it("nothing listening: `ERROR connecting: Connection refused`, exit 1 (eclient.refused.pty.txt)", () => {
    const r = run("echo-refused");
    expect(r.terminals.eclient).toBe(golden("eclient.refused.pty.txt"));
    expect(r).toHaveExited("eclient", 1);
  });
  it("a name not in /etc/hosts: `ERROR, no such host` on stderr, nothing on stdout, exit 1", () => {
    const r = run("echo-nohost");
    expect(capture(r, 0)).toEqual({ stdout: golden("eclient.nohost.txt"), stderr: golden("eclient.nohost.stderr.txt") });
    expect(r).toHaveExited("eclient", 1);
  });
});

describe("two clients against each server (the *.two.* goldens)", () => {
  const cases: Array<[string, string]> = [["echo-two-v1", "eserver"], ["echo-two-v2", "feserver"], ["echo-two-v3", "feserver3"], ["echo-two-epoll", "epserver"]];
  for (const [scenario, prog] of cases) {
    it(`${prog}: the server's output and both clients' files match Linux`, () => {
      const r = run(scenario);
      expect(capture(r, 0).stdout).toBe(golden(`${prog}.two.server.txt`));
      expect(capture(r, 1).stdout).toBe(golden(`${prog}.two.clientA.txt`));
      expect(capture(r, 2).stdout).toBe(golden(`${prog}.two.clientB.txt`));
      expect(r.processes.find((p) => p.pid === r.scenarioPids[0] && p.host === "server")!.exit).toEqual({ signal: 2 });
    });
  }

  it("v2 serves one client at a time (a1 a2 b1) while v3 overlaps them (a1 b1 a2)", () => {
    expect(capture(run("echo-two-v2"), 0).stdout).toBe("a1\na2\nb1\n");
    expect(capture(run("echo-two-v3"), 0).stdout).toBe("a1\nb1\na2\n");
  });

  it("before the SIGINT, v3 has left its two children as zombies; v2 has reaped them", () => {
    const zombies = (name: string) => {
      const r = runScenario(findScenario(name)!, { until: { time: "1400ms" } });
      return [...r.world.host("server")!.procs.values()].filter((p) => p.state === "Z").length;
    };
    expect(zombies("echo-two-v3")).toBe(2);
    expect(zombies("echo-two-v2")).toBe(0);
  });

  it("the epoll server's connections get fds 5 and 6 (3 is the listener, 4 the epoll instance)", () => {
    expect(capture(run("echo-two-epoll"), 0).stdout).toMatch(/^accepted 5\n.*accepted 6\n/s);
  });
});

describe("udp and unix", () => {
  it("udp: the client's screen shows each echoed line; the server prints them", () => {
    const r = run("udp");
    expect(r.terminals.udpclient).toBe("REQ: hello\nhello\nREQ: world\nworld\nREQ: ");
    expect(r.terminals.udpserver).toBe("hello\nworld\n");
    const kinds = networkOf(r.world)!.log.map((l) => l.pkt.body.proto);
    expect(kinds).toEqual([17, 17, 17, 17]);
  });
  it("unix: parent and child talk both ways over socketpair, then the child sees EOF", () => {
    const r = run("unix");
    const [parent, child] = r.processes;
    expect(child!.stdout).toBe(`[${child!.pid}] child got: ping\n[${child!.pid}] child got: hello over a socketpair\n[${child!.pid}] child: end of file\n`);
    expect(parent!.stdout).toBe(`[${parent!.pid}] parent got: echo: ping\n[${parent!.pid}] parent got: echo: hello over a socketpair\n[${parent!.pid}] parent: child ${child!.pid} exited with status 0\n`);
  });
});

describe("determinism", () => {
  it("the same seed gives the same trace hash and packets; another seed changes ports and ISNs", () => {
    const a = run("echo-two-v3"), b = run("echo-two-v3");
    expect(a.traceHash).toBe(b.traceHash);
    const c = runScenario(findScenario("echo-two-v3")!, { seed: 2 });
    expect(c.traceHash).not.toBe(a.traceHash);
    expect(capture(c, 0).stdout).toBe("a1\nb1\na2\n");
  });
});
