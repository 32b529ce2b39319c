// Attaches the network (net/) to a freshly built world. Kept apart so the
// process core builds without the network.

import type { World } from "../world.ts";
import type { Scenario } from "./scenario.ts";

export function attachNetwork(_world: World, _scenario: Scenario): void {}
