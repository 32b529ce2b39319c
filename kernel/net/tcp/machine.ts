// The TCP connection state machine of RFC 9293 §3.3.2 (Figure 5) and the
// event processing rules of §3.10, defined once with xstate. This is the
// single source of truth for TCP state changes: the kernel never assigns a
// TCP state itself, it calls tcpStep(), a lookup table derived from this
// machine at module load, and executes the returned actions (segments to
// send, timers, wake-ups) itself. The TUI draws the diagram from tcpEdges().
//
// What is an event here: only what changes the state or needs state-specific
// work. The data path (sequence and window checks, queueing SENDs, acking
// data, retransmitting) runs in plain TypeScript before it fires an event;
// e.g. it fires RCV_ACK_OF_FIN only once the ACK is acceptable and covers
// our FIN, RCV_RST only for an RST that passed the RFC 5961 sequence check.
// A (state, event) pair with no transition is "not accepted": tcpStep returns
// undefined and the kernel applies its own rule (an error to the caller for
// user calls, e.g. "connection already exists"; drop for segments).
//
// Segments to a 4-tuple with no TCB (RFC's CLOSED row of §3.10.7.1) never
// reach this machine: the kernel's demux answers them with an RST.

import { setup, transition, type SnapshotFrom } from "xstate";

/** State ids, RFC 9293 names with underscores. */
export const TCP_STATES = [
  "CLOSED", "LISTEN", "SYN_SENT", "SYN_RECEIVED", "ESTABLISHED", "FIN_WAIT_1",
  "FIN_WAIT_2", "CLOSE_WAIT", "CLOSING", "LAST_ACK", "TIME_WAIT",
] as const;
export type TcpState = (typeof TCP_STATES)[number];

/** Events: user calls (§3.10.1-5), segment arrivals (§3.10.7), timeouts (§3.10.8). */
export const TCP_EVENTS = [
  // User calls.
  "PASSIVE_OPEN", // listen()
  "ACTIVE_OPEN", // connect()
  "SEND", // SEND on a passive TCB with a foreign socket given (RFC only, see LISTEN)
  "CLOSE", // close()/shutdown(SHUT_WR): orderly release, our FIN follows queued data
  "ABORT", // close() with unread data or SO_LINGER {1, 0}: RST, no TIME-WAIT
  // Segment arrivals, already checked for acceptability by the data path.
  "RCV_SYN", // a SYN without ACK
  "RCV_SYN_ACK", // a SYN whose ACK acknowledges our SYN
  "RCV_ACK_OF_SYN", // an ACK that acknowledges our SYN (completes the handshake)
  "RCV_UNACCEPTABLE_ACK", // an ACK for something we never sent, before synchronisation
  "RCV_FIN", // a FIN (in sequence) that does not acknowledge our FIN
  "RCV_ACK_OF_FIN", // an ACK (without FIN) that acknowledges our FIN
  "RCV_FIN_ACK", // a FIN that also acknowledges our FIN
  "RCV_RST", // an acceptable RST
  // Timers.
  "TIMEOUT_RETRANSMIT_EXHAUSTED", // retries, keepalive probes or TCP_USER_TIMEOUT ran out
  "TIMEOUT_FIN_WAIT_2", // Linux only: tcp_fin_timeout on an orphaned FIN-WAIT-2
  "TIMEOUT_2MSL", // the TIME-WAIT timer
] as const;
export type TcpEventType = (typeof TCP_EVENTS)[number];

/**
 * An event as xstate sees it. `passive` says the TCB was created by a
 * listener (it entered SYN-RECEIVED from LISTEN): it is a fixed property of
 * the TCB, known to the kernel, so it travels with the event rather than
 * living in machine context; the machine stays context-free and a state is
 * just its name. Only RCV_RST in SYN-RECEIVED reads it.
 */
export interface TcpEvent {
  type: TcpEventType;
  passive?: boolean;
}

