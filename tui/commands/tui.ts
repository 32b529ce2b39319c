// `kernsim tui`: the Ink TUI on a scenario. On a stdout that is not a
// terminal it says so in one line and runs the scenario headless, printing
// each terminal's screen (so `kernsim tui x | cat` and CI never hang).

import type { ParseArgsConfig } from "node:util";
import type { Scenario } from "../../kernel/sim/scenario.ts";
import { parseSched, parseSeed, runCommand, SEED_SCHED_OPTIONS } from "./run.ts";

export const TUI_OPTIONS: ParseArgsConfig["options"] = { ...SEED_SCHED_OPTIONS };

export async function tuiCommand(scenario: Scenario, values: Record<string, unknown>, arg?: string): Promise<number> {
  const seed = parseSeed(values.seed);
  const policy = parseSched(values.sched);
  if (!process.stdout.isTTY) {
    process.stderr.write("kernsim: stdout is not a terminal; running the scenario headless\n");
    return runCommand(scenario, { seed: values.seed, sched: values.sched });
  }
  // React's production build: the development one is several times slower per frame.
  process.env.NODE_ENV ??= "production";
  // Ink draws only a final frame when it thinks it runs in CI (is-in-ci reads
  // CI=...); a person at a terminal wants the live screen whatever the env says.
  process.env.CI = "0";
  const { runTui } = await import("../main.tsx");
  await runTui({ scenario, seed, policy, arg });
  return 0;
}
