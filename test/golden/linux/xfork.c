/* xfork.c -- stdio's buffer is process memory, so fork() copies it: "x" is
 * still in the buffer when fork() runs, and both processes flush it when they
 * exit normally. */
#include <stdio.h>
#include <unistd.h>

int main() {
    printf("x");
    fork();
    return 0;
}
