// Helpers for the TUI tests: render the App on a scenario at a fixed size,
// press keys as a person would, and read the frame.

import { render } from "ink-testing-library";
import { App } from "../../tui/App.tsx";
import { Controller } from "../../tui/model/controller.ts";
import type { Scenario } from "../../kernel/sim/scenario.ts";
import { findScenario } from "../../userland/scenarios/index.ts";
import shout from "./fixtures/shout.ts";
import echo from "../../userland/scenarios/echo.ts";

export const KEY = {
  up: "\x1b[A", down: "\x1b[B", right: "\x1b[C", left: "\x1b[D",
  enter: "\r", escape: "\x1b", tab: "\t", shiftTab: "\x1b[Z", backspace: "\x7f", ctrlC: "\x03", ctrlD: "\x04",
} as const;

export function scenario(name: string): Scenario {
  if (name === "shout") return shout;
  if (name === "echo") return findScenario("echo") ?? echo;
  const s = findScenario(name);
  if (!s) throw new Error(`no scenario ${name}`);
  return s;
}

export function controller(name: string, seed?: number, policy?: "rr" | "random"): Controller {
  const sc = scenario(name);
  return new Controller({ scenario: sc, seed: seed ?? sc.seed ?? 1, policy: policy ?? sc.sched ?? "rr" });
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const tick = () => sleep(15);

/** Waits until Ink has drawn a frame after `before` frames (or 2 s: a key that changes nothing), then a little more. */
async function settle(frames: () => number, before: number): Promise<void> {
  const end = Date.now() + 2000;
  while (frames() === before && Date.now() < end) await sleep(5);
  await sleep(10);
}

/** Polls `cond` until it holds (or throws after `ms`). */
export async function until(cond: () => boolean, ms = 5000): Promise<void> {
  const end = Date.now() + ms;
  while (!cond()) {
    if (Date.now() > end) throw new Error("condition not met in time");
    await sleep(10);
  }
}

export async function mount(name: string, opts: { columns?: number; rows?: number; seed?: number; policy?: "rr" | "random" } = {}) {
  const ctl = controller(name, opts.seed, opts.policy);
  let quit = false;
  const r = render(<App ctl={ctl} columns={opts.columns ?? 100} rows={opts.rows ?? 30} onQuit={() => (quit = true)} />);
  await tick();
  return {
    ctl,
    frame: () => r.lastFrame() ?? "",
    /** Presses keys one at a time (each its own chunk, as a person types). */
    async press(...keys: string[]) {
      for (const k of keys) {
        const before = r.frames.length;
        r.stdin.write(k);
        await settle(() => r.frames.length, before);
      }
    },
    /** Types text as one chunk (a paste). */
    async type(text: string) {
      const before = r.frames.length;
      r.stdin.write(text);
      await settle(() => r.frames.length, before);
    },
    quitted: () => quit,
    unmount: () => r.unmount(),
  };
}
