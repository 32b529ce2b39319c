// An in-memory file system per host: directories, regular files, character
// devices and installed programs (the /bin entries execve runs). Regular
// files and directories are their own FileObjects; the open file
// description keeps the offset. Permissions follow the owner/other bits
// with root bypassing them, which is all EACCES needs here.
// Simplification: no hard links beyond one name per inode, no symlinks.

import type { Program } from "../abi.ts";
import { POLLIN, POLLOUT, POLLRDNORM, POLLWRNORM } from "../uapi/eventpoll.ts";
import {
  EACCES, EEXIST, EFBIG, EINVAL, EISDIR, ENAMETOOLONG, ENOENT, ENOTDIR, ENOTEMPTY,
} from "../uapi/errno.ts";
import { SEEK_CUR, SEEK_END, SEEK_SET } from "../uapi/fcntl.ts";
import { MAX_FILE_BYTES } from "../config.ts";
import { WaitQueue } from "../proc/wait-queue.ts";
import type { FileObject, FileType, OpenFile } from "./file.ts";
import type { World } from "../world.ts";

export const S_IFMT = 0o170000, S_IFREG = 0o100000, S_IFDIR = 0o040000, S_IFCHR = 0o020000,
  S_IFIFO = 0o010000, S_IFSOCK = 0o140000;

/** A character device driver: /dev/null, /dev/zero, /dev/hello, ttys. */
export interface CharDevice {
  open(): FileObject;
}

export class Inode implements FileObject {
  readonly wq = new WaitQueue();
  /** Regular files and directories have no .poll: epoll_ctl gives EPERM (README §8). */
  readonly canPoll = false;
  data = new Uint8Array(0);
  size = 0;
  nlink = 1;
  children: Map<string, Inode> | null = null;
  program: Program | null = null;
  device: CharDevice | null = null;
  mtimeNs = 0;

  constructor(
    readonly ino: number,
    readonly type: FileType,
    public mode: number,
    public uid: number,
  ) {
    if (type === "dir") this.children = new Map();
  }

  get isDir(): boolean {
    return this.type === "dir";
  }

  /** The bytes of a regular file (a copy). */
  contents(): Uint8Array {
    return this.data.slice(0, this.size);
  }

  setContents(bytes: Uint8Array): void {
    this.data = bytes.slice();
    this.size = bytes.length;
  }

  read(f: OpenFile, count: number): Uint8Array | number {
    if (this.type === "dir") return -EISDIR;
    const start = Math.min(f.offset, this.size);
    const end = Math.min(this.size, start + count);
    f.offset = end;
    return this.data.slice(start, end);
  }

  write(f: OpenFile, bytes: Uint8Array): number {
    if (this.type === "dir") return -EISDIR;
    const at = f.flags & 0o2000 /* O_APPEND */ ? this.size : f.offset;
    // s_maxbytes (config.ts MAX_FILE_BYTES): EFBIG at the limit, a short write across it.
    if (at >= MAX_FILE_BYTES) return -EFBIG;
    if (at + bytes.length > MAX_FILE_BYTES) bytes = bytes.subarray(0, MAX_FILE_BYTES - at);
    const end = at + bytes.length;
    if (end > this.data.length) {
      const grown = new Uint8Array(Math.min(Math.max(end, this.data.length * 2, 64), MAX_FILE_BYTES));
      grown.set(this.data.subarray(0, this.size));
      this.data = grown;
    }
    // A write past the end leaves a hole of zeros, as on Linux.
    if (at > this.size) this.data.fill(0, this.size, at);
    this.data.set(bytes, at);
    if (end > this.size) this.size = end;
    f.offset = end;
    return bytes.length;
  }

  poll(): number {
    // Regular files are always ready (and epoll refuses them: EPERM).
    return POLLIN | POLLOUT | POLLRDNORM | POLLWRNORM;
  }

  lseek(f: OpenFile, offset: number, whence: number): number {
    let base: number;
    if (whence === SEEK_SET) base = 0;
    else if (whence === SEEK_CUR) base = f.offset;
    else if (whence === SEEK_END) base = this.size;
    else return -EINVAL;
    const pos = base + offset;
    if (pos < 0 || !Number.isSafeInteger(pos) || pos > MAX_FILE_BYTES) return -EINVAL;
    f.offset = pos;
    return pos;
  }

  release(): void {}

  describe(): string {
    return this.type === "dir" ? "dir" : "file";
  }

  /** st_mode as stat(2) reports it. */
  get stMode(): number {
    const fmt = this.type === "dir" ? S_IFDIR : this.type === "chr" || this.type === "tty" ? S_IFCHR : S_IFREG;
    return fmt | (this.mode & 0o7777);
  }
}

export interface Lookup {
  inode: Inode;
  parent: Inode;
  name: string;
}

export class Vfs {
  readonly root: Inode;

  constructor(private readonly world: World) {
    this.root = new Inode(world.ino(), "dir", 0o755, 0);
    for (const d of ["/bin", "/dev", "/etc", "/home", "/tmp"]) this.mkdirp(d, 0o755, 0);
    this.mkdirp("/tmp", 0o1777, 0);
    this.mkdirp("/home/user", 0o755, 1000);
  }

  /** Splits and normalises a path against `cwd`. */
  static parts(path: string, cwd: string): string[] | number {
    if (path.length === 0) return -ENOENT;
    if (path.length >= 4096) return -ENAMETOOLONG;
    const full = path.startsWith("/") ? path : `${cwd}/${path}`;
    const out: string[] = [];
    for (const seg of full.split("/")) {
      if (seg === "" || seg === ".") continue;
      if (seg === "..") out.pop();
      else out.push(seg);
    }
    return out;
  }

