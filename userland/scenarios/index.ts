// The built-in programs and scenarios, by name (`kernsim list`, `kernsim run <name>`).

import type { Program } from "../../kernel/abi.ts";
import type { Scenario } from "../../kernel/sim/scenario.ts";
import infloopProgram from "../programs/infloop.ts";
import forkProgram from "../programs/fork.ts";
import fileabsProgram from "../programs/fileabs.ts";
import pipedemoProgram from "../programs/pipedemo.ts";
import zombieProgram from "../programs/zombie.ts";
import infloop from "./infloop.ts";
import forkRace from "./fork-race.ts";
import forkPipe from "./fork-pipe.ts";
import file from "./file.ts";
import pipe from "./pipe.ts";
import zombie from "./zombie.ts";

export const programs: readonly Program[] = [infloopProgram, forkProgram, fileabsProgram, pipedemoProgram, zombieProgram];

export const scenarios: readonly Scenario[] = [infloop, forkRace, forkPipe, file, pipe, zombie];

/** The scenario `kernsim` and `npm start` run. */
export const DEFAULT_SCENARIO = "fork-race";

export function findScenario(name: string): Scenario | undefined {
  return scenarios.find((s) => s.name === name);
}
