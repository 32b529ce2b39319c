// `kernsim replay <record.json>`: re-run a record, check every step it
// logged and its final trace hash; on a difference print the first
// differing step (expected, actual) and exit 3.

import type { ParseArgsConfig } from "node:util";
import { replay } from "../../kernel/sim/replay.ts";
import type { TraceEvent } from "../../kernel/trace.ts";
import { StraceFormatter } from "../format/strace.ts";
import { UsageError } from "../load.ts";
import { readRecord, scenarioOfRecord } from "./record-file.ts";

export const REPLAY_OPTIONS: ParseArgsConfig["options"] = {
  json: { type: "boolean", description: "print { ok, divergence, result } as JSON" } as never,
  strace: { type: "boolean", description: "print the replayed syscalls as strace -f does" } as never,
};

export async function replayCommand(path: string | undefined, values: Record<string, unknown>): Promise<number> {
  if (!path) throw new UsageError("replay needs a record file: kernsim replay out.json (make one with kernsim run <scenario> --record out.json)");
  const record = readRecord(path);
  const scenario = await scenarioOfRecord(record, path, (line) => process.stderr.write(line + "\n"));
  const lines: string[] = [];
  const r = replay(record, {
    scenario,
    onBuilt: values.strace
      ? (sim) => {
          const f = new StraceFormatter();
          sim.world.trace.subscribe((e: TraceEvent) => {
            const line = f.format(e);
            if (line !== null) lines.push(line);
          });
        }
      : undefined,
  });
  if (lines.length > 0) process.stdout.write(lines.join("\n") + "\n");
  if (values.json) process.stdout.write(JSON.stringify({ ok: r.ok, divergence: r.divergence, result: r.result }, null, 2) + "\n");
  if (r.divergence) {
    const d = r.divergence;
    process.stderr.write(`kernsim: ${path}: ${d.message}\n  expected: ${d.expected}\n  actual:   ${d.actual}\n`);
    return 3;
  }
  process.stderr.write(`kernsim: ${path}: replayed ${r.result.steps} steps; trace ${r.result.traceHash} matches the record\n`);
  return 0;
}
