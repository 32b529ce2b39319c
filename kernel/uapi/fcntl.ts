// Linux x86_64 open/fcntl/lseek constants (asm-generic/fcntl.h, linux/fcntl.h) and strace 6.1's rendering of them, as measured with test/kernel/uapi-cases.c.

// Octal, as the headers write them.
export const O_RDONLY = 0o0, O_WRONLY = 0o1, O_RDWR = 0o2, O_ACCMODE = 0o3,
  O_CREAT = 0o100, O_EXCL = 0o200, O_NOCTTY = 0o400, O_TRUNC = 0o1000, O_APPEND = 0o2000,
  O_NONBLOCK = 0o4000, O_NDELAY = 0o4000, O_DSYNC = 0o10000, O_ASYNC = 0o20000, FASYNC = 0o20000,
  O_DIRECT = 0o40000, O_LARGEFILE = 0o100000, O_DIRECTORY = 0o200000, O_NOFOLLOW = 0o400000,
  O_NOATIME = 0o1000000, O_CLOEXEC = 0o2000000, O_SYNC = 0o4010000, O_PATH = 0o10000000,
  O_TMPFILE = 0o20200000;

export const F_DUPFD = 0, F_GETFD = 1, F_SETFD = 2, F_GETFL = 3, F_SETFL = 4, F_GETLK = 5,
  F_SETLK = 6, F_SETLKW = 7, F_SETOWN = 8, F_GETOWN = 9, F_SETSIG = 10, F_GETSIG = 11,
  F_SETLEASE = 1024, F_GETLEASE = 1025, F_NOTIFY = 1026, F_DUPFD_CLOEXEC = 1030,
  F_SETPIPE_SZ = 1031, F_GETPIPE_SZ = 1032;
export const FD_CLOEXEC = 1;

export const SEEK_SET = 0, SEEK_CUR = 1, SEEK_END = 2, SEEK_DATA = 3, SEEK_HOLE = 4;

export const AT_FDCWD = -100, AT_SYMLINK_NOFOLLOW = 0x100, AT_REMOVEDIR = 0x200,
  AT_SYMLINK_FOLLOW = 0x400, AT_EMPTY_PATH = 0x1000;

// ---- strace-style rendering (shared by the other uapi modules) ----

/** A flag table in strace's xlat order: that order decides the printed order. */
export type FlagTable = ReadonlyArray<readonly [number, string]>;

/**
 * strace's printflags: known names joined by `|`, leftover bits as hex;
 * unknown bits alone give the hex value and a C comment naming `unknown`
 * (e.g. MSG_???); no bits give `0`.
 */
export function xlatFlags(table: FlagTable, flags: number, unknown: string): string {
  let rest = flags >>> 0;
  if (rest === 0) return "0";
  const body = namedFlags(table, rest);
  if (body.names === "") return `${hex(rest)} /* ${unknown} */`;
  return body.rest === 0 ? body.names : `${body.names}|${hex(body.rest)}`;
}

/** strace's printxval: the name, or the hex value and a comment naming `unknown`. */
export function xlatValue(names: ReadonlyMap<number, string>, value: number, unknown: string): string {
  return names.get(value) ?? `${hex(value >>> 0)} /* ${unknown} */`;
}

function namedFlags(table: FlagTable, flags: number): { names: string; rest: number } {
  let names = "";
  let rest = flags;
  for (const [bit, name] of table) {
    if (bit !== 0 && ((rest & bit) >>> 0) === bit) {
      names = names === "" ? name : `${names}|${name}`;
      rest = (rest & ~bit) >>> 0;
    }
  }
  return { names, rest };
}

/** C's `%#x`: `0` for zero, else `0x` and lowercase hex. */
function hex(n: number): string {
  return n === 0 ? "0" : "0x" + n.toString(16);
}

