// The one command table: every key the TUI understands, what it does, and
// in which mode. Input handling looks keys up here; the help overlay and
// the hint line are rendered from it. Key names: a printable character
// as itself, "space", "enter", "escape", "tab", "shift-tab", "backspace",
// "up"/"down"/"left"/"right", "ctrl-c", "ctrl-d".

import type { Key } from "ink";
import type { SimSnapshot } from "../kernel/sim/snapshot.ts";
import type { Controller } from "./model/controller.ts";
import { PROMPTS } from "./model/prompts.ts";
import { TABS, type Mode, type PromptKind, type UiState } from "./model/ui-state.ts";
import { moveSelection } from "./panes/processes/input.ts";
import { eraseChar, focusNextTerminal, typeText } from "./panes/terminal/input.ts";
import { moveSocket } from "./panes/sockets/input.ts";
import { zoomIn, zoomOut } from "./panes/timeline/input.ts";
import { connectionFilter } from "./panes/packets/input.ts";

export interface CommandContext {
  ctl: Controller;
  ui: UiState;
  snap: SimSnapshot;
  update(fn: (ui: UiState) => UiState): void;
  quit(): void;
  /** Runs work after the keys already received are handled (default: now). */
  defer?(fn: () => void): void;
  /** The UI state after the updates made so far (for several keys handled at once). */
  latest?(): UiState;
}

export interface Command {
  /** Key names that trigger it; the first is shown in help. */
  keys: readonly string[];
  /** How the keys are shown ("←/,"); default: the keys joined by "/". */
  label?: string;
  description: string;
  /** The modes in which it is active. */
  modes: readonly Mode[];
  /** Shown on the hint line (keys mode). */
  hint?: string;
  /** Hinted before the others (so help and quit survive a narrow screen). */
  hintFirst?: boolean;
  /** When it does not apply, the reason (shown instead of running it). */
  disabled?(ctx: CommandContext): string | null;
  run(ctx: CommandContext, key: string): void;
}

/** Ink's (input, key) as one key name. */
export function keyName(input: string, key: Key): string {
  if (key.upArrow) return "up";
  if (key.downArrow) return "down";
  if (key.leftArrow) return "left";
  if (key.rightArrow) return "right";
  if (key.return) return "enter";
  if (key.escape) return "escape";
  if (key.tab) return key.shift ? "shift-tab" : "tab";
  if (key.backspace || key.delete) return "backspace";
  if (key.ctrl && input.length === 1) return `ctrl-${input.toLowerCase()}`;
  if (input === " ") return "space";
  return input;
}

const say = (ctx: CommandContext, text: string, error = false) => ctx.update((u) => ({ ...u, message: { text, error } }));
/** A step moves away from what the last message was about ("at step 300000"): it goes. */
const unsay = (ctx: CommandContext) => {
  if (ctx.ui.message !== null) ctx.update((u) => ({ ...u, message: null }));
};
const ask = (ctx: CommandContext, kind: PromptKind) =>
  ctx.update((u) => ({ ...u, mode: "prompt", prompt: { kind, value: PROMPTS[kind].initial(ctx.ctl, u, ctx.snap) }, message: null }));
const noNetwork = (ctx: CommandContext) => (ctx.ctl.hasNetwork ? null : "this scenario has no network: no faults to inject");
const noDrop = (ctx: CommandContext) => noNetwork(ctx) ?? (ctx.ctl.sim.world.networkFault ? null : "the network cannot drop packets in this build (no fault hook)");
const noPartition = (ctx: CommandContext) =>
  noNetwork(ctx) ?? (ctx.snap.hostOrder.length >= 2 ? null : "this scenario has one host: nothing to partition");
const sendToTerminal = (ctx: CommandContext, text: string, shown: string) => {
  const t = ctx.ui.terminal;
  if (!t) return say(ctx, "this scenario has no terminal", true);
  const err = ctx.ctl.apply({ kind: "type", terminal: t, text });
  say(ctx, err ?? `${shown} → ${t}`, err !== null);
};
const KEYS: readonly Mode[] = ["keys"];
const KEYS_TYPING: readonly Mode[] = ["keys", "typing"];

