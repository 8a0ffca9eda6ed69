/**
 * Ctrl-C stops everything, every time (issue: a second SIGINT left the
 * Pub/Sub emulator's Java running and the next start failed). Starts
 * `npm start` as a terminal would — in its own foreground process group —
 * waits for its URLs, sends SIGINT to the whole group as Ctrl-C does, and
 * checks that every project port is free. `node scripts/stop-check.ts [times]`.
 */
import { spawn } from "node:child_process";
import { build, root } from "./emulators.ts";
import { explainHeld, heldPorts } from "./ports.ts";

const times = Number(process.argv[2] ?? 10);

function startAndInterrupt(): Promise<{ startedMs: number; stoppedMs: number }> {
  const began = Date.now();
  const child = spawn("npm", ["start"], {
    cwd: root,
    detached: true,
    stdio: ["ignore", "pipe", "pipe"],
    env: { ...process.env, XMESS_SKIP_BUILD: "1" },
  });
  let output = "";
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`npm start did not come up:\n${output.slice(-2000)}`)), 180_000);
    const exited = new Promise<void>((done) => child.once("exit", () => done()));
    const watch = (chunk: Buffer) => {
      output += chunk.toString();
      if (!output.includes("Press Ctrl-C")) return;
      child.stdout.off("data", watch);
      clearTimeout(timer);
      const startedMs = Date.now() - began;
      process.kill(-child.pid!, "SIGINT"); // the whole foreground group, as a terminal's Ctrl-C
      const stopping = Date.now();
      const deadline = setTimeout(() => reject(new Error("npm start did not stop within 60 s")), 60_000);
      void exited.then(() => {
        clearTimeout(deadline);
        resolve({ startedMs, stoppedMs: Date.now() - stopping });
      });
    };
    child.stdout.on("data", watch);
    child.stderr.on("data", (chunk: Buffer) => (output += chunk.toString()));
  });
}

const before = heldPorts();
if (before.length > 0) {
  console.error(explainHeld(before));
  process.exit(1);
}
if (process.env.XMESS_SKIP_BUILD !== "1") build();
for (let i = 1; i <= times; i++) {
  const { startedMs, stoppedMs } = await startAndInterrupt();
  const held = heldPorts();
  console.log(
    `stop check ${i}/${times}: up in ${startedMs} ms, stopped in ${stoppedMs} ms, ports held: ${held.length}`,
  );
  if (held.length > 0) {
    console.error(explainHeld(held));
    process.exit(1);
  }
}
console.log(`Ctrl-C stopped everything ${times} times out of ${times}.`);