/** The work the kernel must do on a transition, in the order listed on it. */
export const TCP_ACTIONS = [
  "sendSyn", // SYN <SEQ=ISS> with our options; arms the retransmission timer
  "sendSynAck", // SYN <SEQ=ISS><ACK=RCV.NXT>
  "sendAck", // <SEQ=SND.NXT><ACK=RCV.NXT>
  "sendFin", // FIN after all queued data (FIN|ACK on the wire)
  "sendRst", // RST: <SEQ=SEG.ACK> for an unacceptable ACK, <SEQ=SND.NXT> on ABORT
  "cancelTimers", // stop retransmission, persist, keepalive and delayed-ACK timers
  "startFinWait2Timer", // Linux: tcp_fin_timeout (60 s), only if the socket is orphaned
  "startTimeWait", // (re)start the TIME-WAIT timer: Linux's fixed 60 s (TCP_TIMEWAIT_LEN)
  "signalConnected", // connect() completes / the connection joins the accept queue
  "signalRefused", // ECONNREFUSED to the pending connect()
  "signalReset", // ECONNRESET to pending and later calls (EPIPE on send)
  "signalEof", // the peer's FIN: read() returns 0 once the queue drains, POLLRDHUP
  "signalTimeout", // ETIMEDOUT
  "deleteTcb", // free the TCB and its port binding (Linux: tcp_done)
] as const;
export type TcpAction = (typeof TCP_ACTIONS)[number];

const noop = (): void => {};

/**
 * The machine. Actions are no-ops: xstate's pure `transition` only reports
 * them and the kernel executes them. Every transition cites RFC 9293.
 */
