// File syscalls (xv6's sysfile.c): argument checks and fd lookups here,
// the objects in fs/. Blocking follows one pattern: try the object; on
// -EAGAIN with a blocking description, sleep on its wait queue and try
// again when woken.

import type { Host } from "../host.ts";
import type { Process } from "../proc/proc.ts";
import { sendSignal } from "../proc/signal.ts";
import { OpenFile, type FileObject } from "../fs/file.ts";
import { Pipe } from "../fs/pipe.ts";
import { canAccess, type Inode } from "../fs/vfs.ts";
import { PIPE_MAX_SIZE } from "../config.ts";
import {
  EAGAIN, EBADF, EEXIST, EINVAL, EISDIR, EMFILE, ENOENT, ENOTDIR, ENOTTY, EPERM, EPIPE, ESPIPE, EACCES,
} from "../uapi/errno.ts";
import {
  F_DUPFD, F_DUPFD_CLOEXEC, F_GETFD, F_GETFL, F_GETPIPE_SZ, F_SETFD, F_SETFL, F_SETPIPE_SZ, FD_CLOEXEC,
  O_ACCMODE, O_APPEND, O_CLOEXEC, O_CREAT, O_DIRECTORY, O_EXCL, O_NONBLOCK, O_RDONLY, O_TRUNC, O_WRONLY,
} from "../uapi/fcntl.ts";
import { SIGPIPE } from "../uapi/signal.ts";
import { blockTimeout } from "./block.ts";

const O_LARGEFILE = 0o100000;
/** Status flags F_SETFL may change (fs/fcntl.c SETFL_MASK, the ones modelled). */
const SETFL_MASK = O_APPEND | O_NONBLOCK;
const UMASK = 0o022;

export function newFile(h: Host, obj: FileObject, flags: number, path?: string): OpenFile {
  return new OpenFile(h.world.fileId(), obj, flags, path);
}

export function sysOpenat(h: Host, p: Process, [path, flags, mode]: [string, number, number?]): number {
  if (typeof path !== "string") return -EINVAL;
  flags = flags | 0;
  const acc = flags & O_ACCMODE;
  if (acc === 3) return -EINVAL;
  let ino = h.vfs.lookup(path, p.cwd, p.uid);
  if (typeof ino === "number") {
    if (ino !== -ENOENT || !(flags & O_CREAT)) return ino;
    ino = h.vfs.create(path, p.cwd, (mode ?? 0o666) & ~UMASK, p.uid);
    if (typeof ino === "number") return ino;
  } else if (flags & O_CREAT && flags & O_EXCL) {
    return -EEXIST;
  }
  if (ino.isDir && acc !== O_RDONLY) return -EISDIR;
  if (flags & O_DIRECTORY && !ino.isDir) return -ENOTDIR;
  const want = (acc === O_RDONLY ? 4 : acc === O_WRONLY ? 2 : 6);
  if (!canAccess(ino, p.uid, want)) return -EACCES;
  if (flags & O_TRUNC && acc !== O_RDONLY && ino.type === "file") ino.size = 0;
  const obj = ino.device ? ino.device.open() : ino;
  const file = newFile(h, obj, (flags & ~(O_CREAT | O_EXCL | O_TRUNC | O_CLOEXEC)) | O_LARGEFILE, path);
  return p.fds.alloc(file, (flags & O_CLOEXEC) !== 0);
}

export function sysClose(_h: Host, p: Process, [fd]: [number]): number {
  return p.fds.close(fd);
}

function readable(f: OpenFile): boolean {
  return (f.flags & O_ACCMODE) !== O_WRONLY;
}

function writable(f: OpenFile): boolean {
  return (f.flags & O_ACCMODE) !== O_RDONLY;
}

/** read(fd, count): the bytes read (empty at end of file) or -errno. */
export function sysRead(h: Host, p: Process, [fd, count]: [number, number]): Uint8Array | number | symbol {
  const f = p.fds.get(fd);
  if (!f || !readable(f)) return -EBADF;
  if (!(count >= 0)) return -EINVAL;
  const obj = f.obj;
  if (!obj.read) return -EINVAL;
  const r = obj.read(f, count, p);
  if (r === -EAGAIN && !(f.flags & O_NONBLOCK)) return blockTimeout(h, p, [obj.wq], obj.readTimeoutNs ?? 0);
  return r;
}

