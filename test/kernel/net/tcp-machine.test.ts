// The TCP state machine (RFC 9293 §3.3.2, §3.10), checked three ways: an
// explicit table of every transition written as specification sentences, a
// completeness check that @xstate/graph finds no edge the table misses, and
// agreement of the fast tcpStep table with xstate's own `transition`.

import { describe, expect, it } from "vitest";
import { transition } from "xstate";
import { getAdjacencyMap } from "@xstate/graph";
import {
  TCP_EVENTS,
  TCP_STATES,
  tcpEdges,
  tcpLinuxStateNumber,
  tcpMachine,
  tcpStateName,
  tcpStateRfcName,
  tcpStep,
  type TcpAction,
  type TcpEvent,
  type TcpEventType,
  type TcpSnapshot,
  type TcpState,
} from "../../../kernel/net/tcp/machine.ts";

interface Row {
  from: TcpState;
  event: TcpEventType;
  /** Only for edges guarded by how the TCB was opened. */
  passive?: boolean;
  to: TcpState;
  actions: TcpAction[];
  spec: string;
}

const close = ["cancelTimers", "deleteTcb"] as TcpAction[];
const timeout = ["cancelTimers", "signalTimeout", "deleteTcb"] as TcpAction[];
const reset = ["cancelTimers", "signalReset", "deleteTcb"] as TcpAction[];
const abortWithRst = ["sendRst", "cancelTimers", "deleteTcb"] as TcpAction[];

