/* fork_wait: N times fork(); the child _exit(0)s at once and the parent
 * waitpid()s for it. Reports forks (fork+exit+wait cycles) per second.
 * Usage: fork_wait [N] */
#include <sys/wait.h>
#include <unistd.h>
#include "bench.h"

int main(int argc, char *argv[])
{
    long n = arg_count(argc, argv, 1, 5000);
    double t0 = now_sec();
    for (long i = 0; i < n; i++) {
        pid_t pid = fork();
        if (pid < 0)
            die("fork");
        if (pid == 0)
            _exit(0);
        int status;
        if (waitpid(pid, &status, 0) != pid || !WIFEXITED(status))
            die("waitpid");
    }
    report("fork_wait", n, now_sec() - t0);
    return 0;
}
