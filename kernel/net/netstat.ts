// The socket table as `ss -tan` (and `ss -uan`) shows it: State, Recv-Q,
// Send-Q, Local Address:Port, Peer Address:Port. A listener's Recv-Q is its
// accept queue and Send-Q its backlog (linux README §6); a connection's
// Recv-Q counts the peer's FIN while its socket is open (§5). TIME-WAIT
// entries outlive their sockets (§15). Rows come in creation order.

import { ipToString } from "./packet.ts";
import type { NetStack } from "./ip.ts";
import { tcpStateName, type TcpState } from "./tcp/machine.ts";

export interface SocketRow {
  netid: "tcp" | "udp";
  /** ss's State column: LISTEN, ESTAB, TIME-WAIT, UNCONN... */
  state: string;
  recvQ: number;
  sendQ: number;
  local: string;
  peer: string;
  /** RFC state id for TCP rows (the TUI's diagram), else null. */
  tcpState: TcpState | null;
  /** "FROM --EVENT--> TO" lines, when the trace keeps them. */
  history: string[];
  process: string;
}

function ep(ip: number, port: number): string {
  return `${ip === 0 ? "0.0.0.0" : ipToString(ip)}:${port === 0 ? "*" : port}`;
}

/** ss -p's Process column: `users:(("eserver",pid=2,fd=3))` for every fd holding each socket. */
function holders(stack: NetStack): Map<object, string> {
  const users = new Map<object, string[]>();
  for (const p of stack.host.procs.values()) {
    if (p.state === "Z") continue;
    for (const [fd, f] of p.fds.entries()) {
      if (f.obj.type !== "socket") continue;
      const l = users.get(f.obj);
      const u = `("${p.name}",pid=${p.pid},fd=${fd})`;
      if (l) l.push(u);
      else users.set(f.obj, [u]);
    }
  }
  const out = new Map<object, string>();
  for (const [o, l] of users) out.set(o, `users:(${l.join(",")})`);
  return out;
}

/** Every TCP connection and listener of the host (not CLOSED ones), then UDP sockets. */
export function netstat(stack: NetStack): SocketRow[] {
  const rows: SocketRow[] = [];
  const users = holders(stack);
  for (const t of stack.tcbs) {
    if (t.state === "CLOSED") continue;
    const listening = t.state === "LISTEN";
    if (listening && t.passive) continue; // a request sock before its SYN: not a socket yet
    const s = t.sock;
    rows.push({
      netid: "tcp",
      state: tcpStateName[t.state],
      recvQ: listening ? (s?.acceptQueue.length ?? 0) : t.recvQueued,
      sendQ: listening ? (s?.backlog ?? 0) : t.sendQueued,
      local: ep(listening ? t.bindIp : t.lip, t.lport),
      peer: listening ? "0.0.0.0:*" : ep(t.rip, t.rport),
      tcpState: t.state,
      history: t.stateChanges.map((c) => `${c.from} --${c.event}--> ${c.to}`),
      process: s ? (users.get(s) ?? "") : "",
    });
  }
  for (const list of stack.udpSockets.values()) {
    for (const u of list) {
      rows.push({
        netid: "udp", state: u.isConnected ? "ESTAB" : "UNCONN", recvQ: u.inq(), sendQ: 0,
        local: ep(u.lip, u.lport), peer: u.isConnected ? ep(u.rip, u.rport) : "0.0.0.0:*", tcpState: null, history: [], process: users.get(u) ?? "",
      });
    }
  }
  return rows;
}

/** The rows as `ss -tan` prints them (`ss -tanp` with `processes`; udp rows too when asked). */
export function formatSs(rows: readonly SocketRow[], opts: { udp?: boolean; processes?: boolean } = {}): string {
  const shown = rows.filter((r) => r.netid === "tcp" || opts.udp);
  const head = ["State", "Recv-Q", "Send-Q", "Local Address:Port", "Peer Address:Port", ...(opts.processes ? ["Process"] : [])];
  const cells = shown.map((r) => [r.state, String(r.recvQ), String(r.sendQ), r.local, r.peer, ...(opts.processes ? [r.process] : [])]);
  const w = head.map((h, i) => Math.max(h.length, ...cells.map((c) => c[i]!.length)));
  const line = (c: string[]) =>
    `${c[0]!.padEnd(w[0]!)} ${c[1]!.padEnd(w[1]!)} ${c[2]!.padEnd(w[2]!)} ${c[3]!.padStart(w[3]!)} ${c[4]!.padStart(w[4]!)}${c.length > 5 ? ` ${c[5]}` : ""}`.trimEnd();
  return [line(head), ...cells.map(line)].join("\n") + "\n";
}
