/* eclient.c -- the lecture's echo client (CS162 Lecture 5, "Echo
 * client-server example", "Prompt for input", "Client Protocol", "Client:
 * getting the server address"), completed into a full program.
 * Usage: eclient hostname port */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>
#include <sys/types.h>
#include <sys/socket.h>
#include <netinet/in.h>
#include <netdb.h>

#define MAXIN  256
#define MAXOUT 256

void error(char *msg)
{
    perror(msg);
    exit(1);
}

char *getreq(char *inbuf, int len) {
    /* Get request char stream */
    printf("REQ: ");                      /* prompt */
    memset(inbuf, 0, len);                 /* clear for good measure */
    return fgets(inbuf, len, stdin); /* read up to a EOL */
}

void client(int sockfd) {
    int n;
    char sndbuf[MAXIN]; char recvbuf[MAXOUT];
    getreq(sndbuf, MAXIN); /* prompt */
    while (strlen(sndbuf) > 0) {
        write(sockfd, sndbuf, strlen(sndbuf)); /* send */
        memset(recvbuf, 0, MAXOUT); /* clear */
        n = read(sockfd, recvbuf, MAXOUT-1); /* receive */
        write(STDOUT_FILENO, recvbuf, n); /* echo */
        getreq(sndbuf, MAXIN); /* prompt */
    }
}

struct hostent *buildServerAddr(struct sockaddr_in *serv_addr,
                                char *hostname, int portno) {
    struct hostent *server;
    /* Get host entry associated with a hostname or IP address */
    server = gethostbyname(hostname);
    if (server == NULL) {
        fprintf(stderr,"ERROR, no such host\n");
        exit(1);
    }

    /* Construct an address for remote server */
    memset((char *) serv_addr, 0, sizeof(struct sockaddr_in));
    serv_addr->sin_family = AF_INET;
    bcopy((char *) server->h_addr,
          (char *)&(serv_addr->sin_addr.s_addr), server->h_length);
    serv_addr->sin_port = htons(portno);

    return server;
}

int main(int argc, char *argv[])
{
    char *hostname;
    int sockfd, portno;
    struct sockaddr_in serv_addr;
    struct hostent *server;

    if (argc < 3) {
        fprintf(stderr,"usage %s hostname port\n", argv[0]);
        exit(1);
    }
    hostname = argv[1];
    portno = atoi(argv[2]);

    server = buildServerAddr(&serv_addr, hostname, portno);

    /* Create a TCP socket */
    sockfd = socket(AF_INET, SOCK_STREAM, 0);
    if (sockfd < 0)
        error("ERROR opening socket");

    /* Connect to server on port */
    if (connect(sockfd, (struct sockaddr *) &serv_addr, sizeof(serv_addr)) < 0)
        error("ERROR connecting");
    printf("Connected to %s:%d\n", server->h_name, portno);

    /* Carry out Client-Server protocol */
    client(sockfd);

    /* Clean up on termination */
    close(sockfd);
    return 0;
}
