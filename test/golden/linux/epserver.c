/* epserver.c -- the epoll echo server of the Network Programming slides
 * ("Asynchronous I/O"), completed minimally and correctly: one process, one
 * epoll instance watching the listening socket and every accepted
 * connection (level-triggered, EPOLLIN). A read of n bytes is echoed as n
 * bytes (the slide writes sizeof(buf)); a read of 0 or an error closes the
 * connection, which also removes it from the epoll set. Like the lecture's
 * server() it prints each request to stdout, and it reports each accept and
 * close (printf + fflush, so nothing is lost when it is killed).
 * Usage: epserver port */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/types.h>
#include <sys/socket.h>
#include <sys/epoll.h>
#include <netinet/in.h>

#define MAXEVENTS 16

int main(int argc, char *argv[])
{
    int fd, newfd, epfd, portno;
    struct sockaddr_in serv_addr;
    struct epoll_event ev, evts[MAXEVENTS];
    char buf[256];

    if (argc < 2) {
        fprintf(stderr, "usage %s port\n", argv[0]);
        exit(1);
    }
    portno = atoi(argv[1]);

    fd = socket(AF_INET, SOCK_STREAM, IPPROTO_TCP);
    if (fd < 0) { perror("socket"); exit(1); }
    memset(&serv_addr, 0, sizeof(serv_addr));
    serv_addr.sin_family = AF_INET;
    serv_addr.sin_addr.s_addr = INADDR_ANY;
    serv_addr.sin_port = htons(portno);
    if (bind(fd, (struct sockaddr *) &serv_addr, sizeof(serv_addr)) < 0) {
        perror("bind");
        exit(1);
    }
    listen(fd, 5);
    epfd = epoll_create1(0);
    ev.events = EPOLLIN;
    ev.data.fd = fd;
    epoll_ctl(epfd, EPOLL_CTL_ADD, fd, &ev);
    for (;;) {
        int nfds = epoll_wait(epfd, evts, MAXEVENTS, -1);
        // wait until any client sends a request
        int i = 0;
        for (; i < nfds; i++) {
            if (evts[i].data.fd == fd) {
                newfd = accept(fd, NULL, NULL);
                printf("accepted %d\n", newfd);
                fflush(stdout);
                ev.events = EPOLLIN;
                ev.data.fd = newfd;
                epoll_ctl(epfd, EPOLL_CTL_ADD, newfd, &ev);
            } else {
                int n = read(evts[i].data.fd, buf, sizeof(buf));
                if (n <= 0) {
                    printf("closed %d\n", evts[i].data.fd);
                    fflush(stdout);
                    close(evts[i].data.fd);
                    continue;
                }
                write(STDOUT_FILENO, buf, n);
                write(evts[i].data.fd, buf, n);
            }
        }
    }
}
