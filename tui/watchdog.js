// Runs a command in a worker thread and watches it: a simulated program
// that loops without making a syscall stops the simulation's progress, and
// after STALL_MS of real time with no step the worker is stopped and the
// program named. Plain JavaScript: it runs before tsx is registered.
import { Worker } from "node:worker_threads";

const STALL_MS = Number(process.env.KERNSIM_WATCHDOG_MS ?? 3000);

export function runInWorker(argv) {
  const cells = new Int32Array(new SharedArrayBuffer(16));
  const name = new Uint8Array(new SharedArrayBuffer(256));
  const worker = new Worker(new URL("./worker.js", import.meta.url), { workerData: { argv, cells, name } });
  // Signals reach only this thread. Ctrl-C ends a run at once, as usual;
  // explore gets the first one (it stops and prints what it found so far).
  let interrupts = 0;
  process.on("SIGINT", () => {
    if (argv[0] !== "explore" || interrupts++ > 0) process.exit(130);
    worker.postMessage({ signal: "SIGINT" });
  });
  return new Promise((resolve) => {
    let last = -1, stalledSince = Date.now(), done = false;
    const timer = setInterval(() => {
      const steps = Atomics.load(cells, 0);
      if (steps !== last) {
        last = steps;
        stalledSince = Date.now();
        return;
      }
      if (Date.now() - stalledSince < STALL_MS || steps === 0) return;
      done = true;
      clearInterval(timer);
      const prog = new TextDecoder().decode(name.slice(0, Atomics.load(cells, 3)));
      worker.terminate().then(() => {
        process.stderr.write(
          `kernsim: watchdog: pid ${Atomics.load(cells, 1)} (${prog}) made no syscall for ${STALL_MS / 1000} s of real time: ` +
            `a loop without a syscall never yields. Port C's \`while (1) {}\` as \`for (;;) yield* spin();\` ` +
            `and make every libc call with yield*.\n`,
        );
        resolve(1);
      });
    }, 250);
    worker.on("message", (m) => {
      if (m && typeof m.exitCode === "number" && !done) {
        done = true;
        clearInterval(timer);
        resolve(m.exitCode);
      }
    });
    worker.on("error", (e) => {
      if (done) return;
      done = true;
      clearInterval(timer);
      process.stderr.write(`kernsim: internal error: ${e && e.stack ? e.stack : e}\n`);
      resolve(70);
    });
    worker.on("exit", (code) => {
      if (done) return;
      done = true;
      clearInterval(timer);
      resolve(code);
    });
  });
}
