// Time travel over long runs: the controller takes checkpoints as the run
// goes (kernel/sim/checkpoint.ts) and goes back by restoring the nearest
// one. Whatever the path, the screen at step k is the one reached by
// stepping forward from step 0 — with a network, and with a person's
// input in the middle (which makes the checkpoints after it stale).

import { describe, expect, it } from "vitest";
import { Controller, MIN_CHECKPOINT_STEPS } from "../../tui/model/controller.ts";
import { defineScenario, type Scenario } from "../../kernel/sim/scenario.ts";
import { WINDOW } from "../../kernel/sim/snapshot.ts";
import { defineProgram } from "../../userland/libc/crt0.ts";
import {
  accept, AF_INET, bind, connect, htons, inet_addr, INADDR_ANY, listen, read, socket, sockaddr_in, SOCK_STREAM, write,
} from "../../userland/libc/index.ts";
import { controller, scenario } from "./helpers.tsx";

/** TCP ping-pong, one byte each way, `n` times: a long run with packets, timers and blocked reads. */
const pong = defineProgram("pong", function* () {
  const l = yield* socket(AF_INET, SOCK_STREAM, 0);
  const a = sockaddr_in();
  a.sin_family = AF_INET;
  a.sin_addr.s_addr = INADDR_ANY;
  a.sin_port = htons(7000);
  yield* bind(l, a);
  yield* listen(l, 5);
  const c = yield* accept(l, null, null);
  const b = new Uint8Array(1);
  while ((yield* read(c, b, 1)) === 1) yield* write(c, b, 1);
  return 0;
});
const ping = defineProgram("ping", function* (argv) {
  const s = yield* socket(AF_INET, SOCK_STREAM, 0);
  const a = sockaddr_in();
  a.sin_family = AF_INET;
  a.sin_addr.s_addr = inet_addr("10.0.0.1");
  a.sin_port = htons(7000);
  if ((yield* connect(s, a)) < 0) return 1;
  const b = new Uint8Array([42]);
  for (let i = 0; i < Number(argv[1]); i++) {
    yield* write(s, b, 1);
    yield* read(s, b, 1);
  }
  return 0;
});
const pingpong: Scenario = defineScenario({
  name: "pingpong",
  hosts: [{ name: "server", ip: "10.0.0.1" }, { name: "client", ip: "10.0.0.2" }],
  processes: [
    { host: "server", program: pong },
    { host: "client", program: ping, argv: ["ping", "40000"], start: "1ms" },
  ],
});

const at = (sc: Scenario, k: number, input?: { step: number; apply: (c: Controller) => void }) => {
  const c = new Controller({ scenario: sc, seed: 5, policy: "rr" });
  if (input) {
    c.stepForward(input.step);
    input.apply(c);
  }
  c.stepForward(k - c.step);
  return c;
};

