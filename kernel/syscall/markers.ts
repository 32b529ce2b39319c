// What a syscall handler may return besides a reply.

/** The process went to sleep; the handler is called again when it is woken. */
export const BLOCK: unique symbol = Symbol("BLOCK");
/** Progress was made but the call is not finished (compute): stay runnable, call again. */
export const AGAIN: unique symbol = Symbol("AGAIN");
/** The call does not return to this program (exit, a successful execve). */
export const NORETURN: unique symbol = Symbol("NORETURN");

export type Marker = typeof BLOCK | typeof AGAIN | typeof NORETURN;
