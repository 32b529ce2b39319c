// Trace events in strace -f's format: `[pid 2] read(0, "hello\n", 255) = 6`,
// `= -1 ENOENT (No such file or directory)`, `<unfinished ...>` and
// `<... read resumed>` around sleeps, `--- SIGINT ... ---` and
// `+++ exited with 0 +++`. Pure functions over trace events.

import type { TraceEvent } from "../../kernel/trace.ts";
import { errnoName, strerror, ERESTARTNOHAND, ERESTARTSYS } from "../../kernel/uapi/errno.ts";
import { signalName } from "../../kernel/uapi/signal.ts";
import { isTracedBytes, type TracedBytes } from "../../kernel/syscall/trace-args.ts";
import { openFlagsToString, fcntlCmdName } from "../../kernel/uapi/fcntl.ts";
import { EPOLL_ARG_FORMATTERS, EPOLL_RESULT_SUFFIX } from "./strace-epoll.ts";
import { NET_ARG_FORMATTERS } from "./strace-net.ts";
import { RESOURCE_ARG_FORMATTERS } from "./strace-resource.ts";
import { waitOptionsToString, waitStatusToString, WIFEXITED, WEXITSTATUS, WTERMSIG, WIFSIGNALED } from "../../kernel/uapi/wait.ts";

const STRSIZE = 32;
/** Where an out-parameter goes before the call has filled it. */
const PLACEHOLDER = "0x7ffc0000";

/** A C string literal as strace prints it (-s 32): escapes, and "..." when cut. */
export function quote(b: TracedBytes | Uint8Array | string, max = STRSIZE): string {
  let bytes: Uint8Array, length: number;
  if (typeof b === "string") {
    bytes = new TextEncoder().encode(b);
    length = bytes.length;
  } else if (b instanceof Uint8Array) {
    bytes = b;
    length = b.length;
  } else {
    bytes = b.bytes;
    length = b.length;
  }
  let s = '"';
  const n = Math.min(max, bytes.length);
  for (let i = 0; i < n; i++) {
    const c = bytes[i]!;
    if (c === 10) s += "\\n";
    else if (c === 9) s += "\\t";
    else if (c === 13) s += "\\r";
    else if (c === 34) s += '\\"';
    else if (c === 92) s += "\\\\";
    else if (c >= 32 && c < 127) s += String.fromCharCode(c);
    else {
      const next = i + 1 < n ? bytes[i + 1]! : -1;
      s += next >= 48 && next <= 55 ? `\\${c.toString(8).padStart(3, "0")}` : `\\${c.toString(8)}`;
    }
  }
  s += '"';
  return length > max ? s + "..." : s;
}

function num(v: unknown): string {
  return v === null || v === undefined ? "NULL" : String(v);
}

function mode(m: unknown): string {
  return typeof m === "number" ? `0${m.toString(8)}` : "";
}

type ArgFormatter = (args: readonly unknown[], ret: unknown) => string;

