// What the person is looking at (not the simulation): the mode keys are
// read in, the tab, the selected process and socket, the focused terminal,
// the line being typed, an open prompt, the last message. Plain data,
// changed only through `update` in the keymap's actions.

import type { ProcKey, SimSnapshot } from "../../kernel/sim/snapshot.ts";
import { allProcKeys } from "../format/proc-tree.ts";

/** keys: commands; typing: text goes to the focused terminal; prompt: a question; help: the overlay. */
export type Mode = "keys" | "typing" | "prompt" | "help";

export const TABS = ["fds", "sockets", "packets", "syscalls", "timeline", "tcp"] as const;
export type Tab = (typeof TABS)[number];

export type PromptKind = "step" | "time" | "seed" | "signal" | "filter" | "partition" | "heal" | "save";

export interface Prompt {
  kind: PromptKind;
  value: string;
}

export interface UiState {
  mode: Mode;
  tab: Tab;
  selected: ProcKey | null;
  /** The person chose `selected`; until then the first scenario process is followed. */
  pinned: boolean;
  terminal: string | null;
  /** The line being typed at the focused terminal, not yet sent. */
  line: string;
  prompt: Prompt | null;
  message: { text: string; error: boolean } | null;
  packetFilter: string;
  /** Index of the selected socket among the selected host's sockets. */
  socket: number;
  /** Timeline: steps per column. */
  zoom: number;
  /** tcp tab without sockets: the state being browsed (index in TCP_STATES). */
  tcpCursor: number;
  /** Help overlay page. */
  helpPage: number;
}

/** The first scenario process is selected and its terminal focused. */
export function initialUi(snap: SimSnapshot): UiState {
  const keys = allProcKeys(snap);
  const firstUser = keys.find((k) => !k.endsWith(":1")) ?? keys[0] ?? null;
  return {
    mode: "keys",
    tab: "syscalls",
    selected: firstUser,
    pinned: false,
    terminal: snap.terminalOrder[0] ?? null,
    line: "",
    prompt: null,
    message: null,
    packetFilter: "",
    socket: 0,
    zoom: 1,
    tcpCursor: 0,
    helpPage: 0,
  };
}

/** Follows the first scenario process until the person picks one; re-selects when the selected one is gone. */
export function reconcile(ui: UiState, snap: SimSnapshot): UiState {
  const keys = allProcKeys(snap);
  if (ui.pinned && ui.selected && keys.includes(ui.selected)) return ui;
  // Prefer a user process over init.
  const next = keys.find((k) => !k.endsWith(":1")) ?? keys[0] ?? null;
  if (!ui.pinned && ui.selected && keys.includes(ui.selected) && !ui.selected.endsWith(":1")) return ui;
  return next === ui.selected ? ui : { ...ui, selected: next };
}

/** The host the tabs show: the selected process's, else the first. */
export function selectedHost(ui: UiState, snap: SimSnapshot): string | null {
  if (ui.selected) {
    const p = snap.procs[ui.selected];
    if (p) return p.host;
    return ui.selected.slice(0, ui.selected.lastIndexOf(":"));
  }
  return snap.hostOrder[0] ?? null;
}