export const tcpMachine = setup({
  types: { events: {} as TcpEvent },
  actions: {
    sendSyn: noop, sendSynAck: noop, sendAck: noop, sendFin: noop, sendRst: noop,
    cancelTimers: noop, startFinWait2Timer: noop, startTimeWait: noop,
    signalConnected: noop, signalRefused: noop, signalReset: noop, signalEof: noop,
    signalTimeout: noop, deleteTcb: noop,
  },
  guards: {
    passive: ({ event }) => event.passive === true,
  },
}).createMachine({
  id: "tcp",
  initial: "CLOSED",
  states: {
    CLOSED: {
      on: {
        // §3.10.1 OPEN/CLOSED: a passive OPEN creates the TCB and listens.
        PASSIVE_OPEN: { target: "LISTEN" },
        // §3.10.1 OPEN/CLOSED: an active OPEN sends SYN <SEQ=ISS> and enters SYN-SENT.
        ACTIVE_OPEN: { target: "SYN_SENT", actions: ["sendSyn"] },
      },
    },
    LISTEN: {
      on: {
        // §3.10.1 OPEN/LISTEN: an active OPEN turns the passive TCB active and sends a SYN.
        // Linux: connect() on a listener fails with EISCONN; the kernel never fires this.
        ACTIVE_OPEN: { target: "SYN_SENT", actions: ["sendSyn"] },
        // §3.10.2 SEND/LISTEN: with a foreign socket given, turn active and send a SYN.
        // Linux: send() on a listener fails with EPIPE; the kernel never fires this.
        SEND: { target: "SYN_SENT", actions: ["sendSyn"] },
        // §3.10.7.2 LISTEN: a SYN records the peer's ISN and answers SYN-ACK.
        // Linux: the listener stays LISTEN and a request sock (the new TCB, passive) goes to SYN-RECV.
        RCV_SYN: { target: "SYN_RECEIVED", actions: ["sendSynAck"] },
        // §3.10.7.2 LISTEN: any ACK is bad here: send <SEQ=SEG.ACK><CTL=RST>.
        RCV_UNACCEPTABLE_ACK: { target: "LISTEN", actions: ["sendRst"] },
        // §3.10.4 CLOSE/LISTEN: pending RECEIVEs fail, the TCB is deleted.
        // Linux: unaccepted children in the accept queue are reset (inet_csk_listen_stop).
        CLOSE: { target: "CLOSED", actions: ["deleteTcb"] },
        // §3.10.5 ABORT/LISTEN: as CLOSE.
        ABORT: { target: "CLOSED", actions: ["deleteTcb"] },
      },
    },
    SYN_SENT: {
      on: {
        // §3.10.7.3 SYN-SENT: a SYN-ACK acking our SYN: send ACK, ESTABLISHED.
        RCV_SYN_ACK: { target: "ESTABLISHED", actions: ["sendAck", "signalConnected"] },
        // §3.10.7.3 SYN-SENT: a SYN without ACK is a simultaneous open: send SYN-ACK.
        RCV_SYN: { target: "SYN_RECEIVED", actions: ["sendSynAck"] },
        // §3.10.7.3 SYN-SENT: an RST with an acceptable ACK: "connection reset" (Linux: ECONNREFUSED).
        RCV_RST: { target: "CLOSED", actions: ["cancelTimers", "signalRefused", "deleteTcb"] },
        // §3.10.7.3 SYN-SENT: SEG.ACK =< ISS or > SND.NXT: send <SEQ=SEG.ACK><CTL=RST>.
        RCV_UNACCEPTABLE_ACK: { target: "SYN_SENT", actions: ["sendRst"] },
        // §3.10.4 CLOSE/SYN-SENT: delete the TCB, nothing is sent.
        CLOSE: { target: "CLOSED", actions: ["cancelTimers", "deleteTcb"] },
        // §3.10.5 ABORT/SYN-SENT: delete the TCB, nothing is sent.
        ABORT: { target: "CLOSED", actions: ["cancelTimers", "deleteTcb"] },
        // §3.10.8 user timeout (Linux: tcp_syn_retries exhausted, ETIMEDOUT, no RST).
        TIMEOUT_RETRANSMIT_EXHAUSTED: { target: "CLOSED", actions: ["cancelTimers", "signalTimeout", "deleteTcb"] },
      },
    },
    SYN_RECEIVED: {
      on: {
        // §3.10.7.4 fifth check, SYN-RECEIVED: an ACK of our SYN: enter ESTABLISHED.
        RCV_ACK_OF_SYN: { target: "ESTABLISHED", actions: ["signalConnected"] },
        // §3.10.7.4 fifth check, SYN-RECEIVED: an unacceptable ACK: send <SEQ=SEG.ACK><CTL=RST>.
        RCV_UNACCEPTABLE_ACK: { target: "SYN_RECEIVED", actions: ["sendRst"] },
        RCV_RST: [
          // §3.10.7.4 second check, SYN-RECEIVED: opened passively, return to LISTEN.
          // Linux: the request sock is dropped; its listener never left LISTEN.
          { guard: "passive", target: "LISTEN", actions: ["cancelTimers"] },
          // §3.10.7.4 second check, SYN-RECEIVED: opened actively, "connection refused".
          { target: "CLOSED", actions: ["cancelTimers", "signalRefused", "deleteTcb"] },
        ],
        // §3.10.4 CLOSE/SYN-RECEIVED: with nothing queued, send FIN and enter FIN-WAIT-1.
        CLOSE: { target: "FIN_WAIT_1", actions: ["sendFin"] },
        // §3.10.5 ABORT/SYN-RECEIVED: send <SEQ=SND.NXT><CTL=RST>, delete the TCB.
        ABORT: { target: "CLOSED", actions: ["sendRst", "cancelTimers", "deleteTcb"] },
        // §3.10.8 user timeout (Linux: tcp_synack_retries exhausted drops the request silently).
        TIMEOUT_RETRANSMIT_EXHAUSTED: { target: "CLOSED", actions: ["cancelTimers", "signalTimeout", "deleteTcb"] },
        // A FIN here always comes with the ACK of our SYN, processed first (fifth check before
        // eighth), so SYN-RECEIVED's FIN row is reached through ESTABLISHED.
      },
    },
    ESTABLISHED: {
      on: {
        // §3.10.7.4 eighth check, ESTABLISHED: a FIN: ACK it, signal "connection closing", CLOSE-WAIT.
        RCV_FIN: { target: "CLOSE_WAIT", actions: ["sendAck", "signalEof"] },
        // §3.10.7.4 second check, ESTABLISHED: an RST: "connection reset", delete the TCB.
        // Linux: no TIME-WAIT after an RST.
        RCV_RST: { target: "CLOSED", actions: ["cancelTimers", "signalReset", "deleteTcb"] },
        // §3.10.4 CLOSE/ESTABLISHED: send FIN after queued data, enter FIN-WAIT-1.
        CLOSE: { target: "FIN_WAIT_1", actions: ["sendFin"] },
        // §3.10.5 ABORT/ESTABLISHED: send RST, delete the TCB.
        ABORT: { target: "CLOSED", actions: ["sendRst", "cancelTimers", "deleteTcb"] },
        // §3.10.8 user timeout (Linux: tcp_retries2 or keepalive exhausted, ETIMEDOUT, no RST).
        TIMEOUT_RETRANSMIT_EXHAUSTED: { target: "CLOSED", actions: ["cancelTimers", "signalTimeout", "deleteTcb"] },
      },
    },
    FIN_WAIT_1: {
      on: {
        // §3.10.7.4 fifth check, FIN-WAIT-1: our FIN is acked: enter FIN-WAIT-2.
        RCV_ACK_OF_FIN: { target: "FIN_WAIT_2", actions: ["startFinWait2Timer"] },
        // §3.10.7.4 eighth check, FIN-WAIT-1: a FIN, ours not yet acked: simultaneous close, CLOSING.
        RCV_FIN: { target: "CLOSING", actions: ["sendAck", "signalEof"] },
        // §3.10.7.4 eighth check, FIN-WAIT-1: a FIN that acks ours: TIME-WAIT, other timers off.
        RCV_FIN_ACK: { target: "TIME_WAIT", actions: ["sendAck", "cancelTimers", "startTimeWait", "signalEof"] },
        // §3.10.7.4 second check, FIN-WAIT-1: an RST: "connection reset", delete the TCB.
        RCV_RST: { target: "CLOSED", actions: ["cancelTimers", "signalReset", "deleteTcb"] },
        // §3.10.5 ABORT/FIN-WAIT-1: send RST, delete the TCB.
        ABORT: { target: "CLOSED", actions: ["sendRst", "cancelTimers", "deleteTcb"] },
        // §3.10.8 user timeout: our FIN was never acked.
        TIMEOUT_RETRANSMIT_EXHAUSTED: { target: "CLOSED", actions: ["cancelTimers", "signalTimeout", "deleteTcb"] },
      },
    },
    FIN_WAIT_2: {
      on: {
        // §3.10.7.4 eighth check, FIN-WAIT-2: a FIN: ACK it, enter TIME-WAIT, other timers off.
        RCV_FIN: { target: "TIME_WAIT", actions: ["sendAck", "cancelTimers", "startTimeWait", "signalEof"] },
        // §3.10.7.4 second check, FIN-WAIT-2: an RST: "connection reset", delete the TCB.
        RCV_RST: { target: "CLOSED", actions: ["cancelTimers", "signalReset", "deleteTcb"] },
        // §3.10.5 ABORT/FIN-WAIT-2: send RST, delete the TCB.
        ABORT: { target: "CLOSED", actions: ["sendRst", "cancelTimers", "deleteTcb"] },
        // Linux deviation (no RFC rule): an orphaned FIN-WAIT-2 dies after tcp_fin_timeout (60 s)
        // without sending anything; a half-closed socket whose fd is open waits forever.
        TIMEOUT_FIN_WAIT_2: { target: "CLOSED", actions: ["cancelTimers", "deleteTcb"] },
        // §3.10.8 user timeout (Linux: keepalive probes exhausted, ETIMEDOUT).
        TIMEOUT_RETRANSMIT_EXHAUSTED: { target: "CLOSED", actions: ["cancelTimers", "signalTimeout", "deleteTcb"] },
      },
    },
    CLOSE_WAIT: {
      on: {
        // §3.10.4 CLOSE/CLOSE-WAIT: send FIN after queued data, enter LAST-ACK (RFC 1122 fixed 793).
        CLOSE: { target: "LAST_ACK", actions: ["sendFin"] },
        // §3.10.7.4 second check, CLOSE-WAIT: an RST: "connection reset", delete the TCB.
        RCV_RST: { target: "CLOSED", actions: ["cancelTimers", "signalReset", "deleteTcb"] },
        // §3.10.5 ABORT/CLOSE-WAIT: send RST, delete the TCB.
        ABORT: { target: "CLOSED", actions: ["sendRst", "cancelTimers", "deleteTcb"] },
        // §3.10.8 user timeout: data we sent was never acked.
        TIMEOUT_RETRANSMIT_EXHAUSTED: { target: "CLOSED", actions: ["cancelTimers", "signalTimeout", "deleteTcb"] },
      },
    },
    CLOSING: {
      on: {
        // §3.10.7.4 fifth check, CLOSING: our FIN is acked: enter TIME-WAIT.
        RCV_ACK_OF_FIN: { target: "TIME_WAIT", actions: ["cancelTimers", "startTimeWait"] },
        // §3.10.7.4 second check, CLOSING: an RST: delete the TCB, enter CLOSED.
        RCV_RST: { target: "CLOSED", actions: ["cancelTimers", "deleteTcb"] },
        // §3.10.5 ABORT/CLOSING: delete the TCB, nothing is sent.
        ABORT: { target: "CLOSED", actions: ["cancelTimers", "deleteTcb"] },
        // §3.10.8 user timeout: our FIN was never acked.
        TIMEOUT_RETRANSMIT_EXHAUSTED: { target: "CLOSED", actions: ["cancelTimers", "signalTimeout", "deleteTcb"] },
      },
    },
    LAST_ACK: {
      on: {
        // §3.10.7.4 fifth check, LAST-ACK: our FIN is acked: delete the TCB, enter CLOSED.
        RCV_ACK_OF_FIN: { target: "CLOSED", actions: ["cancelTimers", "deleteTcb"] },
        // §3.10.7.4 second check, LAST-ACK: an RST: delete the TCB, enter CLOSED.
        RCV_RST: { target: "CLOSED", actions: ["cancelTimers", "deleteTcb"] },
        // §3.10.5 ABORT/LAST-ACK: delete the TCB, nothing is sent.
        ABORT: { target: "CLOSED", actions: ["cancelTimers", "deleteTcb"] },
        // §3.10.8 user timeout: our FIN was never acked.
        TIMEOUT_RETRANSMIT_EXHAUSTED: { target: "CLOSED", actions: ["cancelTimers", "signalTimeout", "deleteTcb"] },
      },
    },
    TIME_WAIT: {
      on: {
        // §3.10.8 time-wait timeout: delete the TCB, enter CLOSED. Linux: fixed 60 s, not 2*MSL
        // from a tunable, and not tcp_fin_timeout.
        TIMEOUT_2MSL: { target: "CLOSED", actions: ["deleteTcb"] },
        // §3.10.7.4 eighth check, TIME-WAIT: a retransmitted FIN: ACK it, restart the 2 MSL timer.
        RCV_FIN: { target: "TIME_WAIT", actions: ["sendAck", "startTimeWait"] },
        // §3.10.7.4 second check, TIME-WAIT: an RST: delete the TCB. Linux (tcp_rfc1337=0) does
        // the same ("TIME-WAIT assassination"); RFC 1337 would ignore it.
        RCV_RST: { target: "CLOSED", actions: ["cancelTimers", "deleteTcb"] },
        // §3.10.5 ABORT/TIME-WAIT: delete the TCB. Linux: close() leaves the TIME-WAIT entry,
        // which no longer belongs to any fd, so the kernel never fires this.
        ABORT: { target: "CLOSED", actions: ["cancelTimers", "deleteTcb"] },
        // Not modelled: Linux lets an acceptable new SYN recycle a TIME-WAIT entry
        // (tcp_timewait_state_process, TCP_TW_SYN); the kernel's demux would do that.
      },
    },
  },
});

