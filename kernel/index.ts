// kernsim's kernel: the public surface, and a map of the code.
//
//   abi.ts          the user/kernel boundary: SyscallRequest, Program, `current`
//   world.ts        clock + event queue + PRNG + trace + hosts; step()
//   host.ts         one machine's kernel: pids, run queue, CPU, file system
//   clock.ts rand.ts trace.ts config.ts
//   uapi/           Linux names and numbers: errno, signal, fcntl, wait, socket, epoll
//   syscall/        the syscall table and its handlers (sys-proc, sys-file, sys-signal, ...)
//   proc/           process, scheduler, runner, fork (replay), exit, signals, wait queues
//   fs/             open file descriptions, fd tables, VFS, pipes, terminals, devices
//   net/            the network: links, IPv4, TCP (net/tcp), UDP, Unix sockets, pcap
//   sim/            scenarios, running them, results; record/replay, explore, faults
//
// Userland (the libc and the lecture programs) lives in ../userland and
// talks to the kernel only through abi.ts.

export type { Program, SyscallRequest, UserGen, SignalHandler, Disposition } from "./abi.ts";
export { World } from "./world.ts";
export { Host } from "./host.ts";
export type { SchedPolicy } from "./host.ts";
export type { TraceEvent, TraceKind } from "./trace.ts";
export { defineScenario, validateScenario, ScenarioError, terminalNames } from "./sim/scenario.ts";
export type { Scenario, ScenarioProcess, ScenarioEvent, HostSpec, NetworkSpec, Until, Duration } from "./sim/scenario.ts";
export { runScenario, buildSimulation, runSimulation, collectResult } from "./sim/run.ts";
export type { RunResult, RunOptions, ProcessResult, Simulation } from "./sim/run.ts";
export { DivergenceError } from "./proc/fork.ts";
export { replay, replayTo, recordRun, Recording, drive } from "./sim/replay.ts";
export type { ReplayResult, ReplayOptions, Divergence, RecordOptions } from "./sim/replay.ts";
export { parseRecord, checkRecord, serializeRecord, RecordError, RECORD_VERSION } from "./sim/record.ts";
export type { RunRecord, RecordedInput, ScenarioRef } from "./sim/record.ts";
export { RECORD_SCHEMA } from "./sim/record-schema.ts";
export { explore, exploreWith, outcomeKey } from "./sim/explore.ts";
export type { ExploreOptions, ExploreResult } from "./sim/explore.ts";
export { parseFaults, validateFaults } from "./sim/faults.ts";
export type { FaultSpec } from "./sim/faults.ts";
export type { ExternalInput, TimedInput } from "./sim/inputs.ts";
export { SYSCALLS } from "./syscall/table.ts";
export { parseDuration, formatDuration, NS, US, MS, SEC } from "./clock.ts";