/** Every transition of the machine, one specification sentence each. */
const TRANSITIONS: Row[] = [
  { from: "CLOSED", event: "PASSIVE_OPEN", to: "LISTEN", actions: [], spec: "listen() moves to LISTEN and sends nothing" },
  { from: "CLOSED", event: "ACTIVE_OPEN", to: "SYN_SENT", actions: ["sendSyn"], spec: "connect() sends a SYN and moves to SYN_SENT" },

  { from: "LISTEN", event: "RCV_SYN", to: "SYN_RECEIVED", actions: ["sendSynAck"], spec: "a SYN moves to SYN_RECEIVED and answers with a SYN-ACK" },
  { from: "LISTEN", event: "RCV_UNACCEPTABLE_ACK", to: "LISTEN", actions: ["sendRst"], spec: "an ACK is answered with an RST and the listener keeps listening" },
  { from: "LISTEN", event: "ACTIVE_OPEN", to: "SYN_SENT", actions: ["sendSyn"], spec: "an active OPEN turns the listener active and sends a SYN (RFC only)" },
  { from: "LISTEN", event: "SEND", to: "SYN_SENT", actions: ["sendSyn"], spec: "a SEND with a foreign socket turns the listener active and sends a SYN (RFC only)" },
  { from: "LISTEN", event: "CLOSE", to: "CLOSED", actions: ["deleteTcb"], spec: "close() deletes the TCB without sending anything" },
  { from: "LISTEN", event: "ABORT", to: "CLOSED", actions: ["deleteTcb"], spec: "an abort deletes the TCB without sending anything" },

  { from: "SYN_SENT", event: "RCV_SYN_ACK", to: "ESTABLISHED", actions: ["sendAck", "signalConnected"], spec: "a SYN-ACK moves to ESTABLISHED, sends an ACK and completes connect()" },
  { from: "SYN_SENT", event: "RCV_SYN", to: "SYN_RECEIVED", actions: ["sendSynAck"], spec: "a bare SYN (simultaneous open) moves to SYN_RECEIVED and sends a SYN-ACK" },
  { from: "SYN_SENT", event: "RCV_RST", to: "CLOSED", actions: ["cancelTimers", "signalRefused", "deleteTcb"], spec: "an RST refuses the connection (ECONNREFUSED) and deletes the TCB" },
  { from: "SYN_SENT", event: "RCV_UNACCEPTABLE_ACK", to: "SYN_SENT", actions: ["sendRst"], spec: "an ACK of something never sent is answered with an RST and the SYN stays outstanding" },
  { from: "SYN_SENT", event: "CLOSE", to: "CLOSED", actions: close, spec: "close() deletes the TCB without sending anything" },
  { from: "SYN_SENT", event: "ABORT", to: "CLOSED", actions: close, spec: "an abort deletes the TCB without sending anything" },
  { from: "SYN_SENT", event: "TIMEOUT_RETRANSMIT_EXHAUSTED", to: "CLOSED", actions: timeout, spec: "running out of SYN retries fails connect() with ETIMEDOUT" },

  { from: "SYN_RECEIVED", event: "RCV_ACK_OF_SYN", to: "ESTABLISHED", actions: ["signalConnected"], spec: "the ACK of our SYN moves to ESTABLISHED and signals the connection" },
  { from: "SYN_RECEIVED", event: "RCV_UNACCEPTABLE_ACK", to: "SYN_RECEIVED", actions: ["sendRst"], spec: "an unacceptable ACK is answered with an RST" },
  { from: "SYN_RECEIVED", event: "RCV_RST", passive: false, to: "CLOSED", actions: ["cancelTimers", "signalRefused", "deleteTcb"], spec: "an RST refuses an actively opened connection and deletes the TCB" },
  { from: "SYN_RECEIVED", event: "RCV_RST", passive: true, to: "LISTEN", actions: ["cancelTimers"], spec: "an RST returns a passively opened connection to LISTEN without telling the user" },
  { from: "SYN_RECEIVED", event: "CLOSE", to: "FIN_WAIT_1", actions: ["sendFin"], spec: "close() sends a FIN and moves to FIN_WAIT_1" },
  { from: "SYN_RECEIVED", event: "ABORT", to: "CLOSED", actions: abortWithRst, spec: "an abort sends an RST and deletes the TCB" },
  { from: "SYN_RECEIVED", event: "TIMEOUT_RETRANSMIT_EXHAUSTED", to: "CLOSED", actions: timeout, spec: "running out of SYN-ACK retries deletes the TCB" },

  { from: "ESTABLISHED", event: "RCV_FIN", to: "CLOSE_WAIT", actions: ["sendAck", "signalEof"], spec: "a FIN is acked, signals end of file and moves to CLOSE_WAIT" },
  { from: "ESTABLISHED", event: "RCV_RST", to: "CLOSED", actions: reset, spec: "an RST resets the connection (ECONNRESET) and leaves no TIME_WAIT" },
  { from: "ESTABLISHED", event: "CLOSE", to: "FIN_WAIT_1", actions: ["sendFin"], spec: "close() sends a FIN and moves to FIN_WAIT_1" },
  { from: "ESTABLISHED", event: "ABORT", to: "CLOSED", actions: abortWithRst, spec: "an abort sends an RST and deletes the TCB" },
  { from: "ESTABLISHED", event: "TIMEOUT_RETRANSMIT_EXHAUSTED", to: "CLOSED", actions: timeout, spec: "running out of retransmissions fails with ETIMEDOUT without an RST" },

  { from: "FIN_WAIT_1", event: "RCV_ACK_OF_FIN", to: "FIN_WAIT_2", actions: ["startFinWait2Timer"], spec: "the ACK of our FIN moves to FIN_WAIT_2" },
  { from: "FIN_WAIT_1", event: "RCV_FIN", to: "CLOSING", actions: ["sendAck", "signalEof"], spec: "a FIN before the ACK of ours (simultaneous close) is acked and moves to CLOSING" },
  { from: "FIN_WAIT_1", event: "RCV_FIN_ACK", to: "TIME_WAIT", actions: ["sendAck", "cancelTimers", "startTimeWait", "signalEof"], spec: "a FIN that acks ours is acked and moves straight to TIME_WAIT" },
  { from: "FIN_WAIT_1", event: "RCV_RST", to: "CLOSED", actions: reset, spec: "an RST resets the connection and deletes the TCB" },
  { from: "FIN_WAIT_1", event: "ABORT", to: "CLOSED", actions: abortWithRst, spec: "an abort sends an RST and deletes the TCB" },
  { from: "FIN_WAIT_1", event: "TIMEOUT_RETRANSMIT_EXHAUSTED", to: "CLOSED", actions: timeout, spec: "a FIN never acked times out and deletes the TCB" },

  { from: "FIN_WAIT_2", event: "RCV_FIN", to: "TIME_WAIT", actions: ["sendAck", "cancelTimers", "startTimeWait", "signalEof"], spec: "the peer's FIN is acked and moves to TIME_WAIT" },
  { from: "FIN_WAIT_2", event: "RCV_RST", to: "CLOSED", actions: reset, spec: "an RST resets the connection and deletes the TCB" },
  { from: "FIN_WAIT_2", event: "ABORT", to: "CLOSED", actions: abortWithRst, spec: "an abort sends an RST and deletes the TCB" },
  { from: "FIN_WAIT_2", event: "TIMEOUT_FIN_WAIT_2", to: "CLOSED", actions: close, spec: "an orphan whose peer never closes dies after tcp_fin_timeout, silently (Linux)" },
  { from: "FIN_WAIT_2", event: "TIMEOUT_RETRANSMIT_EXHAUSTED", to: "CLOSED", actions: timeout, spec: "exhausted keepalive probes fail with ETIMEDOUT" },

  { from: "CLOSE_WAIT", event: "CLOSE", to: "LAST_ACK", actions: ["sendFin"], spec: "close() sends our FIN and moves to LAST_ACK" },
  { from: "CLOSE_WAIT", event: "RCV_RST", to: "CLOSED", actions: reset, spec: "an RST resets the connection and deletes the TCB" },
  { from: "CLOSE_WAIT", event: "ABORT", to: "CLOSED", actions: abortWithRst, spec: "an abort sends an RST and deletes the TCB" },
  { from: "CLOSE_WAIT", event: "TIMEOUT_RETRANSMIT_EXHAUSTED", to: "CLOSED", actions: timeout, spec: "unacked data times out and deletes the TCB" },

  { from: "CLOSING", event: "RCV_ACK_OF_FIN", to: "TIME_WAIT", actions: ["cancelTimers", "startTimeWait"], spec: "the ACK of our FIN moves to TIME_WAIT" },
  { from: "CLOSING", event: "RCV_RST", to: "CLOSED", actions: close, spec: "an RST deletes the TCB without signalling" },
  { from: "CLOSING", event: "ABORT", to: "CLOSED", actions: close, spec: "an abort deletes the TCB without sending anything" },
  { from: "CLOSING", event: "TIMEOUT_RETRANSMIT_EXHAUSTED", to: "CLOSED", actions: timeout, spec: "a FIN never acked times out and deletes the TCB" },

  { from: "LAST_ACK", event: "RCV_ACK_OF_FIN", to: "CLOSED", actions: close, spec: "the ACK of our FIN deletes the TCB, with no TIME_WAIT" },
  { from: "LAST_ACK", event: "RCV_RST", to: "CLOSED", actions: close, spec: "an RST deletes the TCB without signalling" },
  { from: "LAST_ACK", event: "ABORT", to: "CLOSED", actions: close, spec: "an abort deletes the TCB without sending anything" },
  { from: "LAST_ACK", event: "TIMEOUT_RETRANSMIT_EXHAUSTED", to: "CLOSED", actions: timeout, spec: "a FIN never acked times out and deletes the TCB" },

  { from: "TIME_WAIT", event: "TIMEOUT_2MSL", to: "CLOSED", actions: ["deleteTcb"], spec: "the 2MSL timer deletes the TCB" },
  { from: "TIME_WAIT", event: "RCV_FIN", to: "TIME_WAIT", actions: ["sendAck", "startTimeWait"], spec: "a retransmitted FIN is acked and restarts the TIME_WAIT timer" },
  { from: "TIME_WAIT", event: "RCV_RST", to: "CLOSED", actions: close, spec: "an RST deletes the TCB (Linux's default, tcp_rfc1337=0)" },
  { from: "TIME_WAIT", event: "ABORT", to: "CLOSED", actions: close, spec: "an abort deletes the TCB without sending anything" },
];

