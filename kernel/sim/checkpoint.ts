// Checkpoints of a running simulation, for time travel: the TUI restores
// the nearest one and replays forward from there instead of from step 0.
//
// A checkpoint is a deep copy of the kernel's state: every object, array,
// Map, Set and typed array reachable from the world, with prototypes and
// sharing kept (two fds naming one open file description still name one).
// What cannot be copied is rebuilt: a process's generator stack and its
// userland memory are made again the way fork makes a child's, by feeding
// a fresh generator the process's record (which is append-only, so the
// checkpoint keeps a branch of it, not a copy); the hooks a world is wired
// with (the network's inputs, the scenario's exit listener) are wired
// again. The kernel keeps no closures in its state for this reason (timed
// events and timers are objects with a `run` method); a world that holds
// one anyway (fault injection, explore's chooser, a test's hook) cannot be
// checkpointed, and takeCheckpoint says so by returning the reason.
//
// Restoring copies the checkpoint again, so one checkpoint serves any
// number of restores, and a restored run is the original run: same state,
// same PRNG, same trace hash from there on (test/sim/checkpoint.test.ts).

import type { SignalHandler } from "../abi.ts";
import { World } from "../world.ts";
import { Trace } from "../trace.ts";
import { Process, type Frame } from "../proc/proc.ts";
import { Record } from "../proc/record.ts";
import { replay } from "../proc/fork.ts";
import { Network, networkOf, wireNetwork } from "../net/fabric.ts";
import { Capture } from "../fs/capture.ts";
import { simulationOf, type Launched, type Simulation } from "./run.ts";

/** A world that cannot be copied (it holds a function the kernel did not put there). */
export class CheckpointError extends Error {}

export interface Checkpoint {
  readonly step: number;
  /** Objects copied (for inspection and the benchmarks). */
  readonly objects: number;
  /** Simulated time at the checkpoint. */
  readonly now: number;
  /** The copied state (never handed out: restore copies it again). */
  readonly state: Copied;
  readonly sim: Pick<Simulation, "scenario" | "seed" | "timeLimit" | "stopAtExit">;
  readonly done: boolean;
}

interface Copied {
  world: World;
  launched: Launched[];
  net: Network | null;
}

/** A frame without its generator: what the rebuilt one must be given back. */
interface FrameState {
  nr: string | null;
  hasReply: boolean;
  reply: unknown;
  savedMask: bigint;
  signo: number;
  sys: Frame["sys"];
}

/** Where a signal handler was: the rebuilt process's own closure goes there. */
const HANDLER = { handler: "rebuilt by replay" };

/** Copies the simulation's state now, or says why it cannot (it holds what cannot be copied). */
export function takeCheckpoint(sim: Simulation): Checkpoint | { error: string } {
  const w = sim.world;
  if (w.chooser !== null || w.interpose !== null || w.checkInvariants !== null) {
    return { error: "the world has a chooser, fault injection or an invariant checker installed" };
  }
  try {
    const { copied: state, objects } = copyState({ world: w, launched: sim.launched, net: networkOf(w) ?? null }, true);
    return {
      step: w.steps, now: w.now, state, objects, done: sim.allExited(),
      sim: { scenario: sim.scenario, seed: sim.seed, timeLimit: sim.timeLimit, stopAtExit: sim.stopAtExit },
    };
  } catch (e) {
    if (e instanceof CheckpointError) return { error: e.message };
    throw e;
  }
}

/** A new Simulation in the checkpoint's state; it runs on exactly as the original did from there. */
export function restoreCheckpoint(cp: Checkpoint): Simulation {
  const { world, launched, net } = copyState(cp.state, false).copied;
  if (net !== null) wireNetwork(world, net);
  const { scenario, seed, timeLimit, stopAtExit } = cp.sim;
  const sim = simulationOf(world, scenario, seed, launched, timeLimit, stopAtExit, cp.done);
  for (const p of world.allProcs) rebuild(p);
  return sim;
}

