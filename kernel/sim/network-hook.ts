// Attaches the network (net/) to a freshly built world: every host gets
// its stack (127.0.0.1 plus its address on the switch), the scenario's
// `network` sets the links, and its partition/heal events reach the switch.

import type { World } from "../world.ts";
import type { Scenario } from "./scenario.ts";
import { attachNetworkToWorld } from "../net/fabric.ts";

export function attachNetwork(world: World, scenario: Scenario): void {
  attachNetworkToWorld(world, scenario);
}
