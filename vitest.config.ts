import { defineConfig } from "vitest/config";

const emulatorEnv = {
  FIRESTORE_EMULATOR_HOST: "127.0.0.1:4742",
  GCLOUD_PROJECT: "demo-xmess",
  RESEND_BASE_URL: "http://127.0.0.1:4748",
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
