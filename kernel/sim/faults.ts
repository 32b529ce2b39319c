// Syscall-level fault injection: what real systems do rarely, made to
// happen often and reproducibly, so a course can show why `read` must be
// looped and `EINTR` retried. Every draw comes from world.rand, so a run
// with faults is still a pure function of (scenario, seed, inputs, faults).
//
// Each fault is injected only where Linux could produce it:
//   shortRead  read/recv on a pipe, terminal or socket returns fewer bytes
//              than were there (as when a writer's data arrives in pieces);
//   shortWrite write/send on a pipe or socket accepts a prefix (as when a
//              signal interrupts a blocking write after partial progress);
//   eintr      a blocking call that would sleep (read/write/accept/connect on
//              a slow object, wait4, pause, nanosleep) fails with EINTR, as if
//              a handler without SA_RESTART had run;
//   connreset  read/write/send/recv on a socket fails with ECONNRESET
//              (the call only: the connection itself is not torn down);
//   eagain     a call on a non-blocking descriptor fails with EAGAIN
//              although it could have proceeded (a lost readiness race).
// Regular files are never faulted: Linux does not return short reads on
// them short of end of file.

import type { World } from "../world.ts";
import type { Host } from "../host.ts";
import type { Process } from "../proc/proc.ts";
import type { SyscallRequest } from "../abi.ts";
import type { SyscallDef } from "../syscall/table.ts";
import { EAGAIN, ECONNRESET, EINTR } from "../uapi/errno.ts";
import { O_NONBLOCK } from "../uapi/fcntl.ts";

export interface FaultSpec {
  shortRead?: number;
  shortWrite?: number;
  eintr?: number;
  connreset?: number;
  eagain?: number;
}

export const FAULT_KINDS = ["shortRead", "shortWrite", "eintr", "connreset", "eagain"] as const;
export type FaultKind = (typeof FAULT_KINDS)[number];

/** Probability used when a fault is switched on without one (`--faults short-read`). */
export const DEFAULT_FAULT_P = 0.3;

export class FaultSpecError extends Error {}

const READS = new Set(["read", "recvfrom", "recv", "recvmsg"]);
const WRITES = new Set(["write", "sendto", "send", "sendmsg"]);
const FD_SLOW = new Set([...READS, ...WRITES, "accept", "accept4", "connect"]);
const FIONREAD = 0x541b;
const POLLIN = 0x001, POLLOUT = 0x004, POLLERR = 0x008, POLLHUP = 0x010;

/** Checks a spec (scenario field, record field or parsed --faults); throws FaultSpecError naming the key. */
export function validateFaults(spec: unknown, where = "faults"): FaultSpec {
  if (typeof spec !== "object" || spec === null || Array.isArray(spec)) throw new FaultSpecError(`${where}: expected an object like { shortRead: 0.3 }`);
  for (const [k, v] of Object.entries(spec)) {
    if (!(FAULT_KINDS as readonly string[]).includes(k)) throw new FaultSpecError(`${where}.${k}: unknown fault; the faults are ${FAULT_KINDS.join(", ")}`);
    if (!(typeof v === "number" && v >= 0 && v <= 1)) throw new FaultSpecError(`${where}.${k}: expected a probability from 0 to 1, got ${JSON.stringify(v)}`);
  }
  return spec as FaultSpec;
}

/** Parses the command line's `--faults short-read=0.2,eintr` ("all" switches every fault on). */
export function parseFaults(text: string): FaultSpec {
  const spec: FaultSpec = {};
  for (const part of text.split(",").map((s) => s.trim()).filter(Boolean)) {
    const [rawName, rawP] = part.split("=");
    const p = rawP === undefined ? DEFAULT_FAULT_P : Number(rawP);
    if (!(p >= 0 && p <= 1) || rawP === "") throw new FaultSpecError(`--faults: '${part}': expected a probability from 0 to 1 after '='`);
    if (rawName === "all") {
      for (const k of FAULT_KINDS) spec[k] = p;
      continue;
    }
    const name = rawName!.replace(/-([a-z])/g, (_, c: string) => c.toUpperCase());
    if (!(FAULT_KINDS as readonly string[]).includes(name)) {
      throw new FaultSpecError(`--faults: unknown fault '${rawName}'; use short-read, short-write, eintr, connreset, eagain or all (e.g. --faults short-read=0.5)`);
    }
    spec[name as FaultKind] = p;
  }
  return spec;
}

