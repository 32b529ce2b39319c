// docs/testing.md's example test file is run here, exactly as committed
// (imports of "kernsim" included), and the page quotes it verbatim: the
// docs cannot drift from what works.

import { describe, expect, it } from "vitest";
import { readFileSync } from "node:fs";

const example = readFileSync(new URL("../../docs/examples/fork-race.test.ts", import.meta.url), "utf8");
const page = readFileSync(new URL("../../docs/testing.md", import.meta.url), "utf8");

describe("docs/testing.md", () => {
  it("quotes docs/examples/fork-race.test.ts verbatim", () => {
    expect(page).toContain(example.trimEnd());
  });
});

// The example's own describe/it blocks register here.
await import("../../docs/examples/fork-race.test.ts");
