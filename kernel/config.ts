// Tunables of the simulated machine in one commented place (xv6's param.h).
// Values are Linux's defaults where Linux has one; the source is named.

import { MS, US } from "./clock.ts";

/** RLIMIT_NOFILE soft limit: the 1025th fd gives EMFILE. */
export const NOFILE = 1024;
/**
 * RLIMIT_NOFILE hard limit: what a login session on a systemd distribution
 * gets (DefaultLimitNOFILE=1024:524288; the bare kernel's INR_OPEN_MAX is
 * 4096). setrlimit lets anyone raise the soft limit up to it, as
 * `ulimit -n 20000` does; only root raises the hard limit.
 */
export const NOFILE_HARD = 524288;
/** fs.nr_open: no RLIMIT_NOFILE hard limit above it, even for root (EPERM). */
export const NR_OPEN = 1048576;
/**
 * Per-host process limit (RLIMIT_NPROC-like): fork past it gives EAGAIN.
 * getrlimit(RLIMIT_NPROC) reports it; a value set with setrlimit is kept
 * but not enforced (this limit applies to every uid).
 */
export const NPROC = 512;
/** Simulated CPU cost of an ordinary syscall (Linux: ~100-300 ns). */
export const SYSCALL_NS = 200;
/** Costs of the heavier calls. */
export const FORK_NS = 60 * US;
export const EXEC_NS = 120 * US;
/** Round-robin time slice (CFS gives a few ms to a CPU hog). */
export const QUANTUM_NS = 4 * MS;
/** Pipe capacity in page-sized slots (fs/pipe.c: PIPE_DEF_BUFFERS). */
export const PIPE_BUFFERS = 16;
export const PAGE_SIZE = 4096;
/** Writes of at most PIPE_BUF bytes are atomic (limits.h). */
export const PIPE_BUF = 4096;
/** fs.pipe-max-size for unprivileged F_SETPIPE_SZ. */
export const PIPE_MAX_SIZE = 1048576;
/**
 * Largest regular file (the file system's s_maxbytes). Linux's tmpfs allows
 * 2^63-1 and fails with ENOSPC when memory runs out; kernsim keeps files in
 * JS memory, so it caps them: lseek past this is EINVAL, a write at or past
 * it EFBIG, a write across it is cut short (generic_write_check_limits()).
 */
export const MAX_FILE_BYTES = 256 * 1024 * 1024;
/** glibc's stdio buffer (BUFSIZ; st_blksize of pipes and files). */
export const BUFSIZ = 4096;
/** Max bytes per syscall argument kept in the trace (strace -s 32 prints 32). */
export const TRACE_DATA_BYTES = 64;
/**
 * After fork the child runs first (Linux's kernel.sched_child_runs_first).
 * On the measured 2-CPU machine either can win; with one simulated CPU,
 * child-first reproduces the order the lecture shows for fork.c into a pipe.
 */
export const FORK_CHILD_RUNS_FIRST = true;
