// External inputs: everything that reaches a run from outside the
// simulation — text typed at a terminal, a signal sent from the TUI, a
// network fault injected by hand, a scheduling choice made by a person.
// A run is a pure function of (scenario, seed, inputs): the TUI and the
// record file log inputs with the step they happened before, and replay
// applies them at the same steps.

import type { Simulation } from "./run.ts";
import { sendSignal } from "../proc/signal.ts";

export type ExternalInput =
  /** Text typed at a terminal ("\x03" is Ctrl-C, "\x04" Ctrl-D). */
  | { kind: "type"; terminal: string; text: string }
  /** kill(pid, sig) from outside. */
  | { kind: "signal"; host: string; pid: number; sig: number }
  /** Run this process at the host's next scheduling point (if runnable). */
  | { kind: "choose"; host: string; pid: number }
  /** Network faults (applied by the network when it is attached). */
  | { kind: "partition" | "heal"; hosts: [string, string] }
  | { kind: "drop-next-packet"; host?: string };

/** An input and the step it was applied before (world.steps at the time). */
export interface TimedInput {
  step: number;
  input: ExternalInput;
}

export class InputError extends Error {}

/** Applies one input to a running simulation; throws InputError if it names nothing. */
export function applyInput(sim: Simulation, input: ExternalInput): void {
  const w = sim.world;
  switch (input.kind) {
    case "type": {
      const l = sim.launched.find((x) => x.name === input.terminal);
      if (!l) throw new InputError(`no terminal '${input.terminal}'`);
      l.terminal.input(input.text);
      break;
    }
    case "signal": {
      const h = w.host(input.host);
      const p = h?.procs.get(input.pid);
      if (!h || !p) throw new InputError(`no process ${input.pid} on host '${input.host}'`);
      sendSignal(h, p, input.sig);
      break;
    }
    case "choose": {
      const h = w.host(input.host);
      const p = h?.procs.get(input.pid);
      if (!h || !p) throw new InputError(`no process ${input.pid} on host '${input.host}'`);
      h.forced = p;
      break;
    }
    case "partition":
    case "heal":
      if (!w.networkEvent) throw new InputError("this scenario has no network");
      w.networkEvent(input.kind, input.hosts);
      break;
    case "drop-next-packet":
      if (!w.networkFault) throw new InputError("this scenario has no network");
      w.networkFault(input);
      break;
  }
  w.recordInput(input);
}
