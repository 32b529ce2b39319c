/* v3_connrate: connection rate of the lecture's v3 server (fork per
 * connection, the parent does not wait) running the lecture's echo server()
 * loop, against a client making N sequential connections: connect, write
 * "hello\n" (6 bytes), read the 6-byte echo, close. Reports connections/s.
 *
 * The server is forked from this binary and listens on 127.0.0.1 on an
 * ephemeral port; its children are reaped by SIGCHLD = SIG_IGN. Its stdout
 * (server() prints every request to STDOUT_FILENO) goes to /dev/null, so the
 * lecture's write(STDOUT_FILENO, ...) is still made but the JSON line stays
 * alone on stdout. Usage: v3_connrate [N] */
#include <fcntl.h>
#include <netinet/in.h>
#include <signal.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>
#include "bench.h"

#define MAXREQ 256
#define MAXQUEUE 5

/* The lecture's echo loop (Echo client-server example). */
void server(int consockfd) {
    char reqbuf[MAXREQ];
    int n;
    while (1) {
        memset(reqbuf, 0, MAXREQ);
        n = read(consockfd, reqbuf, MAXREQ-1); /* Recv */
        if (n <= 0) return;
        n = write(STDOUT_FILENO, reqbuf, strlen(reqbuf));
        n = write(consockfd, reqbuf, strlen(reqbuf)); /* echo */
    }
}

/* The lecture's Server Protocol (v3) loop. */
static void v3(int lstnsockfd) {
    int consockfd;
    struct sockaddr_in cli_addr;
    socklen_t clilen = sizeof(cli_addr);
    pid_t cpid;

    signal(SIGCHLD, SIG_IGN);                   /* children reap themselves */
    while (1) {
        listen(lstnsockfd, MAXQUEUE);
        consockfd = accept(lstnsockfd, (struct sockaddr *) &cli_addr,
                           &clilen);
        if (consockfd < 0) continue;
        cpid = fork();                          /* new process for connection */
        if (cpid > 0) {                         /* parent process */
            close(consockfd);
            //tcpid = wait(&cstatus);
        } else if (cpid == 0) {                 /* child process */
            close(lstnsockfd);                  /* let go of listen socket */

            server(consockfd);

            close(consockfd);
            exit(EXIT_SUCCESS);                 /* exit child normally */
        }
    }
}

int main(int argc, char *argv[])
{
    long n = arg_count(argc, argv, 1, 2000);
    struct sockaddr_in addr;
    socklen_t alen = sizeof(addr);
    char buf[16];

    int lst = socket(AF_INET, SOCK_STREAM, 0);
    if (lst < 0)
        die("socket");
    memset(&addr, 0, sizeof(addr));
    addr.sin_family = AF_INET;
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    addr.sin_port = 0;
    if (bind(lst, (struct sockaddr *)&addr, sizeof(addr)) < 0)
        die("bind");
    if (listen(lst, MAXQUEUE) < 0)
        die("listen");
    if (getsockname(lst, (struct sockaddr *)&addr, &alen) < 0)
        die("getsockname");

    pid_t spid = fork();
    if (spid < 0)
        die("fork");
    if (spid == 0) {
        int devnull = open("/dev/null", O_WRONLY);
        if (devnull < 0 || dup2(devnull, STDOUT_FILENO) < 0)
            die("/dev/null");
        close(devnull);
        setpgid(0, 0);                          /* so the client can kill the group */
        v3(lst);
        _exit(1);
    }
    setpgid(spid, spid);
    close(lst);

    double t0 = now_sec();
    for (long i = 0; i < n; i++) {
        int fd = socket(AF_INET, SOCK_STREAM, 0);
        if (fd < 0)
            die("socket");
        if (connect(fd, (struct sockaddr *)&addr, sizeof(addr)) < 0)
            die("connect");
        if (write(fd, "hello\n", 6) != 6)
            die("write");
        int got = 0;
        while (got < 6) {
            ssize_t r = read(fd, buf + got, 6 - got);
            if (r <= 0)
                die("read");
            got += r;
        }
        close(fd);
    }
    double secs = now_sec() - t0;

    kill(-spid, SIGKILL);                       /* server and any straggling child */
    waitpid(spid, NULL, 0);
    report("v3_connrate", n, secs);
    return 0;
}
