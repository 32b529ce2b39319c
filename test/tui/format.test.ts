// tui/format/*: pure formatters, tested without Ink.
import { describe, expect, it } from "vitest";
import { cells, cut, fit, lastRows, windowAround, wrap } from "../../tui/format/fit.ts";
import { formatSimTime, formatSpeed, headerParts, runState } from "../../tui/format/header.ts";
import { allProcKeys, procRows, treeOrder } from "../../tui/format/proc-tree.ts";
import { accessMode, fdLines, sharedWith } from "../../tui/format/fds.ts";
import { hostSockets, socketLine, SS_HEADER } from "../../tui/format/sockets.ts";
import { filterPackets, packetLines, packetOf, ssToTcpdump } from "../../tui/format/packets.ts";
import { straceLines } from "../../tui/format/syscalls.ts";
import { ranColumns, timelineLines, RAN, IDLE } from "../../tui/format/timeline.ts";
import { diagramGrid, edgesFrom, pathStates, toTcpState, LAYOUT } from "../../tui/format/tcp-diagram.ts";
import { renderLine, screenRows, CURSOR } from "../../tui/format/screen.ts";
import { layout } from "../../tui/layout.ts";
import { TCP_STATES, tcpEdges } from "../../kernel/net/tcp/machine.ts";
import { IPPROTO_TCP, TH_ACK, TH_SYN, type Ipv4Packet } from "../../kernel/net/packet.ts";
import { O_APPEND, O_NONBLOCK, O_RDONLY, O_RDWR, O_WRONLY } from "../../kernel/uapi/fcntl.ts";
import type { HeaderSnap, ProcSnap, SimSnapshot, SocketSnap } from "../../kernel/sim/snapshot.ts";
import type { TraceEvent } from "../../kernel/trace.ts";

const header: HeaderSnap = { scenario: "fork-race", seed: 3, policy: "random", step: 42, timeNs: 1_000_250_000, finished: false, idle: false, network: false };

function proc(pid: number, ppid: number, over: Partial<ProcSnap> = {}): ProcSnap {
  return {
    key: `h:${pid}`, host: "h", pid, ppid, pgid: pid, sid: pid, state: "R", program: "fork", argv: ["fork"], wchan: "",
    cpuNs: 0, startNs: 0, nsyscalls: 0, exit: null, tty: "fork", fds: [], pending: [], ...over,
  };
}

function snapWith(procs: ProcSnap[], extra: Partial<SimSnapshot> = {}): SimSnapshot {
  return {
    header, hostOrder: ["h"], hosts: { h: { name: "h", ip: "10.0.0.1", pids: procs.map((p) => p.pid), runq: [], current: null } },
    procs: Object.fromEntries(procs.map((p) => [p.key, p])), files: {}, terminalOrder: [], terminals: {}, sockets: [],
    syscalls: {}, packets: [], timeline: {}, windowFrom: 1, ...extra,
  };
}

describe("fit", () => {
  it("pads short text and cuts long text with an ellipsis, to exactly the width", () => {
    expect(fit("abc", 5)).toBe("abc  ");
    expect(fit("abcdef", 4)).toBe("abc…");
    expect(cells(fit("├─fork", 3))).toBe(3);
    expect(fit("x", 0)).toBe("");
    expect(cut("abcdef", 4)).toBe("abc…");
    expect(cut("ab", 4)).toBe("ab");
  });
  it("wraps lines and keeps the last rows", () => {
    expect(wrap("abcdefg", 3)).toEqual(["abc", "def", "g"]);
    expect(wrap("", 3)).toEqual([""]);
    expect(lastRows([1, 2, 3], 2)).toEqual([2, 3]);
  });
  it("keeps the selected row inside a window", () => {
    const rows = Array.from({ length: 20 }, (_, i) => i);
    expect(windowAround(rows, 0, 5).rows).toEqual([0, 1, 2, 3, 4]);
    expect(windowAround(rows, 19, 5).rows).toEqual([15, 16, 17, 18, 19]);
    expect(windowAround(rows, 10, 5).rows).toContain(10);
  });
});

describe("header", () => {
  it("shows scenario, seed, policy, time, step, run state and speed", () => {
    const parts = headerParts(header, { running: false, stepsPerSecond: 3000, halted: false });
    expect(parts).toEqual(["kernsim fork-race", "seed 3", "sched random", "t=1.000250s", "step 42", "paused", "3k steps/s"]);
  });
  it("says running, idle, finished or stopped", () => {
    expect(runState(header, { running: true, stepsPerSecond: 1, halted: false })).toBe("running");
    expect(runState({ ...header, idle: true }, { running: false, stepsPerSecond: 1, halted: true })).toBe("idle");
    expect(runState({ ...header, finished: true }, { running: false, stepsPerSecond: 1, halted: true })).toBe("finished");
    expect(runState(header, { running: false, stepsPerSecond: 1, halted: true })).toBe("stopped");
  });
  it("formats time and speed", () => {
    expect(formatSimTime(0)).toBe("0.000000s");
    expect(formatSimTime(63_000)).toBe("0.000063s");
    expect(formatSpeed(1)).toBe("1 steps/s");
    expect(formatSpeed(1_000_000)).toBe("1M steps/s");
  });
});

