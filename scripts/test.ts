/**
 * `npm test`: builds, starts the mail capture server and the emulator suite,
 * and runs every vitest project (unit, integration, browser) against them.
 */
import { build, execWithEmulators, localResendRateLimit, localWebhook, ports, root } from "./emulators.ts";
import { startMailCapture } from "./mail-capture.ts";
import path from "node:path";

build();
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
