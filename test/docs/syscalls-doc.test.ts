// docs/syscalls.md is generated from the syscall table: it must be current.
import { describe, expect, it } from "vitest";
import { readFileSync } from "node:fs";
import { syscallsMarkdown } from "../../kernel/syscall/docs.ts";
import { SYSCALLS } from "../../kernel/syscall/table.ts";

describe("docs/syscalls.md", () => {
  it("matches the syscall table (run `npm run docs` after changing it)", () => {
    const onDisk = readFileSync(new URL("../../docs/syscalls.md", import.meta.url), "utf8");
    expect(onDisk).toBe(syscallsMarkdown());
  });

  it("documents every syscall with a signature and its errors", () => {
    for (const d of Object.values(SYSCALLS)) {
      expect(d.signature, d.name).not.toBe("");
      expect(d.errors, d.name).not.toBe("");
    }
  });
});
