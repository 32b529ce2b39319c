// The pcap that `kernsim run --pcap` writes, read by Debian's tshark: every
// packet of the echo scenario is there, with valid checksums and no
// warnings. Skipped (with a message) where tshark is not installed.

import { describe, expect, it } from "vitest";
import { spawnSync } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { runScenario } from "../../../kernel/sim/run.ts";
import { findScenario } from "../../../userland/scenarios/index.ts";
import { networkOf } from "../../../kernel/net/fabric.ts";
import { PcapWriter } from "../../../kernel/net/pcap.ts";

const hasTshark = spawnSync("tshark", ["--version"], { encoding: "utf8" }).status === 0;
if (!hasTshark) console.log("tshark not installed: skipping the pcap check against tshark");

describe.skipIf(!hasTshark)("pcap files read by tshark", () => {
  it("the echo scenario's capture: every packet, good checksums, the TCP conversation as tshark sees it", () => {
    const r = runScenario(findScenario("echo-two-v3")!);
    const log = networkOf(r.world)!.log;
    const w = new PcapWriter();
    for (const l of log) w.add(l.pkt, l.time);
    const dir = mkdtempSync(join(tmpdir(), "kernsim-pcap-"));
    const file = join(dir, "echo.pcap");
    writeFileSync(file, w.toBuffer());
    const t = spawnSync("tshark", ["-r", file, "-o", "tcp.check_checksum:TRUE", "-o", "ip.check_checksum:TRUE", "-T", "fields",
      "-e", "ip.src", "-e", "tcp.srcport", "-e", "tcp.flags.str", "-e", "tcp.len", "-e", "_ws.expert.message"], { encoding: "utf8" });
    expect(t.status).toBe(0);
    const warnings = t.stderr.split("\n").filter((l) => l.trim() && !/Running as user "root"/.test(l));
    expect(warnings).toEqual([]);
    const rows = t.stdout.trim().split("\n");
    expect(rows).toHaveLength(log.length);
    expect(rows.filter((x) => /checksum/i.test(x))).toEqual([]);
    expect(rows[0]).toMatch(/^10\.0\.0\.2\t\d+\t.*S.*\t0/);
  });
});