/**
 * write(fd, bytes): bytes written or -errno. A blocking write waits until
 * all is written; interrupted, it returns what it wrote so far.
 */
export function sysWrite(h: Host, p: Process, [fd, data]: [number, Uint8Array]): number | symbol {
  const f = p.fds.get(fd);
  if (!f || !writable(f)) return -EBADF;
  return writeLoop(h, p, fd, f, data, false);
}

/** The write loop shared with send(): partial progress survives sleeps; EPIPE raises SIGPIPE unless `nosignal`. */
export function writeLoop(h: Host, p: Process, fd: number, f: OpenFile, data: Uint8Array, nosignal: boolean): number | symbol {
  const obj = f.obj;
  if (!obj.write) return -EINVAL;
  if (data.length === 0) return 0;
  const sys = p.top.sys;
  let done: number = sys?.done ?? 0;
  for (;;) {
    const r = obj.write(f, done === 0 ? data : data.subarray(done), p);
    if (r > 0) {
      if (fd === 1 || fd === 2) noteOutput(p, fd, data.subarray(done, done + r));
      done += r;
      if (done >= data.length) return done;
      continue;
    }
    if (r === -EPIPE) {
      // Linux raises SIGPIPE on every failed write to a broken pipe or socket.
      if (!nosignal) sendSignal(h, p, SIGPIPE, p.pid);
      return done > 0 ? done : -EPIPE;
    }
    if (r !== -EAGAIN) return done > 0 ? done : r;
    if (f.flags & O_NONBLOCK) return done > 0 ? done : -EAGAIN;
    const b = blockTimeout(h, p, [obj.wq], obj.writeTimeoutNs ?? 0);
    if (typeof b === "number") return done > 0 ? done : b;
    p.sys.done = done;
    return b;
  }
}

/** The result's per-process stdout/stderr: what reached fd 1 and 2. */
function noteOutput(p: Process, fd: number, bytes: Uint8Array): void {
  if (fd === 1) p.out.push(bytes.slice());
  else if (fd === 2) p.err.push(bytes.slice());
}

export function sysLseek(_h: Host, p: Process, [fd, offset, whence]: [number, number, number]): number {
  const f = p.fds.get(fd);
  if (!f) return -EBADF;
  if (!f.obj.lseek) return -ESPIPE;
  return f.obj.lseek(f, offset, whence);
}

export function sysDup(_h: Host, p: Process, [fd]: [number]): number {
  const f = p.fds.get(fd);
  if (!f) return -EBADF;
  return p.fds.alloc(f);
}

export function sysDup2(_h: Host, p: Process, [oldfd, newfd]: [number, number]): number {
  const f = p.fds.get(oldfd);
  if (!f) return -EBADF;
  if (newfd < 0 || newfd >= p.fds.limit) return -EBADF;
  if (oldfd === newfd) return newfd;
  return p.fds.installAt(newfd, f);
}

export function sysDup3(h: Host, p: Process, [oldfd, newfd, flags]: [number, number, number]): number {
  if (oldfd === newfd || flags & ~O_CLOEXEC) return -EINVAL;
  const r = sysDup2(h, p, [oldfd, newfd]);
  if (r >= 0 && flags & O_CLOEXEC) p.fds.setCloexec(r, true);
  return r;
}

export function sysFcntl(_h: Host, p: Process, [fd, cmd, arg]: [number, number, number]): number {
  const f = p.fds.get(fd);
  if (!f) return -EBADF;
  switch (cmd) {
    case F_DUPFD:
    case F_DUPFD_CLOEXEC:
      if (!(arg >= 0) || arg >= p.fds.limit) return -EINVAL;
      return p.fds.alloc(f, cmd === F_DUPFD_CLOEXEC, arg);
    case F_GETFD:
      return p.fds.getCloexec(fd) ? FD_CLOEXEC : 0;
    case F_SETFD:
      p.fds.setCloexec(fd, (arg & FD_CLOEXEC) !== 0);
      return 0;
    case F_GETFL:
      return f.flags;
    case F_SETFL:
      f.flags = (f.flags & ~SETFL_MASK) | (arg & SETFL_MASK);
      return 0;
    case F_GETPIPE_SZ:
      return f.obj instanceof Pipe ? f.obj.capacity : -EBADF;
    case F_SETPIPE_SZ:
      if (!(f.obj instanceof Pipe)) return -EBADF;
      if (!(arg > 0)) return -EINVAL;
      if (arg > PIPE_MAX_SIZE && p.uid !== 0) return -EPERM;
      return f.obj.resize(arg);
    default:
      return -EINVAL;
  }
}

