// Finds what the user named on the command line: a built-in scenario, or a
// .ts/.js file exporting a scenario (or a lone program, run on one host).
// Every failure is one line saying what, where, and what to do.

import { existsSync } from "node:fs";
import { resolve } from "node:path";
import { pathToFileURL } from "node:url";
import type { Program } from "../kernel/abi.ts";
import { ScenarioError, validateScenario, type Scenario } from "../kernel/sim/scenario.ts";
import { findScenario, scenarios } from "../userland/scenarios/index.ts";

export class UsageError extends Error {}

function isProgram(x: unknown): x is Program {
  return typeof x === "object" && x !== null && typeof (x as Program).start === "function" && typeof (x as Program).name === "string";
}

function isScenarioLike(x: unknown): boolean {
  return typeof x === "object" && x !== null && Array.isArray((x as Scenario).processes);
}

export async function loadScenario(arg: string): Promise<Scenario> {
  const builtin = findScenario(arg);
  if (builtin) return builtin;
  const looksLikePath = /[/\\]/.test(arg) || /\.(m?[jt]sx?)$/.test(arg);
  if (!looksLikePath) {
    throw new UsageError(`no built-in scenario '${arg}' (the built-ins are: ${scenarios.map((s) => s.name).join(", ")}; or give a path to a .ts file)`);
  }
  const path = resolve(arg);
  if (!existsSync(path)) throw new UsageError(`${arg}: no such file`);
  let mod: Record<string, unknown>;
  try {
    mod = (await import(pathToFileURL(path).href)) as Record<string, unknown>;
  } catch (e) {
    // defineScenario runs at import: its message already names the field.
    if (e instanceof ScenarioError) throw e;
    throw new UsageError(`${arg}: cannot load it: ${loadErrorText(e)}`);
  }
  const candidate = mod.default ?? mod.scenario;
  if (isScenarioLike(candidate)) {
    validateScenario(candidate);
    return candidate as Scenario;
  }
  if (isProgram(candidate)) {
    return {
      name: candidate.name,
      processes: [{ program: candidate, argv: [candidate.name] }],
      until: { exit: true, time: "600s" },
    };
  }
  throw new UsageError(`${arg}: exports no scenario: \`export default defineScenario({...})\` or \`export default defineProgram(...)\``);
}

/**
 * One line for why a module did not load. A syntax error (tsx's esbuild)
 * says where: "syntax.ts:2:0: Unexpected end of file", not its heading
 * "Transform failed with 1 error:".
 */
function loadErrorText(e: unknown): string {
  const first = (e as { errors?: Array<{ text?: unknown; location?: { file?: string; line?: number; column?: number } | null }> }).errors?.[0];
  if (first && typeof first.text === "string") {
    const at = first.location;
    return at && at.file ? `${at.file}:${at.line}:${at.column}: ${first.text}` : first.text;
  }
  if (!(e instanceof Error)) return String(e);
  const lines = e.message.split("\n").map((l) => l.trim()).filter(Boolean);
  // esbuild's heading says nothing by itself; the line after it has the place and the reason.
  if (lines.length > 1 && /^Transform failed with \d+ errors?:$/.test(lines[0]!)) return lines[1]!.replace(/: ERROR: /, ": ");
  return lines[0] ?? e.message;
}