export const COMMANDS: readonly Command[] = [
  // --- time ---------------------------------------------------------------
  { keys: ["space"], description: "run / pause", modes: KEYS, hint: "run/pause", run: (c) => c.ctl.toggleRun() },
  { keys: ["right", "."], label: "→/.", description: "step one syscall or event", modes: KEYS, hint: "step", run: (c) => { unsay(c); c.ctl.pause(); c.ctl.stepForward(1); } },
  { keys: ["left", ","], label: "←/,", description: "step back one (by replay)", modes: KEYS, hint: "back", run: (c) => { unsay(c); c.ctl.pause(); c.ctl.requestStepBack(1, c.defer ?? ((fn) => fn())); } },
  {
    keys: ["n"], description: "to the selected's next event", modes: KEYS, hint: "next ev",
    disabled: (c) => (c.ui.selected && c.snap.procs[c.ui.selected] ? null : "select a process first (↑/↓)"),
    run: (c) => {
      c.ctl.pause();
      const p = c.snap.procs[c.ui.selected!]!;
      const hit = c.ctl.stepToNextEventOf(p.host, p.pid);
      if (!hit) say(c, c.ctl.note || `pid ${p.pid}: no further event`, true);
    },
  },
  { keys: ["g"], description: "jump to a step", modes: KEYS, hint: "goto", run: (c) => { c.ctl.pause(); ask(c, "step"); } },
  { keys: ["t"], description: "jump to a simulated time", modes: KEYS, run: (c) => { c.ctl.pause(); ask(c, "time"); } },
  { keys: ["+", "="], label: "+", description: "run faster", modes: KEYS, run: (c) => c.ctl.faster() },
  { keys: ["-", "_"], label: "-", description: "run slower", modes: KEYS, run: (c) => c.ctl.slower() },
  { keys: ["S"], description: "restart with another seed", modes: KEYS, run: (c) => ask(c, "seed") },
  {
    keys: ["p"], description: "restart: sched rr ⇄ random", modes: KEYS,
    run: (c) => {
      const policy = c.ctl.spec.policy === "rr" ? "random" : "rr";
      c.ctl.restart({ policy });
      say(c, `restarted with sched ${policy}`);
    },
  },
  // --- selection and views --------------------------------------------------
  { keys: ["up", "k"], label: "↑/k", description: "select the previous process", modes: KEYS, run: (c) => c.update((u) => moveSelection(u, c.snap, -1)) },
  { keys: ["down", "j"], label: "↓/j", description: "select the next process", modes: KEYS, run: (c) => c.update((u) => moveSelection(u, c.snap, 1)) },
  { keys: ["tab"], description: "next tab", modes: KEYS, run: (c) => c.update((u) => ({ ...u, tab: TABS[(TABS.indexOf(u.tab) + 1) % TABS.length]! })) },
  { keys: ["shift-tab"], description: "previous tab", modes: KEYS, run: (c) => c.update((u) => ({ ...u, tab: TABS[(TABS.indexOf(u.tab) + TABS.length - 1) % TABS.length]! })) },
  {
    keys: ["1", "2", "3", "4", "5", "6"], label: "1-6", description: "tab by number", modes: KEYS,
    run: (c, k) => c.update((u) => ({ ...u, tab: TABS[Number(k) - 1]! })),
  },
  { keys: ["[", "]"], label: "[/]", description: "prev/next socket (or state)", modes: KEYS, run: (c, k) => c.update((u) => moveSocket(u, c.snap, k === "[" ? -1 : 1)) },
  { keys: ["/"], description: "filter packets", modes: KEYS, run: (c) => ask(c, "filter") },
  {
    keys: ["F"], description: "packets of selected socket", modes: KEYS,
    run: (c) => {
      const f = connectionFilter(c.ui, c.snap);
      if (f === null) return say(c, "no socket selected (sockets tab, [/])", true);
      c.update((u) => ({ ...u, packetFilter: f, tab: "packets", message: { text: `packets: showing '${f}'`, error: false } }));
    },
  },
  { keys: ["z"], description: "timeline: zoom out", modes: KEYS, run: (c) => c.update(zoomOut) },
  { keys: ["Z"], description: "timeline: zoom in", modes: KEYS, run: (c) => c.update(zoomIn) },
  // --- acting on the run ------------------------------------------------------
  { keys: ["f"], description: "focus the next terminal", modes: KEYS, run: (c) => c.update((u) => focusNextTerminal(u, c.snap)) },
  {
    keys: ["i", "enter"], label: "i", description: "type at the focused terminal", modes: KEYS, hint: "type",
    disabled: (c) => (c.ui.terminal ? null : "this scenario has no terminal"),
    run: (c) => c.update((u) => ({ ...u, mode: "typing", message: null })),
  },
  { keys: ["ctrl-c"], label: "^C", description: "Ctrl-C: SIGINT to its group", modes: KEYS_TYPING, run: (c) => { c.update((u) => ({ ...u, line: "" })); sendToTerminal(c, "\x03", "^C"); } },
  { keys: ["ctrl-d"], label: "^D", description: "Ctrl-D: end of input", modes: KEYS_TYPING, run: (c) => { const l = c.ui.line; c.update((u) => ({ ...u, line: "" })); sendToTerminal(c, l + "\x04", "^D"); } },
  {
    keys: ["c"], description: "run the selected one next", modes: KEYS, hint: "choose",
    disabled: (c) => (c.ui.selected && c.snap.procs[c.ui.selected]?.state === "R" ? null : "only a runnable (R) process can be chosen"),
    run: (c) => {
      const p = c.snap.procs[c.ui.selected!]!;
      const err = c.ctl.apply({ kind: "choose", host: p.host, pid: p.pid });
      say(c, err ?? `pid ${p.pid} runs next on ${p.host}`, err !== null);
    },
  },
  { keys: ["s"], description: "signal the selected process", modes: KEYS, hint: "signal", disabled: (c) => (c.ui.selected ? null : "select a process first"), run: (c) => ask(c, "signal") },
  {
    keys: ["d"], description: "drop the next packet", modes: KEYS, disabled: noDrop,
    run: (c) => {
      const err = c.ctl.apply({ kind: "drop-next-packet" });
      say(c, err ?? "the next packet will be dropped", err !== null);
    },
  },
  { keys: ["P"], description: "partition two hosts", modes: KEYS, disabled: noPartition, run: (c) => ask(c, "partition") },
  { keys: ["H"], description: "heal a partition", modes: KEYS, disabled: noPartition, run: (c) => ask(c, "heal") },
  { keys: ["w"], description: "save session as a record", modes: KEYS, hint: "save", run: (c) => { c.ctl.pause(); ask(c, "save"); } },
  { keys: ["?"], description: "this help", modes: KEYS, hint: "help", hintFirst: true, run: (c) => c.update((u) => ({ ...u, mode: "help", helpPage: 0 })) },
  { keys: ["q"], description: "quit", modes: KEYS, hint: "quit", hintFirst: true, run: (c) => c.quit() },
  // --- typing at a terminal -------------------------------------------------
  {
    keys: ["enter"], description: "send the line", modes: ["typing"],
    run: (c) => { const l = c.ui.line; c.update((u) => ({ ...u, line: "" })); sendToTerminal(c, l + "\n", JSON.stringify(l + "\n")); },
  },
  { keys: ["backspace"], description: "erase a character", modes: ["typing", "prompt"], run: (c) => c.update((u) => (u.mode === "prompt" && u.prompt ? { ...u, prompt: { ...u.prompt, value: [...u.prompt.value].slice(0, -1).join("") } } : eraseChar(u))) },
  { keys: ["escape"], label: "esc", description: "stop typing", modes: ["typing"], run: (c) => c.update((u) => ({ ...u, mode: "keys" })) },
  // --- prompts and help --------------------------------------------------------
  {
    keys: ["enter"], description: "answer the question", modes: ["prompt"],
    run: (c) => {
      const p = c.ui.prompt;
      if (!p) return;
      const r = PROMPTS[p.kind].submit(p.value, c.ctl, c.ui, c.snap);
      c.update((u) => ({ ...u, ...r.ui, mode: "keys", prompt: null, message: { text: r.text, error: r.error } }));
    },
  },
  { keys: ["escape"], label: "esc", description: "cancel the question", modes: ["prompt"], run: (c) => c.update((u) => ({ ...u, mode: "keys", prompt: null, message: null })) },
  { keys: ["escape", "?", "q"], label: "esc", description: "close the help", modes: ["help"], run: (c) => c.update((u) => ({ ...u, mode: "keys" })) },
  { keys: ["space", "right", "down"], label: "space", description: "next help page", modes: ["help"], run: (c) => c.update((u) => ({ ...u, helpPage: u.helpPage + 1 })) },
  { keys: ["left", "up"], label: "←", description: "previous help page", modes: ["help"], run: (c) => c.update((u) => ({ ...u, helpPage: Math.max(0, u.helpPage - 1) })) },
];

