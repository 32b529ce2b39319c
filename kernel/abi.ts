// The user/kernel boundary. A process is a generator that yields syscall
// requests and is resumed with their raw results (Linux's convention: a
// negative errno, or a value). Everything a program can do to the kernel
// passes through here, which is what makes replay (fork, time travel,
// record files) possible: a program is a pure function of its replies.

export interface SyscallRequest {
  /** Syscall name, as in the syscall table and in strace ("read", "accept4"). */
  readonly nr: string;
  readonly args: readonly unknown[];
}

export type UserGen = Generator<SyscallRequest, unknown, unknown>;

/** A program as the kernel sees it: a name and an entry point (crt0 wraps main). */
export interface Program {
  readonly name: string;
  readonly description?: string;
  /** Module the program came from, for messages and for `kernsim list`. */
  readonly source?: string;
  start(argv: readonly string[]): UserGen;
  /**
   * What runs when main returns (crt0's `exit(main(...))`): the kernel
   * replaces the finished main frame with this one. Without it, returning
   * from main is _exit(value).
   */
  onReturn?(value: unknown): UserGen;
}

/** A signal handler: a generator, so it can make syscalls (printf, exit). */
export type SignalHandler = (signum: number) => UserGen;

/**
 * Dispositions as <signal.h> has them (signal(7)): `SIG_DFL` the default
 * action, `SIG_IGN` ignore the signal; `SIG_ERR` is what signal() returns
 * when it fails (with errno EINVAL). A handler is a generator function.
 */
export const SIG_DFL = 0, SIG_IGN = 1, SIG_ERR = -1;
export type Disposition = typeof SIG_DFL | typeof SIG_IGN | SignalHandler;

/**
 * The process whose code is running right now (Linux's `current`): the
 * kernel points it at a process before resuming its generator, including
 * during replay, so userland's per-process memory (stdio buffers, errno)
 * follows the process rather than the module.
 */
export const current: { user: { [k: string]: unknown }; pid: number; replay: ReplayFeed | null } = { user: {}, pid: 0, replay: null };
// A run without a fork never sets `replay`, and V8 would compile every libc call on the premise
// that it stays null, then throw all of that away at the first restore (which replays). Storing
// another value once, now, tells it the field changes.
current.replay = { take: () => undefined };
current.replay = null;

/**
 * While fork (or a time-travel restore) replays a process, the replies it
 * still has to receive. A libc call asks it first: when the record's next
 * entry answers the call, the call returns at once instead of yielding, so
 * replaying a long history does not suspend and resume the whole generator
 * stack once per syscall (kernel/proc/record.ts, RecordCursor).
 */
export interface ReplayFeed {
  /** The recorded reply to `req` if the next entry answers it, else NO_REPLY (the call then yields as usual). */
  take(req: SyscallRequest): unknown;
}

/** What ReplayFeed.take returns when the call must yield (a signal entry next, the end, or a mismatch to report). */
export const NO_REPLY: unique symbol = Symbol("no reply");