function rowsFor(from: TcpState, event: TcpEventType, passive: boolean): Row | undefined {
  return TRANSITIONS.find((r) => r.from === from && r.event === event && (r.passive === undefined || r.passive === passive));
}

function snapshotOf(state: TcpState) {
  return tcpMachine.resolveState({ value: state, context: {} });
}

/** xstate's own answer, independent of the module's table. */
function viaXstate(state: TcpState, event: TcpEventType, passive: boolean) {
  const snap = snapshotOf(state);
  const ev: TcpEvent = { type: event, passive };
  if (!snap.can(ev)) return undefined;
  const [next, actions] = transition(tcpMachine, snap, ev);
  return { state: next.value as TcpState, actions: actions.map((a) => a.type) };
}

/** Runs events through tcpStep, returning the states visited and all actions in order. */
function run(start: TcpState, events: TcpEventType[], passive = false) {
  let state = start;
  const states: TcpState[] = [start];
  const actions: string[] = [];
  for (const e of events) {
    const step = tcpStep(state, e, passive);
    if (!step) throw new Error(`${e} not accepted in ${state}`);
    state = step.state;
    states.push(state);
    actions.push(...step.actions);
  }
  return { state, states, actions };
}

for (const state of TCP_STATES) {
  describe(state, () => {
    for (const row of TRANSITIONS.filter((r) => r.from === state)) {
      it(`${state}: ${row.spec}`, () => {
        const step = tcpStep(row.from, row.event, row.passive ?? false);
        expect(step).toEqual({ state: row.to, actions: row.actions });
      });
    }

    it(`${state}: accepts no other event`, () => {
      for (const event of TCP_EVENTS) {
        for (const passive of [false, true]) {
          if (!rowsFor(state, event, passive)) expect(tcpStep(state, event, passive), `${state} + ${event}`).toBeUndefined();
        }
      }
    });
  });
}