describe("process tree", () => {
  const snap = snapWith([
    proc(1, 0, { program: "init", state: "S", wchan: "wait4(-1)" }),
    proc(2, 1, { state: "S", wchan: "wait4(-1)" }),
    proc(3, 2),
    proc(4, 2, { state: "Z" }),
    proc(5, 1, { program: "zombie", state: "T" }),
  ]);
  it("orders parents before children, children in pid order", () => {
    expect(treeOrder(snap, "h").map((t) => [t.proc.pid, t.depth])).toEqual([[1, 0], [2, 1], [3, 2], [4, 2], [5, 1]]);
    expect(allProcKeys(snap)).toEqual(["h:1", "h:2", "h:3", "h:4", "h:5"]);
  });
  it("marks the process that last had the CPU", () => {
    const withCur = { ...snap, hosts: { h: { ...snap.hosts.h!, current: 3 } } };
    expect(procRows(withCur, "h", 40).map((r) => r.text.trimEnd())[2]).toBe("▶   3     2 R │ ├─fork");
  });
  it("draws pid, ppid, state, the command under its parent, and the wait channel", () => {
    const rows = procRows(snap, "h", 40).map((r) => r.text.trimEnd());
    expect(rows).toEqual([
      "    1     0 S init     wait4(-1)",
      "    2     1 S ├─fork   wait4(-1)",
      "    3     2 R │ ├─fork",
      "    4     2 Z │ └─fork <defunct>",
      "    5     1 T └─zombie",
    ]);
  });
});

