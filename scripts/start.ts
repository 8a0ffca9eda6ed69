/**
 * `npm start`: the whole system on this machine — emulators, mail capture,
 * demo data — until Ctrl-C.
 */
import {
  build,
  localResendRateLimit,
  localWebhook,
  ports,
  startEmulators,
  urls,
  waitForEmulators,
} from "./emulators.ts";
import { startMailCapture } from "./mail-capture.ts";
import { explainHeld, heldPorts } from "./ports.ts";
import { emulatorFirestore, seedForStart } from "./seed.ts";

const held = heldPorts();
if (held.length > 0) {
  console.error(explainHeld(held));
  process.exit(1);
}
// The stop check (scripts/stop-check.ts) has just built: starting ten times needs no ten builds.
if (process.env.XMESS_SKIP_BUILD !== "1") build();
const mail = await startMailCapture(ports.mail, {
  requestsPerSecond: localResendRateLimit,
  webhook: localWebhook(true),
});
const emulators = startEmulators();
let stopping = false;

/**
 * Ctrl-C reaches only this process: the emulators run in a process group of
 * their own (scripts/emulators.ts), so firebase-tools gets exactly one SIGINT —
 * a second one makes it quit at once and leave the Pub/Sub emulator's Java
 * running. We wait for it, then end whatever it left in its group.
 */
async function stop(code: number) {
  if (stopping) return;
  stopping = true;
  if (emulators.exitCode === null && emulators.signalCode === null) {
    const exited = new Promise((resolve) => emulators.once("exit", resolve));
    emulators.kill("SIGINT");
    await exited;
  }
  try {
    process.kill(-emulators.pid!, "SIGKILL");
  } catch {
    // nothing left in the group
  }
  await mail.close();
  process.exit(code);
}
process.on("SIGINT", () => void stop(0));
process.on("SIGTERM", () => void stop(0));
emulators.on("exit", (code) => {
  if (!stopping) {
    console.error(`The emulators stopped (${code}).`);
    void mail.close().then(() => process.exit(code ?? 1));
  }
});

await waitForEmulators();
await seedForStart(emulatorFirestore());
console.log(`
XMESS is running locally with demo data.
  Site (landing page):      ${urls.site}/
  Mentee form:              ${urls.site}/sollicitud/rebre-mentoria
  Mentor form:              ${urls.site}/sollicitud/oferir-mentoria
  Advisory form:            ${urls.site}/sollicitud/assessorament
  Captured emails:          ${urls.mail}/
  Firestore emulator REST:  ${urls.firestore}/v1/projects/demo-xmess/databases/(default)/documents
  Functions:                ${urls.functions}/
Press Ctrl-C to stop everything.
`);
