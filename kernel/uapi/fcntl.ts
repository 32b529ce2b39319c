// <fcntl.h> for Linux x86_64 (asm-generic/fcntl.h): open flags, fcntl
// commands, seek whences, and strace's renderings of them.

export const O_RDONLY = 0o0, O_WRONLY = 0o1, O_RDWR = 0o2, O_ACCMODE = 0o3, O_CREAT = 0o100,
  O_EXCL = 0o200, O_NOCTTY = 0o400, O_TRUNC = 0o1000, O_APPEND = 0o2000, O_NONBLOCK = 0o4000,
  O_DIRECTORY = 0o200000, O_CLOEXEC = 0o2000000;
export const O_LARGEFILE = 0o100000;

export const F_DUPFD = 0, F_GETFD = 1, F_SETFD = 2, F_GETFL = 3, F_SETFL = 4,
  F_DUPFD_CLOEXEC = 1030, F_SETPIPE_SZ = 1031, F_GETPIPE_SZ = 1032;
export const FD_CLOEXEC = 1;
export const SEEK_SET = 0, SEEK_CUR = 1, SEEK_END = 2;
export const AT_FDCWD = -100;

const FLAG_NAMES: Array<[number, string]> = [
  [O_CREAT, "O_CREAT"], [O_EXCL, "O_EXCL"], [O_NOCTTY, "O_NOCTTY"], [O_TRUNC, "O_TRUNC"],
  [O_APPEND, "O_APPEND"], [O_NONBLOCK, "O_NONBLOCK"], [O_LARGEFILE, "O_LARGEFILE"],
  [O_DIRECTORY, "O_DIRECTORY"], [O_CLOEXEC, "O_CLOEXEC"],
];

/** As strace prints open flags: "O_RDWR|O_CREAT|O_TRUNC". */
export function openFlagsToString(flags: number): string {
  const parts = [["O_RDONLY", "O_WRONLY", "O_RDWR", "0x3"][flags & O_ACCMODE]!];
  let rest = flags & ~O_ACCMODE;
  for (const [bit, name] of FLAG_NAMES) {
    if (rest & bit) {
      parts.push(name);
      rest &= ~bit;
    }
  }
  if (rest) parts.push(`0${rest.toString(8)}`);
  return parts.join("|");
}

const CMD_NAMES: { [cmd: number]: string } = {
  [F_DUPFD]: "F_DUPFD", [F_GETFD]: "F_GETFD", [F_SETFD]: "F_SETFD", [F_GETFL]: "F_GETFL",
  [F_SETFL]: "F_SETFL", [F_DUPFD_CLOEXEC]: "F_DUPFD_CLOEXEC", [F_SETPIPE_SZ]: "F_SETPIPE_SZ",
  [F_GETPIPE_SZ]: "F_GETPIPE_SZ",
};

export function fcntlCmdName(cmd: number): string {
  return CMD_NAMES[cmd] ?? String(cmd);
}
