/**
 * `npm test`: every tier (docs/testing.md). Builds the functions, starts the
 * emulator suite and the shared mail capture server for the journeys, and
 * runs the unit, use-case and journey projects. `npm run test:fast`
 * (`--fast`): the unit and use-case tiers only, against the Firestore
 * emulator alone, with nothing to build — the inner loop.
 * Arguments after the options go to vitest (a file, `-t name`).
 */
import path from "node:path";
import {
  allEmulators,
  build,
  execWithEmulators,
  localResendRateLimit,
  localWebhook,
  ports,
  root,
  run,
} from "./emulators.ts";
import { startMailCapture } from "./mail-capture.ts";

const fast = process.argv.includes("--fast");
const passed = process.argv.slice(2).filter((arg) => arg !== "--fast");
const vitest = path.join(root, "node_modules/.bin/vitest");
// The three tiers; the cost model's year (`costs`) runs only in `npm run bench`.
const tiers = ["unit", "usecases", ...(fast ? [] : ["journeys"])].flatMap((name) => ["--project", name]);
// Without the journeys' emulator suite beside them, a fourth file at once keeps both cores busy
// while the others wait on Firestore (83 s instead of 95 s measured on 2 cores).
const args = [...tiers, ...(fast ? ["--maxWorkers", "4"] : []), ...passed].map((a) => JSON.stringify(a)).join(" ");

let code: number;
if (fast) {
  code = await execWithEmulators(`${vitest} run ${args}`, {}, localResendRateLimit, "firestore");
} else {
  build();
  // The whole suite (nothing named) first starts and Ctrl-C's `npm start`:
  // it needs the ports the suite's emulators are about to take. Once is
  // enough here: the check finds every port free after the stop, and the
  // suite's own start on the same ports is the start that follows it
  // (`node scripts/stop-check.ts` alone repeats it ten times).
  if (passed.length === 0) {
    run(process.execPath, [path.join(root, "scripts/stop-check.ts"), "1"], { ...process.env, XMESS_SKIP_BUILD: "1" });
  }
  const mail = await startMailCapture(ports.mail, {
    requestsPerSecond: localResendRateLimit,
    webhook: localWebhook(false),
  });
  code = await execWithEmulators(`${vitest} run ${args}`, {}, localResendRateLimit, allEmulators);
  await mail.close();
}
process.exit(code);
