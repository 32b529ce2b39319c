// A process's file descriptor table: fd numbers → open file descriptions,
// plus the per-fd close-on-exec flag (fd flags belong to the table, status
// flags to the description: p09_fork.c). New fds take the lowest free
// number; RLIMIT_NOFILE bounds them.

import { EBADF, EMFILE } from "../uapi/errno.ts";
import type { OpenFile } from "./file.ts";

export class FdTable {
  private files: Array<OpenFile | undefined> = [];
  private cloexec: boolean[] = [];
  /** No fd below this is free (a hint that keeps allocation O(1) amortised). */
  private lowFree = 0;
  /** Told when a description loses its last reference (the world; none in unit tests). */
  releaser: { releaseFile(f: OpenFile): void } | null = null;

  constructor(public limit: number) {}

  get(fd: number): OpenFile | undefined {
    return fd >= 0 ? this.files[fd] : undefined;
  }

  /** Installs `f` at the lowest free fd ≥ min; returns the fd or -EMFILE. */
  alloc(f: OpenFile, cloexec = false, min = 0): number {
    const fromHint = min <= this.lowFree;
    let fd = fromHint ? this.lowFree : min;
    while (fd < this.files.length && this.files[fd] !== undefined) fd++;
    if (fd >= this.limit) return -EMFILE;
    if (fromHint) this.lowFree = fd + 1;
    this.files[fd] = f;
    this.cloexec[fd] = cloexec;
    f.refs++;
    return fd;
  }

  /** dup2 semantics: closes whatever `fd` held. */
  installAt(fd: number, f: OpenFile, cloexec = false): number {
    if (fd < 0 || fd >= this.limit) return -EBADF;
    f.refs++;
    const old = this.files[fd];
    this.files[fd] = f;
    this.cloexec[fd] = cloexec;
    if (old) this.drop(old);
    return fd;
  }

  close(fd: number): number {
    const f = this.get(fd);
    if (!f) return -EBADF;
    this.files[fd] = undefined;
    this.cloexec[fd] = false;
    if (fd < this.lowFree) this.lowFree = fd;
    this.drop(f);
    return 0;
  }

  getCloexec(fd: number): boolean {
    return this.cloexec[fd] ?? false;
  }

  setCloexec(fd: number, on: boolean): void {
    this.cloexec[fd] = on;
  }

  /** The table a forked child gets: same descriptions, one more reference each. */
  clone(): FdTable {
    const t = new FdTable(this.limit);
    t.releaser = this.releaser;
    t.files = this.files.slice();
    t.cloexec = this.cloexec.slice();
    t.lowFree = this.lowFree;
    for (const f of t.files) if (f) f.refs++;
    return t;
  }

  /** execve: close every close-on-exec fd. */
  closeOnExec(): void {
    for (let fd = 0; fd < this.files.length; fd++) if (this.files[fd] && this.cloexec[fd]) this.close(fd);
  }

  closeAll(): void {
    for (let fd = 0; fd < this.files.length; fd++) if (this.files[fd]) this.close(fd);
  }

  /** Open fds in ascending order. */
  *entries(): IterableIterator<[number, OpenFile]> {
    for (let fd = 0; fd < this.files.length; fd++) {
      const f = this.files[fd];
      if (f) yield [fd, f];
    }
  }

  get count(): number {
    let n = 0;
    for (const f of this.files) if (f) n++;
    return n;
  }

  private drop(f: OpenFile): void {
    if (f.refs <= 0) throw new Error(`invariant: open file ${f.id} refcount ${f.refs} before close`);
    if (--f.refs === 0) this.releaser?.releaseFile(f);
  }
}
