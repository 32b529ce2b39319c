// Colours, named by what they mean (Ink colour names). One place to change
// the look; panes never name a colour directly.

export const theme = {
  /** Titles, the header's scenario name, tab labels. */
  title: "cyan",
  /** The active tab, the focused pane's title. */
  active: "cyanBright",
  /** Hints, rulers, idle cells: present but quiet. */
  muted: "gray",
  /** A runnable process, a running simulation. */
  running: "green",
  /** A sleeping process (blocked in a syscall). */
  blocked: "yellow",
  /** A stopped process (T), a paused simulation. */
  stopped: "magenta",
  /** A zombie, an error message, a finished/stopped run. */
  dead: "red",
  error: "red",
  /** Where the eye should go: the current TCP state, the current step. */
  highlight: "yellowBright",
  /** The line being typed at a terminal. */
  typing: "greenBright",
} as const;

export type ThemeColor = (typeof theme)[keyof typeof theme];

export function stateColor(state: "R" | "S" | "T" | "Z"): ThemeColor {
  return state === "R" ? theme.running : state === "S" ? theme.blocked : state === "T" ? theme.stopped : theme.dead;
}
