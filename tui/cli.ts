// The kernsim command line (SPEC §4). Arguments are parsed with
// util.parseArgs; every command has --help; mistakes get one line saying
// what to type instead. Exit codes: 0 ok, 1 a simulated program failed
// (non-zero exit, killed, or crashed), 2 usage or bad input, 3 divergence.

import { parseArgs, type ParseArgsConfig } from "node:util";
import { ScenarioError } from "../kernel/sim/scenario.ts";
import { DivergenceError } from "../kernel/proc/fork.ts";
import { programs, scenarios, DEFAULT_SCENARIO } from "../userland/scenarios/index.ts";
import { loadScenario, UsageError } from "./load.ts";
import { runCommand, RUN_OPTIONS } from "./commands/run.ts";
import { replayCommand, REPLAY_OPTIONS } from "./commands/replay.ts";
import { exploreCommand, EXPLORE_OPTIONS } from "./commands/explore.ts";
import { tuiCommand, TUI_OPTIONS } from "./commands/tui.ts";

export const EXIT_OK = 0, EXIT_PROGRAM_FAILED = 1, EXIT_USAGE = 2, EXIT_DIVERGENCE = 3;

interface Command {
  summary: string;
  usage: string;
  options: ParseArgsConfig["options"];
  examples: string[];
  run(positionals: string[], values: Record<string, unknown>): Promise<number>;
}

const COMMANDS: Record<string, Command> = {
  run: {
    summary: "run a scenario headless and print its terminals",
    usage: "kernsim run <scenario|file.ts> [--seed N] [--sched rr|random] [--json] [--strace] [--tcpdump] [--pcap out.pcap] [--ss] [--record out.json] [--verify] [--faults LIST]",
    options: RUN_OPTIONS,
    examples: ["kernsim run fork-race --seed 3", "kernsim run infloop --strace", "kernsim run ./my-scenario.ts --json"],
    run: async ([name], values) => {
      if (!name) throw new UsageError("run needs a scenario: kernsim run <scenario|file.ts> (kernsim list shows the built-ins)");
      return runCommand(await loadScenario(name), values, name);
    },
  },
  tui: {
    summary: "watch, step and travel back through a scenario in the terminal UI",
    usage: "kernsim tui <scenario|file.ts> [--seed N] [--sched rr|random]",
    options: TUI_OPTIONS,
    examples: ["kernsim tui fork-race", "kernsim tui fork-race --seed 7 --sched random", "kernsim tui ./my-scenario.ts"],
    run: async ([name], values) => {
      if (!name) throw new UsageError("tui needs a scenario: kernsim tui <scenario|file.ts> (kernsim list shows the built-ins)");
      return tuiCommand(await loadScenario(name), values, name);
    },
  },
  replay: {
    summary: "re-run a record file and check it gives the same trace",
    usage: "kernsim replay <record.json> [--strace] [--json]",
    options: REPLAY_OPTIONS,
    examples: ["kernsim run fork-race --seed 3 --record race.json && kernsim replay race.json"],
    run: ([path], values) => replayCommand(path, values),
  },
  explore: {
    summary: "enumerate the distinct outcomes of a racy scenario over scheduling choices",
    usage: "kernsim explore <scenario|file.ts> [--max N] [--depth D] [--json] [--out DIR] [--workers N] [--no-color]",
    options: EXPLORE_OPTIONS,
    examples: ["kernsim explore fork-race", "kernsim explore lost-update --json", "kernsim explore ./race.ts --max 10000"],
    run: async ([name], values) => {
      if (!name) throw new UsageError("explore needs a scenario: kernsim explore <scenario|file.ts> (kernsim list shows the built-ins)");
      return exploreCommand(await loadScenario(name), name, values);
    },
  },
  list: {
    summary: "list the built-in programs and scenarios",
    usage: "kernsim list",
    options: {},
    examples: ["kernsim list"],
    run: async () => {
      const w = Math.max(...scenarios.map((s) => s.name.length), ...programs.map((p) => p.name.length)) + 2;
      const lines = ["Scenarios (kernsim run <name>):"];
      for (const s of scenarios) lines.push(`  ${s.name.padEnd(w)}${s.description ?? ""}`);
      lines.push("", "Programs (installed as /bin/<name> on every host):");
      for (const p of programs) lines.push(`  ${p.name.padEnd(w)}${p.description ?? ""}`);
      process.stdout.write(lines.join("\n") + "\n");
      return EXIT_OK;
    },
  },
};

