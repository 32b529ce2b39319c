// The kernsim TUI: reads the snapshot at the current step, draws the panes,
// and turns keys into commands (keymap.ts). The Controller owns the run;
// this component owns only what the person is looking at (UiState) and a
// wall-clock timer that advances the run while it is "running".

import { useEffect, useMemo, useReducer, useRef, useState, type ReactNode } from "react";
import { Box, useApp, useInput, useStdout } from "ink";
import type { Controller } from "./model/controller.ts";
import { initialUi, reconcile, type UiState } from "./model/ui-state.ts";
import { dispatch, type CommandContext } from "./keymap.ts";
import { layout } from "./layout.ts";
import { HeaderView } from "./panes/header/HeaderView.tsx";
import { ProcessesView } from "./panes/processes/ProcessesView.tsx";
import { TerminalView } from "./panes/terminal/TerminalView.tsx";
import { TabBar } from "./panes/tabs/TabBar.tsx";
import { FdsView } from "./panes/fds/FdsView.tsx";
import { SocketsView } from "./panes/sockets/SocketsView.tsx";
import { PacketsView } from "./panes/packets/PacketsView.tsx";
import { SyscallsView } from "./panes/syscalls/SyscallsView.tsx";
import { TimelineView } from "./panes/timeline/TimelineView.tsx";
import { TcpView } from "./panes/tcp/TcpView.tsx";
import { HelpView } from "./panes/help/HelpView.tsx";
import { StatusView } from "./panes/status/StatusView.tsx";
import { Rows } from "./components/Rows.tsx";

/** Wall-clock ms between run ticks (animation only: the run itself never reads the clock). */
export const TICK_MS = 50;
/**
 * Wall-clock ms of stillness after which the TUI prepares the next step back
 * (Controller.prepare): less than a person takes to react to a new screen,
 * more than between the repeats of a held key.
 */
const IDLE_MS = 100;
/** Wall-clock ms a tick may spend stepping, so keys are still read at top speed. */
const TICK_BUDGET_MS = 35;

export interface AppProps {
  ctl: Controller;
  /** Fixed size (tests); default: the terminal's. */
  columns?: number;
  rows?: number;
  onQuit?: () => void;
}

const TAB_VIEWS = { fds: FdsView, sockets: SocketsView, packets: PacketsView, syscalls: SyscallsView, timeline: TimelineView, tcp: TcpView } as const;

export function App({ ctl, columns, rows, onQuit }: AppProps): ReactNode {
  const { exit } = useApp();
  const { stdout } = useStdout();
  const [, bump] = useReducer((n: number) => n + 1, 0);
  const [size, setSize] = useState({ columns: stdout?.columns ?? 80, rows: stdout?.rows ?? 24 });
  useEffect(() => ctl.subscribe(bump), [ctl]);
  useEffect(() => {
    if (!stdout || columns !== undefined) return;
    const onResize = () => setSize({ columns: stdout.columns, rows: stdout.rows });
    stdout.on("resize", onResize);
    return () => void stdout.off("resize", onResize);
  }, [stdout, columns]);

  // The snapshot is built once per change of the run, not per step.
  const snap = useMemo(() => ctl.snapshot(), [ctl, ctl.version]);
  // What the person looks at: changed synchronously by commands (several keys may arrive in one chunk).
  const uiRef = useRef<UiState | null>(null);
  uiRef.current = reconcile(uiRef.current ?? initialUi(snap), snap);
  const ui = uiRef.current;

  useEffect(() => {
    if (!ctl.running) return;
    const timer = setInterval(() => {
      const end = performance.now() + TICK_BUDGET_MS;
      ctl.tick(TICK_MS, () => performance.now() > end);
    }, TICK_MS);
    return () => clearInterval(timer);
  }, [ctl, ctl.running]);

  // While the screen is still (paused, no key for a moment), get the next step back ready,
  // a slice at a time so that a key pressed meanwhile is read between slices.
  useEffect(() => {
    if (ctl.running) return;
    let timer = setTimeout(function slice() {
      if (ctl.prepare()) timer = setTimeout(slice, 0);
    }, IDLE_MS);
    return () => clearTimeout(timer);
  }, [ctl, ctl.version, ctl.running]);

  useInput((input, key) => {
    const ctx: CommandContext = {
      ctl,
      ui: uiRef.current!,
      snap: ctl.snapshot(),
      update: (fn) => {
        uiRef.current = fn(reconcile(uiRef.current!, ctl.snapshot()));
        bump();
      },
      latest: () => uiRef.current!,
      defer: (fn) => void setImmediate(fn),
      quit: () => {
        ctl.pause();
        onQuit?.();
        exit();
      },
    };
    dispatch(ctx, input, key);
  });

  const L = layout(columns ?? size.columns, rows ?? size.rows);
  const Tab = TAB_VIEWS[ui.tab];
  const run = { running: ctl.running, stepsPerSecond: ctl.stepsPerSecond, halted: ctl.halted };
  return (
    <Box flexDirection="column" width={L.width} height={L.height}>
      <HeaderView header={snap.header} run={run} width={L.width} />
      {ui.mode === "help" ? (
        <HelpView width={L.width} height={L.top + 1 + L.body} page={ui.helpPage} />
      ) : (
        <>
          <Box flexDirection="row" height={L.top}>
            <ProcessesView snap={snap} ui={ui} width={L.leftWidth} height={L.top} />
            <Rows rows={Array.from({ length: L.top }, () => "│")} width={1} height={L.top} />
            <TerminalView snap={snap} ui={ui} width={L.rightWidth} height={L.top} />
          </Box>
          <TabBar snap={snap} ui={ui} width={L.width} />
          <Tab snap={snap} ui={ui} width={L.width} height={L.body} />
        </>
      )}
      <StatusView ui={ui} note={ctl.note} snap={snap} width={L.width} />
    </Box>
  );
}
