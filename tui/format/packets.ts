// The packets tab: tcpdump -n lines of the recent packets, optionally only
// those whose line contains a filter (an address, "10.0.0.1.5000", a
// connection "a.p > b.p" matches both directions).

import type { TraceEvent } from "../../kernel/trace.ts";
import type { Ipv4Packet } from "../../kernel/net/packet.ts";
import { formatPacket, TcpdumpState } from "../../kernel/net/tcpdump.ts";

/** The packet a trace event carries (the network records either the packet or {packet}). */
export function packetOf(e: TraceEvent): Ipv4Packet | null {
  const info = e.info as { packet?: Ipv4Packet; body?: unknown } | undefined;
  if (!info || typeof info !== "object") return null;
  if (info.body !== undefined) return info as Ipv4Packet;
  return info.packet ?? null;
}

export function packetLines(events: readonly TraceEvent[]): string[] {
  const rel = new TcpdumpState();
  const out: string[] = [];
  for (const e of events) {
    const p = packetOf(e);
    if (!p) continue;
    try {
      out.push(formatPacket(p, e.time, { relative: rel }));
    } catch {
      out.push(`${e.time}ns packet (unprintable)`);
    }
  }
  return out;
}

/**
 * Keeps the lines matching `filter`: whitespace-separated terms that must
 * all appear; "a > b" (a connection) matches either direction.
 */
export function filterPackets(lines: readonly string[], filter: string): string[] {
  const f = filter.trim();
  if (!f) return lines.slice();
  const conn = /^(\S+)\s*[<>-]+\s*(\S+)$/.exec(f);
  if (conn) {
    const [a, b] = [conn[1]!, conn[2]!];
    return lines.filter((l) => l.includes(`${a} > ${b}`) || l.includes(`${b} > ${a}`));
  }
  const terms = f.split(/\s+/);
  return lines.filter((l) => terms.every((t) => l.includes(t)));
}

/** ss's "10.0.0.1:5000" as tcpdump's "10.0.0.1.5000". */
export function ssToTcpdump(endpoint: string): string {
  const i = endpoint.lastIndexOf(":");
  return i < 0 ? endpoint : `${endpoint.slice(0, i)}.${endpoint.slice(i + 1)}`;
}
