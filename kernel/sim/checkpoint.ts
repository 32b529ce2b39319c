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
  /**
   * The objects the copy was made from, by copied object (plain and class
   * instances only): a restore that takes over from the run may write the
   * state back into them (see restoreCheckpoint's `reuse`).
   */
  readonly originals: Originals;
  readonly sim: Pick<Simulation, "scenario" | "seed" | "timeLimit" | "stopAtExit">;
  readonly done: boolean;
}

interface Originals {
  copies: object[];
  objects: object[];
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
    const originals: Originals = { copies: [], objects: [] };
    const { copied: state, objects } = copyState({ world: w, launched: sim.launched, net: networkOf(w) ?? null }, true, originals);
    return {
      step: w.steps, now: w.now, state, objects, originals, done: sim.allExited(),
      sim: { scenario: sim.scenario, seed: sim.seed, timeLimit: sim.timeLimit, stopAtExit: sim.stopAtExit },
    };
  } catch (e) {
    if (e instanceof CheckpointError) return { error: e.message };
    throw e;
  }
}

/**
 * A new Simulation in the checkpoint's state; it runs on exactly as the
 * original did from there.
 *
 * With `reuse`, the state is written back into the very objects it was
 * copied from, wherever they still have the fields they had, instead of
 * into new ones. V8 compiled the kernel for the maps of the objects the
 * run made; a copy made any other way has other maps, and the first
 * restore of a session used to deoptimise every hot function and run cold
 * for a hundred milliseconds and more. The caller must be done with every
 * run that may share objects with the checkpoint: the run it was taken
 * from, and the runs restored from it this way (the TUI's one current
 * run: it restores so only when it drops that run).
 */
export function restoreCheckpoint(cp: Checkpoint, reuse = false): Simulation {
  let into: Map<object, object> | null = null;
  if (reuse) {
    const { copies, objects } = cp.originals;
    into = new Map();
    for (let i = 0; i < copies.length; i++) into.set(copies[i]!, objects[i]!);
  }
  const { world, launched, net } = copyState(cp.state, false, null, into).copied;
  // Written back into, the world keeps its hooks, which name the same network.
  if (net !== null && (networkOf(world) !== net || world.networkEvent === null)) wireNetwork(world, net);
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
    // Only what differs is stored (see `changes`).
    if (changes(f.hasReply, s.hasReply)) f.hasReply = s.hasReply;
    if (changes(f.reply, s.reply)) f.reply = s.reply;
    if (changes(f.savedMask, s.savedMask)) f.savedMask = s.savedMask;
    if (changes(f.signo, s.signo)) f.signo = s.signo;
    if (changes(f.sys, s.sys)) f.sys = s.sys;
  });
  for (let sig = 0; sig < p.actions.length; sig++) {
    const a = p.actions[sig]!;
    if ((a.handler as unknown) !== HANDLER) continue;
    const h = handlers.get(sig);
    if (h === undefined) throw new CheckpointError(`pid ${p.pid}: no handler for signal ${sig} after replay`);
    p.actions[sig] = { ...a, handler: h as SignalHandler };
  }
}

/**
 * Deep copy of the state graph (iterative: ready lists and queues can be
 * long chains). `taking` is true when copying a live world into a
 * checkpoint: processes then lose their generators (kept as FrameState)
 * and handlers (kept as HANDLER); restoring copies those as they are.
 * `originals`, when given, collects each plain or class object copied with
 * its copy; `into`, when given, names for a copied object the object to
 * write it back into (if that one still has the same fields).
 */
