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
import { emulatorFirestore, seedDemoData } from "./seed.ts";

build();
const mail = await startMailCapture(ports.mail, {
  requestsPerSecond: localResendRateLimit,
  webhook: localWebhook(true),
});
const emulators = startEmulators();
let stopping = false;

async function stop(code: number) {
  if (stopping) return;
  stopping = true;
  emulators.kill("SIGINT");
  await new Promise((resolve) => emulators.once("exit", resolve));
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
await seedDemoData(emulatorFirestore());
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