// Combined flags (O_SYNC, O_TMPFILE) come before their parts, as in strace.
const OPEN_FLAGS: FlagTable = [
  [O_CREAT, "O_CREAT"], [O_EXCL, "O_EXCL"], [O_NOCTTY, "O_NOCTTY"], [O_TRUNC, "O_TRUNC"],
  [O_APPEND, "O_APPEND"], [O_NONBLOCK, "O_NONBLOCK"], [O_SYNC, "O_SYNC"], [0o4000000, "__O_SYNC"],
  [O_DSYNC, "O_DSYNC"], [O_DIRECT, "O_DIRECT"], [O_LARGEFILE, "O_LARGEFILE"],
  [O_NOFOLLOW, "O_NOFOLLOW"], [O_NOATIME, "O_NOATIME"], [O_CLOEXEC, "O_CLOEXEC"],
  [O_PATH, "O_PATH"], [O_TMPFILE, "O_TMPFILE"], [0o20000000, "__O_TMPFILE"],
  [O_DIRECTORY, "O_DIRECTORY"], [FASYNC, "FASYNC"],
];
const ACCESS_MODES = ["O_RDONLY", "O_WRONLY", "O_RDWR", "O_ACCMODE"];

/** open()/F_SETFL flags as strace prints them: `O_RDWR|O_CREAT|O_TRUNC`; the access mode always comes first. */
export function openFlagsToString(flags: number): string {
  const f = flags >>> 0;
  const mode = ACCESS_MODES[f & O_ACCMODE]!;
  const rest = (f & ~O_ACCMODE) >>> 0;
  if (rest === 0) return mode;
  const body = namedFlags(OPEN_FLAGS, rest);
  if (body.names === "") return `${mode}|${hex(body.rest)}`;
  return body.rest === 0 ? `${mode}|${body.names}` : `${mode}|${body.names}|${hex(body.rest)}`;
}

/** F_GETFD/F_SETFD flags: `FD_CLOEXEC`, `0`. */
export function fdFlagsToString(flags: number): string {
  return xlatFlags([[FD_CLOEXEC, "FD_CLOEXEC"]], flags, "FD_???");
}

const FCNTL_CMDS = new Map<number, string>([
  [0, "F_DUPFD"], [1, "F_GETFD"], [2, "F_SETFD"], [3, "F_GETFL"], [4, "F_SETFL"], [5, "F_GETLK"],
  [6, "F_SETLK"], [7, "F_SETLKW"], [8, "F_SETOWN"], [9, "F_GETOWN"], [10, "F_SETSIG"],
  [11, "F_GETSIG"], [12, "F_GETLK64"], [13, "F_SETLK64"], [14, "F_SETLKW64"], [15, "F_SETOWN_EX"],
  [16, "F_GETOWN_EX"], [17, "F_GETOWNER_UIDS"], [36, "F_OFD_GETLK"], [37, "F_OFD_SETLK"],
  [38, "F_OFD_SETLKW"], [1024, "F_SETLEASE"], [1025, "F_GETLEASE"], [1026, "F_NOTIFY"],
  [1029, "F_CANCELLK"], [1030, "F_DUPFD_CLOEXEC"], [1031, "F_SETPIPE_SZ"], [1032, "F_GETPIPE_SZ"],
  [1033, "F_ADD_SEALS"], [1034, "F_GET_SEALS"],
]);

/** `F_GETFL`; an unknown command in hex, tagged `F_???`. */
export function fcntlCmdName(cmd: number): string {
  return xlatValue(FCNTL_CMDS, cmd, "F_???");
}

const WHENCE = new Map<number, string>([
  [SEEK_SET, "SEEK_SET"], [SEEK_CUR, "SEEK_CUR"], [SEEK_END, "SEEK_END"],
  [SEEK_DATA, "SEEK_DATA"], [SEEK_HOLE, "SEEK_HOLE"],
]);

/** lseek's whence: `SEEK_SET`; an unknown one in hex, tagged `SEEK_???`. */
export function seekWhenceName(whence: number): string {
  return xlatValue(WHENCE, whence, "SEEK_???");
}
