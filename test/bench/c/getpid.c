/* getpid: N raw getpid system calls (syscall(SYS_getpid), so glibc cannot
 * cache the answer). Usage: getpid [N] */
#define _GNU_SOURCE
#include <sys/syscall.h>
#include <unistd.h>
#include "bench.h"

int main(int argc, char *argv[])
{
    long n = arg_count(argc, argv, 1, 5000000);
    double t0 = now_sec();
    for (long i = 0; i < n; i++)
        syscall(SYS_getpid);
    report("getpid", n, now_sec() - t0);
    return 0;
}
