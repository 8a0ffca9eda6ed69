import { defineConfig } from "vitest/config";
import { ports, projectId, urls } from "./scripts/emulators.ts";

// The same ports as the emulators themselves: read from firebase.json, never repeated.
const emulatorEnv = {
  FIRESTORE_EMULATOR_HOST: `127.0.0.1:${ports.firestore}`,
  GCLOUD_PROJECT: projectId,
  RESEND_BASE_URL: urls.mail,
  METADATA_SERVER_DETECTION: "none",
};

export default defineConfig({
  test: {
    projects: [
      { test: { name: "unit", include: ["tests/unit/**/*.test.ts"] } },
      {
        test: {
          name: "emulator",
          include: ["tests/integration/**/*.test.ts", "tests/browser/**/*.test.ts"],
          // One emulator suite is shared: files run one after another.
          fileParallelism: false,
          testTimeout: 180_000,
          hookTimeout: 120_000,
          env: emulatorEnv,
        },
      },
    ],
  },
});
