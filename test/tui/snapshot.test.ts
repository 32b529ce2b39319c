// kernel/sim/snapshot.ts: an immutable, plain, id-keyed picture of a run.
import { describe, expect, it } from "vitest";
import { buildSimulation, runSimulation } from "../../kernel/sim/run.ts";
import { buildSnapshot, Observer, procKey, tail, WINDOW, type SimSnapshot } from "../../kernel/sim/snapshot.ts";
import { applyInput } from "../../kernel/sim/inputs.ts";
import { scenario } from "./helpers.tsx";

function snapshotAt(name: string, steps: number, seed = 1): SimSnapshot {
  const sim = buildSimulation(scenario(name), { seed, trace: "hash" });
  const obs = new Observer(sim);
  while (sim.world.steps < steps && sim.world.step()) {}
  return buildSnapshot(sim, obs);
}

/** Every value is a primitive, a plain object, an array, or traced bytes. */
function assertPlain(v: unknown, path = "snap"): void {
  if (v === null || typeof v !== "object") return;
  if (v instanceof Uint8Array) return;
  const proto = Object.getPrototypeOf(v);
  expect(proto === Object.prototype || proto === Array.prototype, `${path} is a ${proto?.constructor?.name}`).toBe(true);
  for (const [k, x] of Object.entries(v)) assertPlain(x, `${path}.${k}`);
}

