/* zombie.c -- a zombie and an orphan.
 * Zombie: the child exits at once; until the parent waits for it, it still
 * exists (kill(pid, 0) succeeds); after waitpid() it is gone (ESRCH).
 * Orphan: a middle child forks a grandchild and exits; the grandchild's
 * parent becomes PID 1 (or the nearest subreaper). The sleeps order the
 * output; they are long enough not to race on an idle machine. */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/types.h>
#include <sys/wait.h>

int main() {
    pid_t pid, mid, before, after;
    int status, r;

    pid = fork();
    if (pid == 0)
        exit(7);                          /* child: exit at once */
    usleep(200000);                       /* the child is now a zombie */
    r = kill(pid, 0);
    printf("zombie: kill(child, 0) before wait = %d\n", r);
    r = waitpid(pid, &status, 0);
    printf("zombie: waitpid returned the child: %s, exit status %d\n",
           r == pid ? "yes" : "no", WEXITSTATUS(status));
    r = kill(pid, 0);
    printf("zombie: kill(child, 0) after wait = %d (%s)\n", r, strerror(errno));
    fflush(stdout);                       /* nothing left to copy into the children */

    pid = fork();
    if (pid == 0) {                       /* the middle child */
        mid = getpid();
        if (fork() == 0) {                /* the grandchild */
            before = getppid();
            usleep(300000);               /* the middle child exits meanwhile */
            after = getppid();
            printf("orphan: parent before = the middle child: %s\n",
                   before == mid ? "yes" : "no");
            printf("orphan: parent after = %d\n", after);
            exit(0);
        }
        usleep(100000);                   /* let the grandchild look first */
        exit(0);
    }
    waitpid(pid, &status, 0);
    usleep(500000);                       /* let the orphan print first */
    printf("parent: done\n");
    return 0;
}
