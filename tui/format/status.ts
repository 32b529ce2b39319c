// How a process ended, in words ("exited 0", "killed by SIGINT", "running").

import { signalName } from "../../kernel/uapi/signal.ts";

export function describeExit(e: { code: number } | { signal: number } | null): string {
  if (e === null) return "running";
  return "code" in e ? `exited ${e.code}` : `killed by ${signalName(e.signal)}`;
}
