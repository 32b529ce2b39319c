// strace's rendering of the socket calls: `{sa_family=AF_INET,
// sin_port=htons(5000), sin_addr=inet_addr("10.0.0.1")}`, `[16]` for a
// socklen_t out-parameter, symbolic domains, types, levels and options.

import {
  familyName, msgFlagsName, protoName, shutdownHowName, sockTypeName, sockoptLevelName, sockoptName, AF_INET, AF_UNIX,
} from "../../kernel/uapi/socket.ts";
import { isTracedBytes } from "../../kernel/syscall/trace-args.ts";
import { quote } from "./strace.ts";

type ArgFormatter = (args: readonly unknown[], ret: unknown) => string;
const PLACEHOLDER = "0x7ffc0000";

function swap16(x: number): number {
  return ((x & 0xff) << 8) | ((x >>> 8) & 0xff);
}

function dotted(sAddr: number): string {
  const b = sAddr >>> 0;
  return `${b & 255}.${(b >>> 8) & 255}.${(b >>> 16) & 255}.${b >>> 24}`;
}

/** A struct sockaddr as strace prints it. */
export function sockaddrText(a: unknown): string {
  if (a === null || a === undefined) return "NULL";
  if (typeof a !== "object") return String(a);
  const o = a as { sin_family?: number; sin_port?: number; sin_addr?: { s_addr: number }; sun_family?: number; sun_path?: string; sa_family?: number };
  const fam = o.sin_family ?? o.sun_family ?? o.sa_family ?? 0;
  if (fam === AF_INET) return `{sa_family=AF_INET, sin_port=htons(${swap16(o.sin_port ?? 0)}), sin_addr=inet_addr("${dotted(o.sin_addr?.s_addr ?? 0)}")}`;
  if (fam === AF_UNIX) return o.sun_path ? `{sa_family=AF_UNIX, sun_path=${quote(o.sun_path, 4096)}}` : "{sa_family=AF_UNIX}";
  return `{sa_family=${familyName(fam)}}`;
}

interface AddrReply { ret: number; addr: unknown; addrlen: number }
interface RecvReply extends AddrReply { data: unknown }

function isReply(r: unknown): r is AddrReply {
  return typeof r === "object" && r !== null && "ret" in r;
}

function optValue(v: unknown): string {
  if (typeof v === "number") return `[${v}]`;
  if (typeof v === "object" && v !== null) {
    if ("l_onoff" in v) return `{l_onoff=${(v as { l_onoff: number }).l_onoff}, l_linger=${(v as unknown as { l_linger: number }).l_linger}}`;
    if ("tv_sec" in v) return `{tv_sec=${(v as { tv_sec: number }).tv_sec}, tv_usec=${(v as { tv_usec?: number }).tv_usec ?? 0}}`;
    if ("tcpi_state" in v) return `{tcpi_state=${(v as { tcpi_state: number }).tcpi_state}, ...}`;
  }
  return String(v);
}

function outAddr(want: unknown, ret: unknown): string {
  if (!want) return "NULL, NULL";
  if (!isReply(ret)) return PLACEHOLDER;
  return `${sockaddrText(ret.addr)}, [${ret.addrlen}]`;
}

export const NET_ARG_FORMATTERS: { [name: string]: ArgFormatter } = {
  socket: ([d, t, p]) => `${familyName(d as number)}, ${sockTypeName(t as number)}, ${protoName(p as number)}`,
  socketpair: ([d, t, p], ret) => `${familyName(d as number)}, ${sockTypeName(t as number)}, ${p}, ${Array.isArray(ret) ? `[${ret[0]}, ${ret[1]}]` : PLACEHOLDER}`,
  bind: ([fd, a, len]) => `${fd}, ${sockaddrText(a)}, ${len}`,
  connect: ([fd, a, len]) => `${fd}, ${sockaddrText(a)}, ${len}`,
  listen: ([fd, b]) => `${fd}, ${b}`,
  accept: ([fd, want], ret) => `${fd}, ${outAddr(want, ret)}`,
  accept4: ([fd, want, flags], ret) => `${fd}, ${outAddr(want, ret)}, ${flags ? sockTypeName(flags as number).replace(/^\d+\|?/, "") || "0" : "0"}`,
  sendto: ([fd, data, flags, a, len]) =>
    `${fd}, ${isTracedBytes(data) ? quote(data) : '""'}, ${isTracedBytes(data) ? data.length : 0}, ${msgFlagsName((flags as number) ?? 0)}, ${a ? `${sockaddrText(a)}, ${len}` : "NULL, 0"}`,
  recvfrom: ([fd, count, flags, want], ret) => {
    const data = isReply(ret) ? (ret as RecvReply).data : undefined;
    return `${fd}, ${isTracedBytes(data) ? quote(data) : PLACEHOLDER}, ${count}, ${msgFlagsName((flags as number) ?? 0)}, ${outAddr(want, ret)}`;
  },
  shutdown: ([fd, how]) => `${fd}, ${shutdownHowName(how as number)}`,
  setsockopt: ([fd, level, name, v, len]) => `${fd}, ${sockoptLevelName(level as number)}, ${sockoptName(level as number, name as number)}, ${optValue(v)}, ${len}`,
  getsockopt: ([fd, level, name], ret) =>
    `${fd}, ${sockoptLevelName(level as number)}, ${sockoptName(level as number, name as number)}, ${isReply(ret) ? `${optValue((ret as unknown as { value: unknown }).value)}, [${typeof (ret as unknown as { value: unknown }).value === "number" ? 4 : 16}]` : `${PLACEHOLDER}, [4]`}`,
  getsockname: ([fd], ret) => `${fd}, ${isReply(ret) ? `${sockaddrText(ret.addr)}, [${ret.addrlen}]` : `${PLACEHOLDER}, [16]`}`,
  getpeername: ([fd], ret) => `${fd}, ${isReply(ret) ? `${sockaddrText(ret.addr)}, [${ret.addrlen}]` : `${PLACEHOLDER}, [16]`}`,
};
