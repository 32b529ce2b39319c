// The built-in programs and scenarios, by name (`kernsim list`, `kernsim run <name>`).

import type { Program } from "../../kernel/abi.ts";
import type { Scenario } from "../../kernel/sim/scenario.ts";
import infloopProgram from "../programs/infloop.ts";
import forkProgram from "../programs/fork.ts";
import fileabsProgram from "../programs/fileabs.ts";
import pipedemoProgram from "../programs/pipedemo.ts";
import zombieProgram from "../programs/zombie.ts";
import incrProgram from "../programs/incr.ts";
import infloop from "./infloop.ts";
import forkRace from "./fork-race.ts";
import forkPipe from "./fork-pipe.ts";
import file from "./file.ts";
import pipe from "./pipe.ts";
import zombie from "./zombie.ts";
import lostUpdate from "./lost-update.ts";
import eserverProgram from "../programs/eserver.ts";
import eclientProgram from "../programs/eclient.ts";
import feserverProgram from "../programs/feserver.ts";
import feserver3Program from "../programs/feserver3.ts";
import epserverProgram from "../programs/epserver.ts";
import udpserverProgram from "../programs/udpserver.ts";
import udpclientProgram from "../programs/udpclient.ts";
import unixpairProgram from "../programs/unixpair.ts";
import echo from "./echo.ts";
import { echoNohost, echoPipe, echoRefused } from "./echo-variants.ts";
import { echoTwoEpoll, echoTwoV1, echoTwoV2, echoTwoV3 } from "./echo-two.ts";
import udp from "./udp.ts";
import unix from "./unix.ts";
import { registerBuiltinScenarios } from "../../kernel/sim/record.ts";

export const programs: readonly Program[] = [infloopProgram, forkProgram, fileabsProgram, pipedemoProgram, zombieProgram, incrProgram,
  eserverProgram, eclientProgram, feserverProgram, feserver3Program, epserverProgram, udpserverProgram, udpclientProgram, unixpairProgram];

export const scenarios: readonly Scenario[] = [infloop, forkRace, forkPipe, file, pipe, zombie, lostUpdate,
  echo, echoPipe, echoRefused, echoNohost, echoTwoV1, echoTwoV2, echoTwoV3, echoTwoEpoll, udp, unix];

// Records name built-ins by name: let replay(record) find them.
registerBuiltinScenarios(scenarios);

/** The scenario `kernsim` and `npm start` run. */
export const DEFAULT_SCENARIO = "echo";

export function findScenario(name: string): Scenario | undefined {
  return scenarios.find((s) => s.name === name);
}
