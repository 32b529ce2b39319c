/* pipe_pingpong: parent and forked child ping-pong 6 bytes over two pipes,
 * N round trips (parent writes "ping\n\0", child answers "pong\n\0").
 * Usage: pipe_pingpong [N] */
#include <sys/wait.h>
#include <unistd.h>
#include "bench.h"

/* Read exactly n bytes (pipes may split nothing this small, but be correct). */
static int read_full(int fd, char *buf, int n)
{
    int got = 0;
    while (got < n) {
        ssize_t r = read(fd, buf + got, n - got);
        if (r <= 0)
            return -1;
        got += r;
    }
    return got;
}

int main(int argc, char *argv[])
{
    long n = arg_count(argc, argv, 1, 20000);
    int ping[2], pong[2];
    char buf[6];
    if (pipe(ping) < 0 || pipe(pong) < 0)
        die("pipe");
    pid_t pid = fork();
    if (pid < 0)
        die("fork");
    if (pid == 0) {                       /* child: echo until EOF */
        close(ping[1]);
        close(pong[0]);
        while (read_full(ping[0], buf, 6) == 6)
            if (write(pong[1], "pong\n", 6) != 6)
                _exit(1);
        _exit(0);
    }
    close(ping[0]);
    close(pong[1]);
    double t0 = now_sec();
    for (long i = 0; i < n; i++) {
        if (write(ping[1], "ping\n", 6) != 6)
            die("write");
        if (read_full(pong[0], buf, 6) != 6)
            die("read");
    }
    double secs = now_sec() - t0;
    close(ping[1]);                       /* child sees EOF and exits */
    waitpid(pid, NULL, 0);
    report("pipe_pingpong", n, secs);
    return 0;
}
