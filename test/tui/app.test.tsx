// The Ink app: every pane and every key, through frames after input
// (ink-testing-library: lastFrame(), stdin.write()).
import { afterEach, describe, expect, it } from "vitest";
import { existsSync, mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { COMMANDS } from "../../tui/keymap.ts";
import { WINDOW } from "../../kernel/sim/snapshot.ts";
import { controller, mount, KEY, until } from "./helpers.tsx";

type T = Awaited<ReturnType<typeof mount>>;
let t: T | null = null;
afterEach(() => {
  t?.unmount();
  t = null;
});
async function open(name: string, opts: Parameters<typeof mount>[1] = {}): Promise<T> {
  t = await mount(name, opts);
  return t;
}
const header = (f: string) => f.split("\n")[0]!;

describe("panes", () => {
  it("header: scenario, seed, policy, time, step, paused, speed", async () => {
    const a = await open("fork-race", { seed: 4 });
    expect(header(a.frame())).toMatch(/kernsim fork-race\s+seed 4\s+sched random\s+t=0\.000000s\s+step 0\s+paused\s+30 steps\/s/);
  });

  it("processes: a tree per host with pid, ppid, state, command and wait channel", async () => {
    const a = await open("fork-race");
    await a.press(KEY.right, KEY.right, KEY.right);
    const f = a.frame();
    expect(f).toMatch(/PID\s+PPID S COMMAND\s+WCHAN/);
    expect(f).toMatch(/ 1\s+0 S init\s+wait4\(-1\)/);
    expect(f).toMatch(/ 2\s+1 R └─fork/);
    expect(f).toMatch(/ 3\s+2 R\s+└─fork/);
  });

  it("terminal: the focused terminal's screen", async () => {
    const a = await open("fork-race");
    await a.press("g");
    await a.type("30\r");
    expect(a.frame()).toMatch(/tty fork@localhost/);
    expect(a.frame()).toMatch(/\[2\] parent of \[3\]/);
  });

  it("tab bar: the six tabs and who they are about", async () => {
    const a = await open("shout");
    await a.press(KEY.right, KEY.right);
    expect(a.frame()).toMatch(/1 fds\s+2 sockets\s+3 packets\s+4 syscalls\s+5 timeline\s+6 tcp\s+pid 2 shout@localhost/);
  });

  it("fds tab: fd → description → object, refcounts, sharing after fork", async () => {
    const a = await open("fork-race");
    await a.press(KEY.right, KEY.right, KEY.right, "1");
    const f = a.frame();
    expect(f).toMatch(/FD\s+OFD\s+MODE\s+REFS OFFSET\s+OBJECT\s+SHARED WITH/);
    expect(f).toMatch(/0\s+#\d+\s+rw\s+6\s+0\s+\/dev\/pts\/\d+ \(tty\)\s+dup×3 3:0 3:1 3:2/);
  });

  it("sockets tab: ss columns, or a note when there are none", async () => {
    const a = await open("fork-race");
    await a.press("2");
    expect(a.frame()).toMatch(/State\s+Recv-Q Send-Q Local Address:Port|no network/);
  });

  it("packets tab: tcpdump lines, or a note", async () => {
    const a = await open("fork-race");
    await a.press("3");
    expect(a.frame()).toMatch(/recent packets|no network/);
  });

  it("syscalls tab: strace lines of the selected process", async () => {
    const a = await open("shout");
    await a.press("g");
    await a.type("20\r");
    await a.press("4");
    const f = a.frame();
    expect(f).toMatch(/write\(1, "say something:\\n", 15\) = 15/);
    expect(f).toMatch(/read\(0, <unfinished \.\.\.>/);
  });

  it("a step forward or back clears the last message (it was about another step)", async () => {
    const a = await open("fork-race");
    await a.press("g");
    await a.type("12\r");
    expect(a.frame()).toMatch(/at step 12/);
    await a.press(KEY.left);
    await until(() => /step 11\b/.test(header(a.frame())));
    expect(a.frame()).not.toMatch(/at step 12/);
    await a.press("g");
    await a.type("5\r");
    expect(a.frame()).toMatch(/at step 5/);
    await a.press(KEY.right);
    expect(header(a.frame())).toMatch(/step 6\b/);
    expect(a.frame()).not.toMatch(/at step 5/);
  });

  it("timeline tab: who held the CPU, current step marked", async () => {
    const a = await open("fork-race", { seed: 2 });
    await a.press("g");
    await a.type("12\r");
    await a.press("5");
    const f = a.frame();
    expect(f).toMatch(/×1 steps\/col\s+step 0\s+12 ▼/);
    expect(f).toMatch(/ 2 fork\s+[·█ ]*█/);
    expect(f).toMatch(/ 3 fork\s+[·█ ]*█/);
  });

  it("tcp tab: the RFC 9293 diagram from the kernel's machine", async () => {
    const a = await open("fork-race");
    await a.press("6");
    const f = a.frame();
    for (const s of ["CLOSED", "LISTEN", "SYN-RECEIVED", "SYN-SENT", "ESTABLISHED", "FIN-WAIT-1", "FIN-WAIT-2", "CLOSE-WAIT", "CLOSING", "LAST-ACK", "TIME-WAIT"]) {
      expect(f).toContain(s);
    }
    expect(f).toMatch(/transitions leave CLOSED/);
    expect(f).toMatch(/PASSIVE_OPEN → LISTEN/);
  });

  it("status: key hints from the command table", async () => {
    const a = await open("fork-race");
    const last = a.frame().split("\n").at(-1)!;
    expect(last).toMatch(/^\? help\s+q quit\s+space run\/pause\s+→\/\. step\s+←\/, back/);
  });

  it("help overlay: every command of the table, closed by Esc", async () => {
    const a = await open("fork-race", { columns: 140, rows: 40 });
    await a.press("?");
    const seen = a.frame();
    let pages = seen;
    // Page through the help until it wraps around.
    for (let i = 0; i < 5; i++) {
      await a.press(KEY.right);
      pages += a.frame();
    }
    for (const c of COMMANDS) expect(pages).toContain(c.description.slice(0, 20));
    await a.press(KEY.escape);
    expect(a.frame()).not.toContain("keys (Esc or ? closes)");
  });
});

describe("keys", () => {
  it("→ and . step forward; ← and , step back to the same screen", async () => {
    const a = await open("fork-race", { seed: 5 });
    await a.press(KEY.right, ".", KEY.right, ".");
    const at4 = a.frame();
    expect(header(at4)).toMatch(/step 4/);
    await a.press(KEY.right, KEY.right, KEY.left, ",");
    expect(a.frame()).toBe(at4);
  });

  it("while the screen is still, the next step back is made ready; ← then lands on the forward screen", async () => {
    const a = await open("infloop");
    a.ctl.jumpToStep(150_000);
    // Idle: the checkpoint before the step back's window is restored and run on to it, a slice at a time.
    await until(() => a.ctl.preparedAt === 150_000 - 1 - WINDOW, 20_000);
    await a.press(KEY.left);
    expect(a.ctl.step).toBe(149_999);
    expect(a.ctl.preparedAt).toBeNull(); // the step back took it
    const fwd = controller("infloop");
    fwd.jumpToStep(149_999);
    expect(a.ctl.snapshot()).toEqual(fwd.snapshot());
  });

  it("space runs and pauses; + and - change speed", async () => {
    const a = await open("infloop");
    await a.press("+", "+", "=");
    expect(header(a.frame())).toMatch(/1k steps\/s/);
    await a.press("-", "_");
    expect(header(a.frame())).toMatch(/100 steps\/s/);
    await a.press(" ");
    expect(header(a.frame())).toMatch(/running/);
    await until(() => a.ctl.step > 0);
    await a.press(" ");
    expect(header(a.frame())).toMatch(/paused/);
    expect(a.ctl.step).toBeGreaterThan(0);
  });

  it("g jumps to a step, t to a time", async () => {
    const a = await open("infloop");
    await a.press("g");
    expect(a.frame()).toMatch(/jump to step: ▏/);
    await a.type("500\r");
    expect(header(a.frame())).toMatch(/step 500/);
    await a.press("t");
    await a.type("2ms\r");
    expect(a.ctl.sim.world.now).toBeLessThanOrEqual(2_000_000);
    expect(a.ctl.sim.world.nextTime()).toBeGreaterThan(2_000_000);
    await a.press("t");
    await a.type("soon\r");
    expect(a.frame()).toMatch(/not a duration: 'soon'/);
  });

  it("↑/↓ (k/j) select a process; tabs follow the selection", async () => {
    const a = await open("fork-race");
    await a.press(KEY.right, KEY.right, KEY.right);
    expect(a.frame()).toMatch(/pid 2 fork@localhost/);
    await a.press(KEY.down);
    expect(a.frame()).toMatch(/pid 3 fork@localhost/);
    await a.press("k", "k");
    expect(a.frame()).toMatch(/pid 1 init@localhost/);
    await a.press("j");
    expect(a.frame()).toMatch(/pid 2 fork@localhost/);
  });

  it("tab, shift-tab and 1-6 switch tabs", async () => {
    const a = await open("fork-race");
    await a.press("1");
    expect(a.frame()).toMatch(/no open fds|FD\s+OFD|no process/);
    await a.press(KEY.tab);
    expect(a.frame()).toMatch(/State\s+Recv-Q|no network/);
    await a.press(KEY.shiftTab, KEY.shiftTab);
    expect(a.frame()).toMatch(/transitions leave/);
  });

  it("n steps to the selected process's next event", async () => {
    const a = await open("fork-race", { seed: 2 });
    await a.press(KEY.right, KEY.right, KEY.right, KEY.down, "4");
    expect(a.frame()).toMatch(/pid 3 fork/);
    const before = a.ctl.step;
    await a.press("n");
    expect(a.ctl.step).toBeGreaterThan(before);
    expect(a.ctl.snapshot().syscalls["localhost:3"]!.at(-1)!.step).toBe(a.ctl.step);
  });

  it("i types a line at the focused terminal; Enter sends it; Esc stops typing", async () => {
    const a = await open("shout");
    await a.press("g");
    await a.type("10\r");
    await a.press("i");
    expect(a.frame()).toMatch(/typing — Enter: send line/);
    await a.type("hello");
    await a.press(KEY.backspace, "o");
    expect(a.frame()).toMatch(/hello▏/);
    await a.press(KEY.enter, KEY.escape);
    expect(a.frame()).toMatch(/"hello\\n" → shout/);
    await a.press(KEY.right, KEY.right, KEY.right);
    expect(a.frame()).toMatch(/HELLO/);
    expect(a.ctl.inputs).toHaveLength(1);
  });

  it("Ctrl-C interrupts the terminal's foreground group", async () => {
    const a = await open("shout");
    await a.press("g");
    await a.type("10\r");
    await a.press(KEY.ctrlC);
    expect(a.frame()).toMatch(/\^C → shout/);
    await a.press(KEY.right, KEY.right);
    const p = a.ctl.sim.world.allProcs.find((x) => x.pid === 2)!;
    expect(p.exit).toEqual({ signal: 2 });
  });

  it("Ctrl-D ends the terminal's input", async () => {
    const a = await open("shout");
    await a.press("g");
    await a.type("10\r");
    await a.press(KEY.ctrlD, KEY.right, KEY.right, KEY.right, KEY.right);
    expect(a.frame()).toMatch(/bye/);
  });

  it("f focuses the next terminal", async () => {
    const a = await open("zombie");
    await a.press("g");
    await a.type("200\r");
    expect(a.frame()).toMatch(/tty zombie@localhost 1\/2 · i: type  f: next/);
    await a.press("f");
    expect(a.frame()).toMatch(/tty orphan@localhost 2\/2/);
  });

  it("c makes the selected runnable process run next", async () => {
    const a = await open("fork-race", { seed: 1 });
    await a.press(KEY.right, KEY.right, KEY.right);
    expect(a.frame()).toMatch(/pids [23], [23] can run on localhost: select one, c runs it next/);
    await a.press(KEY.down);
    expect(a.frame()).toMatch(/pid 3 fork/);
    await a.press("c");
    expect(a.frame()).toMatch(/pid 3 runs next on localhost/);
    await a.press(KEY.right);
    expect(a.ctl.snapshot().hosts.localhost!.current).toBe(3);
    await a.press("k", "k", "c");
    expect(a.frame()).toMatch(/only a runnable \(R\) process can be chosen/);
  });

  it("s sends a signal to the selected process", async () => {
    const a = await open("shout");
    await a.press("g");
    await a.type("10\r");
    await a.press("s");
    expect(a.frame()).toMatch(/signal to send: SIGTERM▏/);
    await a.press(KEY.backspace, KEY.backspace, KEY.backspace, KEY.backspace);
    await a.type("KILL\r");
    expect(a.frame()).toMatch(/sent SIGKILL to pid 2/);
    await a.press(KEY.right, KEY.right);
    expect(a.ctl.sim.world.allProcs.find((x) => x.pid === 2)!.exit).toEqual({ signal: 9 });
    await a.press("s");
    await a.type("\x7f\x7f\x7f\x7f\x7f\x7f\x7fBOGUS\r");
    expect(a.frame()).toMatch(/unknown signal 'BOGUS'/);
  });

  it("S restarts with another seed; p switches the scheduler", async () => {
    const a = await open("fork-race", { seed: 1 });
    await a.press(KEY.right, "S");
    expect(a.frame()).toMatch(/restart with seed: 2▏/);
    await a.type("\x7f7\r");
    expect(header(a.frame())).toMatch(/seed 7\s+sched random\s+t=0\.000000s\s+step 0/);
    await a.press("p");
    expect(header(a.frame())).toMatch(/seed 7\s+sched rr/);
    expect(a.frame()).toMatch(/restarted with sched rr/);
  });

  it("d, P and H inject network faults, or say why they cannot", async () => {
    const a = await open("fork-race");
    await a.press("P");
    expect(a.frame()).toMatch(/one host: nothing to partition|no network/);
    await a.press("H");
    expect(a.frame()).toMatch(/one host: nothing to partition|no network/);
    await a.press("d");
    expect(a.frame()).toMatch(/next packet will be dropped|cannot drop|no network/);
  });

  it("[ and ] select sockets, or browse TCP states without any", async () => {
    const a = await open("fork-race");
    await a.press("6", "]");
    expect(a.frame()).toMatch(/transitions leave LISTEN/);
    await a.press("[", "[");
    expect(a.frame()).toMatch(/transitions leave TIME_WAIT/);
  });

  it("/ filters packets; F filters on the selected socket (or says there is none)", async () => {
    const a = await open("fork-race");
    await a.press("/");
    await a.type("10.0.0.1\r");
    expect(a.frame()).toMatch(/packets: showing '10\.0\.0\.1'/);
    await a.press("F");
    expect(a.frame()).toMatch(/no socket selected|packets: showing/);
  });

  it("z and Z zoom the timeline", async () => {
    const a = await open("fork-race");
    await a.press("5", "z", "z");
    expect(a.frame()).toMatch(/×4 steps\/col/);
    await a.press("Z");
    expect(a.frame()).toMatch(/×2 steps\/col/);
  });

  it("w saves the session as a record file", async () => {
    const a = await open("shout");
    const dir = mkdtempSync(join(tmpdir(), "kernsim-tui-"));
    const path = join(dir, "rec.json");
    await a.press("g");
    await a.type("10\r");
    await a.press("i");
    await a.type("yo\r");
    await a.press(KEY.escape, "w");
    expect(a.frame()).toMatch(/save the session as a record file: shout-seed1-step\d+\.json▏/);
    for (let i = 0; i < 40; i++) await a.type("\x7f");
    await a.type(path + "\r");
    expect(a.frame()).toMatch(/saved 1 input/);
    expect(existsSync(path)).toBe(true);
    expect(JSON.parse(readFileSync(path, "utf8"))).toMatchObject({ scenario: { name: "shout" }, inputs: [{ input: { kind: "type", text: "yo\n" } }] });
  });

  it("Esc cancels a question", async () => {
    const a = await open("fork-race");
    await a.press("g");
    expect(a.frame()).toMatch(/jump to step/);
    await a.press(KEY.escape);
    expect(a.frame()).not.toMatch(/jump to step/);
  });

  it("q quits", async () => {
    const a = await open("fork-race");
    await a.press("q");
    expect(a.quitted()).toBe(true);
  });

  it("every command's keys are tested above or named here", () => {
    const keys = COMMANDS.flatMap((c) => c.keys);
    expect(new Set(keys)).toEqual(new Set([
      "space", "right", ".", "left", ",", "n", "g", "t", "+", "=", "-", "_", "S", "p", "up", "k", "down", "j", "tab", "shift-tab",
      "1", "2", "3", "4", "5", "6", "[", "]", "/", "F", "z", "Z", "f", "i", "enter", "ctrl-c", "ctrl-d", "c", "s", "d", "P", "H",
      "w", "?", "q", "backspace", "escape",
    ]));
  });
});

describe("with a network (the echo scenario)", () => {
  async function echoAt(step: number) {
    const a = await open("echo");
    await a.press("g");
    await a.type(`${step}\r`);
    return a;
  }

  it("processes: one tree per host, under the host's name and address", async () => {
    const a = await echoAt(35);
    expect(a.frame()).toMatch(/server 10\.0\.0\.1/);
    expect(a.frame()).toMatch(/client 10\.0\.0\.2/);
    expect(a.frame()).toMatch(/└─eserver\s+\w+\(\d+\)/);
  });

  it("sockets tab: the listener and the connection, as ss -tan shows them", async () => {
    const a = await echoAt(35);
    await a.press("2");
    expect(a.frame()).toMatch(/LISTEN\s+0\s+5 0\.0\.0\.0:5000\s+0\.0\.0\.0:\*/);
    expect(a.frame()).toMatch(/ESTAB\s+\d+\s+\d+ 10\.0\.0\.1:5000\s+10\.0\.0\.2:\d+/);
  });

  it("tcp tab: the selected socket's state highlighted, the transitions out of it", async () => {
    const a = await echoAt(35);
    await a.press("6");
    expect(a.frame()).toMatch(/socket 0\.0\.0\.0:5000 .*LISTEN/);
    expect(a.frame()).toMatch(/▶LISTEN/);
    await a.press("]");
    expect(a.frame()).toMatch(/▶ESTABLISHED/);
    expect(a.frame()).toMatch(/CLOSE → FIN-WAIT-1 \[sendFin\]/);
  });

  it("packets tab: tcpdump lines, filtered on the selected connection with F", async () => {
    const a = await echoAt(60);
    await a.press("3");
    expect(a.frame()).toMatch(/IP 10\.0\.0\.2\.\d+ > 10\.0\.0\.1\.5000: Flags \[S\]/);
    await a.press("g");
    await a.type("35\r");
    await a.press("]", "F");
    expect(a.frame()).toMatch(/matching '10\.0\.0\.1\.5000 > 10\.0\.0\.2\.\d+'/);
    await a.press("/");
    await a.type("\x7f".repeat(60) + "nothing-matches\r");
    expect(a.frame()).toMatch(/0 of \d+ recent packets/);
  });

  it("P partitions two hosts and H heals them (through recorded inputs)", async () => {
    const a = await echoAt(5);
    await a.press("P");
    expect(a.frame()).toMatch(/partition hosts \(two names\): server client▏/);
    await a.press(KEY.enter);
    expect(a.frame()).toMatch(/partitioned server and client/);
    await a.press("H", KEY.enter);
    expect(a.frame()).toMatch(/healed server and client/);
    expect(a.ctl.inputs.map((t) => t.input.kind)).toEqual(["partition", "heal"]);
  });

  it("timeline tab: every host's processes, grouped by host", async () => {
    const a = await echoAt(40);
    await a.press("5");
    expect(a.frame()).toMatch(/server 10\.0\.0\.1\n\s+2 eserver\s+[·█ ]*█/);
    expect(a.frame()).toMatch(/client 10\.0\.0\.2\n\s+2 eclient\s+[·█ ]*█/);
  });

  it("d drops the next packet", async () => {
    const a = await echoAt(5);
    await a.press("d");
    expect(a.frame()).toMatch(/the next packet will be dropped/);
  });
});

describe("size", () => {
  it.each(["fork-race", "echo-two-v3"])("renders %s at 80×24 in 23 rows of at most 80 cells, every tab", async (name) => {
    const a = await open(name, { columns: 80, rows: 24 });
    await a.press("g");
    await a.type("45\r");
    for (const tab of ["1", "2", "3", "4", "5", "6", "?"]) {
      await a.press(tab);
      const lines = a.frame().split("\n");
      expect(lines.length).toBeLessThanOrEqual(23);
      for (const l of lines) expect([...l].length, `tab ${tab}: ${l}`).toBeLessThanOrEqual(80);
      if (tab === "?") await a.press(KEY.escape);
    }
  });

  it("uses more room when it has it", async () => {
    const a = await open("fork-race", { columns: 160, rows: 50 });
    const lines = a.frame().split("\n");
    expect(lines.length).toBe(49);
    // The processes pane takes half the width: the separator sits at column 80.
    expect(lines[1]![80]).toBe("│");
  });
});
