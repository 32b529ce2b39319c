// docs/syscalls.md, generated from the syscall table so it cannot drift:
// `npm run docs` writes it, and a test fails when it is stale.

import { SYSCALLS, type SyscallDef } from "./table.ts";

const GROUP_TITLES: { [g: string]: string } = {
  process: "Processes",
  signal: "Signals",
  time: "Time",
  file: "Files, pipes and terminals",
  socket: "Sockets",
  epoll: "epoll, poll and select",
  kernsim: "kernsim's own",
};

export function syscallsMarkdown(): string {
  const groups = new Map<string, SyscallDef[]>();
  for (const def of Object.values(SYSCALLS)) {
    const list = groups.get(def.group) ?? [];
    list.push(def);
    groups.set(def.group, list);
  }
  const order = [...Object.keys(GROUP_TITLES), ...[...groups.keys()].filter((g) => !(g in GROUP_TITLES)).sort()];
  const out = [
    "# Syscalls",
    "",
    "Generated from `kernel/syscall/table.ts` by `npm run docs`; do not edit by hand.",
    "",
    "Names are Linux's, as strace prints them. The libc maps C calls onto them",
    "(`open` → `openat`, `pipe` → `pipe2`, `signal` and `sigaction` → `rt_sigaction`,",
    "`accept` → `accept4`). Every call that fails returns the errno Linux returns;",
    "`EFAULT` cases that need a bad pointer cannot happen with typed buffers, except",
    "a count larger than the buffer, which the libc reports as `EFAULT`.",
    "",
  ];
  for (const g of order) {
    const list = groups.get(g);
    if (!list) continue;
    out.push(`## ${GROUP_TITLES[g] ?? g}`, "", "| syscall | C signature | errors | notes |", "|---|---|---|---|");
    for (const d of list.sort((a, b) => a.name.localeCompare(b.name))) {
      out.push(`| \`${d.name}\` | \`${d.signature}\` | ${d.errors} | ${d.note.replace(/\|/g, "\\|")} |`);
    }
    out.push("");
  }
  return out.join("\n");
}