/** Per-syscall argument rendering; syscalls not listed print their arguments plainly. */
export const ARG_FORMATTERS: { [name: string]: ArgFormatter } = {
  read: ([fd, count], ret) => `${fd}, ${isTracedBytes(ret) ? quote(ret) : PLACEHOLDER}, ${count}`,
  write: ([fd, data]) => `${fd}, ${isTracedBytes(data) ? quote(data) : '""'}, ${isTracedBytes(data) ? data.length : 0}`,
  openat: ([path, flags, m]) => `AT_FDCWD, ${quote(String(path), 4096)}, ${openFlagsToString(flags as number)}${m !== undefined && m !== null ? `, ${mode(m)}` : ""}`,
  fcntl: ([fd, cmd, arg]) => `${fd}, ${fcntlCmdName(cmd as number)}${arg !== undefined && cmd !== 1 && cmd !== 3 ? `, ${arg}` : ""}`,
  wait4: ([pid, options], ret) => {
    const st = typeof ret === "object" && ret !== null && "status" in ret ? waitStatusToString((ret as { status: number }).status) : PLACEHOLDER;
    return `${pid}, ${st}, ${waitOptionsToString(options as number)}, NULL`;
  },
  pipe2: ([flags], ret) => `${Array.isArray(ret) ? `[${ret[0]}, ${ret[1]}]` : PLACEHOLDER}, ${flags ? openFlagsToString(flags as number).replace(/^O_RDONLY\|?/, "") || "0" : "0"}`,
  kill: ([pid, sig]) => `${pid}, ${sig === 0 ? "0" : signalName(sig as number)}`,
  rt_sigaction: ([sig, act], ret) => `${signalName(sig as number)}, ${sigact(act)}, ${typeof ret === "object" ? sigact(ret) : "NULL"}, 8`,
  rt_sigprocmask: ([how, set]) => `${["SIG_BLOCK", "SIG_UNBLOCK", "SIG_SETMASK"][how as number] ?? how}, ${set === null || set === undefined ? "NULL" : sigset(set)}, [], 8`,
  nanosleep: ([ns]) => `{tv_sec=${Math.floor((ns as number) / 1e9)}, tv_nsec=${(ns as number) % 1e9}}, NULL`,
  execve: ([path, argv]) => `${quote(String(path), 4096)}, [${(argv as string[]).map((a) => quote(a, 4096)).join(", ")}], 0x7ffc0000 /* 0 vars */`,
  exit_group: ([status]) => `${status}`,
  ioctl: ([fd, req]) => `${fd}, ${req === 0x5401 ? "TCGETS" : req === 0x541b ? "FIONREAD" : `0x${(req as number).toString(16)}`}`,
  fstat: ([fd], ret) => `${fd}, ${typeof ret === "object" && ret ? `{st_mode=${fileType((ret as { st_mode: number }).st_mode)}|0${((ret as { st_mode: number }).st_mode & 0o777).toString(8)}, st_size=${(ret as { st_size: number }).st_size}, ...}` : "0x7ffc0000"}`,
  lseek: ([fd, off, whence]) => `${fd}, ${off}, ${["SEEK_SET", "SEEK_CUR", "SEEK_END"][whence as number] ?? whence}`,
  unlink: ([path]) => quote(String(path), 4096),
  compute: ([ns]) => `${ns}`,
  ...EPOLL_ARG_FORMATTERS,
  ...NET_ARG_FORMATTERS,
  ...RESOURCE_ARG_FORMATTERS,
};

function fileType(m: number): string {
  switch (m & 0o170000) {
    case 0o100000: return "S_IFREG";
    case 0o040000: return "S_IFDIR";
    case 0o020000: return "S_IFCHR";
    case 0o010000: return "S_IFIFO";
    case 0o140000: return "S_IFSOCK";
    default: return "0";
  }
}

function sigset(bits: unknown): string {
  const b = typeof bits === "bigint" ? bits : 0n;
  const names: string[] = [];
  for (let s = 1; s <= 64; s++) if ((b >> BigInt(s - 1)) & 1n) names.push(signalName(s).replace(/^SIG/, ""));
  return `[${names.join(" ")}]`;
}

function sigact(a: unknown): string {
  if (a === null || a === undefined || typeof a !== "object") return "NULL";
  const { handler, mask, flags } = a as { handler: unknown; mask?: bigint; flags?: number };
  const h = handler === 0 ? "SIG_DFL" : handler === 1 ? "SIG_IGN" : typeof handler === "string" ? handler.replace(/^<|>$/g, "") : "handler";
  const f = flags ? [flags & 0x10000000 ? "SA_RESTART" : "", flags & 0x40000000 ? "SA_NODEFER" : "", flags & 0x80000000 ? "SA_RESETHAND" : ""].filter(Boolean).join("|") || `0x${flags.toString(16)}` : "0";
  return `{sa_handler=${h}, sa_mask=${sigset(mask ?? 0n)}, sa_flags=${f}}`;
}

