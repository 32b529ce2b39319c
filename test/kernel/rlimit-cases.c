/* Ground truth for getrlimit/setrlimit/prlimit (kernel/syscall/sys-resource.ts,
 * test/kernel/rlimit.test.ts), captured on Linux 6.18 x86_64 with glibc 2.36
 * and strace 6.1 (Debian 12), as root WITHOUT CAP_SYS_RESOURCE (so raising a
 * hard limit is EPERM even for uid 0 there; kernsim's uid 0 has it) and with
 * RLIMIT_NOFILE 20000/20000 (so the probe sets explicit values). The
 * non-root cases run in a child that drops to uid/gid 65534.
 *   gcc -o /tmp/rlimit-cases test/kernel/rlimit-cases.c && /tmp/rlimit-cases
 *   strace -f -e trace=prlimit64,getrlimit,setrlimit,dup2,poll /tmp/rlimit-cases >/dev/null
 *   strace -e trace=prlimit64,getrlimit,setrlimit /tmp/rlimit-cases strace
 * What it showed:
 * - glibc's getrlimit/setrlimit/prlimit are all prlimit64(pid, res, new, old);
 *   strace prints `prlimit64(0, RLIMIT_NOFILE, NULL, {rlim_cur=1024,
 *   rlim_max=4*1024}) = 0` (N*1024 for multiples of 1024 above 1024,
 *   RLIM64_INFINITY), an unfilled pointer as its address, an unknown resource
 *   as `0x63 /\* RLIMIT_??? *\/`.
 * - EINVAL: resource >= 16 (also -1), rlim_cur > rlim_max (checked before
 *   any EPERM: {900, 801} as a user raising the hard limit is EINVAL).
 * - EPERM: NOFILE rlim_max > fs.nr_open (1048576), {INF, INF} for NOFILE,
 *   raising rlim_max without CAP_SYS_RESOURCE; {INF, 20000} is EINVAL.
 * - A user may lower both, raise the soft limit to the hard one; lowering
 *   the hard limit is one way. NPROC and CORE can be set.
 * - prlimit: ESRCH for a missing pid (before the resource check), EPERM for
 *   another uid's process (also before the resource check; also root without
 *   CAP_SYS_RESOURCE on a uid-65534 process), allowed for a same-uid process
 *   (reads and sets, {50, 60} on its own child).
 * - Lowering NOFILE to 16 with fd 100 open: fd 100 stays usable (F_GETFD 0,
 *   dup(100) = 3); new fds stop at 15 (EMFILE); dup2(0, 16) and
 *   dup2(0, 100) EBADF; F_DUPFD 16 EINVAL; poll nfds 17 EINVAL.
 * - fork inherits the limit, execve keeps it (777/20000 in both).
 */
#define _GNU_SOURCE
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <stdlib.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>
#include <fcntl.h>
#include <poll.h>
#include <sys/syscall.h>

#define R(label, expr) do { errno = 0; long r_ = (long)(expr); printf("%-52s -> %ld %s\n", label, r_, r_ < 0 ? strerrorname_np(errno) : ""); } while (0)

static void show(const char *label, int res) {
  struct rlimit rl;
  if (getrlimit(res, &rl) < 0) { printf("%s: getrlimit %s\n", label, strerrorname_np(errno)); return; }
  printf("%s: cur=%llu max=%llu\n", label, (unsigned long long)rl.rlim_cur, (unsigned long long)rl.rlim_max);
}


static void strace_cases(void) {
  /* the renderings test/kernel/rlimit.test.ts's strace case quotes */
  struct rlimit rl, old;
  unsigned long v[] = {1024, 2048, 4096, 1025, 1048576, 0, 1};
  for (int i = 0; i < 7; i++) { rl.rlim_cur = v[i]; rl.rlim_max = 20000; setrlimit(RLIMIT_NOFILE, &rl); }
  syscall(SYS_getrlimit, RLIMIT_NOFILE, &rl);
  syscall(SYS_setrlimit, RLIMIT_NOFILE, &rl);
  syscall(SYS_getrlimit, 99, &rl);
  rl.rlim_cur = 5; rl.rlim_max = 1;
  syscall(SYS_setrlimit, RLIMIT_NOFILE, &rl);
  syscall(SYS_prlimit64, 0, RLIMIT_NOFILE, NULL, NULL);
  rl.rlim_cur = 30; rl.rlim_max = 20000;
  prlimit(0, RLIMIT_NOFILE, &rl, &old);
  prlimit(0, RLIMIT_NOFILE, NULL, &old);
  rl.rlim_cur = 30; rl.rlim_max = 20001;
  prlimit(0, RLIMIT_NOFILE, &rl, &old);
}