export type TcpSnapshot = SnapshotFrom<typeof tcpMachine>;

/** Linux/ss spellings (`ss -tan` State column). */
export const tcpStateName: Readonly<Record<TcpState, string>> = Object.freeze({
  CLOSED: "CLOSE", // the kernel's TCP_CLOSE as TCP_INFO reports it; ss lists such sockets as UNCONN
  LISTEN: "LISTEN",
  SYN_SENT: "SYN-SENT",
  SYN_RECEIVED: "SYN-RECV",
  ESTABLISHED: "ESTAB",
  FIN_WAIT_1: "FIN-WAIT-1",
  FIN_WAIT_2: "FIN-WAIT-2",
  CLOSE_WAIT: "CLOSE-WAIT",
  CLOSING: "CLOSING",
  LAST_ACK: "LAST-ACK",
  TIME_WAIT: "TIME-WAIT",
});

/** RFC 9293 spellings, for diagrams. */
export const tcpStateRfcName: Readonly<Record<TcpState, string>> = Object.freeze({
  CLOSED: "CLOSED",
  LISTEN: "LISTEN",
  SYN_SENT: "SYN-SENT",
  SYN_RECEIVED: "SYN-RECEIVED",
  ESTABLISHED: "ESTABLISHED",
  FIN_WAIT_1: "FIN-WAIT-1",
  FIN_WAIT_2: "FIN-WAIT-2",
  CLOSE_WAIT: "CLOSE-WAIT",
  CLOSING: "CLOSING",
  LAST_ACK: "LAST-ACK",
  TIME_WAIT: "TIME-WAIT",
});