describe("snapshot", () => {
  it("is deeply frozen and made of plain records only", () => {
    const s = snapshotAt("pipe", 1000);
    expect(Object.isFrozen(s)).toBe(true);
    expect(Object.isFrozen(s.procs)).toBe(true);
    expect(Object.isFrozen(Object.values(s.procs)[0])).toBe(true);
    assertPlain(s);
  });

  it("has the header: scenario, seed, policy, step, time", () => {
    const s = snapshotAt("fork-race", 5, 3);
    expect(s.header).toMatchObject({ scenario: "fork-race", seed: 3, policy: "random", step: 5 });
    expect(s.header.timeNs).toBeGreaterThan(0);
  });

  it("lists processes per host with pid, ppid, state, program, argv and what they are blocked in", () => {
    const s = snapshotAt("shout", 100);
    expect(s.hostOrder).toEqual(["localhost"]);
    expect(s.hosts.localhost!.pids).toEqual([1, 2]);
    const init = s.procs[procKey("localhost", 1)]!;
    expect(init).toMatchObject({ pid: 1, ppid: 0, state: "S", program: "init", wchan: "wait4(-1)" });
    const p = s.procs["localhost:2"]!;
    expect(p).toMatchObject({ pid: 2, ppid: 1, pgid: 2, state: "S", program: "shout", argv: ["shout"], wchan: "read(0)", tty: "shout" });
    expect(p.cpuNs).toBeGreaterThan(0);
  });

  it("shows fork's sharing: parent and child hold the same open file descriptions", () => {
    const s = snapshotAt("fork-race", 3);
    const parent = s.procs["localhost:2"]!, child = s.procs["localhost:3"]!;
    expect(parent.fds.map((f) => f.fd)).toEqual([0, 1, 2]);
    expect(child.fds.map((f) => f.file)).toEqual(parent.fds.map((f) => f.file));
    const tty = s.files[parent.fds[0]!.file]!;
    // One description for fds 0-2 of both processes: six references.
    expect(tty).toMatchObject({ type: "tty", refs: 6 });
    expect(tty.holders).toContainEqual({ host: "localhost", pid: 3, fd: 1 });
  });

  it("shows a pipe's ends and who holds them", () => {
    const sim = buildSimulation(scenario("pipe"), { seed: 1 });
    const obs = new Observer(sim);
    // Until the child has closed its write end.
    let s = buildSnapshot(sim, obs);
    while (sim.world.step()) {
      s = buildSnapshot(sim, obs);
      if (Object.keys(s.procs).length === 3) break;
    }
    const pipes = Object.values(s.files).filter((f) => f.type === "fifo");
    expect(pipes).toHaveLength(2);
    for (const f of pipes) expect(f.object).toMatch(/^pipe:\[\d+\]$/);
  });

  it("keeps each terminal's screen, as a person sees it", () => {
    const sim = buildSimulation(scenario("shout"), { seed: 1 });
    runSimulation(sim, 100);
    applyInput(sim, { kind: "type", terminal: "shout", text: "hi\n" });
    runSimulation(sim, 200);
    const s = buildSnapshot(sim);
    expect(s.terminalOrder).toEqual(["shout"]);
    expect(s.terminals.shout).toMatchObject({ host: "localhost", screen: "say something:\nhi\nHI\n", fgPgid: 2 });
  });

  it("keeps recent syscalls per process as trace events (strace's input)", () => {
    const s = snapshotAt("fork-race", 20);
    const names = s.syscalls["localhost:3"]!.map((e) => e.name);
    expect(names).toContain("getpid");
    expect(names).toContain("write");
  });

  it("records who held the CPU, in slices of consecutive steps", () => {
    const s = snapshotAt("fork-race", 40, 2);
    const slices = s.timeline.localhost!;
    expect(slices.length).toBeGreaterThan(2);
    expect(new Set(slices.map((x) => x.pid))).toEqual(new Set([2, 3]));
    for (let i = 1; i < slices.length; i++) expect(slices[i]!.fromStep).toBeGreaterThan(slices[i - 1]!.toStep);
  });

  it("has no sockets and no packets before anything uses the network", () => {
    const s = snapshotAt("fork-race", 10);
    expect(s.sockets).toEqual([]);
    expect(s.packets).toEqual([]);
  });

  it("lists the network's sockets and copies of its packets", () => {
    const s = snapshotAt("echo", 40);
    expect(s.sockets.map((x) => [x.host, x.state])).toContainEqual(["server", "LISTEN"]);
    expect(s.sockets.some((x) => x.tcpState === "ESTABLISHED")).toBe(true);
    expect(s.packets.length).toBeGreaterThan(3);
    expect(Object.isFrozen(s.packets[0]!.info)).toBe(true);
  });

  it("reads sockets from a network that offers netstat()", () => {
    const sim = buildSimulation(scenario("fork-race"), { seed: 1 });
    (sim.world.hosts[0]! as { net: unknown }).net = {
      netstat: () => [
        { state: "LISTEN", recvQ: 0, sendQ: 5, local: "0.0.0.0:5000", peer: "0.0.0.0:*", process: "eserver[2]" },
        { netid: "tcp", state: "ESTAB", recvQ: 0, sendQ: 0, local: "10.0.0.1:5000", peer: "10.0.0.2:49152", tcpState: "ESTABLISHED", process: "", history: ["LISTEN --RCV_SYN--> SYN_RECEIVED"] },
      ],
    };
    const s = buildSnapshot(sim);
    expect(s.sockets).toHaveLength(2);
    expect(s.sockets[0]).toMatchObject({ host: "localhost", state: "LISTEN", sendQ: 5, local: "0.0.0.0:5000", process: "eserver[2]" });
    expect(s.sockets[1]).toMatchObject({ state: "ESTAB", local: "10.0.0.1:5000", peer: "10.0.0.2:49152", tcpState: "ESTABLISHED", history: ["LISTEN --RCV_SYN--> SYN_RECEIVED"] });
  });

  it("names a socket's owners as ss -p does when its row gives the inode", () => {
    const sim = buildSimulation(scenario("echo"), { seed: 1 });
    while (sim.world.steps < 35 && sim.world.step()) {}
    const server = sim.world.host("server")!;
    const listener = server.procs.get(2)!.fds.get(3)!.obj;
    expect(listener.type).toBe("socket");
    (server as { net: unknown }).net = {
      netstat: () => [{ netid: "tcp", state: "LISTEN", recvQ: 0, sendQ: 5, local: "0.0.0.0:5000", peer: "0.0.0.0:*", tcpState: "LISTEN", process: "", history: [], ino: listener.ino }],
    };
    const row = buildSnapshot(sim).sockets.find((x) => x.host === "server")!;
    expect(row.process).toBe('users:(("eserver",pid=2,fd=3))');
  });

  it("ignores a network without a netstat view, or one that throws", () => {
    const sim = buildSimulation(scenario("fork-race"), { seed: 1 });
    (sim.world.hosts[0]! as { net: unknown }).net = { netstat: () => { throw new Error("not yet"); } };
    expect(buildSnapshot(sim).sockets).toEqual([]);
  });

  it("at step k depends only on the last WINDOW steps: an observer attached late gives the same snapshot", () => {
    const k = WINDOW + 5_000;
    const full = snapshotAt("infloop", k);
    const sim = buildSimulation(scenario("infloop"), { seed: 1, trace: "hash" });
    while (sim.world.steps < k - WINDOW && sim.world.step()) {}
    const late = new Observer(sim);
    while (sim.world.steps < k && sim.world.step()) {}
    expect(buildSnapshot(sim, late)).toEqual(full);
    expect(full.windowFrom).toBe(k - WINDOW + 1);
  });
});

describe("tail", () => {
  it("keeps the last n lines", () => {
    expect(tail("a\nb\nc\n", 2)).toBe("b\nc\n");
    expect(tail("a\nb\nc", 2)).toBe("b\nc");
    expect(tail("a\nb", 5)).toBe("a\nb");
    expect(tail("", 3)).toBe("");
  });
});
