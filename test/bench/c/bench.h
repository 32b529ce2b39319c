/* Shared helpers for the Linux-side benchmarks: a monotonic clock, an
 * iteration count from argv, and the one-line JSON report. */
#ifndef KERNSIM_BENCH_H
#define KERNSIM_BENCH_H

#include <stdio.h>
#include <stdlib.h>
#include <time.h>

static inline double now_sec(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* argv[i] as a positive count, or def when absent or invalid. */
static inline long arg_count(int argc, char *argv[], int i, long def)
{
    if (argc > i) {
        char *end;
        long v = strtol(argv[i], &end, 10);
        if (*end == '\0' && v > 0)
            return v;
        fprintf(stderr, "%s: bad count '%s'\n", argv[0], argv[i]);
        exit(2);
    }
    return def;
}

static inline void report(const char *bench, long ops, double seconds)
{
    printf("{\"bench\":\"%s\",\"ops\":%ld,\"seconds\":%.6f,\"ops_per_sec\":%.0f}\n",
           bench, ops, seconds, seconds > 0 ? ops / seconds : 0.0);
    fflush(stdout);
}

#define die(msg) do { perror(msg); exit(1); } while (0)

#endif
