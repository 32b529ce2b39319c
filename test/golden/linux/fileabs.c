/* fileabs.c -- the "File abstractions" column of the Network Programming
 * slides ("Networking abstraction"): open ./hello.c, write "hello" (6 bytes,
 * the NUL included), then read with no lseek in between, literally as the
 * slide shows. O_CREAT and mode 0644 are added so the open works when
 * ./hello.c does not exist yet; the printfs report what each call returned. */
#include <stdio.h>
#include <fcntl.h>
#include <unistd.h>

int main() {
    int fd;
    ssize_t n;
    char buf[256];

    fd = open("./hello.c", O_RDWR | O_CREAT, 0644);
    printf("open = %d\n", fd);
    n = write(fd, "hello", 6);
    printf("write = %zd\n", n);
    n = read(fd, buf, sizeof(buf));
    printf("read = %zd\n", n);
    if (n > 0)
        printf("buf = \"%.*s\"\n", (int)n, buf);
    close(fd);
    return 0;
}