/** Gives a copied process its generator stack back, by replaying its record (kernel/proc/fork.ts). */
function rebuild(p: Process): void {
  const saved = p.frames as unknown as FrameState[];
  if (p.state === "Z" || saved.length === 0) {
    p.frames = [];
    return;
  }
  const handlers = replay(p, p.rec);
  if (p.frames.length !== saved.length) {
    throw new CheckpointError(`pid ${p.pid}: replay rebuilt ${p.frames.length} frames where the checkpoint had ${saved.length}`);
  }
  p.frames.forEach((f, i) => {
    const s = saved[i]!;
    if (s.nr !== null && f.req?.nr !== s.nr) {
      throw new CheckpointError(`pid ${p.pid}: replay stopped in ${f.req?.nr ?? "nothing"} where the checkpoint was in ${s.nr}`);
    }
    f.hasReply = s.hasReply;
    f.reply = s.reply;
    f.savedMask = s.savedMask;
    f.signo = s.signo;
    f.sys = s.sys;
  });
  for (let sig = 0; sig < p.actions.length; sig++) {
    const a = p.actions[sig]!;
    if ((a.handler as unknown) !== HANDLER) continue;
    const h = handlers.get(sig);
    if (h === undefined) throw new CheckpointError(`pid ${p.pid}: no handler for signal ${sig} after replay`);
    a.handler = h as SignalHandler;
  }
}

/**
 * Deep copy of the state graph (iterative: ready lists and queues can be
 * long chains). `taking` is true when copying a live world into a
 * checkpoint: processes then lose their generators (kept as FrameState)
 * and handlers (kept as HANDLER); restoring copies those as they are.
 */
function copyState(root: Copied, taking: boolean): { copied: Copied; objects: number } {
  const map = new Map<object, object>();
  // Objects copied but not yet filled in: (source, copy) pairs.
  const srcs: object[] = [];
  const dsts: object[] = [];
  const fills: Array<Shape | null> = [];
  // Where the copy is, for the one message that needs it.
  let holder: object | null = null;
  let key = "";
  const where = (): string => `${holder === null ? "the simulation" : ((Object.getPrototypeOf(holder) as { constructor?: { name?: string } } | null)?.constructor?.name ?? "Object")}.${key}`;

  const copy = (v: unknown): unknown => {
    if (v === null || (typeof v !== "object" && typeof v !== "function")) return v;
    const done = map.get(v as object);
    if (done !== undefined) return done;
    if (typeof v === "function") {
      throw new CheckpointError(`a function in ${where()} (${v.name || "anonymous"}): kernel state must be data`);
    }
    const o = v as object;
    if (o === HANDLER || isProgram(o)) return o;
    let out: object;
    if (ArrayBuffer.isView(o)) {
      out = (o as Uint8Array).slice();
      map.set(o, out);
      return out;
    }
    if (o instanceof Record) {
      // Append-only: a branch is the record as it stands, shared, not copied.
      out = o.branch();
      map.set(o, out);
      return out;
    }
    // Arrays start empty and are filled by push: `new Array(n)` would make them holey, a different
    // elements kind from the originals', and the kernel's optimised code would deoptimise on them.
    let shape: Shape | null = null;
    if (Array.isArray(o)) out = [];
    else if (o instanceof Map) out = new Map();
    else if (o instanceof Set) out = new Set();
    else {
      const proto = Object.getPrototypeOf(o) as object | null;
      if (proto !== Object.prototype && proto !== null && Object.prototype.toString.call(o) === "[object Generator]") {
        throw new CheckpointError(`a generator in ${where()}`);
      }
      shape = proto !== Object.prototype && proto !== null ? shapeOf(o, proto) : null;
      out = shape !== null ? shape.make(o, proto!) : (Object.create(proto) as object);
    }
    map.set(o, out);
    srcs.push(o);
    dsts.push(out);
    fills.push(shape);
    return out;
  };

  const fill = (o: object, c: object, shape: Shape | null): void => {
    if (Array.isArray(o)) {
      const a = c as unknown[];
      for (let i = 0; i < o.length; i++) {
        if (i in o) a.push(copy(o[i]));
        else a.length++; // a hole stays a hole
      }
    } else if (o instanceof Map) {
      const m = c as Map<unknown, unknown>;
      for (const [k, x] of o) m.set(copy(k), copy(x));
    } else if (o instanceof Set) {
      const s = c as Set<unknown>;
      for (const x of o) s.add(copy(x));
    } else {
      const special = o instanceof World || o instanceof Trace || o instanceof Network || o instanceof Process || o instanceof Capture;
      if (shape !== null) {
        shape.fill(o, c, special ? field : plain);
        return;
      }
      const src = o as { [k: string]: unknown };
      const dst = c as { [k: string]: unknown };
      for (const k in src) {
        key = k;
        dst[k] = special ? field(o, k, src[k]) : copy(src[k]);
      }
    }
  };
  const plain = (_o: object, k: string, v: unknown): unknown => {
    key = k;
    return copy(v);
  };

  /** One field of the few objects that hold more than plain state. */
  const field = (o: object, k: string, v: unknown): unknown => {
    key = k;
    if (o instanceof World) {
      // Hooks the restore wires again (network inputs, the exit listener).
      if (k === "networkFault" || k === "networkEvent") return null;
      if (k === "exitListeners") return [];
    }
    if (o instanceof Trace && k === "listeners") return []; // observers attach to the restored run themselves
    if (o instanceof Network && k === "listeners") {
      if ((v as unknown[]).length > 0) throw new CheckpointError("the network has packet listeners (a capture)");
      return [];
    }
    // Output already written is never changed, only appended to: the chunks are shared, not copied
    // (a chatty process would otherwise make every checkpoint copy all it ever printed).
    if ((o instanceof Process && (k === "out" || k === "err")) || (o instanceof Capture && k === "chunks")) {
      return (v as Uint8Array[]).slice();
    }
    if (taking && o instanceof Process) {
      if (k === "user") return {}; // userland memory: rebuilt by replay
      if (k === "frames") return (v as Frame[]).map((f): FrameState => ({
        nr: f.req?.nr ?? null, hasReply: f.hasReply, reply: copy(f.reply), savedMask: f.savedMask, signo: f.signo, sys: copy(f.sys) as Frame["sys"],
      }));
      if (k === "actions") {
        return (v as Process["actions"]).map((a) => ({ ...a, handler: typeof a.handler === "function" ? HANDLER : a.handler }));
      }
    }
    return copy(v);
  };

  const out = copy(root) as Copied;
  while (srcs.length > 0) {
    const o = srcs.pop()!;
    const c = dsts.pop()!;
    const shape = fills.pop()!;
    holder = o;
    fill(o, c, shape);
  }
  return { copied: out, objects: map.size };
}