describe("fds", () => {
  const files = {
    "7": { id: 7, type: "tty" as const, object: "/dev/pts/3", ino: 3, flags: O_RDWR, offset: 0, refs: 6, path: null,
      holders: [0, 1, 2].flatMap((fd) => [{ host: "h", pid: 2, fd }, { host: "h", pid: 3, fd }]) },
    "9": { id: 9, type: "fifo" as const, object: "pipe:[12]", ino: 12, flags: O_WRONLY, offset: 0, refs: 1, path: null, holders: [{ host: "h", pid: 2, fd: 4 }] },
  };
  const p2 = proc(2, 1, { fds: [{ fd: 0, file: 7, cloexec: false }, { fd: 1, file: 7, cloexec: false }, { fd: 2, file: 7, cloexec: false }, { fd: 4, file: 9, cloexec: true }] });
  const snap = snapWith([proc(1, 0), p2, proc(3, 2)], { files });
  it("names access modes as r, w, rw with append and non-blocking", () => {
    expect(accessMode(O_RDONLY)).toBe("r");
    expect(accessMode(O_RDWR | O_APPEND)).toBe("rwa");
    expect(accessMode(O_WRONLY | O_NONBLOCK)).toBe("wn");
  });
  it("lists which other processes (and dups) share a description", () => {
    expect(sharedWith(files["7"], p2)).toBe("dup×3 3:0 3:1 3:2");
    expect(sharedWith(files["9"], p2)).toBe("-");
  });
  it("shows fd → description → object with refcounts, close-on-exec as 'e'", () => {
    const lines = fdLines(snap, "h:2", 100).map((l) => l.trimEnd());
    expect(lines[0]).toMatch(/^ FD\s+OFD\s+MODE\s+REFS/);
    expect(lines[1]).toMatch(/^\s+0\s+#7\s+rw\s+6\s+0\s+\/dev\/pts\/3 \(tty\)\s+dup×3 3:0 3:1 3:2$/);
    expect(lines[4]).toMatch(/^\s+4\s+#9\s+we\s+1\s+0\s+pipe:\[12\] \(fifo\)\s+-$/);
  });
  it("explains empty cases", () => {
    expect(fdLines(snap, null, 80)[0]).toMatch(/no process selected/);
    expect(fdLines(snap, "h:3", 80)[0]).toMatch(/no open fds/);
    expect(fdLines(snapWith([proc(4, 1, { state: "Z" })]), "h:4", 80)[0]).toMatch(/zombie/);
  });
});

describe("sockets", () => {
  const s: SocketSnap = { key: "h:0", host: "h", netid: "tcp", state: "ESTAB", recvQ: 0, sendQ: 12, local: "10.0.0.1:5000", peer: "10.0.0.2:49152", process: "eserver[2]", tcpState: null, history: [] };
  it("prints ss -tan columns", () => {
    expect(SS_HEADER).toMatch(/^State\s+Recv-Q Send-Q Local Address:Port\s+Peer Address:Port\s+Process$/);
    expect(socketLine(s, 100).trimEnd()).toBe("ESTAB            0     12 10.0.0.1:5000         10.0.0.2:49152        eserver[2]");
    expect(hostSockets([s, { ...s, host: "x" }], "h")).toHaveLength(1);
  });
});

describe("packets", () => {
  const syn: Ipv4Packet = { src: 0x0a000002, dst: 0x0a000001, id: 1, ttl: 64, df: true,
    body: { proto: IPPROTO_TCP, srcPort: 49152, dstPort: 5000, seq: 1000, ack: 0, flags: TH_SYN, window: 64240, urgent: 0, options: { mss: 1460 }, data: new Uint8Array(0) } };
  const synack: Ipv4Packet = { ...syn, src: 0x0a000001, dst: 0x0a000002,
    body: { ...syn.body, srcPort: 5000, dstPort: 49152, seq: 5000, ack: 1001, flags: TH_SYN | TH_ACK } as Ipv4Packet["body"] };
  const ev = (p: unknown, time: number): TraceEvent => ({ step: 1, time, host: "h", pid: 0, kind: "packet", name: "send", info: p });
  it("finds the packet in a trace event, bare or wrapped", () => {
    expect(packetOf(ev(syn, 0))).toBe(syn);
    expect(packetOf(ev({ packet: syn }, 0))).toBe(syn);
    expect(packetOf(ev(undefined, 0))).toBeNull();
  });
  it("prints tcpdump lines", () => {
    const lines = packetLines([ev(syn, 1_000_000), ev(synack, 2_000_000)]);
    expect(lines[0]).toMatch(/^00:00:00\.001000 IP 10\.0\.0\.2\.49152 > 10\.0\.0\.1\.5000: Flags \[S\]/);
    expect(lines[1]).toMatch(/10\.0\.0\.1\.5000 > 10\.0\.0\.2\.49152: Flags \[S\.\]/);
  });
  it("filters by terms, or by a connection in either direction", () => {
    const lines = ["a 10.0.0.1.5000 > 10.0.0.2.4: x", "b 10.0.0.2.4 > 10.0.0.1.5000: y", "c 10.0.0.3.1 > 10.0.0.1.5000: z"];
    expect(filterPackets(lines, "")).toEqual(lines);
    expect(filterPackets(lines, "10.0.0.3")).toEqual([lines[2]]);
    expect(filterPackets(lines, "10.0.0.2.4 > 10.0.0.1.5000")).toEqual([lines[0], lines[1]]);
    expect(ssToTcpdump("10.0.0.1:5000")).toBe("10.0.0.1.5000");
  });
});

describe("syscalls", () => {
  it("prints strace lines without the pid prefix, unfinished and resumed", () => {
    const base = { time: 0, host: "h", pid: 2 };
    const lines = straceLines([
      { ...base, step: 1, kind: "syscall", name: "getpid", args: [], ret: 2 },
      { ...base, step: 2, kind: "syscall", name: "read", args: [0, { bytes: new Uint8Array(0), length: 0 }, 255], info: "blocked" },
      { ...base, step: 3, kind: "syscall", name: "read", args: [0, { bytes: new TextEncoder().encode("hi\n"), length: 3 }, 255], ret: { bytes: new TextEncoder().encode("hi\n"), length: 3 } },
      { ...base, step: 4, kind: "proc", name: "exit", info: 0 },
    ]);
    expect(lines[0]).toBe("getpid() = 2");
    expect(lines[1]).toMatch(/^read\(0, <unfinished \.\.\.>$/);
    expect(lines[2]).toMatch(/^<\.\.\. read resumed>.*= 3$/);
    expect(lines[3]).toBe("+++ exited with 0 +++");
  });
});

describe("timeline", () => {
  const slices = [
    { host: "h", pid: 2, fromStep: 1, toStep: 3, fromNs: 0, toNs: 0 },
    { host: "h", pid: 3, fromStep: 4, toStep: 4, fromNs: 0, toNs: 0 },
    { host: "h", pid: 2, fromStep: 5, toStep: 6, fromNs: 0, toNs: 0 },
  ];
  it("marks the columns where a process held the CPU, the current step at the right edge", () => {
    expect(ranColumns(slices, 2, 6, 1, 6)).toEqual([true, true, true, false, true, true]);
    expect(ranColumns(slices, 3, 6, 1, 6)).toEqual([false, false, false, true, false, false]);
    expect(ranColumns(slices, 2, 6, 2, 3)).toEqual([true, true, true]);
  });
  it("draws one row per process under a ruler", () => {
    const t = timelineLines({ slices, procs: [{ pid: 2, name: "fork" }, { pid: 3, name: "fork" }], step: 6, zoom: 1, width: 20, windowFrom: 1 });
    expect(t.ruler).toMatch(/6 ▼$/);
    expect(cells(t.ruler)).toBe(20);
    expect(t.rows[0]!.text).toBe(`    2 fork    ${RAN.repeat(3)}${IDLE}${RAN.repeat(2)}`);
    expect(t.rows[1]!.text).toBe(`    3 fork    ${IDLE.repeat(3)}${RAN}${IDLE.repeat(2)}`);
  });
  it("leaves columns before the first step blank", () => {
    const t = timelineLines({ slices, procs: [{ pid: 2, name: "fork" }], step: 6, zoom: 1, width: 24, windowFrom: 1 });
    expect(t.rows[0]!.text.slice(14)).toBe(`    ${RAN.repeat(3)}${IDLE}${RAN.repeat(2)}`);
  });
});

describe("tcp diagram", () => {
  it("places every RFC 9293 state once", () => {
    const grid = diagramGrid("ESTABLISHED");
    const cellsIn = grid.flat().filter((c) => c !== null);
    expect(cellsIn.map((c) => c!.state).sort()).toEqual([...TCP_STATES].sort());
    expect(cellsIn.filter((c) => c!.current).map((c) => c!.state)).toEqual(["ESTABLISHED"]);
    expect(Object.keys(LAYOUT).sort()).toEqual([...TCP_STATES].sort());
  });
  it("marks the states a socket went through", () => {
    const grid = diagramGrid("ESTABLISHED", ["LISTEN", "SYN_RECEIVED"]);
    expect(grid.flat().filter((c) => c?.visited).map((c) => c!.state).sort()).toEqual(["LISTEN", "SYN_RECEIVED"]);
  });
  it("lists the transitions out of a state from the kernel's own machine", () => {
    const out = edgesFrom("ESTABLISHED");
    expect(out.length).toBe(tcpEdges().filter((e) => e.from === "ESTABLISHED").length);
    expect(out.some((l) => l.startsWith("CLOSE → FIN-WAIT-1"))).toBe(true);
  });
  it("reads the path a socket went through from its history", () => {
    expect(pathStates(["CLOSED --PASSIVE_OPEN--> LISTEN", "LISTEN --RCV_SYN--> SYN_RECEIVED", "SYN_RECEIVED --RCV_ACK_OF_SYN--> ESTABLISHED"]))
      .toEqual(["CLOSED", "LISTEN", "SYN_RECEIVED", "ESTABLISHED"]);
    expect(pathStates(["LISTEN", "SYN-RECV", "ESTAB"])).toEqual(["LISTEN", "SYN_RECEIVED", "ESTABLISHED"]);
  });
  it("reads ss and RFC state names", () => {
    expect(toTcpState("ESTAB")).toBe("ESTABLISHED");
    expect(toTcpState("SYN-RECV")).toBe("SYN_RECEIVED");
    expect(toTcpState("TIME-WAIT")).toBe("TIME_WAIT");
    expect(toTcpState("UNCONN")).toBe("CLOSED");
    expect(toTcpState("bogus")).toBeNull();
    expect(toTcpState(null)).toBeNull();
  });
});

describe("screen", () => {
  it("applies backspaces and carriage returns", () => {
    expect(renderLine("helo\b \bl\b \blo")).toBe("hello");
    expect(renderLine("abc\b \b")).toBe("ab");
    expect(renderLine("abc\rX")).toBe("Xbc");
    expect(renderLine("a\tb")).toBe("a       b");
  });
  it("shows the last rows, wrapped, with the line being typed and a cursor", () => {
    expect(screenRows("one\ntwo\nthree\n", 5, 2).map((r) => r.trimEnd())).toEqual(["three", ""]);
    expect(screenRows("abcdefgh", 4, 3).map((r) => r.trimEnd())).toEqual(["abcd", "efgh"]);
    expect(screenRows("say:\n", 10, 2, "hi").map((r) => r.trimEnd())).toEqual(["say:", `hi${CURSOR}`]);
  });
});

describe("layout", () => {
  it("fits 80×24 in 23 rows: header, top panes, tab bar, tab body, two status lines", () => {
    const L = layout(80, 24);
    expect(L.height).toBe(23);
    expect(1 + L.top + 1 + L.body + 2).toBe(23);
    expect(L.leftWidth + 1 + L.rightWidth).toBe(80);
    expect(L.body).toBeGreaterThanOrEqual(8);
  });
  it("uses more room when it has it", () => {
    const big = layout(160, 50);
    expect(big.top).toBeGreaterThan(layout(80, 24).top);
    expect(big.body).toBeGreaterThan(layout(80, 24).body);
  });
});