int main(int argc, char **argv) {
  struct rlimit rl;
  setvbuf(stdout, NULL, _IONBF, 0);
  if (argc > 1 && strcmp(argv[1], "strace") == 0) { strace_cases(); return 0; }
  if (argc > 1 && strcmp(argv[1], "exec") == 0) { show("after execve NOFILE", RLIMIT_NOFILE); return 0; }
  printf("uid %d, RLIM_INFINITY=%llu RLIM_NLIMITS=%d\n", getuid(), (unsigned long long)RLIM_INFINITY, RLIM_NLIMITS);
  printf("RLIMIT_CPU %d FSIZE %d DATA %d STACK %d CORE %d RSS %d NPROC %d NOFILE %d MEMLOCK %d AS %d LOCKS %d SIGPENDING %d MSGQUEUE %d NICE %d RTPRIO %d RTTIME %d\n",
    RLIMIT_CPU, RLIMIT_FSIZE, RLIMIT_DATA, RLIMIT_STACK, RLIMIT_CORE, RLIMIT_RSS, RLIMIT_NPROC, RLIMIT_NOFILE, RLIMIT_MEMLOCK, RLIMIT_AS, RLIMIT_LOCKS, RLIMIT_SIGPENDING, RLIMIT_MSGQUEUE, RLIMIT_NICE, RLIMIT_RTPRIO, RLIMIT_RTTIME);
  for (int i = 0; i < RLIM_NLIMITS; i++) { char b[32]; sprintf(b, "res %d", i); show(b, i); }
  R("getrlimit(16)", getrlimit(16, &rl));
  R("getrlimit(-1)", getrlimit(-1, &rl));
  rl.rlim_cur = 30; rl.rlim_max = 20;
  R("setrlimit(NOFILE, {30,20}) cur>max", setrlimit(RLIMIT_NOFILE, &rl));
  rl.rlim_cur = 10; rl.rlim_max = 20;
  R("setrlimit(99, {10,20})", setrlimit(99, &rl));
  rl.rlim_cur = 20000; rl.rlim_max = 20001;
  R("setrlimit(NOFILE, {20000,20001}) raise max as root-noCAP", setrlimit(RLIMIT_NOFILE, &rl));
  rl.rlim_cur = 20000; rl.rlim_max = 2000000;
  R("setrlimit(NOFILE, {20000,2000000}) > nr_open", setrlimit(RLIMIT_NOFILE, &rl));
  rl.rlim_cur = 30; rl.rlim_max = 2000000;
  R("setrlimit(NOFILE, {30,2000000}) > nr_open", setrlimit(RLIMIT_NOFILE, &rl));
  rl.rlim_cur = RLIM_INFINITY; rl.rlim_max = RLIM_INFINITY;
  R("setrlimit(NOFILE, {INF,INF})", setrlimit(RLIMIT_NOFILE, &rl));
  rl.rlim_cur = RLIM_INFINITY; rl.rlim_max = 20000;
  R("setrlimit(NOFILE, {INF,20000})", setrlimit(RLIMIT_NOFILE, &rl));
  R("prlimit(999999, NOFILE, NULL, &rl)", prlimit(999999, RLIMIT_NOFILE, NULL, &rl));
  R("prlimit(999999, 99, NULL, &rl)", prlimit(999999, 99, NULL, &rl));
  R("prlimit(getpid(), NOFILE, NULL, &rl)", prlimit(getpid(), RLIMIT_NOFILE, NULL, &rl));
  R("prlimit(0, NOFILE, NULL, NULL)", prlimit(0, RLIMIT_NOFILE, NULL, NULL));
  R("prlimit(1, NOFILE, NULL, &rl) (pid1 same uid root)", prlimit(1, RLIMIT_NOFILE, NULL, &rl));
  /* lower while fds are open */
  rl.rlim_cur = 20000; rl.rlim_max = 20000; setrlimit(RLIMIT_NOFILE, &rl);
  int hi = dup2(0, 100);
  printf("dup2(0,100) = %d\n", hi);
  rl.rlim_cur = 16; rl.rlim_max = 20000;
  R("setrlimit(NOFILE, {16,20000}) with fd 100 open", setrlimit(RLIMIT_NOFILE, &rl));
  R("fcntl(100, F_GETFD) still open", fcntl(100, F_GETFD));
  R("read(100, NULL, 0) above limit", read(100, NULL, 0));
  R("dup(100) -> lowest free", dup(100));
  int last = -1; for (;;) { int f = dup(0); if (f < 0) { printf("dup loop: EMFILE at %s; last fd %d\n", strerrorname_np(errno), last); break; } last = f; }
  R("dup2(0, 16)", dup2(0, 16));
  R("dup2(0, 100) (=limit above, fd open)", dup2(0, 100));
  R("fcntl(0, F_DUPFD, 16)", fcntl(0, F_DUPFD, 16));
  R("poll(NULL, 17, 0)", poll((struct pollfd *)0 + 0, 17, 0));
  R("poll(NULL, 16, 0)", poll(NULL, 16, 0));
  R("close(100)", close(100));
  rl.rlim_cur = 20000; rl.rlim_max = 20000;
  R("setrlimit(NOFILE, {20000,20000}) raise cur back", setrlimit(RLIMIT_NOFILE, &rl));
  /* fork inherits, exec keeps */
  rl.rlim_cur = 777; rl.rlim_max = 20000; setrlimit(RLIMIT_NOFILE, &rl);
  pid_t c = fork();
  if (c == 0) { show("child after fork NOFILE", RLIMIT_NOFILE); execl("/proc/self/exe", argv[0], "exec", (char*)0); _exit(1); }
  waitpid(c, NULL, 0);
  /* non-root child */
  int pfd[2]; pipe(pfd);
  c = fork();
  if (c == 0) {
    close(pfd[0]);
    if (setgid(65534) < 0 || setuid(65534) < 0) { perror("setuid"); _exit(1); }
    write(pfd[1], "x", 1); /* now nobody */
    printf("--- as uid %d\n", getuid());
    rl.rlim_cur = 700; rl.rlim_max = 800;
    R("nobody: setrlimit {700,800} lower max", setrlimit(RLIMIT_NOFILE, &rl));
    rl.rlim_cur = 800; rl.rlim_max = 800;
    R("nobody: setrlimit {800,800} raise cur to max", setrlimit(RLIMIT_NOFILE, &rl));
    rl.rlim_cur = 800; rl.rlim_max = 801;
    R("nobody: setrlimit {800,801} raise max", setrlimit(RLIMIT_NOFILE, &rl));
    rl.rlim_cur = 900; rl.rlim_max = 801;
    R("nobody: setrlimit {900,801} cur>max & raise", setrlimit(RLIMIT_NOFILE, &rl));
    rl.rlim_cur = 900; rl.rlim_max = 2000000;
    R("nobody: setrlimit {900,2000000}", setrlimit(RLIMIT_NOFILE, &rl));
    R("nobody: prlimit(getppid(), NOFILE, NULL, &rl) root parent", prlimit(getppid(), RLIMIT_NOFILE, NULL, &rl));
    R("nobody: prlimit(1, NOFILE, NULL, &rl)", prlimit(1, RLIMIT_NOFILE, NULL, &rl));
    R("nobody: prlimit(999999, 99, NULL, &rl)", prlimit(999999, 99, NULL, &rl));
    R("nobody: prlimit(getppid(), 99, NULL, &rl)", prlimit(getppid(), 99, NULL, &rl));
    R("nobody: prlimit(0, 99, NULL, NULL)", prlimit(0, 99, NULL, NULL));
    rl.rlim_cur = 1; rl.rlim_max = 0;
    R("nobody: prlimit(0, 99, {1,0}, NULL)", prlimit(0, 99, &rl, NULL));
    rl.rlim_cur = 5; rl.rlim_max = 5;
    R("nobody: setrlimit(NPROC, {5,5})", setrlimit(RLIMIT_NPROC, &rl));
    R("nobody: setrlimit(CORE, {5,5}) (hard was INF)", setrlimit(RLIMIT_CORE, &rl));
    show("nobody: NOFILE", RLIMIT_NOFILE);
    /* a sibling nobody process: same uid, prlimit allowed */
    _exit(0);
  }
  close(pfd[1]); char x; read(pfd[0], &x, 1);
  R("root(noCAP): prlimit(nobody child, NOFILE, NULL, &rl)", prlimit(c, RLIMIT_NOFILE, NULL, &rl));
  waitpid(c, NULL, 0);
  /* same uid between two nobody processes */
  c = fork();
  if (c == 0) {
    setgid(65534); setuid(65534);
    pid_t g = fork();
    if (g == 0) { pause(); _exit(0); }
    usleep(10000);
    R("nobody: prlimit(own child, NOFILE, NULL, &rl)", prlimit(g, RLIMIT_NOFILE, NULL, &rl));
    rl.rlim_cur = 50; rl.rlim_max = 60;
    R("nobody: prlimit(own child, NOFILE, {50,60}, NULL)", prlimit(g, RLIMIT_NOFILE, &rl, NULL));
    R("nobody: prlimit(own child, NOFILE, NULL, &rl)", prlimit(g, RLIMIT_NOFILE, NULL, &rl));
    printf("child limit now %llu/%llu\n", (unsigned long long)rl.rlim_cur, (unsigned long long)rl.rlim_max);
    kill(g, 9); waitpid(g, NULL, 0);
    _exit(0);
  }
  waitpid(c, NULL, 0);
  return 0;
}