/** A program definition (defineProgram's object): immutable code, shared by every copy. */
function isProgram(o: object): boolean {
  return Object.hasOwn(o, "start") && typeof (o as { start?: unknown }).start === "function" && typeof (o as { name?: unknown }).name === "string";
}

// --- copies with fast properties ---------------------------------------------
//
// A copy filled field by field with computed keys (`dst[k] = ...`) on an
// Object.create(prototype) shell is slow twice over: V8 turns an object of
// more than about sixteen fields into a dictionary (its rule for keyed
// stores), and the fields it keeps fast live outside the object. A restored
// run's Tcbs, sockets and processes then ran at half speed. So each class
// (and key list) gets two functions compiled from its field names: one
// makes the copy as an object literal with every field in it, in the
// original's order and with the original's values (so numbers keep their
// representation), the other then stores each copied field by name.

interface Shape {
  keys: string[];
  make: (src: object, proto: object) => object;
  fill: (src: object, dst: object, f: (o: object, k: string, v: unknown) => unknown) => void;
}

/** Shapes by prototype, one per key list seen (a class whose objects gain fields later has a few). */
const shapes = new Map<object, Shape[]>();
/** Past this many key lists for one prototype, its objects are copied the generic way. */
const MAX_SHAPES = 16;

function shapeOf(o: object, proto: object): Shape | null {
  let list = shapes.get(proto);
  if (list === undefined) shapes.set(proto, (list = []));
  for (const e of list) if (sameKeys(o, e.keys)) return e;
  if (list.length >= MAX_SHAPES) return null;
  const keys: string[] = [];
  for (const k in o) keys.push(k);
  if (keys.includes("__proto__")) return null; // as a literal's key it would set the prototype
  const q = keys.map((k) => JSON.stringify(k));
  // Compiled once per shape, from field names only.
  const shape: Shape = {
    keys,
    make: new Function("s", "p", `return { __proto__: p, ${q.map((k) => `${k}: s[${k}]`).join(", ")} };`) as Shape["make"],
    fill: new Function("s", "d", "f", q.map((k) => `d[${k}] = f(s, ${k}, s[${k}]);`).join("\n")) as Shape["fill"],
  };
  list.push(shape);
  return shape;
}

function sameKeys(o: object, keys: readonly string[]): boolean {
  let i = 0;
  for (const k in o) if (keys[i++] !== k) return false;
  return i === keys.length;
}