/** " = 6", " = -1 ENOENT (No such file or directory)", " = ?". */
export function formatReturn(name: string, ret: unknown, args: readonly unknown[] = []): string {
  if (name === "exit_group") return " = ?";
  const r = typeof ret === "object" && ret !== null && "ret" in ret ? (ret as { ret: unknown }).ret : ret;
  if (typeof r === "number") {
    if (r === -ERESTARTSYS) return " = ? ERESTARTSYS (To be restarted if SA_RESTART is set)";
    if (r === -ERESTARTNOHAND) return " = ? ERESTARTNOHAND (To be restarted if no handler)";
    if (r < 0 && r > -4096) return ` = -1 ${errnoName(-r)} (${strerror(-r)})`;
    return ` = ${r}${EPOLL_RESULT_SUFFIX[name]?.(args, ret) ?? ""}`;
  }
  if (isTracedBytes(r)) return ` = ${r.length}`;
  if (typeof r === "object" && r !== null && "pid" in r) return ` = ${(r as { pid: number }).pid}`;
  if (typeof r === "bigint") return " = 0";
  return " = 0";
}

/** Formats one syscall (or its unfinished/resumed halves) as strace does. */
export class StraceFormatter {
  /** host/pid → what the "<unfinished ...>" line already printed of the arguments. */
  private unfinished = new Map<string, string>();

  /**
   * `prefixPid`: strace -f's "[pid N] " prefix. `hostPrefix`: with several
   * hosts pids repeat, so lines also say whose they are ("server: [pid 2] ...").
   */
  constructor(private readonly prefixPid = true, private readonly hostPrefix = false) {}

  format(e: TraceEvent): string | null {
    const pfx = (this.hostPrefix ? `${e.host}: ` : "") + (this.prefixPid ? `[pid ${e.pid}] ` : "");
    const who = `${e.host}/${e.pid}`;
    if (e.kind === "syscall") {
      const fmt = ARG_FORMATTERS[e.name];
      const args = e.args ?? [];
      if (e.info === "blocked") {
        if (this.unfinished.has(who)) return null;
        const full = fmt ? fmt(args, undefined) : args.map(plain).join(", ");
        const cut = full.indexOf(PLACEHOLDER);
        const partial = cut >= 0 ? full.slice(0, cut) : full;
        this.unfinished.set(who, partial);
        return `${pfx}${e.name}(${partial.trimEnd()} <unfinished ...>`;
      }
      const body = fmt ? fmt(args, e.ret) : args.map(plain).join(", ");
      const printed = this.unfinished.get(who);
      if (printed !== undefined) {
        this.unfinished.delete(who);
        const rest = body.startsWith(printed) ? body.slice(printed.length) : "";
        return `${pfx}<... ${e.name} resumed>${rest})${formatReturn(e.name, e.ret, args)}`;
      }
      return `${pfx}${e.name}(${body})${formatReturn(e.name, e.ret, args)}`;
    }
    if (e.kind === "signal" && (e.name === "handle" || e.name === "deliver")) {
      const { sig, from } = e.info as { sig: number; from: number };
      const name = signalName(sig);
      return `${pfx}--- ${name} {si_signo=${name}, si_code=${from ? "SI_USER" : "SI_KERNEL"}${from ? `, si_pid=${from}` : ""}} ---`;
    }
    if (e.kind === "proc" && e.name === "exit") {
      this.unfinished.delete(who);
      const st = e.info as number;
      if (WIFEXITED(st)) return `${pfx}+++ exited with ${WEXITSTATUS(st)} +++`;
      if (WIFSIGNALED(st)) return `${pfx}+++ killed by ${signalName(WTERMSIG(st))} +++`;
    }
    return null;
  }
}

function plain(v: unknown): string {
  if (isTracedBytes(v)) return quote(v);
  if (typeof v === "string") return quote(v, 4096);
  if (v === null || v === undefined) return "NULL";
  if (typeof v === "object") return JSON.stringify(v);
  return num(v);
}
