// A course repo's test of the lecture's fork race, as docs/testing.md
// shows it. It imports kernsim the way a course repo does.
import { describe, expect, it } from "vitest";
import { defineProgram, defineScenario, explore, recordRun, replay, runScenario } from "kernsim";
import { fork, printf } from "kernsim/libc";
import { kernsimMatchers } from "kernsim/test";

expect.extend(kernsimMatchers); // or once, in a vitest setup file

// The course's port of fork.c, two lines per process.
const forkc = defineProgram("fork", function* () {
  const pid = yield* fork();
  for (let i = 0; i < 2; i++) yield* printf(pid === 0 ? "child: %d\n" : "parent: %d\n", i);
  return 0;
});

const race = defineScenario({ name: "race", processes: [{ program: forkc }] });

describe("fork.c", () => {
  it("parent and child both exit 0, whatever the interleaving", () => {
    const r = runScenario(race, { seed: 42 });
    expect(r).toHaveExited(r.processes[0]!.pid, 0);
    expect(r).toHaveExited(r.processes[1]!.pid, 0);
  });

  it("can interleave their lines in exactly C(4, 2) = 6 ways", () => {
    const { outcomes, complete } = explore(race);
    expect(complete).toBe(true);
    expect(outcomes).toHaveLength(6);
  });

  it("replays a saved run exactly", () => {
    const { record } = recordRun(race, { seed: 7 }); // or JSON.parse(readFileSync("race.json", "utf8"))
    const again = replay(record, { scenario: race });
    expect(again.ok).toBe(true);
    expect(again.result.terminals).toEqual(runScenario(race, { seed: 7 }).terminals);
  });
});
