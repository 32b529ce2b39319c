// IP fragmentation as Linux does it on a 1500-byte MTU. The expected lines
// come from a capture of Linux itself: the UDP probe below run in a network
// namespace whose loopback MTU was set to 1500 (`unshare -n`, `ip link set
// lo mtu 1500`, `tcpdump -i lo -w`), read back with `tcpdump -n` and
// `tcpdump -n -v`. Sizes 1472, 1473 and 4000 went out as 1, 2 and 3
// packets; every datagram arrived whole.

import { describe, expect, it } from "vitest";
import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import {
  AF_INET, bind, htons, inet_addr, printf, recv, sendto, socket, sockaddr_in, SOCK_DGRAM, usleep,
} from "../../../userland/libc/index.ts";
import { defineProgram } from "../../../userland/libc/crt0.ts";
import { defineScenario, type NetworkSpec } from "../../../kernel/sim/scenario.ts";
import { buildSimulation, collectResult, runSimulation } from "../../../kernel/sim/run.ts";
import { networkOf, type LoggedPacket } from "../../../kernel/net/fabric.ts";
import { formatPacket, TcpdumpState } from "../../../kernel/net/tcpdump.ts";
import { PcapWriter } from "../../../kernel/net/pcap.ts";
import type { Ipv4Packet } from "../../../kernel/net/packet.ts";
import type { NetStack } from "../../../kernel/net/ip.ts";

/** Each datagram's bytes: 'a'..'z' over and over, as the C probe fills its buffer. */
function pattern(n: number): Uint8Array {
  const b = new Uint8Array(n);
  for (let i = 0; i < n; i++) b[i] = 97 + (i % 26);
  return b;
}

const receiver = defineProgram("frag-recv", function* (argv) {
  const s = yield* socket(AF_INET, SOCK_DGRAM, 0);
  const a = sockaddr_in();
  a.sin_family = AF_INET;
  a.sin_port = htons(5000);
  yield* bind(s, a);
  const buf = new Uint8Array(65536);
  for (let k = 0; k < Number(argv[1]); k++) {
    const n = yield* recv(s, buf, buf.length, 0);
    const want = pattern(n);
    yield* printf("got %d %s\n", n, buf.subarray(0, n).every((x, i) => x === want[i]) ? "intact" : "CORRUPT");
  }
});

/** argv: sizes to send to 10.0.0.1:5000, 100 ms apart. */
const sender = defineProgram("frag-send", function* (argv) {
  const s = yield* socket(AF_INET, SOCK_DGRAM, 0);
  const to = sockaddr_in();
  to.sin_family = AF_INET;
  to.sin_port = htons(5000);
  to.sin_addr.s_addr = inet_addr("10.0.0.1");
  for (const n of argv.slice(1).map(Number)) {
    yield* printf("sent %d\n", yield* sendto(s, pattern(n), n, 0, to));
    yield* usleep(100_000);
  }
  yield* usleep(40_000_000);
});

function run(sizes: number[], opts: { received?: number; network?: NetworkSpec; drop?: (p: Ipv4Packet, i: number) => boolean } = {}) {
  const scenario = defineScenario({
    name: "ipfrag",
    hosts: [{ name: "server", ip: "10.0.0.1" }, { name: "client", ip: "10.0.0.2" }],
    network: opts.network,
    processes: [
      { host: "server", program: receiver, argv: ["frag-recv", String(opts.received ?? sizes.length)] },
      { host: "client", program: sender, argv: ["frag-send", ...sizes.map(String)], start: "1ms" },
    ],
    until: { time: "60s" },
  });
  const sim = buildSimulation(scenario);
  const drop = opts.drop;
  let i = 0;
  if (drop) networkOf(sim.world)!.dropFilter = (p) => drop(p, i++);
  runSimulation(sim);
  const r = collectResult(sim);
  const log = networkOf(r.world)!.log;
  const st = new TcpdumpState();
  const lines = log.map((l) => formatPacket(l.pkt, l.time, { relative: st }).replace(/^\S+ /, ""));
  return { r, log, lines };
}

