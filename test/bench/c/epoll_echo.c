/* epoll_echo: an epoll echo server and an epoll-driven client in one binary.
 *
 * The parent makes a listening socket on 127.0.0.1 (ephemeral port) and
 * forks the server: level-triggered epoll, non-blocking listener drained with
 * accept4(SOCK_NONBLOCK), TCP_NODELAY on every connection, echoing whatever
 * it reads. The parent is the client: it opens C connections (blocking
 * connect, TCP_NODELAY), then drives all of them concurrently from its own
 * epoll loop: each connection writes 6 bytes, waits for the 6-byte echo, and
 * repeats R times. Only that round-trip phase is timed; ops = C*R round trips.
 * The time to open the connections is reported as "connect_seconds".
 *
 * Usage: epoll_echo [C [R]]   (default C=1000, R=100; C=10000 R=10 also works:
 * the fd limit is raised with setrlimit, which needs the hard limit or root;
 * otherwise run `ulimit -n 20100` in the shell first.) */
#define _GNU_SOURCE                          /* accept4 */
#include <errno.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <signal.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>
#include "bench.h"

#define MSG "hello\n"
#define MSGLEN 6
#define MAXEVENTS 256

static void raise_nofile(long want)
{
    struct rlimit rl;
    if (getrlimit(RLIMIT_NOFILE, &rl) < 0)
        die("getrlimit");
    if ((long)rl.rlim_cur >= want)
        return;
    rl.rlim_cur = want;
    if ((long)rl.rlim_max < want)
        rl.rlim_max = want;              /* only root can raise the hard limit */
    if (setrlimit(RLIMIT_NOFILE, &rl) < 0) {
        fprintf(stderr, "epoll_echo: need %ld fds: setrlimit: %s "
                "(try `ulimit -n %ld` first)\n", want, strerror(errno), want);
        exit(1);
    }
}

static void nodelay(int fd)
{
    int one = 1;
    if (setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof(one)) < 0)
        die("setsockopt TCP_NODELAY");
}

/* The server: runs until killed. */
static void serve(int lfd)
{
    struct epoll_event ev, evs[MAXEVENTS];
    char buf[4096];
    int epfd = epoll_create1(0);
    if (epfd < 0)
        die("epoll_create1");
    ev.events = EPOLLIN;
    ev.data.fd = lfd;
    if (epoll_ctl(epfd, EPOLL_CTL_ADD, lfd, &ev) < 0)
        die("epoll_ctl");
    for (;;) {
        int n = epoll_wait(epfd, evs, MAXEVENTS, -1);
        if (n < 0) {
            if (errno == EINTR)
                continue;
            die("epoll_wait");
        }
        for (int i = 0; i < n; i++) {
            int fd = evs[i].data.fd;
            if (fd == lfd) {
                int cfd;
                while ((cfd = accept4(lfd, NULL, NULL, SOCK_NONBLOCK)) >= 0) {
                    nodelay(cfd);
                    ev.events = EPOLLIN;
                    ev.data.fd = cfd;
                    if (epoll_ctl(epfd, EPOLL_CTL_ADD, cfd, &ev) < 0)
                        die("epoll_ctl");
                }
                if (errno != EAGAIN && errno != EWOULDBLOCK)
                    die("accept4");
                continue;
            }
            ssize_t r = read(fd, buf, sizeof(buf));
            if (r > 0) {
                ssize_t off = 0;
                while (off < r) {            /* 6 bytes always fit; be correct anyway */
                    ssize_t w = write(fd, buf + off, r - off);
                    if (w < 0 && errno != EAGAIN)
                        break;
                    if (w > 0)
                        off += w;
                }
            } else if (r == 0 || (errno != EAGAIN && errno != EWOULDBLOCK)) {
                close(fd);                   /* also leaves the epoll set */
            }
        }
    }
}

int main(int argc, char *argv[])
{
    long nconn = arg_count(argc, argv, 1, 1000);
    long rounds = arg_count(argc, argv, 2, 100);
    raise_nofile(nconn + 64);

    int lfd = socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK, 0);
    if (lfd < 0)
        die("socket");
    struct sockaddr_in addr;
    memset(&addr, 0, sizeof(addr));
    addr.sin_family = AF_INET;
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    addr.sin_port = 0;                       /* ephemeral: no clashes */
    socklen_t alen = sizeof(addr);
    if (bind(lfd, (struct sockaddr *)&addr, sizeof(addr)) < 0)
        die("bind");
    if (listen(lfd, SOMAXCONN) < 0)
        die("listen");
    if (getsockname(lfd, (struct sockaddr *)&addr, &alen) < 0)
        die("getsockname");

    pid_t spid = fork();
    if (spid < 0)
        die("fork");
    if (spid == 0) {
        serve(lfd);
        _exit(0);
    }
    close(lfd);

    int *fds = calloc(nconn, sizeof(int));
    long *done = calloc(nconn, sizeof(long));   /* round trips completed */
    int *got = calloc(nconn, sizeof(int));      /* bytes of the current echo */
    int epfd = epoll_create1(0);
    if (!fds || !done || !got || epfd < 0)
        die("setup");

    double t0 = now_sec();
    for (long i = 0; i < nconn; i++) {
        int fd = socket(AF_INET, SOCK_STREAM, 0);
        if (fd < 0)
            die("socket");
        if (connect(fd, (struct sockaddr *)&addr, sizeof(addr)) < 0)
            die("connect");
        nodelay(fd);
        struct epoll_event ev = { .events = EPOLLIN, .data.u64 = (uint64_t)i };
        if (epoll_ctl(epfd, EPOLL_CTL_ADD, fd, &ev) < 0)
            die("epoll_ctl");
        fds[i] = fd;
    }
    double t1 = now_sec();

    long finished = 0;
    char buf[64];
    for (long i = 0; i < nconn; i++)           /* every connection starts busy */
        if (write(fds[i], MSG, MSGLEN) != MSGLEN)
            die("write");
    struct epoll_event evs[MAXEVENTS];
    while (finished < nconn) {
        int n = epoll_wait(epfd, evs, MAXEVENTS, -1);
        if (n < 0) {
            if (errno == EINTR)
                continue;
            die("epoll_wait");
        }
        for (int k = 0; k < n; k++) {
            long i = (long)evs[k].data.u64;
            ssize_t r = read(fds[i], buf, MSGLEN - got[i]);
            if (r <= 0) {
                fprintf(stderr, "epoll_echo: connection %ld: read returned %zd\n", i, r);
                exit(1);
            }
            got[i] += r;
            if (got[i] < MSGLEN)
                continue;
            got[i] = 0;
            if (++done[i] < rounds) {
                if (write(fds[i], MSG, MSGLEN) != MSGLEN)
                    die("write");
            } else {
                close(fds[i]);
                finished++;
            }
        }
    }
    double t2 = now_sec();

    kill(spid, SIGKILL);
    waitpid(spid, NULL, 0);
    printf("{\"bench\":\"epoll_echo\",\"ops\":%ld,\"seconds\":%.6f,\"ops_per_sec\":%.0f,"
           "\"conns\":%ld,\"rounds\":%ld,\"connect_seconds\":%.6f}\n",
           nconn * rounds, t2 - t1, (nconn * rounds) / (t2 - t1),
           nconn, rounds, t1 - t0);
    return 0;
}
