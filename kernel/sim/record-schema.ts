// The record file's JSON Schema (draft 2020-12), published as
// docs/record.schema.json (a test keeps the two identical), and the small
// validator that checks a parsed record against it. The validator knows
// only the keywords this schema uses, and names the first bad field
// ("inputs[3].step: expected an integer ≥ 0, got "x""), because a record
// is often hand-edited or truncated and deserves one clear line.

type Schema = { [k: string]: unknown };

const prob = { type: "number", minimum: 0, maximum: 1 };
const hostName = { type: "string", minLength: 1 };
const pid = { type: "integer", minimum: 1 };

const input = {
  description: "An external input (kernel/sim/inputs.ts ExternalInput), told apart by `kind`.",
  oneOf: [
    { type: "object", required: ["kind", "terminal", "text"], properties: { kind: { const: "type" }, terminal: { type: "string" }, text: { type: "string" } } },
    { type: "object", required: ["kind", "host", "pid", "sig"], properties: { kind: { const: "signal" }, host: hostName, pid, sig: { type: "integer", minimum: 1, maximum: 64 } } },
    { type: "object", required: ["kind", "host", "pid"], properties: { kind: { const: "choose" }, host: hostName, pid } },
    { type: "object", required: ["kind", "hosts"], properties: { kind: { const: "partition" }, hosts: { type: "array", minItems: 2, maxItems: 2, items: hostName } } },
    { type: "object", required: ["kind", "hosts"], properties: { kind: { const: "heal" }, hosts: { type: "array", minItems: 2, maxItems: 2, items: hostName } } },
    { type: "object", required: ["kind"], properties: { kind: { const: "drop-next-packet" }, host: hostName } },
  ],
};

export const RECORD_SCHEMA: Schema = {
  $schema: "https://json-schema.org/draft/2020-12/schema",
  $id: "https://kernsim.dev/record.schema.json",
  title: "kernsim record",
  description: "Everything that determines a kernsim run, and what the run produced, so that `kernsim replay` can re-run it and check it.",
  type: "object",
  required: ["format", "version", "scenario", "seed", "sched", "inputs", "expect", "check"],
  properties: {
    format: { const: "kernsim-record" },
    version: { description: "Format version; this kernsim writes 1.", type: "integer", minimum: 1 },
    kernsim: { description: "Version of kernsim that wrote it (informative).", type: "string" },
    scenario: {
      description: "A built-in scenario by name, or a scenario file: its path (relative to the record file) and the sha256 of its content.",
      type: "object",
      required: ["name"],
      properties: {
        name: { type: "string", minLength: 1 },
        file: { type: "string", minLength: 1 },
        sha256: { type: "string", pattern: "^[0-9a-f]{64}$" },
      },
    },
    seed: { type: "integer", minimum: 0 },
    sched: { description: "Scheduler policy where no input chose.", enum: ["rr", "random"] },
    maxSteps: { description: "The run was cut after this many steps (--steps).", type: "integer", minimum: 1 },
    faults: {
      description: "Syscall fault injection (kernel/sim/faults.ts), or null.",
      type: ["object", "null"],
      properties: { shortRead: prob, shortWrite: prob, eintr: prob, connreset: prob, eagain: prob },
    },
    reseed: {
      description: "Before this step the PRNG was reseeded (replay up to a step, then continue with another seed).",
      type: "object",
      required: ["step", "seed"],
      properties: { step: { type: "integer", minimum: 0 }, seed: { type: "integer", minimum: 0 } },
    },
    inputs: {
      description: "External inputs, each applied before step `step` executes; `timeNs` is the simulated time then (for people).",
      type: "array",
      items: {
        type: "object",
        required: ["step", "input"],
        properties: { step: { type: "integer", minimum: 0 }, timeNs: { type: "integer", minimum: 0 }, input },
      },
    },
    expect: {
      type: "object",
      required: ["traceHash", "steps"],
      properties: {
        traceHash: { type: "string", pattern: "^[0-9a-f]{16}$" },
        steps: { type: "integer", minimum: 0 },
        simTimeNs: { type: "integer", minimum: 0 },
      },
    },
    check: {
      description: "What lets replay find the first differing step: the trace hash after every `every` steps (at most 1024 entries), and a one-line digest of each of the first 4096 steps.",
      type: "object",
      required: ["every", "hashes", "steps"],
      properties: {
        every: { type: "integer", minimum: 1 },
        hashes: { type: "array", maxItems: 1024, items: { type: "string", pattern: "^[0-9a-f]{16}$" } },
        steps: { type: "array", maxItems: 4096, items: { type: "string" } },
      },
    },
  },
};