  /** Resolves an existing path. */
  lookup(path: string, cwd = "/", uid = 0): Inode | number {
    const parts = Vfs.parts(path, cwd);
    if (typeof parts === "number") return parts;
    let cur = this.root;
    for (const seg of parts) {
      if (!cur.children) return -ENOTDIR;
      if (!canAccess(cur, uid, 1)) return -EACCES;
      const next = cur.children.get(seg);
      if (!next) return -ENOENT;
      cur = next;
    }
    if (path.endsWith("/") && !cur.isDir) return -ENOTDIR;
    return cur;
  }

  /** Resolves the parent directory of `path` and the last name. */
  lookupParent(path: string, cwd = "/", uid = 0): { dir: Inode; name: string } | number {
    const parts = Vfs.parts(path, cwd);
    if (typeof parts === "number") return parts;
    const name = parts.pop();
    if (name === undefined) return -EISDIR;
    const dir = this.lookup("/" + parts.join("/"), "/", uid);
    if (typeof dir === "number") return dir;
    if (!dir.isDir) return -ENOTDIR;
    return { dir, name };
  }

  /** Creates a regular file (or returns -EEXIST). */
  create(path: string, cwd: string, mode: number, uid: number): Inode | number {
    const at = this.lookupParent(path, cwd, uid);
    if (typeof at === "number") return at;
    if (at.dir.children!.has(at.name)) return -EEXIST;
    if (!canAccess(at.dir, uid, 2)) return -EACCES;
    const ino = new Inode(this.world.ino(), "file", mode & 0o7777, uid);
    ino.mtimeNs = this.world.now;
    at.dir.children!.set(at.name, ino);
    return ino;
  }

  unlink(path: string, cwd: string, uid: number): number {
    const at = this.lookupParent(path, cwd, uid);
    if (typeof at === "number") return at;
    const ino = at.dir.children!.get(at.name);
    if (!ino) return -ENOENT;
    if (ino.isDir) return -EISDIR;
    if (!canAccess(at.dir, uid, 2)) return -EACCES;
    at.dir.children!.delete(at.name);
    ino.nlink--;
    return 0;
  }

  mkdir(path: string, cwd: string, mode: number, uid: number): number {
    const at = this.lookupParent(path, cwd, uid);
    if (typeof at === "number") return at;
    if (at.dir.children!.has(at.name)) return -EEXIST;
    if (!canAccess(at.dir, uid, 2)) return -EACCES;
    at.dir.children!.set(at.name, new Inode(this.world.ino(), "dir", mode & 0o7777, uid));
    return 0;
  }

  rmdir(path: string, cwd: string, uid: number): number {
    const at = this.lookupParent(path, cwd, uid);
    if (typeof at === "number") return at;
    const ino = at.dir.children!.get(at.name);
    if (!ino) return -ENOENT;
    if (!ino.isDir) return -ENOTDIR;
    if (ino.children!.size > 0) return -ENOTEMPTY;
    at.dir.children!.delete(at.name);
    return 0;
  }

  // --- set-up helpers for hosts and scenarios (no permission checks) ---

  mkdirp(path: string, mode = 0o755, uid = 0): Inode {
    let cur = this.root;
    for (const seg of path.split("/").filter(Boolean)) {
      let next = cur.children!.get(seg);
      if (!next) {
        next = new Inode(this.world.ino(), "dir", mode, uid);
        cur.children!.set(seg, next);
      }
      cur = next;
    }
    cur.mode = mode;
    return cur;
  }

  /** Writes a file (creating directories) with the given contents. */
  writeFile(path: string, contents: string | Uint8Array, mode = 0o644, uid = 1000): Inode {
    const parts = path.split("/").filter(Boolean);
    const name = parts.pop()!;
    const dir = this.mkdirp("/" + parts.join("/"), 0o755, 0);
    const ino = new Inode(this.world.ino(), "file", mode, uid);
    ino.setContents(typeof contents === "string" ? new TextEncoder().encode(contents) : contents);
    dir.children!.set(name, ino);
    return ino;
  }

  /** Installs a program as an executable (/bin/<name>). */
  installProgram(path: string, program: Program): Inode {
    const ino = this.writeFile(path, `#!kernsim ${program.name}\n`, 0o755, 0);
    ino.program = program;
    return ino;
  }

  installDevice(path: string, device: CharDevice, mode = 0o666): Inode {
    const parts = path.split("/").filter(Boolean);
    const name = parts.pop()!;
    const dir = this.mkdirp("/" + parts.join("/"), 0o755, 0);
    const ino = new Inode(this.world.ino(), "chr", mode, 0);
    ino.device = device;
    dir.children!.set(name, ino);
    return ino;
  }

  /** Absolute path of every entry, depth first, names sorted (for views and tests). */
  list(dir = this.root, prefix = ""): string[] {
    const out: string[] = [];
    for (const name of [...dir.children!.keys()].sort()) {
      const child = dir.children!.get(name)!;
      out.push(`${prefix}/${name}`);
      if (child.isDir) out.push(...this.list(child, `${prefix}/${name}`));
    }
    return out;
  }
}

/** want: 4 read, 2 write, 1 execute/search. Root passes except for execute on non-executables. */
export function canAccess(ino: Inode, uid: number, want: number): boolean {
  if (uid === 0) return want !== 1 || ino.isDir || (ino.mode & 0o111) !== 0;
  const bits = ino.uid === uid ? (ino.mode >> 6) & 7 : ino.mode & 7;
  return (bits & want) === want;
}
