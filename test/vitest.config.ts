import { defineConfig } from "vitest/config";
import { fileURLToPath } from "node:url";

// Lives in test/ so the project's top level stays as SPEC §1 fixes it.
export default defineConfig({
  root: fileURLToPath(new URL("..", import.meta.url)),
  test: {
    include: ["test/**/*.test.ts", "test/**/*.test.tsx"],
    exclude: ["test/bench/**", "node_modules/**"],
    setupFiles: ["test/helpers/setup.ts"],
    testTimeout: 60_000,
    pool: "forks",
    reporters: ["default", "./test/helpers/summary-reporter.ts"],
  },
});
