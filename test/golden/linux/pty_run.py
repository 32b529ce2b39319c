#!/usr/bin/env python3
"""Run a command on a fresh pseudo-terminal, as if a person typed at it, and
write every byte the terminal shows (the program's output and the tty's echo)
to stdout. The exit status goes to stderr as `exit=N` or `signal=N`.

    pty_run.py [STEP...] -- command [args...]

Steps run in order:
    --after-output TEXT   wait until the output so far ends with TEXT
    --sleep SECONDS       wait
    --type TEXT           type TEXT ("\\n" = Enter, "\\x03" = Ctrl-C, "\\x04" = Ctrl-D)
After the last step it reads until the program exits (at most 10 s).
The terminal has Linux's default termios (ICANON, ECHO, ECHOCTL, ISIG, ONLCR).

As under an interactive shell, the session leader is not the program: a small
"shell" process owns the terminal, runs the program as the foreground process
group, and takes the terminal back when the program exits. So a child the
program forked and left running keeps writing to the terminal (it is not
killed by the SIGHUP a dying session leader would cause).
"""
import os, pty, select, signal, sys, time

def shell(cmd):
    """The session leader on the pty: run cmd as the foreground job, then
    exit with its status (128+N for a signal N)."""
    shell_sigs = (signal.SIGINT, signal.SIGQUIT, signal.SIGTSTP, signal.SIGTTIN, signal.SIGTTOU)
    try:
        for sig in shell_sigs:            # an interactive shell ignores these
            signal.signal(sig, signal.SIG_IGN)
        job = os.fork()
        if job == 0:
            os.setpgid(0, 0)
            os.tcsetpgrp(0, os.getpgrp())
            for sig in shell_sigs:
                signal.signal(sig, signal.SIG_DFL)
            os.execvp(cmd[0], cmd)
        try:
            os.setpgid(job, job)      # as a shell does, against the race
        except OSError:
            pass
        _, status = os.waitpid(job, 0)
        os.tcsetpgrp(0, os.getpgrp())
        code = os.WEXITSTATUS(status) if os.WIFEXITED(status) else 128 + os.WTERMSIG(status)
    except BaseException as e:
        print(f"pty_run: {e!r}", file=sys.stderr)
        code = 127
    os._exit(code)

def main(argv):
    if "--" not in argv:
        sys.exit(__doc__)
    split = argv.index("--")
    opts, cmd = argv[:split], argv[split + 1:]
    steps = [(opts[i], opts[i + 1]) for i in range(0, len(opts), 2)]
    pid, fd = pty.fork()
    if pid == 0:
        shell(cmd)
    out = bytearray()
    mark = 0                      # output index where the current wait starts
    eof = False

    def pump(timeout):
        nonlocal eof
        r, _, _ = select.select([fd], [], [], timeout)
        if r:
            try:
                data = os.read(fd, 4096)
            except OSError:       # EIO: the slave side is closed
                data = b""
            if data:
                out.extend(data)
            else:
                eof = True

    for kind, arg in steps:
        if kind == "--after-output":
            want = arg.encode().decode("unicode_escape").encode("latin-1")
            deadline = time.time() + 10
            while not out[mark:].endswith(want) and not eof:
                if time.time() > deadline:
                    sys.exit(f"pty_run: timed out waiting for {arg!r}; got {bytes(out)!r}")
                pump(0.05)
            mark = len(out)
        elif kind == "--sleep":
            end = time.time() + float(arg)
            while time.time() < end and not eof:
                pump(max(0, end - time.time()))
        elif kind == "--type":
            os.write(fd, arg.encode().decode("unicode_escape").encode("latin-1"))
            mark = len(out)
        else:
            sys.exit(f"pty_run: unknown step {kind}")
    deadline = time.time() + 10
    while not eof and time.time() < deadline:
        pump(0.05)
    _, status = os.waitpid(pid, 0)
    sys.stdout.buffer.write(bytes(out))
    code = os.WEXITSTATUS(status) if os.WIFEXITED(status) else 128 + os.WTERMSIG(status)
    if code > 128:
        print(f"signal={code - 128}", file=sys.stderr)
    else:
        print(f"exit={code}", file=sys.stderr)

main(sys.argv[1:])
