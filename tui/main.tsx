// The TUI's entry: builds the session for a scenario, seed and scheduler
// policy and renders the App until the person quits.

import { render } from "ink";
import type { Scenario } from "../kernel/sim/scenario.ts";
import type { SchedPolicy } from "../kernel/host.ts";
import { Controller } from "./model/controller.ts";
import { App } from "./App.tsx";

export interface TuiOptions {
  scenario: Scenario;
  seed?: number;
  policy?: SchedPolicy;
  /** What the command line named (saved records refer to the scenario through it). */
  arg?: string;
}

export async function runTui(opts: TuiOptions): Promise<void> {
  const ctl = new Controller({
    scenario: opts.scenario,
    seed: opts.seed ?? opts.scenario.seed ?? 1,
    policy: opts.policy ?? opts.scenario.sched ?? "rr",
    arg: opts.arg,
  });
  // Alternate screen, as full-screen terminal programs do; restored on exit.
  const alt = process.stdout.isTTY;
  if (alt) process.stdout.write("\x1b[?1049h\x1b[H");
  try {
    const app = render(<App ctl={ctl} />, { exitOnCtrlC: false });
    await app.waitUntilExit();
  } finally {
    if (alt) process.stdout.write("\x1b[?1049l");
  }
}