function helpText(): string {
  const w = Math.max(...Object.keys(COMMANDS).map((k) => k.length)) + 2;
  return [
    "kernsim — a deterministic kernel simulator for operating systems and networking courses",
    "",
    "Usage: kernsim [command] [options]",
    "",
    "Commands:",
    ...Object.entries(COMMANDS).map(([k, c]) => `  ${k.padEnd(w)}${c.summary}`),
    "",
    `With no command, kernsim opens the TUI on the default scenario (${DEFAULT_SCENARIO}); headless when stdout is not a terminal.`,
    "Run `kernsim <command> --help` for a command's options.",
    "",
    "Exit codes: 0 ok, 1 a simulated program failed, 2 usage or bad input, 3 a program diverged on replay.",
  ].join("\n");
}

function commandHelp(name: string, c: Command): string {
  const opts = Object.entries(c.options ?? {}).map(([k, o]) => {
    const flag = `--${k}${o.type === "string" ? " <value>" : ""}`;
    return `  ${flag.padEnd(24)}${(o as { description?: string }).description ?? ""}`;
  });
  return [`kernsim ${name} — ${c.summary}`, "", `Usage: ${c.usage}`, "", "Options:", ...opts, "  --help".padEnd(26) + "show this help", "", "Examples:", ...c.examples.map((e) => `  ${e}`)].join("\n");
}

function closest(word: string, choices: string[]): string | undefined {
  let best: string | undefined, bestD = 3;
  for (const c of choices) {
    const d = distance(word, c);
    if (d < bestD) { best = c; bestD = d; }
  }
  return best;
}

function distance(a: string, b: string): number {
  const dp = Array.from({ length: a.length + 1 }, (_, i) => [i, ...Array<number>(b.length).fill(0)]);
  for (let j = 1; j <= b.length; j++) dp[0]![j] = j;
  for (let i = 1; i <= a.length; i++)
    for (let j = 1; j <= b.length; j++)
      dp[i]![j] = Math.min(dp[i - 1]![j]! + 1, dp[i]![j - 1]! + 1, dp[i - 1]![j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
  return dp[a.length]![b.length]!;
}

export async function main(argv: string[]): Promise<number> {
  // --no-color is global: it works like NO_COLOR (https://no-color.org) for every command.
  if (argv.includes("--no-color")) {
    argv = argv.filter((a) => a !== "--no-color");
    process.env.NO_COLOR = "1";
    process.env.FORCE_COLOR = "0";
  }
  try {
    if (argv[0] === "--help" || argv[0] === "-h" || argv[0] === "help") {
      process.stdout.write(helpText() + "\n");
      return EXIT_OK;
    }
    if (argv[0] === "--version") {
      process.stdout.write("kernsim 0.1.0\n");
      return EXIT_OK;
    }
    let name = argv[0] && !argv[0].startsWith("-") ? argv[0] : undefined;
    let rest = name ? argv.slice(1) : argv;
    if (name === undefined) {
      // No command: the TUI on the default scenario, or a headless run when stdout is not a terminal.
      if (process.stdout.isTTY) {
        name = "tui";
      } else {
        process.stderr.write("kernsim: stdout is not a terminal; running the default scenario headless\n");
        name = "run";
      }
      rest = [DEFAULT_SCENARIO, ...rest];
    }
    const cmd = COMMANDS[name];
    if (!cmd) {
      const guess = closest(name, Object.keys(COMMANDS));
      throw new UsageError(`unknown command '${name}'${guess ? `; did you mean 'kernsim ${guess}'?` : ""} (kernsim --help lists the commands)`);
    }
    if (rest.includes("--help") || rest.includes("-h")) {
      process.stdout.write(commandHelp(name, cmd) + "\n");
      return EXIT_OK;
    }
    let parsed;
    try {
      parsed = parseArgs({ args: rest, options: cmd.options, allowPositionals: true, strict: true });
    } catch (e) {
      const msg = e instanceof Error ? e.message.split("\n")[0]! : String(e);
      const unknown = /Unknown option '(-{1,2}[^']+)'/.exec(msg);
      if (unknown) {
        const guess = closest(unknown[1]!.replace(/^-+/, ""), Object.keys(cmd.options ?? {}));
        throw new UsageError(`unknown option ${unknown[1]} for 'kernsim ${name}'${guess ? `; did you mean --${guess}?` : ""} (kernsim ${name} --help lists them)`);
      }
      const ambiguous = /Option '(--[^']+)' argument is ambiguous/.exec(msg);
      if (ambiguous) throw new UsageError(`${ambiguous[1]} needs a value; for one starting with '-', write ${ambiguous[1]}=<value>`);
      throw new UsageError(`${msg} (kernsim ${name} --help)`);
    }
    return await cmd.run(parsed.positionals, parsed.values as Record<string, unknown>);
  } catch (e) {
    if (e instanceof UsageError || e instanceof ScenarioError) {
      process.stderr.write(`kernsim: ${e.message}\n`);
      return EXIT_USAGE;
    }
    if (e instanceof DivergenceError) {
      process.stderr.write(`kernsim: ${e.message}\n`);
      return EXIT_DIVERGENCE;
    }
    throw e;
  }
}
