/* pipe_roundtrip: one process, one pipe; write 6 bytes, read them back,
 * N times. Usage: pipe_roundtrip [N] */
#include <unistd.h>
#include "bench.h"

int main(int argc, char *argv[])
{
    long n = arg_count(argc, argv, 1, 1000000);
    int fds[2];
    char buf[6];
    if (pipe(fds) < 0)
        die("pipe");
    double t0 = now_sec();
    for (long i = 0; i < n; i++) {
        if (write(fds[1], "hello\n", 6) != 6)
            die("write");
        if (read(fds[0], buf, sizeof(buf)) != 6)
            die("read");
    }
    report("pipe_roundtrip", n, now_sec() - t0);
    return 0;
}
