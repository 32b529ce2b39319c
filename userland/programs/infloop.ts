// infloop.c — "OS view of networking – Sockets API" (CS162 lecture 5),
// slide "Signals – infloop.c": a SIGINT handler on a busy loop.
//
//   void signal_callback_handler(int signum) {
//       printf("Caught signal %d - phew!\n", signum);
//       exit(1);
//   }
//   int main() {
//       signal(SIGINT, signal_callback_handler);
//       while (1) {}
//   }

import { defineProgram } from "../libc/crt0.ts";
import { exit, printf, signal, spin, SIGINT } from "../libc/index.ts";

function* signal_callback_handler(signum: number) {
  yield* printf("Caught signal %d - phew!\n", signum);
  yield* exit(1);
}

export default defineProgram("infloop", function* () {
  yield* signal(SIGINT, signal_callback_handler);
  for (;;) yield* spin();
}, { description: "A SIGINT handler on a busy loop (infloop.c)" });