describe("checkpoints in the TUI", () => {
  it("a busy loop: jumping back to any step restores a checkpoint and lands on the forward screen", () => {
    const c = controller("infloop");
    c.jumpToStep(200_000);
    expect(c.checkpointSteps.length).toBeGreaterThanOrEqual(3);
    for (const k of [150_000, 61_234, 199_999]) {
      c.jumpToStep(k);
      expect(c.step).toBe(k);
      const fwd = controller("infloop");
      fwd.jumpToStep(k);
      expect(c.snapshot()).toEqual(fwd.snapshot());
    }
  });

  it("a network run: back and forth between checkpoints, the same sockets, packets and terminals as forwards", () => {
    const c = new Controller({ scenario: pingpong, seed: 5, policy: "rr" });
    c.jumpToStep(150_000);
    expect(c.step).toBe(150_000);
    expect(c.checkpointSteps.length).toBeGreaterThan(2);
    expect(c.checkpointsOff).toBeNull();
    for (const k of [100_000, 130_001, 45_000]) {
      c.jumpToStep(k);
      const want = at(pingpong, k).snapshot();
      expect(want.packets.length).toBeGreaterThan(0);
      expect(c.snapshot()).toEqual(want);
    }
  });

  it("an input in the middle drops the checkpoints after it; going back still replays it at its step", () => {
    const c = new Controller({ scenario: pingpong, seed: 5, policy: "rr" });
    c.jumpToStep(120_000);
    const before = c.checkpointSteps.length;
    c.jumpToStep(70_000);
    expect(c.apply({ kind: "drop-next-packet" })).toBeNull();
    expect(c.checkpointSteps.every((s) => s < 70_000)).toBe(true);
    expect(c.checkpointSteps.length).toBeLessThan(before);
    c.jumpToStep(140_000);
    const late = c.snapshot();
    c.jumpToStep(90_000);
    const mid = c.snapshot();
    const drop = { step: 70_000, apply: (x: Controller) => void x.apply({ kind: "drop-next-packet" }) };
    expect(mid).toEqual(at(pingpong, 90_000, drop).snapshot());
    expect(late).toEqual(at(pingpong, 140_000, drop).snapshot());
    // And the run really is a different one from the run without the input.
    expect(mid.header.timeNs).not.toBe(at(pingpong, 90_000).snapshot().header.timeNs);
  });

  it("idle-time preparation (Controller.prepare) makes the next step back use a ready restore, landing on the same screen", () => {
    const c = new Controller({ scenario: pingpong, seed: 5, policy: "rr" });
    c.jumpToStep(110_000);
    expect(c.prepare()).toBe(true); // the restore
    let slices = 0;
    while (c.prepare()) slices++; // then running it on to where the step back starts observing
    expect(slices).toBeGreaterThan(0);
    expect(c.prepare()).toBe(false); // already prepared for this position
    c.stepBack(1);
    expect(c.snapshot()).toEqual(at(pingpong, 109_999).snapshot());
    // A new input at this step makes later checkpoints stale; the prepared run for an earlier one is still good.
    expect(c.prepare()).toBe(true);
    while (c.prepare());
    c.apply({ kind: "drop-next-packet" });
    c.stepForward(500);
    c.stepBack(300);
    const drop = { step: 109_999, apply: (x: Controller) => void x.apply({ kind: "drop-next-packet" }) };
    expect(c.snapshot()).toEqual(at(pingpong, 110_199, drop).snapshot());
  });

  it("idle-time preparation runs the restored copy through a person's input on the way, as the run did", () => {
    const c = new Controller({ scenario: pingpong, seed: 5, policy: "rr" });
    c.jumpToStep(126_000);
    expect(c.apply({ kind: "drop-next-packet" })).toBeNull();
    c.jumpToStep(150_000);
    // The step back starts observing at 129,999; the prepared copy starts before the input and runs through it.
    const from = 150_000 - 1 - WINDOW;
    expect(Math.max(...c.checkpointSteps.filter((s) => s <= from))).toBeLessThan(126_000);
    while (c.prepare());
    c.stepBack(1);
    const drop = { step: 126_000, apply: (x: Controller) => void x.apply({ kind: "drop-next-packet" }) };
    expect(c.snapshot()).toEqual(at(pingpong, 149_999, drop).snapshot());
  });

  it("keeps at most 48 checkpoints over a long run, thinning the old ones, and still lands exactly", () => {
    const busy = { ...scenario("infloop"), events: [], until: { time: "3600s" } };
    const c = new Controller({ scenario: busy, seed: 1, policy: "rr" });
    c.jumpToStep(60 * MIN_CHECKPOINT_STEPS);
    expect(c.step).toBe(60 * MIN_CHECKPOINT_STEPS);
    const s = c.checkpointSteps;
    expect(s.length).toBeLessThanOrEqual(48);
    expect(s.length).toBeGreaterThan(10);
    expect(s.at(-1)!).toBeGreaterThan(50 * MIN_CHECKPOINT_STEPS);
    c.jumpToStep(7 * MIN_CHECKPOINT_STEPS + 123);
    const fwd = new Controller({ scenario: busy, seed: 1, policy: "rr" });
    fwd.jumpToStep(7 * MIN_CHECKPOINT_STEPS + 123);
    expect(c.snapshot()).toEqual(fwd.snapshot());
  });

  it("a run with fault injection is not checkpointed (a closure in the world) and still goes back exactly, by replay from step 0", () => {
    const faulty = { ...scenario("infloop"), events: [], until: { time: "3600s" }, faults: { eintr: 0.01 } };
    const c = new Controller({ scenario: faulty, seed: 3, policy: "rr" });
    c.jumpToStep(3 * MIN_CHECKPOINT_STEPS);
    expect(c.checkpointsOff).toMatch(/fault injection/);
    expect(c.checkpointSteps).toEqual([]);
    c.jumpToStep(MIN_CHECKPOINT_STEPS + 7);
    const fwd = new Controller({ scenario: faulty, seed: 3, policy: "rr" });
    fwd.jumpToStep(MIN_CHECKPOINT_STEPS + 7);
    expect(c.snapshot()).toEqual(fwd.snapshot());
  });

  it("spaces checkpoints at least MIN_CHECKPOINT_STEPS apart, and each gap at most twice the one before", () => {
    const c = controller("infloop");
    c.jumpToStep(20 * MIN_CHECKPOINT_STEPS);
    const s = c.checkpointSteps;
    expect(s.length).toBeGreaterThan(3);
    for (let i = 1; i < s.length; i++) expect(s[i]! - s[i - 1]!).toBeGreaterThanOrEqual(MIN_CHECKPOINT_STEPS);
    // The first copies run cold; one of them must not push the next checkpoint (and a jump's replay) far out.
    for (let i = 2; i < s.length; i++) expect(s[i]! - s[i - 1]!).toBeLessThanOrEqual(2 * (s[i - 1]! - s[i - 2]!));
  });
});
