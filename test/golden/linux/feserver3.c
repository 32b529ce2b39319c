/* feserver3.c -- the lecture's Server Protocol (v3): a child process per
 * connection, and the parent does not wait (the wait is commented out, as in
 * the lecture), so it accepts the next connection at once and exited children
 * stay zombies. From CS162 Lecture 5, with the lecture's server() echo loop,
 * completed into a full program. Usage: feserver3 port */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/types.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <netinet/in.h>

#define MAXREQ   256
#define MAXQUEUE 5

void error(char *msg)
{
    perror(msg);
    exit(1);
}

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

int main(int argc, char *argv[])
{
    int lstnsockfd, consockfd, portno;
    socklen_t clilen;
    struct sockaddr_in serv_addr, cli_addr;
    pid_t cpid, tcpid;
    int cstatus;

    if (argc < 2) {
        fprintf(stderr,"ERROR, no port provided\n");
        exit(1);
    }
    portno = atoi(argv[1]);

    memset((char *) &serv_addr, 0, sizeof(serv_addr));
    serv_addr.sin_family      = AF_INET;
    serv_addr.sin_addr.s_addr = INADDR_ANY;
    serv_addr.sin_port        = htons(portno);

    /* Create Socket to receive requests*/
    lstnsockfd = socket(AF_INET, SOCK_STREAM, 0);
    if (lstnsockfd < 0)
        error("ERROR opening socket");

    /* Bind socket to port */
    if (bind(lstnsockfd, (struct sockaddr *)&serv_addr,sizeof(serv_addr)) < 0)
        error("ERROR on binding");
    clilen = sizeof(cli_addr);
    while (1) {
        listen(lstnsockfd, MAXQUEUE);
        consockfd = accept(lstnsockfd, (struct sockaddr *) &cli_addr,
                           &clilen);
        if (consockfd < 0)
            error("ERROR on accept");
        cpid = fork();                      /* new process for connection */
        if (cpid > 0) {                     /* parent process */
            close(consockfd);
            //tcpid = wait(&cstatus);
        } else if (cpid == 0) {              /* child process */
            close(lstnsockfd);              /* let go of listen socket */

            server(consockfd);

            close(consockfd);
            exit(EXIT_SUCCESS);           /* exit child normally */
        }
    }
    close(lstnsockfd);
    return 0;
}
