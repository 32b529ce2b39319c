// The C runtime start (crt0 + __libc_start_main): runs main(argv) and
// passes its return value to exit(), which flushes stdio.

import type { Program, UserGen } from "../../kernel/abi.ts";
import { exit } from "./stdio.ts";

export type Main = (argv: string[]) => Generator<import("../../kernel/abi.ts").SyscallRequest, unknown, unknown>;

export interface ProgramInfo {
  description?: string;
  source?: string;
}

/**
 * Declares a program: `defineProgram("eserver", function* (argv) { ... })`.
 * Returning a number from main is the same as exit(number).
 */
export function defineProgram(name: string, main: Main, info: ProgramInfo = {}): Program {
  if (typeof name !== "string" || name.length === 0) throw new TypeError("defineProgram: the first argument must be the program's name");
  if (typeof main !== "function") throw new TypeError(`defineProgram("${name}"): the second argument must be a generator function (function* (argv) { ... })`);
  return {
    name,
    description: info.description,
    source: info.source,
    start(argv: readonly string[]): UserGen {
      const gen = main([...argv]);
      if (!gen || typeof (gen as Generator).next !== "function") {
        throw new TypeError(`program '${name}': main must be a generator function (function*), not a plain function`);
      }
      return gen;
    },
    // The kernel runs this in place of main's frame when main returns, so
    // main's syscalls need no extra level of yield* delegation.
    onReturn(value: unknown): UserGen {
      return exit(typeof value === "number" ? value : 0);
    },
  };
}
