#!/usr/bin/env bash
# Compile the Linux-side benchmarks with gcc -O2 into test/bench/c/bin/ and
# run each once, printing one JSON line per run.
#   test/bench/c/run.sh                 # all, default sizes
#   test/bench/c/run.sh getpid fork_wait
#   REPEAT=3 test/bench/c/run.sh        # each benchmark 3 times
# epoll_echo runs twice per round: C=1000 R=100 and C=10000 R=10.
set -euo pipefail
dir="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
bin="$dir/bin"
mkdir -p "$bin"
all=(getpid pipe_roundtrip pipe_pingpong fork_wait epoll_echo v3_connrate)
names=("$@")
[ ${#names[@]} -eq 0 ] && names=("${all[@]}")
command -v gcc >/dev/null || { echo "run.sh: gcc not found" >&2; exit 1; }
for name in "${names[@]}"; do
  gcc -O2 -Wall -o "$bin/$name" "$dir/$name.c"
done
# C=10000 needs ~10064 fds in each process; epoll_echo raises its own limit
# with setrlimit (fine as root or under a high hard limit).
for ((r = 0; r < ${REPEAT:-1}; r++)); do
  for name in "${names[@]}"; do
    if [ "$name" = epoll_echo ]; then
      "$bin/epoll_echo" 1000 100
      "$bin/epoll_echo" 10000 10
    else
      "$bin/$name"
    fi
  done
done
