/* fork3.c -- fork.c with a constant N=3 lines per process instead of 100,
 * for tests: each process prints its header line and N numbered lines. */
#include <stdlib.h>
#include <stdio.h>
#include <sys/types.h>
#include <unistd.h>

#define N 3

int main(int argc, char *argv[])
{
    pid_t cpid, mypid;
    int i;

    cpid = fork();
    if (cpid > 0) {
        mypid = getpid();
        printf("[ %d] parent of [ %d]\n", mypid, cpid);
        for (i=0; i<N; i++) {
            printf("[ %d] parent: %d\n", mypid, i);
            // sleep(1);
        }
    } else if (cpid == 0) {
        mypid = getpid();
        printf("[ %d] child\n", mypid);
        for (i=0; i>-N; i--) {
            printf("[ %d] child: %d\n", mypid, i);
            // sleep(1);
        }
    } else {
        perror("Fork failed");
        exit(1);
    }
    exit(0);
}
