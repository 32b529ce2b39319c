// `kernsim run --tcpdump / --pcap / --ss / --strace` on a network scenario,
// as a person types them.

import { describe, expect, it } from "vitest";
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

const BIN = fileURLToPath(new URL("../../tui/bin.js", import.meta.url));

function kernsim(args: string[]) {
  const r = spawnSync(process.execPath, [BIN, ...args], { encoding: "utf8", timeout: 60_000 });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe("kernsim run on the network", () => {
  it("--tcpdump prints every packet as tcpdump -n does, from the SYN to the last ACK", () => {
    const r = kernsim(["run", "echo", "--tcpdump"]);
    expect(r.status).toBe(0);
    const lines = r.stdout.trim().split("\n");
    expect(lines[0]).toMatch(/^00:00:00\.010001 IP 10\.0\.0\.2\.\d+ > 10\.0\.0\.1\.5000: Flags \[S\], seq \d+, win 64240, options \[mss 1460,sackOK,TS val \d+ ecr 0,nop,wscale 7\], length 0$/);
    expect(lines[1]).toMatch(/IP 10\.0\.0\.1\.5000 > 10\.0\.0\.2\.\d+: Flags \[S\.\], seq \d+, ack \d+, win 64240/);
    expect(lines.filter((l) => l.includes("Flags [P.], seq 1:7"))).toHaveLength(2);
    expect(lines.filter((l) => l.includes("Flags [F.]"))).toHaveLength(2);
  });

  it("--pcap writes a capture file (magic a1b23c4d, LINKTYPE_RAW) and says how many packets", () => {
    const file = join(mkdtempSync(join(tmpdir(), "kernsim-")), "out.pcap");
    const r = kernsim(["run", "echo", "--pcap", file]);
    expect(r.stderr).toMatch(/wrote \d+ packets to /);
    const b = readFileSync(file);
    expect(b.readUInt32LE(0)).toBe(0xa1b23c4d);
    expect(b.readUInt32LE(20)).toBe(101);
  });

  it("--ss prints each host's socket table at the end, ss -tanp style", () => {
    const r = kernsim(["run", "echo", "--ss"]);
    expect(r.stdout).toMatch(/── ss -tanp on server ─+\nState\s+Recv-Q Send-Q Local Address:Port Peer Address:Port Process\nLISTEN 0\s+5\s+0\.0\.0\.0:5000\s+0\.0\.0\.0:\* users:\(\("eserver",pid=2,fd=3\)\)/);
    expect(r.stdout).toMatch(/── ss -tanp on client ─+\nState\s+Recv-Q Send-Q Local Address:Port Peer Address:Port Process\nTIME-WAIT 0\s+0\s+10\.0\.0\.2:\d+\s+10\.0\.0\.1:5000/);
  });

  it("--strace shows socket calls with strace's address syntax", () => {
    const r = kernsim(["run", "echo", "--strace"]);
    expect(r.stdout).toContain('bind(3, {sa_family=AF_INET, sin_port=htons(5000), sin_addr=inet_addr("0.0.0.0")}, 16) = 0');
    expect(r.stdout).toContain('connect(3, {sa_family=AF_INET, sin_port=htons(5000), sin_addr=inet_addr("10.0.0.1")}, 16');
    expect(r.stdout).toContain("accept(3, <unfinished ...>");
    expect(r.stdout).toMatch(/<\.\.\. accept resumed>\{sa_family=AF_INET, sin_port=htons\(\d+\), sin_addr=inet_addr\("10\.0\.0\.2"\)\}, \[16\]\) = 4/);
    expect(r.stdout).toContain("socket(AF_INET, SOCK_STREAM, IPPROTO_IP) = 3");
  });
});