/** Linux's enum tcp_state numbers (include/net/tcp_states.h), as TCP_INFO's tcpi_state. */
export const tcpLinuxStateNumber: Readonly<Record<TcpState, number>> = Object.freeze({
  ESTABLISHED: 1, SYN_SENT: 2, SYN_RECEIVED: 3, FIN_WAIT_1: 4, FIN_WAIT_2: 5, TIME_WAIT: 6,
  CLOSED: 7, CLOSE_WAIT: 8, LAST_ACK: 9, LISTEN: 10, CLOSING: 11,
});

// ---------------------------------------------------------------------------
// The fast path: a table derived from the machine.

export interface TcpStep {
  readonly state: TcpState;
  readonly actions: readonly TcpAction[];
}

export interface TcpEdge {
  readonly from: TcpState;
  readonly event: TcpEventType;
  readonly to: TcpState;
  readonly actions: readonly TcpAction[];
  /** Set only on edges that depend on how the TCB was opened (the `passive` guard). */
  readonly passive?: boolean;
}

const snapshots = new Map<TcpState, TcpSnapshot>(
  TCP_STATES.map((s) => [s, tcpMachine.resolveState({ value: s, context: {} })]),
);

/**
 * One step through xstate's pure `transition` (~20 µs): the reference that
 * tcpStep's table is built from. undefined when the event is not accepted.
 */