describe("completeness", () => {
  // Every event, in both flavours of `passive`, offered wherever the state accepts it.
  const allEvents: TcpEvent[] = TCP_EVENTS.flatMap((type) => [{ type, passive: false }, { type, passive: true }]);
  const adjacency = getAdjacencyMap(tcpMachine, {
    events: (snapshot) => allEvents.filter((ev) => snapshot.can(ev)),
  });
  const graphEdges = Object.values(adjacency).flatMap((v) =>
    // AdjacencyMap's keys are branded strings, which Object.values cannot see through.
    Object.values(v.transitions as Record<string, { event: TcpEvent; state: TcpSnapshot }>).map((t) => ({
      from: v.state.value as TcpState,
      event: t.event.type,
      passive: t.event.passive === true,
      to: t.state.value as TcpState,
    })),
  );

  it("every state is reachable from CLOSED", () => {
    const reached = new Set(Object.values(adjacency).map((v) => v.state.value));
    expect([...reached].sort()).toEqual([...TCP_STATES].sort());
  });

  it("every edge @xstate/graph finds is in the transition table, with the same target and actions", () => {
    expect(graphEdges.length).toBeGreaterThan(0);
    const missing: string[] = [];
    for (const e of graphEdges) {
      const row = rowsFor(e.from, e.event, e.passive);
      if (!row || row.to !== e.to) {
        missing.push(`${e.from} --${e.event}${e.passive ? " (passive)" : ""}--> ${e.to}`);
        continue;
      }
      expect(viaXstate(e.from, e.event, e.passive)?.actions, `${e.from} + ${e.event}`).toEqual(row.actions);
    }
    expect(missing).toEqual([]);
  });

  it("every row of the transition table is an edge of the machine", () => {
    for (const row of TRANSITIONS) {
      const passives = row.passive === undefined ? [false, true] : [row.passive];
      for (const passive of passives) {
        expect(graphEdges, `${row.from} + ${row.event}`).toContainEqual({ from: row.from, event: row.event, passive, to: row.to });
      }
    }
  });

  it("tcpStep agrees with xstate's transition on every (state, event, passive)", () => {
    for (const state of TCP_STATES) {
      for (const event of TCP_EVENTS) {
        for (const passive of [false, true]) {
          expect(tcpStep(state, event, passive), `${state} + ${event}`).toEqual(viaXstate(state, event, passive));
        }
      }
    }
  });

  it("tcpEdges lists exactly the table's transitions, marking only the guarded ones", () => {
    const listed = tcpEdges().map((e) => ({ from: e.from, event: e.event, to: e.to, actions: [...e.actions], passive: e.passive }));
    const expected = TCP_STATES.flatMap((s) =>
      TCP_EVENTS.flatMap((ev) => TRANSITIONS.filter((r) => r.from === s && r.event === ev))).map((r) => ({
      from: r.from, event: r.event, to: r.to, actions: r.actions, passive: r.passive,
    }));
    expect(listed).toEqual(expected);
  });

  it("the machine's states are exactly TCP_STATES, every one named for ss and the RFC", () => {
    expect(Object.keys(tcpMachine.root.states)).toEqual([...TCP_STATES]);
    expect(Object.keys(tcpStateName)).toEqual(expect.arrayContaining([...TCP_STATES]));
    expect(tcpStateName.ESTABLISHED).toBe("ESTAB");
    expect(tcpStateName.SYN_RECEIVED).toBe("SYN-RECV");
    expect(tcpStateName.CLOSED).toBe("CLOSE");
    expect(tcpStateRfcName.SYN_RECEIVED).toBe("SYN-RECEIVED");
    expect(new Set(Object.values(tcpLinuxStateNumber)).size).toBe(TCP_STATES.length);
  });

  it("every event is used by some transition", () => {
    const used = new Set(TRANSITIONS.map((r) => r.event));
    expect([...TCP_EVENTS].filter((e) => !used.has(e))).toEqual([]);
  });

  it("tcpStep returns shared frozen results and throws on an impossible state", () => {
    const a = tcpStep("ESTABLISHED", "RCV_FIN");
    expect(a).toBe(tcpStep("ESTABLISHED", "RCV_FIN", true));
    expect(Object.isFrozen(a)).toBe(true);
    expect(Object.isFrozen(a!.actions)).toBe(true);
    expect(() => tcpStep("BOGUS" as TcpState, "CLOSE")).toThrow(/unknown state BOGUS/);
  });
});

