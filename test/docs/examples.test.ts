// Every ```ts block in docs/*.md that starts with `// example: <name>` is
// a complete scenario file: it is run through the real command line and
// its output compared with the ```text block that follows it.

import { describe, expect, it } from "vitest";
import { spawnSync } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

const DOCS = fileURLToPath(new URL("../../docs/", import.meta.url));
const BIN = fileURLToPath(new URL("../../tui/bin.js", import.meta.url));

interface Example {
  doc: string;
  name: string;
  code: string;
  expected: string;
}

function examples(): Example[] {
  const out: Example[] = [];
  for (const doc of readdirSync(DOCS).filter((f) => f.endsWith(".md"))) {
    const text = readFileSync(join(DOCS, doc), "utf8");
    const re = /```ts\n(\/\/ example: ([\w-]+)\n[\s\S]*?)```\s*```text\n([\s\S]*?)```/g;
    for (const m of text.matchAll(re)) out.push({ doc, name: m[2]!, code: m[1]!, expected: m[3]! });
  }
  return out;
}

describe("documentation examples", () => {
  const all = examples();
  it("there are examples to run", () => {
    expect(all.length).toBeGreaterThanOrEqual(2);
  });
  for (const ex of all) {
    it(`${ex.doc}: ${ex.name} prints what the page says`, () => {
      const dir = mkdtempSync(join(tmpdir(), "kernsim-doc-"));
      const file = join(dir, `${ex.name}.ts`);
      writeFileSync(file, ex.code);
      const r = spawnSync(process.execPath, [BIN, "run", file], { encoding: "utf8", timeout: 60_000 });
      expect(r.stdout).toBe(ex.expected);
    });
  }
});