describe("IP fragmentation (1500-byte MTU between hosts)", () => {
  it("1472 bytes fit in one packet with DF; 1473 and 4000 leave in 2 and 3 fragments and arrive whole", () => {
    const { r, log, lines } = run([1472, 1473, 4000]);
    expect(r.terminals["frag-send"]).toBe("sent 1472\nsent 1473\nsent 4000\n");
    expect(r.terminals["frag-recv"]).toBe("got 1472 intact\ngot 1473 intact\ngot 4000 intact\n");
    // tcpdump -n of Linux's capture, the addresses and port made this scenario's.
    expect(lines).toEqual([
      "IP 10.0.0.2.49152 > 10.0.0.1.5000: UDP, length 1472",
      "IP 10.0.0.2.49152 > 10.0.0.1.5000: UDP, length 1473",
      "IP 10.0.0.2 > 10.0.0.1: ip-proto-17",
      "IP 10.0.0.2.49152 > 10.0.0.1.5000: UDP, length 4000",
      "IP 10.0.0.2 > 10.0.0.1: ip-proto-17",
      "IP 10.0.0.2 > 10.0.0.1: ip-proto-17",
    ].map((l) => l.replace("49152", String((log[0]!.pkt.body as { srcPort: number }).srcPort))));
    // tcpdump -n -v of Linux's capture: offsets, flags and lengths, and one id per datagram.
    const ip = log.map(({ pkt: p }) => [p.frag?.offset ?? 0, p.df ? "DF" : p.frag?.more ? "+" : "none", 20 + (p.frag?.length ?? 8 + (p.body as { data: Uint8Array }).data.length)]);
    expect(ip).toEqual([[0, "DF", 1500], [0, "+", 1500], [1480, "none", 21], [0, "+", 1500], [1480, "+", 1500], [2960, "none", 1068]]);
    expect(new Set(log.slice(3).map((l) => l.pkt.id)).size).toBe(1);
    expect(log[1]!.pkt.id).toBe(log[2]!.pkt.id);
    expect(log[1]!.pkt.id).not.toBe(log[3]!.pkt.id);
  });

  it("the largest datagram, 65507 bytes, is 45 fragments", () => {
    const { r, log } = run([65507]);
    expect(r.terminals["frag-recv"]).toBe("got 65507 intact\n");
    expect(log).toHaveLength(45);
    expect(log[44]!.pkt.frag).toEqual({ offset: 44 * 1480, length: 65515 - 44 * 1480, more: false });
  });

  it("loopback's MTU is 65536: nothing is fragmented there", () => {
    const { log } = run([4000], { received: 0 });
    expect(log.every((l) => l.pkt.frag === undefined || l.pkt.dst !== l.pkt.src)).toBe(true);
  });

  it("a lost fragment loses the datagram; 30 s later the receiver sends ICMP reassembly time exceeded", () => {
    const { r, log, lines } = run([4000, 100], { received: 1, drop: (p) => p.frag?.offset === 1480 });
    expect(r.terminals["frag-recv"]).toBe("got 100 intact\n");
    const icmp = log.findIndex((l) => l.pkt.body.proto === 1);
    expect(lines[icmp]).toBe("IP 10.0.0.1 > 10.0.0.2: ICMP ip reassembly time exceeded, length 556");
    // Sent when the queue's 30 s ran out, counted from its first fragment's arrival (1 ms after it left).
    expect(log[icmp]!.time - log[0]!.time).toBe(30_001_000_000);
    expect((r.world.hosts[0]!.net as NetStack).frags.pending).toBe(0);
  });

  it("without its first fragment, the datagram expires silently (Linux only reports what it can quote)", () => {
    const { log } = run([4000], { received: 0, drop: (p) => p.frag?.offset === 0 });
    expect(log.filter((l) => l.pkt.body.proto === 1)).toEqual([]);
  });

  it("duplicated and reordered fragments still make each datagram exactly once", () => {
    const sizes = [3000, 5000, 1473, 9000, 2000, 7000];
    const { r } = run(sizes, { network: { duplicate: 0.5, reorder: 0.5, jitter: "3ms" } });
    expect(r.terminals["frag-recv"]).toBe(sizes.map((n) => `got ${n} intact\n`).join(""));
  });
});

const hasTcpdump = spawnSync("tcpdump", ["--version"], { stdio: "ignore" }).status === 0;
const hasTshark = spawnSync("tshark", ["--version"], { stdio: "ignore" }).status === 0;
if (!hasTcpdump) console.log("ipfrag.test.ts: tcpdump is not installed; skipping the check of fragments against it");
if (!hasTshark) console.log("ipfrag.test.ts: tshark is not installed; skipping the check of fragments against it");

function capture(log: LoggedPacket[], fn: (file: string) => void): void {
  const w = new PcapWriter();
  for (const l of log) w.add(l.pkt, l.time);
  const dir = mkdtempSync(join(tmpdir(), "kernsim-ipfrag-"));
  try {
    const file = join(dir, "frag.pcap");
    writeFileSync(file, w.toBuffer());
    fn(file);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

describe("fragments in a pcap", () => {
  it.skipIf(!hasTcpdump)("tcpdump -n -v reads the headers Linux's capture has", () => {
    const { log } = run([4000]);
    capture(log, (file) => {
      const t = spawnSync("tcpdump", ["-n", "-v", "-r", file], { encoding: "utf8", env: { ...process.env, TZ: "UTC" } });
      expect(t.status, t.stderr).toBe(0);
      const heads = t.stdout.split("\n").filter((l) => l.includes("proto UDP")).map((l) => l.replace(/^.*\(tos/, "(tos").replace(/id \d+/, "id N"));
      expect(heads).toEqual([
        "(tos 0x0, ttl 64, id N, offset 0, flags [+], proto UDP (17), length 1500)",
        "(tos 0x0, ttl 64, id N, offset 1480, flags [+], proto UDP (17), length 1500)",
        "(tos 0x0, ttl 64, id N, offset 2960, flags [none], proto UDP (17), length 1068)",
      ]);
    });
  });

  it.skipIf(!hasTshark)("tshark reassembles the datagram, checksums good, no warnings", () => {
    const { log } = run([4000]);
    capture(log, (file) => {
      const t = spawnSync("tshark", ["-r", file, "-o", "ip.check_checksum:TRUE", "-o", "udp.check_checksum:TRUE", "-T", "fields",
        "-e", "frame.number", "-e", "udp.length", "-e", "udp.checksum.status", "-e", "ip.fragment.count", "-e", "_ws.expert.message"], { encoding: "utf8" });
      expect(t.status, t.stderr).toBe(0);
      expect(t.stderr.split("\n").filter((l) => l.trim() && !/Running as user "root"/.test(l))).toEqual([]);
      const rows = t.stdout.trim().split("\n").map((l) => l.split("\t"));
      expect(rows).toHaveLength(3);
      // The last fragment carries the reassembled datagram: 4008 UDP bytes, checksum good (1), from 3 fragments.
      expect(rows[2]!.slice(1, 4)).toEqual(["4008", "1", "3"]);
    });
  });
});