/** The command a key runs in a mode, if any. */
export function findCommand(mode: Mode, key: string): Command | undefined {
  return COMMANDS.find((c) => c.modes.includes(mode) && c.keys.includes(key));
}

/**
 * Handles one key: a command, or text typed at a terminal or a prompt.
 * Returns false when nothing took it.
 */
export function dispatch(ctx: CommandContext, input: string, key: Key): boolean {
  // A chunk of several plain characters (a paste, or keys that arrived together, "20\r"): one at a time.
  if ([...input].length > 1 && !key.ctrl && !key.meta && !key.escape) {
    let any = false;
    for (const ch of input) {
      const k = charKey(ch);
      if (k === null) continue;
      any = dispatch({ ...ctx, ui: ctx.latest?.() ?? ctx.ui, snap: ctx.ctl.snapshot() }, k[0], k[1]) || any;
    }
    return any;
  }
  const name = keyName(input, key);
  const cmd = findCommand(ctx.ui.mode, name);
  if (cmd) {
    const why = cmd.disabled?.(ctx) ?? null;
    if (why) say(ctx, why, true);
    else cmd.run(ctx, name);
    return true;
  }
  if (ctx.ui.mode === "typing" && !key.ctrl && !key.meta) {
    ctx.update((u) => typeText(u, input));
    return true;
  }
  if (ctx.ui.mode === "prompt" && !key.ctrl && !key.meta) {
    ctx.update((u) => (u.prompt ? { ...u, prompt: { ...u.prompt, value: u.prompt.value + [...input].filter((ch) => ch >= " ").join("") } } : u));
    return true;
  }
  return false;
}