/** Checks `data` against `schema`; returns the first problem as "path: what", or null. */
export function validateAgainst(schema: Schema, data: unknown, path = ""): string | null {
  const at = path || "(top level)";
  if ("const" in schema && data !== schema.const) return `${at}: expected ${JSON.stringify(schema.const)}, got ${show(data)}`;
  if (Array.isArray(schema.enum) && !schema.enum.includes(data)) return `${at}: expected one of ${schema.enum.map((e) => JSON.stringify(e)).join(", ")}, got ${show(data)}`;
  if (schema.type !== undefined) {
    const types = Array.isArray(schema.type) ? (schema.type as string[]) : [schema.type as string];
    if (!types.some((t) => isType(data, t))) return `${at}: expected ${types.map(article).join(" or ")}${bound(schema)}, got ${show(data)}`;
  }
  if (typeof data === "number") {
    if (typeof schema.minimum === "number" && data < schema.minimum) return `${at}: expected a number${bound(schema)}, got ${data}`;
    if (typeof schema.maximum === "number" && data > schema.maximum) return `${at}: expected a number${bound(schema)}, got ${data}`;
  }
  if (typeof data === "string") {
    if (typeof schema.minLength === "number" && data.length < schema.minLength) return `${at}: expected a non-empty string`;
    if (typeof schema.pattern === "string" && !new RegExp(schema.pattern).test(data)) return `${at}: expected a string matching ${schema.pattern}, got ${show(data)}`;
  }
  if (Array.isArray(data)) {
    if (typeof schema.minItems === "number" && data.length < schema.minItems) return `${at}: expected at least ${schema.minItems} items, got ${data.length}`;
    if (typeof schema.maxItems === "number" && data.length > schema.maxItems) return `${at}: expected at most ${schema.maxItems} items, got ${data.length}`;
    if (schema.items) {
      for (let i = 0; i < data.length; i++) {
        const e = validateAgainst(schema.items as Schema, data[i], `${path}[${i}]`);
        if (e) return e;
      }
    }
  }
  if (isType(data, "object")) {
    const obj = data as { [k: string]: unknown };
    for (const k of (schema.required as string[] | undefined) ?? []) {
      if (!(k in obj)) return `${path ? path + "." : ""}${k}: missing`;
    }
    for (const [k, sub] of Object.entries((schema.properties as { [k: string]: Schema } | undefined) ?? {})) {
      if (k in obj) {
        const e = validateAgainst(sub, obj[k], path ? `${path}.${k}` : k);
        if (e) return e;
      }
    }
  }
  if (Array.isArray(schema.oneOf)) {
    // Every oneOf here is told apart by a `kind` constant: pick that variant.
    const variants = schema.oneOf as Schema[];
    const kinds = variants.map((v) => ((v.properties as { kind: { const: string } }).kind.const));
    const kind = isType(data, "object") ? (data as { kind?: unknown }).kind : undefined;
    const i = kinds.indexOf(kind as string);
    if (i < 0) return `${path ? path + "." : ""}kind: expected one of ${kinds.map((k) => JSON.stringify(k)).join(", ")}, got ${show(kind)}`;
    return validateAgainst(variants[i]!, data, path);
  }
  return null;
}

function isType(v: unknown, t: string): boolean {
  switch (t) {
    case "object": return typeof v === "object" && v !== null && !Array.isArray(v);
    case "array": return Array.isArray(v);
    case "integer": return Number.isSafeInteger(v);
    case "number": return typeof v === "number" && Number.isFinite(v);
    case "null": return v === null;
    default: return typeof v === t;
  }
}

function article(t: string): string {
  return t === "integer" || t === "object" || t === "array" ? `an ${t}` : t === "null" ? "null" : `a ${t}`;
}

function bound(s: Schema): string {
  if (typeof s.minimum === "number" && typeof s.maximum === "number") return ` from ${s.minimum} to ${s.maximum}`;
  if (typeof s.minimum === "number") return ` ≥ ${s.minimum}`;
  return "";
}

function show(v: unknown): string {
  if (v === undefined) return "nothing";
  const s = JSON.stringify(v);
  return s.length > 40 ? s.slice(0, 37) + "..." : s;
}