function copyState(root: Copied, taking: boolean, originals: Originals | null = null, into: Map<object, object> | null = null): { copied: Copied; objects: number } {
  const map = new Map<object, object>();
  // Objects copied but not yet filled in: (source, copy) pairs.
  const srcs: object[] = [];
  const dsts: object[] = [];
  const fills: Array<Shape | null> = [];
  // Where the copy is, for the one message that needs it.
  let holder: object | null = null;
  let key = "";
  const where = (): string => `${holder === null ? "the simulation" : ((Object.getPrototypeOf(holder) as { constructor?: { name?: string } } | null)?.constructor?.name ?? "Object")}.${key}`;

  const remember = (copied: object, original: object): void => {
    if (originals === null) return;
    originals.copies.push(copied);
    originals.objects.push(original);
  };

  const copy = (v: unknown): unknown => {
    if (v === null || (typeof v !== "object" && typeof v !== "function")) return v;
    const done = map.get(v as object);
    if (done !== undefined) return done;
    if (typeof v === "function") {
      throw new CheckpointError(`a function in ${where()} (${v.name || "anonymous"}): kernel state must be data`);
    }
    const o = v as object;
    if (o === HANDLER || isProgram(o)) return o;
    if (o instanceof Record) {
      // Append-only: a branch is the record as it stands, shared, not copied.
      const out = o.branch();
      map.set(o, out);
      return out;
    }
    const back = into?.get(o);
    let out: object;
    if (ArrayBuffer.isView(o)) {
      const a = o as Uint8Array;
      if (back instanceof a.constructor && (back as Uint8Array).length === a.length) (out = back as Uint8Array).set(a);
      else out = a.slice();
      remember(out, o);
      map.set(o, out);
      return out;
    }
    // Arrays start empty and are filled by push: `new Array(n)` would make them holey, a different
    // elements kind from the originals', and the kernel's optimised code would deoptimise on them.
    let shape: Shape | null = null;
    if (Array.isArray(o)) {
      if (Array.isArray(back)) (out = back).length = 0;
      else out = [];
    } else if (o instanceof Map) {
      if (back instanceof Map) (out = back).clear();
      else out = new Map();
    } else if (o instanceof Set) {
      if (back instanceof Set) (out = back).clear();
      else out = new Set();
    } else {
      const proto = Object.getPrototypeOf(o) as object | null;
      if (proto !== Object.prototype && proto !== null && Object.prototype.toString.call(o) === "[object Generator]") {
        throw new CheckpointError(`a generator in ${where()}`);
      }
      shape = proto !== Object.prototype && proto !== null ? shapeOf(o, proto) : null;
      if (back !== undefined && sameFields(back, o, shape)) out = back;
      else out = shape !== null ? shape.make(o, proto!) : (Object.create(proto) as object);
    }
    remember(out, o);
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
        const v = special ? field(o, k, src[k], c) : copy(src[k]);
        if (!Object.hasOwn(dst, k) || changes(dst[k], v)) dst[k] = v;
      }
    }
  };
  const plain = (_o: object, k: string, v: unknown): unknown => {
    key = k;
    return copy(v);
  };

  /**
   * One field of the few objects that hold more than plain state. `d` is
   * the object being filled: when it is the original written back into,
   * its own arrays are refilled and its hooks kept, so that no field of a
   * long-lived object changes what it holds (V8 compiled the kernel on the
   * premise that such fields do not: see restoreCheckpoint).
   */
  const field = (o: object, k: string, v: unknown, d: object): unknown => {
    key = k;
    const own = into !== null && into.get(o) === d ? (d as { [k: string]: unknown }) : null;
    // An array of the original's, emptied and given `items`, or `items`.
    const refill = <T,>(items: T[]): T[] => {
      const a = own?.[k];
      if (!Array.isArray(a)) return items;
      a.length = 0;
      for (const x of items) a.push(x);
      return a as T[];
    };
    if (o instanceof World) {
      // Hooks the restore wires again (network inputs, the exit listener).
      if (k === "networkFault" || k === "networkEvent") return own !== null ? own[k] : null;
      if (k === "exitListeners") return refill([]);
    }
    if (o instanceof Trace && k === "listeners") return refill([]); // observers attach to the restored run themselves
    if (o instanceof Network && k === "listeners") {
      if ((v as unknown[]).length > 0) throw new CheckpointError("the network has packet listeners (a capture)");
      return refill([]);
    }
    // Output already written is never changed, only appended to: the chunks are shared, not copied
    // (a chatty process would otherwise make every checkpoint copy all it ever printed).
    if ((o instanceof Process && (k === "out" || k === "err")) || (o instanceof Capture && k === "chunks")) {
      return refill((v as Uint8Array[]).slice());
    }
    // Userland memory, rebuilt by replay: a new one, made as the kernel makes one.
    if (o instanceof Process && k === "user") return {};
    if (taking && o instanceof Process) {
      if (k === "frames") return (v as Frame[]).map((f): FrameState => ({
        nr: f.req?.nr ?? null, hasReply: f.hasReply, reply: copy(f.reply), savedMask: f.savedMask, signo: f.signo, sys: copy(f.sys) as Frame["sys"],
      }));
      if (k === "actions") {
        // Actions are never changed in place: all but a handler's are shared with the live table.
        const actions = (v as Process["actions"]).map((a) => {
          if (typeof a.handler !== "function") return a;
          const c = { ...a, handler: HANDLER };
          remember(c, a);
          return c;
        });
        remember(actions, v as object);
        return actions;
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
  fill: (src: object, dst: object, f: (o: object, k: string, v: unknown, d: object) => unknown) => void;
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
    fill: new Function("s", "d", "f", "let v, o;\n" + q.map((k) => `v = f(s, ${k}, s[${k}], d); o = d[${k}]; if (v !== o || (v === 0 && 1 / v !== 1 / o)) d[${k}] = v;`).join("\n")) as Shape["fill"],
  };
  list.push(shape);
  return shape;
}

/**
 * Whether storing `v` over `was` changes anything. A store of the value a
 * field already holds is skipped: V8 counts a store into a constant double
 * field as a change even when the value is the same, and the code compiled
 * on that field's constancy is thrown away (the compiled fillers inline this).
 */
function changes(was: unknown, v: unknown): boolean {
  return v !== was || (v === 0 && 1 / v !== 1 / (was as number));
}

/** Same prototype and the same own fields in the same order (so writing `src`'s fields into `dst` keeps its map). */
function sameFields(dst: object, src: object, shape: Shape | null): boolean {
  if (Object.getPrototypeOf(dst) !== Object.getPrototypeOf(src)) return false;
  if (shape !== null) return sameKeys(dst, shape.keys);
  const a = Object.keys(src);
  const b = Object.keys(dst);
  return a.length === b.length && a.every((k, i) => b[i] === k);
}

function sameKeys(o: object, keys: readonly string[]): boolean {
  let i = 0;
  for (const k in o) if (keys[i++] !== k) return false;
  return i === keys.length;
}