const NO_KEY: Key = {
  upArrow: false, downArrow: false, leftArrow: false, rightArrow: false, pageDown: false, pageUp: false, home: false, end: false,
  return: false, escape: false, ctrl: false, shift: false, tab: false, backspace: false, delete: false, meta: false,
  super: false, hyper: false, capsLock: false, numLock: false,
} as Key;

/** One character of a chunk as Ink would have reported it alone; null to skip it. */
export function charKey(ch: string): [string, Key] | null {
  if (ch === "\r" || ch === "\n") return ["", { ...NO_KEY, return: true }];
  if (ch === "\x7f" || ch === "\b") return ["", { ...NO_KEY, backspace: true }];
  if (ch === "\t") return ["", { ...NO_KEY, tab: true }];
  if (ch === "\x03") return ["c", { ...NO_KEY, ctrl: true }];
  if (ch === "\x04") return ["d", { ...NO_KEY, ctrl: true }];
  if (ch < " ") return null;
  return [ch, { ...NO_KEY, shift: ch !== ch.toLowerCase() }];
}

/** How a command's keys are shown. */
export function keyLabel(c: Command): string {
  return c.label ?? c.keys.map((k) => ({ space: "space", "ctrl-c": "^C", "ctrl-d": "^D" })[k as "space"] ?? k).join("/");
}
