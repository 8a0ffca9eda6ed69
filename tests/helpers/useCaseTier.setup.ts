/**
 * Setup of the use-case tier (vitest's setupFiles): each test file runs on a
 * Firestore project of its own on the shared emulator, so files run in
 * parallel without seeing each other, with its own mail capture server and
 * its own in-process site; its writes reach the trigger handlers in-process.
 * A trigger handler that throws fails the test it happened in.
 */
import { basename } from "node:path";
import { afterAll, afterEach, expect } from "vitest";
import { localResendRateLimit, localSecrets, ports } from "../../scripts/emulators.ts";

const file = expect.getState().testPath!;
const project = `demo-${basename(file, ".test.ts")
  .toLowerCase()
  .replace(/[^a-z0-9]+/g, "-")}`.slice(0, 30);
Object.assign(process.env, {
  // Firebase Admin reads the project from FIREBASE_CONFIG first (emulators:exec sets the suite's).
  GCLOUD_PROJECT: project,
  FIREBASE_CONFIG: JSON.stringify({ projectId: project }),
  FIRESTORE_EMULATOR_HOST: `127.0.0.1:${ports.firestore}`,
  // As in the Functions emulator: no proxy of ours in front, the socket's peer is the client.
  FUNCTIONS_EMULATOR: "true",
  RESEND_REQUESTS_PER_SECOND: String(localResendRateLimit),
  ...localSecrets(),
});

// Loaded only now: what they import reads the environment above.
const { startHarness } = await import("./harness.ts");
const harness = await startHarness();

afterEach(() => {
  const failures = harness.pump.failures.splice(0);
  if (failures.length > 0) {
    throw new Error(
      `A trigger handler threw:\n${failures.map((f) => `  ${f.path}: ${f.error instanceof Error ? (f.error.stack ?? f.error.message) : String(f.error)}`).join("\n")}`,
    );
  }
});
afterAll(() => harness.close());