/** pipe2(flags): [readfd, writefd] or -errno. */
export function sysPipe2(h: Host, p: Process, [flags]: [number]): [number, number] | number {
  flags = flags | 0;
  if (flags & ~(O_NONBLOCK | O_CLOEXEC)) return -EINVAL;
  const pipe = new Pipe(h.world.ino());
  const status = flags & O_NONBLOCK;
  const r = newFile(h, pipe, O_RDONLY | status);
  const w = newFile(h, pipe, O_WRONLY | status);
  pipe.attach(r);
  pipe.attach(w);
  const cloexec = (flags & O_CLOEXEC) !== 0;
  const rfd = p.fds.alloc(r, cloexec);
  if (rfd < 0) {
    pipe.release(r);
    pipe.release(w);
    return -EMFILE;
  }
  const wfd = p.fds.alloc(w, cloexec);
  if (wfd < 0) {
    p.fds.close(rfd);
    pipe.release(w);
    return -EMFILE;
  }
  return [rfd, wfd];
}

export function sysIoctl(_h: Host, p: Process, [fd, request]: [number, number]): number {
  const f = p.fds.get(fd);
  if (!f) return -EBADF;
  return f.obj.ioctl ? f.obj.ioctl(f, request, p) : -ENOTTY;
}

export interface Stat {
  st_ino: number;
  st_mode: number;
  st_nlink: number;
  st_uid: number;
  st_size: number;
  st_blksize: number;
}

const S_IFMT_OF: Record<string, number> = {
  file: 0o100000, dir: 0o040000, chr: 0o020000, tty: 0o020000, fifo: 0o010000, socket: 0o140000, epoll: 0,
};

export function statOf(obj: FileObject): Stat {
  const ino = obj as Partial<Inode>;
  const perm = typeof ino.mode === "number" ? ino.mode : obj.type === "tty" ? 0o620 : 0o600;
  return {
    st_ino: obj.ino,
    st_mode: S_IFMT_OF[obj.type]! | perm,
    st_nlink: ino.nlink ?? 1,
    st_uid: ino.uid ?? 1000,
    st_size: obj.type === "file" ? (ino.size ?? 0) : 0,
    st_blksize: 4096,
  };
}

export function sysFstat(_h: Host, p: Process, [fd]: [number]): Stat | number {
  const f = p.fds.get(fd);
  if (!f) return -EBADF;
  return statOf(f.obj);
}

export function sysStat(h: Host, p: Process, [path]: [string]): Stat | number {
  const ino = h.vfs.lookup(path, p.cwd, p.uid);
  return typeof ino === "number" ? ino : statOf(ino);
}

export function sysUnlink(h: Host, p: Process, [path]: [string]): number {
  return h.vfs.unlink(path, p.cwd, p.uid);
}

export function sysMkdir(h: Host, p: Process, [path, mode]: [string, number]): number {
  return h.vfs.mkdir(path, p.cwd, (mode ?? 0o777) & ~UMASK, p.uid);
}

export function sysRmdir(h: Host, p: Process, [path]: [string]): number {
  return h.vfs.rmdir(path, p.cwd, p.uid);
}

export function sysGetcwd(_h: Host, p: Process): string {
  return p.cwd;
}

export function sysChdir(h: Host, p: Process, [path]: [string]): number {
  const ino = h.vfs.lookup(path, p.cwd, p.uid);
  if (typeof ino === "number") return ino;
  if (!ino.isDir) return -ENOTDIR;
  const parts = path.startsWith("/") ? path : `${p.cwd}/${path}`;
  p.cwd = "/" + parts.split("/").filter((s) => s && s !== ".").reduce<string[]>((a, s) => (s === ".." ? a.slice(0, -1) : [...a, s]), []).join("/");
  return 0;
}
