// Linux errno numbers (asm-generic/errno-base.h, errno.h) and glibc 2.36
// strerror() text, as measured in ../shared/linux (p00_errno.c).

export const EPERM = 1, ENOENT = 2, ESRCH = 3, EINTR = 4, EIO = 5, ENXIO = 6, E2BIG = 7,
  ENOEXEC = 8, EBADF = 9, ECHILD = 10, EAGAIN = 11, EWOULDBLOCK = 11, ENOMEM = 12,
  EACCES = 13, EFAULT = 14, EBUSY = 16, EEXIST = 17, ENODEV = 19, ENOTDIR = 20, EISDIR = 21,
  EINVAL = 22, ENFILE = 23, EMFILE = 24, ENOTTY = 25, EFBIG = 27, ENOSPC = 28, ESPIPE = 29,
  EROFS = 30, EPIPE = 32, ERANGE = 34, ENAMETOOLONG = 36, ENOSYS = 38, ENOTEMPTY = 39, ELOOP = 40,
  ENOTSOCK = 88, EDESTADDRREQ = 89, EMSGSIZE = 90, EPROTOTYPE = 91, ENOPROTOOPT = 92,
  EPROTONOSUPPORT = 93, ESOCKTNOSUPPORT = 94, EOPNOTSUPP = 95, ENOTSUP = 95,
  EPFNOSUPPORT = 96, EAFNOSUPPORT = 97, EADDRINUSE = 98, EADDRNOTAVAIL = 99, ENETDOWN = 100,
  ENETUNREACH = 101, ECONNABORTED = 103, ECONNRESET = 104, ENOBUFS = 105, EISCONN = 106,
  ENOTCONN = 107, ESHUTDOWN = 108, ETIMEDOUT = 110, ECONNREFUSED = 111, EHOSTDOWN = 112,
  EHOSTUNREACH = 113, EALREADY = 114, EINPROGRESS = 115;

/**
 * Kernel-internal (include/linux/errno.h): a sleeping syscall was
 * interrupted. Signal delivery turns ERESTARTSYS into a restart (SA_RESTART
 * or no handler) or EINTR, ERESTARTNOHAND into EINTR when a handler runs
 * and a restart otherwise. They never reach userland.
 */
export const ERESTARTSYS = 512, ERESTARTNOHAND = 514;

const TABLE: Array<[string, number, string]> = [
  ["EPERM", 1, "Operation not permitted"], ["ENOENT", 2, "No such file or directory"],
  ["ESRCH", 3, "No such process"], ["EINTR", 4, "Interrupted system call"],
  ["EIO", 5, "Input/output error"], ["ENXIO", 6, "No such device or address"],
  ["E2BIG", 7, "Argument list too long"], ["ENOEXEC", 8, "Exec format error"],
  ["EBADF", 9, "Bad file descriptor"], ["ECHILD", 10, "No child processes"],
  ["EAGAIN", 11, "Resource temporarily unavailable"], ["ENOMEM", 12, "Cannot allocate memory"],
  ["EACCES", 13, "Permission denied"], ["EFAULT", 14, "Bad address"],
  ["EBUSY", 16, "Device or resource busy"], ["EEXIST", 17, "File exists"],
  ["ENODEV", 19, "No such device"], ["ENOTDIR", 20, "Not a directory"],
  ["EISDIR", 21, "Is a directory"], ["EINVAL", 22, "Invalid argument"],
  ["ENFILE", 23, "Too many open files in system"], ["EMFILE", 24, "Too many open files"],
  ["ENOTTY", 25, "Inappropriate ioctl for device"], ["EFBIG", 27, "File too large"],
  ["ENOSPC", 28, "No space left on device"], ["ESPIPE", 29, "Illegal seek"],
  ["EROFS", 30, "Read-only file system"], ["EPIPE", 32, "Broken pipe"],
  ["ERANGE", 34, "Numerical result out of range"], ["ENAMETOOLONG", 36, "File name too long"],
  ["ENOSYS", 38, "Function not implemented"], ["ENOTEMPTY", 39, "Directory not empty"],
  ["ELOOP", 40, "Too many levels of symbolic links"],
  ["ENOTSOCK", 88, "Socket operation on non-socket"],
  ["EDESTADDRREQ", 89, "Destination address required"], ["EMSGSIZE", 90, "Message too long"],
  ["EPROTOTYPE", 91, "Protocol wrong type for socket"], ["ENOPROTOOPT", 92, "Protocol not available"],
  ["EPROTONOSUPPORT", 93, "Protocol not supported"],
  ["ESOCKTNOSUPPORT", 94, "Socket type not supported"], ["EOPNOTSUPP", 95, "Operation not supported"],
  ["EPFNOSUPPORT", 96, "Protocol family not supported"],
  ["EAFNOSUPPORT", 97, "Address family not supported by protocol"],
  ["EADDRINUSE", 98, "Address already in use"], ["EADDRNOTAVAIL", 99, "Cannot assign requested address"],
  ["ENETDOWN", 100, "Network is down"], ["ENETUNREACH", 101, "Network is unreachable"],
  ["ECONNABORTED", 103, "Software caused connection abort"],
  ["ECONNRESET", 104, "Connection reset by peer"], ["ENOBUFS", 105, "No buffer space available"],
  ["EISCONN", 106, "Transport endpoint is already connected"],
  ["ENOTCONN", 107, "Transport endpoint is not connected"],
  ["ESHUTDOWN", 108, "Cannot send after transport endpoint shutdown"],
  ["ETIMEDOUT", 110, "Connection timed out"], ["ECONNREFUSED", 111, "Connection refused"],
  ["EHOSTDOWN", 112, "Host is down"], ["EHOSTUNREACH", 113, "No route to host"],
  ["EALREADY", 114, "Operation already in progress"], ["EINPROGRESS", 115, "Operation now in progress"],
];

const TEXT = new Map<number, string>(TABLE.map(([, n, t]) => [n, t]));
const NAME = new Map<number, string>(TABLE.map(([name, n]) => [n, name]));

/** glibc strerror(): "Success" for 0, "Unknown error N" past the table. */
export function strerror(errnum: number): string {
  if (errnum === 0) return "Success";
  return TEXT.get(errnum) ?? `Unknown error ${errnum}`;
}

/** The symbolic name strace prints (`ENOENT`), or the number. */
export function errnoName(errnum: number): string {
  return NAME.get(errnum) ?? String(errnum);
}