describe("classic paths", () => {
  it("active open, establish, active close, TIME_WAIT, CLOSED", () => {
    const r = run("CLOSED", ["ACTIVE_OPEN", "RCV_SYN_ACK", "CLOSE", "RCV_ACK_OF_FIN", "RCV_FIN", "TIMEOUT_2MSL"]);
    expect(r.states).toEqual(["CLOSED", "SYN_SENT", "ESTABLISHED", "FIN_WAIT_1", "FIN_WAIT_2", "TIME_WAIT", "CLOSED"]);
    expect(r.actions.filter((a) => a.startsWith("send"))).toEqual(["sendSyn", "sendAck", "sendFin", "sendAck"]);
  });

  it("passive open, establish, peer closes first, LAST_ACK, CLOSED", () => {
    const r = run("CLOSED", ["PASSIVE_OPEN", "RCV_SYN", "RCV_ACK_OF_SYN", "RCV_FIN", "CLOSE", "RCV_ACK_OF_FIN"], true);
    expect(r.states).toEqual(["CLOSED", "LISTEN", "SYN_RECEIVED", "ESTABLISHED", "CLOSE_WAIT", "LAST_ACK", "CLOSED"]);
    expect(r.actions.filter((a) => a.startsWith("send"))).toEqual(["sendSynAck", "sendAck", "sendFin"]);
    expect(r.actions).not.toContain("startTimeWait");
  });

  it("simultaneous open: both sides go SYN_SENT, SYN_RECEIVED, ESTABLISHED", () => {
    const r = run("CLOSED", ["ACTIVE_OPEN", "RCV_SYN", "RCV_ACK_OF_SYN"]);
    expect(r.states).toEqual(["CLOSED", "SYN_SENT", "SYN_RECEIVED", "ESTABLISHED"]);
    expect(r.actions.filter((a) => a.startsWith("send"))).toEqual(["sendSyn", "sendSynAck"]);
  });

  it("simultaneous close: FIN_WAIT_1, CLOSING, TIME_WAIT, CLOSED on both sides", () => {
    const r = run("ESTABLISHED", ["CLOSE", "RCV_FIN", "RCV_ACK_OF_FIN", "TIMEOUT_2MSL"]);
    expect(r.states).toEqual(["ESTABLISHED", "FIN_WAIT_1", "CLOSING", "TIME_WAIT", "CLOSED"]);
  });

  it("a FIN that acks ours skips FIN_WAIT_2", () => {
    expect(run("ESTABLISHED", ["CLOSE", "RCV_FIN_ACK"]).states).toEqual(["ESTABLISHED", "FIN_WAIT_1", "TIME_WAIT"]);
  });

  it("a refused connect ends CLOSED with ECONNREFUSED and no RST sent", () => {
    const r = run("CLOSED", ["ACTIVE_OPEN", "RCV_RST"]);
    expect(r.state).toBe("CLOSED");
    expect(r.actions).toContain("signalRefused");
    expect(r.actions).not.toContain("sendRst");
  });

  it("an RST during a passive handshake puts the TCB back to LISTEN, which accepts the next SYN", () => {
    expect(run("CLOSED", ["PASSIVE_OPEN", "RCV_SYN", "RCV_RST", "RCV_SYN"], true).states)
      .toEqual(["CLOSED", "LISTEN", "SYN_RECEIVED", "LISTEN", "SYN_RECEIVED"]);
  });
});