export function tcpStepViaMachine(state: TcpState, event: TcpEventType, passive = false): TcpStep | undefined {
  const snap = snapshots.get(state);
  if (!snap) throw new Error(`tcp: unknown state ${String(state)}`);
  const ev: TcpEvent = { type: event, passive };
  if (!snap.can(ev)) return undefined;
  const [next, actions] = transition(tcpMachine, snap, ev);
  const to = next.value as TcpState;
  if (!snapshots.has(to)) throw new Error(`tcp: ${state} + ${event} reached unknown state ${String(to)}`);
  return { state: to, actions: actions.map((a) => a.type as TcpAction) };
}

function sameStep(a: TcpStep | undefined, b: TcpStep | undefined): boolean {
  if (!a || !b) return a === b;
  return a.state === b.state && a.actions.length === b.actions.length && a.actions.every((x, i) => x === b.actions[i]);
}

function freezeStep(s: TcpStep | undefined): TcpStep | undefined {
  return s && Object.freeze({ state: s.state, actions: Object.freeze([...s.actions]) });
}

// table[state][event] = [step when actively opened, step when passively opened].
type Row = Partial<Record<TcpEventType, readonly [TcpStep | undefined, TcpStep | undefined]>>;
const table = Object.create(null) as Record<TcpState, Row>; // no prototype: a bogus state finds no row
const edges: TcpEdge[] = [];

for (const from of TCP_STATES) {
  const row: Row = {};
  for (const event of TCP_EVENTS) {
    const active = freezeStep(tcpStepViaMachine(from, event, false));
    const passiveStep = freezeStep(tcpStepViaMachine(from, event, true));
    if (!active && !passiveStep) continue;
    if (sameStep(active, passiveStep)) {
      row[event] = [active, active];
      edges.push(Object.freeze({ from, event, to: active!.state, actions: active!.actions }));
    } else {
      row[event] = [active, passiveStep];
      for (const [step, passive] of [[active, false], [passiveStep, true]] as const) {
        if (step) edges.push(Object.freeze({ from, event, to: step.state, actions: step.actions, passive }));
      }
    }
  }
  table[from] = row;
}
Object.freeze(edges);

/**
 * The state change and actions for `event` in `state`, or undefined when the
 * event is not accepted there. `passive`: the TCB was created by a listener.
 * A table lookup; the returned object is shared and frozen.
 */
export function tcpStep(state: TcpState, event: TcpEventType, passive = false): TcpStep | undefined {
  const row = table[state];
  if (row === undefined) throw new Error(`tcp: unknown state ${String(state)}`);
  const pair = row[event];
  return pair === undefined ? undefined : pair[passive ? 1 : 0];
}

/** Every edge of the machine, in TCP_STATES then TCP_EVENTS order, for drawing the diagram. */
export function tcpEdges(): readonly TcpEdge[] {
  return edges;
}
