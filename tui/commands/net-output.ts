// `kernsim run --tcpdump / --pcap FILE / --ss`: what the network did, as
// tcpdump -n prints it (relative sequence numbers, in time order), as a
// pcap file tshark and Wireshark read, and the socket table as `ss -tan`
// prints it at the end of the run.

import { writeFileSync } from "node:fs";
import type { Simulation } from "../../kernel/sim/run.ts";
import { networkOf } from "../../kernel/net/fabric.ts";
import { formatPacket, TcpdumpState } from "../../kernel/net/tcpdump.ts";
import { PcapWriter } from "../../kernel/net/pcap.ts";
import { formatSs } from "../../kernel/net/netstat.ts";
import { UsageError } from "../load.ts";

export const NET_OPTIONS = {
  tcpdump: { type: "boolean", description: "print every packet as tcpdump -n does" },
  pcap: { type: "string", description: "write every packet to a pcap file (tshark, Wireshark)" },
  ss: { type: "boolean", description: "print each host's socket table (ss -tan) at the end" },
} as const;

/** Subscribes the requested views; call finish() after the run. */
export function attachNetOutput(sim: Simulation, values: Record<string, unknown>, out: string[]): { finish(): void } {
  const net = networkOf(sim.world);
  if (values.pcap !== undefined && (typeof values.pcap !== "string" || values.pcap === "")) throw new UsageError("--pcap: expected a file name, like --pcap out.pcap");
  const pcap = typeof values.pcap === "string" ? new PcapWriter() : null;
  if (net && (values.tcpdump || pcap)) {
    const st = new TcpdumpState();
    net.subscribe((lp) => {
      if (values.tcpdump) out.push(formatPacket(lp.pkt, lp.time, { relative: st }));
      pcap?.add(lp.pkt, lp.time);
    });
  }
  return {
    finish() {
      if (pcap) {
        writeFileSync(values.pcap as string, pcap.toBuffer());
        process.stderr.write(`kernsim: wrote ${pcap.count} packets to ${String(values.pcap)}\n`);
      }
      if (values.ss && net) {
        for (const s of net.stacks) process.stdout.write(`── ss -tanp on ${s.host.name} ${"─".repeat(Math.max(0, 49 - s.host.name.length))}\n${formatSs(s.netstat(), { processes: true })}`);
      }
    },
  };
}
