// A terminal (Linux drivers/tty, n_tty line discipline in canonical mode):
// typed text is echoed on the screen and handed to readers a line at a
// time; Ctrl-D ends input (a read returns 0), Ctrl-C flushes the line and
// sends SIGINT to the foreground process group. A scenario's `stdin` is
// typed here a line at a time, as the process reads it.
// Simplifications: no job control (SIGTTIN/SIGTTOU), no raw mode, and
// ONLCR is not shown: the screen keeps "\n" where a tty sends "\r\n".

import { EAGAIN, ENOTTY } from "../uapi/errno.ts";
import { POLLIN, POLLOUT, POLLRDNORM, POLLWRNORM } from "../uapi/eventpoll.ts";
import { SIGINT, SIGQUIT, SIGTSTP } from "../uapi/signal.ts";
import { WaitQueue } from "../proc/wait-queue.ts";
import { sendSignalToGroup } from "../proc/signal.ts";
import type { Host } from "../host.ts";
import type { FileObject, OpenFile } from "./file.ts";

export const TCGETS = 0x5401, TIOCGPGRP = 0x540f, TIOCSPGRP = 0x5410, TIOCGWINSZ = 0x5413;
const FIONREAD = 0x541b;

const enc = new TextEncoder();
const dec = new TextDecoder();

export class Terminal implements FileObject {
  readonly type = "tty" as const;
  readonly wq = new WaitQueue();
  /** What a person sees: output and echo, in order. */
  private screenChunks: string[] = [];
  private screenCache: string | null = "";
  /** Complete lines (or ^D-terminated pieces) ready for readers. */
  private ready: Uint8Array[] = [];
  /** The line being typed (canonical mode: not readable until Enter or ^D). */
  private line = "";
  /** Pending end-of-file marks (^D on an empty line). */
  private eofs = 0;
  /** Scripted input still to type, one line per read. */
  private script: string[] = [];
  private scriptEof = false;
  fgPgid = 0;
  /** Typed input, for the record: [time, text]. */
  readonly typed: Array<[number, string]> = [];

  constructor(
    readonly ino: number,
    readonly name: string,
    readonly host: Host,
  ) {}

  /** Queues text to be typed a line at a time as the process reads; Ctrl-D after it. */
  setScript(text: string, eofAfter = true): void {
    const lines = text.match(/[^\n]*\n|[^\n]+$/g) ?? [];
    this.script = lines;
    this.scriptEof = eofAfter;
  }

  get screen(): string {
    if (this.screenCache === null) {
      this.screenCache = this.screenChunks.join("");
      this.screenChunks = [this.screenCache];
    }
    return this.screenCache;
  }

  private show(s: string): void {
    this.screenChunks.push(s);
    this.screenCache = null;
  }

  /** A person types `text` (may hold several lines; control characters as ^C/^D bytes). */
  input(text: string): void {
    this.typed.push([this.host.world.now, text]);
    for (const ch of text) {
      if (ch === "\x03") this.interrupt(SIGINT, "^C");
      else if (ch === "\x1c") this.interrupt(SIGQUIT, "^\\");
      else if (ch === "\x1a") this.interrupt(SIGTSTP, "^Z");
      else if (ch === "\x04") this.endOfInput();
      else if (ch === "\x7f" || ch === "\b") {
        if (this.line.length > 0) {
          this.line = this.line.slice(0, -1);
          this.show("\b \b");
        }
      } else {
        this.line += ch;
        this.show(ch);
        if (ch === "\n") {
          this.ready.push(enc.encode(this.line));
          this.line = "";
        }
      }
    }
    this.wq.notify(POLLIN);
  }

  /** Ctrl-D: the partial line becomes readable; on an empty line, end of file. */
  private endOfInput(): void {
    if (this.line.length > 0) {
      this.ready.push(enc.encode(this.line));
      this.line = "";
    } else {
      this.eofs++;
    }
  }

  private interrupt(sig: number, echo: string): void {
    this.line = "";
    this.ready = [];
    this.show(echo);
    if (this.fgPgid > 0) sendSignalToGroup(this.host, this.fgPgid, sig);
  }

  /** Types the next scripted line, if any, as the reader asks for input. */
  private typeScripted(): boolean {
    const next = this.script.shift();
    if (next !== undefined) {
      this.input(next.endsWith("\n") ? next : next + "\x04");
      return true;
    }
    if (this.scriptEof) {
      this.scriptEof = false;
      this.input("\x04");
      return true;
    }
    return false;
  }

  read(_f: OpenFile, count: number): Uint8Array | number {
    // n_tty_read returns at once for a zero count: nothing waits, nothing (not even an EOF) is taken.
    if (count === 0) return new Uint8Array(0);
    if (this.ready.length === 0 && this.eofs === 0) this.typeScripted();
    const first = this.ready[0];
    if (first !== undefined) {
      if (count >= first.length) {
        this.ready.shift();
        return first;
      }
      this.ready[0] = first.subarray(count);
      return first.slice(0, count);
    }
    if (this.eofs > 0) {
      this.eofs--;
      return new Uint8Array(0);
    }
    return -EAGAIN;
  }

  write(_f: OpenFile, data: Uint8Array): number {
    this.show(dec.decode(data));
    return data.length;
  }

  /** Output written by the kernel itself (e.g. the TUI's notes). */
  print(s: string): void {
    this.show(s);
  }

  poll(): number {
    let mask = POLLOUT | POLLWRNORM;
    if (this.ready.length > 0 || this.eofs > 0 || this.script.length > 0 || this.scriptEof) mask |= POLLIN | POLLRDNORM;
    return mask;
  }

  ioctl(_f: OpenFile, request: number): number {
    switch (request) {
      case TCGETS:
      case TIOCGWINSZ:
        return 0;
      case TIOCGPGRP:
        return this.fgPgid;
      case FIONREAD:
        return this.ready.reduce((n, b) => n + b.length, 0);
      default:
        return -ENOTTY;
    }
  }

  release(): void {}

  describe(): string {
    return `/dev/pts/${this.ino}`;
  }
}
