/**
 * `npm test`: builds, starts the mail capture server and the emulator suite,
 * and runs every vitest project (unit, integration, browser) against them.
 */
import { build, execWithEmulators, localResendRateLimit, localWebhook, ports, root, run } from "./emulators.ts";
import { startMailCapture } from "./mail-capture.ts";
import path from "node:path";

build();
// The whole suite (no file named) first starts and Ctrl-C's `npm start` ten times:
// it needs the ports the suite's emulators are about to take.
if (process.argv.length <= 2) {
  run(process.execPath, [path.join(root, "scripts/stop-check.ts"), "10"], { ...process.env, XMESS_SKIP_BUILD: "1" });
}
const mail = await startMailCapture(ports.mail, {
  requestsPerSecond: localResendRateLimit,
  webhook: localWebhook(false),
});
const vitest = path.join(root, "node_modules/.bin/vitest");
const args = process.argv
  .slice(2)
  .map((a) => JSON.stringify(a))
  .join(" ");
const code = await execWithEmulators(`${vitest} run ${args}`);
await mail.close();
process.exit(code);
