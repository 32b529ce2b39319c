// Vitest setup: registers the kernsim matchers for every suite.
import { expect } from "vitest";
import { kernsimMatchers } from "./matchers.ts";

expect.extend(kernsimMatchers);
