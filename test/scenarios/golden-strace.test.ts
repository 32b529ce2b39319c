// Golden output: every built-in process scenario's `strace -f` output
// (tui/format/strace.ts over the trace), as `kernsim run <name> --strace`
// prints it, against test/golden/strace/<name>.txt. A run of identical
// lines (a busy loop's spin) is kept as its first line and a count, so the
// files stay small. After an intended change:
//   KERNSIM_UPDATE_GOLDEN=1 npx vitest run test/scenarios/golden-strace.test.ts
// and review the diff.
//
// Network scenarios (more than one host) get a tcpdump golden instead, in
// test/golden/tcpdump/<name>.txt: the hook is `tcpdumpText` below, left for
// the network engineer (their scenarios are skipped here until it is filled).

import { describe, expect, it } from "vitest";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { runScenario, type RunResult } from "../../kernel/sim/run.ts";
import type { Scenario } from "../../kernel/sim/scenario.ts";
import { scenarios } from "../../userland/scenarios/index.ts";
import { StraceFormatter } from "../../tui/format/strace.ts";
import { networkOf } from "../../kernel/net/fabric.ts";
import { formatPacket, TcpdumpState } from "../../kernel/net/tcpdump.ts";

const UPDATE = process.env.KERNSIM_UPDATE_GOLDEN === "1";

function straceText(r: RunResult): string {
  const f = new StraceFormatter();
  const lines: string[] = [];
  for (const e of r.trace) {
    const line = f.format(e);
    if (line !== null) lines.push(line);
  }
  return collapse(lines).join("\n") + "\n";
}

/** Hook for network scenarios: their packets as `kernsim run <name> --tcpdump` prints them. */
const tcpdumpText: ((r: RunResult) => string) | null = (r) => {
  const st = new TcpdumpState();
  return (networkOf(r.world)?.log ?? []).map((l) => formatPacket(l.pkt, l.time, { relative: st })).join("\n") + "\n";
};

/** Runs of 3 or more identical lines become the line and "... N more identical lines". */
function collapse(lines: string[]): string[] {
  const out: string[] = [];
  for (let i = 0; i < lines.length; ) {
    let j = i + 1;
    while (j < lines.length && lines[j] === lines[i]) j++;
    out.push(lines[i]!);
    if (j - i >= 3) out.push(`... ${j - i - 1} more identical lines`);
    else if (j - i === 2) out.push(lines[i]!);
    i = j;
  }
  return out;
}

function golden(kind: "strace" | "tcpdump", name: string, actual: string): void {
  const path = fileURLToPath(new URL(`../golden/${kind}/${name}.txt`, import.meta.url));
  if (UPDATE) {
    mkdirSync(fileURLToPath(new URL(`../golden/${kind}/`, import.meta.url)), { recursive: true });
    writeFileSync(path, actual);
    return;
  }
  if (!existsSync(path)) throw new Error(`no golden ${kind} file for '${name}': create it with KERNSIM_UPDATE_GOLDEN=1 npx vitest run test/scenarios/golden-strace.test.ts`);
  expect(actual).toBe(readFileSync(path, "utf8"));
}

const isNetwork = (s: Scenario) => (s.hosts?.length ?? 1) > 1;

describe("golden strace output of the built-in process scenarios", () => {
  for (const s of scenarios.filter((x) => !isNetwork(x))) {
    it(`${s.name} prints what test/golden/strace/${s.name}.txt holds`, () => {
      golden("strace", s.name, straceText(runScenario(s)));
    });
  }
});

describe("golden tcpdump output of the built-in network scenarios", () => {
  it("there are network scenarios to check", () => expect(scenarios.some(isNetwork)).toBe(true));
  for (const s of scenarios.filter(isNetwork)) {
    it.skipIf(tcpdumpText === null)(`${s.name} prints what test/golden/tcpdump/${s.name}.txt holds`, () => {
      golden("tcpdump", s.name, tcpdumpText!(runScenario(s)));
    });
  }
});
