// The questions the TUI asks on its bottom line (jump to step, signal,
// seed, ...): what to ask, what to pre-fill, and what to do with the answer.
// `submit` returns the message to show (error: true when it was refused).

import { parseDuration } from "../../kernel/clock.ts";
import { signalName, signalNumber } from "../../kernel/uapi/signal.ts";
import type { SimSnapshot } from "../../kernel/sim/snapshot.ts";
import type { Controller } from "./controller.ts";
import type { PromptKind, UiState } from "./ui-state.ts";
import { saveSessionRecord, defaultRecordPath } from "./session-record.ts";

export interface PromptResult {
  text: string;
  error: boolean;
  /** Changes to the view (e.g. the packet filter). */
  ui?: Partial<UiState>;
}

export interface PromptDef {
  label: string;
  initial(ctl: Controller, ui: UiState, snap: SimSnapshot): string;
  submit(value: string, ctl: Controller, ui: UiState, snap: SimSnapshot): PromptResult;
}

const ok = (text: string, ui?: Partial<UiState>): PromptResult => ({ text, error: false, ui });
const bad = (text: string): PromptResult => ({ text, error: true });

export const PROMPTS: Record<PromptKind, PromptDef> = {
  step: {
    label: "jump to step",
    initial: () => "",
    submit(v, ctl) {
      const n = Number(v.trim());
      if (!Number.isSafeInteger(n) || n < 0) return bad(`not a step number: '${v}'`);
      ctl.jumpToStep(n);
      return ok(ctl.step === n ? `at step ${n}` : `the run ends at step ${ctl.step}`);
    },
  },
  time: {
    label: "jump to time (e.g. 1.5s, 20ms)",
    initial: () => "",
    submit(v, ctl) {
      const t = parseDuration(v.trim());
      if (t === undefined) return bad(`not a duration: '${v}' (try 250ms or 1.5s)`);
      ctl.jumpToTime(t);
      return ok(`at step ${ctl.step}`);
    },
  },
  seed: {
    label: "restart with seed",
    initial: (ctl) => String(ctl.spec.seed + 1),
    submit(v, ctl) {
      const n = Number(v.trim());
      if (!Number.isSafeInteger(n) || n < 0) return bad(`not a seed: '${v}' (a non-negative integer)`);
      ctl.restart({ seed: n });
      return ok(`restarted with seed ${n}`);
    },
  },
  signal: {
    label: "signal to send",
    initial: () => "SIGTERM",
    submit(v, ctl, ui, snap) {
      const p = ui.selected ? snap.procs[ui.selected] : undefined;
      if (!p) return bad("no process selected");
      const s = v.trim().toUpperCase();
      const sig = /^\d+$/.test(s) ? Number(s) : signalNumber(s.startsWith("SIG") ? s : `SIG${s}`);
      if (sig === undefined || sig < 1 || sig > 64) return bad(`unknown signal '${v}' (e.g. SIGINT, TERM, 9)`);
      const err = ctl.apply({ kind: "signal", host: p.host, pid: p.pid, sig });
      return err ? bad(err) : ok(`sent ${signalName(sig)} to pid ${p.pid}`);
    },
  },
  filter: {
    label: "packet filter (address, port, or 'a.p > b.p'; empty = all)",
    initial: (_c, ui) => ui.packetFilter,
    submit: (v) => ok(v.trim() ? `packets: showing '${v.trim()}'` : "packets: showing all", { packetFilter: v.trim() }),
  },
  partition: {
    label: "partition hosts (two names)",
    initial: (_c, _u, snap) => snap.hostOrder.slice(0, 2).join(" "),
    submit(v, ctl) {
      const hosts = v.trim().split(/[\s,]+/);
      if (hosts.length !== 2) return bad("name two hosts, e.g. 'server client'");
      const err = ctl.apply({ kind: "partition", hosts: [hosts[0]!, hosts[1]!] });
      return err ? bad(err) : ok(`partitioned ${hosts[0]} and ${hosts[1]}`);
    },
  },
  heal: {
    label: "heal the partition between (two names)",
    initial: (_c, _u, snap) => snap.hostOrder.slice(0, 2).join(" "),
    submit(v, ctl) {
      const hosts = v.trim().split(/[\s,]+/);
      if (hosts.length !== 2) return bad("name two hosts, e.g. 'server client'");
      const err = ctl.apply({ kind: "heal", hosts: [hosts[0]!, hosts[1]!] });
      return err ? bad(err) : ok(`healed ${hosts[0]} and ${hosts[1]}`);
    },
  },
  save: {
    label: "save the session as a record file",
    initial: (ctl) => defaultRecordPath(ctl),
    submit(v, ctl) {
      if (!v.trim()) return bad("give a file name");
      try {
        return ok(saveSessionRecord(ctl, v.trim()));
      } catch (e) {
        return bad(`cannot save: ${e instanceof Error ? e.message : String(e)}`);
      }
    },
  },
};