/** True when the spec injects anything. */
export function faultsOn(spec: FaultSpec | null | undefined): spec is FaultSpec {
  return !!spec && FAULT_KINDS.some((k) => (spec[k] ?? 0) > 0);
}

/** Installs the injector around syscall execution (keeps any interposer already there underneath). */
export function installFaults(world: World, spec: FaultSpec): void {
  if (!faultsOn(spec)) return;
  const inner = world.interpose;
  const run = (h: Host, p: Process, req: SyscallRequest, def: SyscallDef): unknown =>
    inner === null ? def.handler(h, p, req.args) : inner(h, p, req, def);
  const rand = world.rand;
  const chance = (k: FaultKind) => {
    const pr = spec[k];
    return pr !== undefined && pr > 0 && rand.chance(pr);
  };
  world.interpose = (h, p, req, def) => {
    const nr = req.nr;
    const slowFd = FD_SLOW.has(nr);
    if (!slowFd && nr !== "wait4" && nr !== "pause" && nr !== "nanosleep") return run(h, p, req, def);
    // A call already under way (it slept, or made partial progress) is left alone.
    if (p.top.sys !== null) return run(h, p, req, def);
    if (!slowFd) {
      // wait4 with WNOHANG never sleeps; nanosleep and pause always would.
      const wouldSleep = nr !== "wait4" || ((req.args[1] as number) & 1) === 0;
      if (wouldSleep && chance("eintr")) return nr === "nanosleep" ? { ret: -EINTR, rem: req.args[0] } : -EINTR;
      return run(h, p, req, def);
    }
    const f = p.fds.get(req.args[0] as number);
    if (!f || f.obj.type === "file" || f.obj.type === "dir" || f.obj.type === "chr") return run(h, p, req, def);
    const isSocket = f.obj.type === "socket";
    const reading = READS.has(nr) || nr === "accept" || nr === "accept4";
    if (isSocket && nr !== "accept" && nr !== "accept4" && nr !== "connect" && chance("connreset")) return -ECONNRESET;
    if (f.flags & O_NONBLOCK) {
      if (chance("eagain")) return -EAGAIN;
    } else {
      const ready = f.obj.poll(f) & (reading ? POLLIN | POLLERR | POLLHUP : POLLOUT | POLLERR | POLLHUP);
      if (ready === 0 && chance("eintr")) return -EINTR;
    }
    if (READS.has(nr) && f.obj.type !== "epoll") {
      // Cut below what is there to read (FIONREAD), or the cut changes nothing.
      const avail = f.obj.ioctl?.(f, FIONREAD, p);
      const count = Math.min(req.args[1] as number, typeof avail === "number" && avail > 0 ? avail : Infinity);
      if (count > 1 && count !== Infinity && chance("shortRead")) {
        const args = req.args.slice();
        args[1] = 1 + rand.below(count - 1);
        return run(h, p, { nr, args }, def);
      }
    }
    if (WRITES.has(nr) && (f.obj.type === "fifo" || isSocket)) {
      const data = req.args[1];
      if (data instanceof Uint8Array && data.length > 1 && chance("shortWrite")) {
        const args = req.args.slice();
        args[1] = data.subarray(0, 1 + rand.below(data.length - 1));
        return run(h, p, { nr, args }, def);
      }
    }
    return run(h, p, req, def);
  };
}
