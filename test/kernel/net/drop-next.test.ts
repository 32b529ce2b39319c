// The TUI's "drop the next packet": an external input the network honours,
// and TCP recovers from by retransmitting.

import { describe, expect, it } from "vitest";
import { buildSimulation, collectResult, runSimulation } from "../../../kernel/sim/run.ts";
import { applyInput } from "../../../kernel/sim/inputs.ts";
import { findScenario } from "../../../userland/scenarios/index.ts";

describe("drop-next-packet", () => {
  it("loses the client's next segment; TCP retransmits it and the echo still completes", () => {
    const sim = buildSimulation(findScenario("echo")!);
    // Run until the connection is up and the client is about to send "hello".
    while (sim.world.now < 12_000_000 && sim.world.step());
    applyInput(sim, { kind: "drop-next-packet", host: "client" });
    runSimulation(sim);
    const r = collectResult(sim);
    expect(r.terminals.eclient).toBe("Connected to server:5000\nREQ: hello\nhello\nREQ: world\nworld\nREQ: ");
    const log = (sim.world.hosts[0]!.net as { net: { log: Array<{ pkt: { body: { data?: Uint8Array } } }> } }).net.log;
    const hellos = log.filter((l) => new TextDecoder().decode(l.pkt.body.data ?? new Uint8Array()) === "hello\n");
    // Sent twice by the client (the first one dropped), echoed once by the server.
    expect(hellos.length).toBe(3);
  });
});
