// Arguments and results as the trace keeps them: buffers copied (user code
// may reuse them) and cut to TRACE_DATA_BYTES, functions named.

import { TRACE_DATA_BYTES } from "../config.ts";
import type { Trace } from "../trace.ts";

/** A buffer as traced: its first bytes and its full length. */
export interface TracedBytes {
  readonly bytes: Uint8Array;
  readonly length: number;
}

export function isTracedBytes(v: unknown): v is TracedBytes {
  return typeof v === "object" && v !== null && (v as TracedBytes).bytes instanceof Uint8Array;
}

export function copyForTrace(args: readonly unknown[]): unknown[] {
  const out = new Array<unknown>(args.length);
  for (let i = 0; i < args.length; i++) out[i] = copyValue(args[i], 0);
  return out;
}

function copyValue(v: unknown, depth: number): unknown {
  if (v === null || typeof v !== "object") {
    return typeof v === "function" ? `<${v.name || "handler"}>` : v;
  }
  if (v instanceof Uint8Array) {
    return { bytes: v.slice(0, TRACE_DATA_BYTES), length: v.length } satisfies TracedBytes;
  }
  if (ArrayBuffer.isView(v)) return Array.from(v as unknown as ArrayLike<number>).slice(0, 64);
  if (depth > 3) return "…";
  if (Array.isArray(v)) return v.slice(0, 64).map((x) => copyValue(x, depth + 1));
  const o: { [k: string]: unknown } = {};
  for (const k of Object.keys(v)) o[k] = copyValue((v as { [k: string]: unknown })[k], depth + 1);
  return o;
}

/** Folds a reply into the trace hash (numbers, bytes, strings, plain structs). */
export function hashValue(t: Trace, v: unknown): void {
  switch (typeof v) {
    case "number":
      t.mix(v);
      return;
    case "string":
      t.mixString(v);
      return;
    case "boolean":
      t.mix(v ? 1 : 0);
      return;
    case "bigint":
      t.mix(Number(v & 0xffffffffn));
      return;
    case "object":
      if (v === null) {
        t.mix(-7);
      } else if (v instanceof Uint8Array) {
        t.mixBytes(v);
      } else if (Array.isArray(v)) {
        t.mix(v.length);
        for (const x of v) hashValue(t, x);
      } else {
        for (const k in v) hashValue(t, (v as { [k: string]: unknown })[k]);
      }
      return;
    default:
      t.mix(-9);
  }
}
