/* pipefork.c -- a pipe shared across fork(): the parent writes a line into
 * the pipe and closes its write end; the child, which closed its own write
 * end first, reads until EOF and exits with status 3; the parent waits and
 * reports the child's exit status. */
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>
#include <sys/types.h>
#include <sys/wait.h>

int main() {
    int fds[2];
    char buf[256];
    int n, status;
    pid_t pid;

    if (pipe(fds) < 0) {
        perror("pipe");
        exit(1);
    }
    pid = fork();
    if (pid < 0) {
        perror("fork");
        exit(1);
    }
    if (pid == 0) {                       /* child: the reader */
        close(fds[1]);
        while ((n = read(fds[0], buf, sizeof(buf))) > 0)
            printf("child: read %d bytes: %.*s", n, n, buf);
        printf("child: read returned %d (EOF)\n", n);
        close(fds[0]);
        exit(3);
    }
    close(fds[0]);                        /* parent: the writer */
    write(fds[1], "hello through the pipe\n", 23);
    close(fds[1]);
    wait(&status);
    if (WIFEXITED(status))
        printf("parent: child exited with status %d\n", WEXITSTATUS(status));
    return 0;
}
