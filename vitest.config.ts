import { defineConfig } from "vitest/config";
import { BaseSequencer, type TestSpecification } from "vitest/node";
import { ports, projectId, urls } from "./scripts/emulators.ts";

/** The journeys drive the emulator suite: the same ports as the emulators themselves, read from firebase.json. */
const suiteEnv = {
  FIRESTORE_EMULATOR_HOST: `127.0.0.1:${ports.firestore}`,
  GCLOUD_PROJECT: projectId,
  RESEND_BASE_URL: urls.mail,
  METADATA_SERVER_DETECTION: "none",
};

/**
 * Vitest runs projects in name order, so the unit files would hold the workers
 * while the slow use-case files wait. The use cases go first (longest first, as
 * vitest orders them); the unit files fill the workers the use cases leave idle.
 */
class UseCasesFirst extends BaseSequencer {
  override async sort(files: TestSpecification[]) {
    const sorted = await super.sort(files);
    const isUnit = (spec: TestSpecification) => spec.project.name === "unit";
    return [...sorted.filter((spec) => !isUnit(spec)), ...sorted.filter(isUnit)];
  }
}

/** The three tiers of docs/testing.md. */
export default defineConfig({
  test: {
    // Use-case files mostly wait on the Firestore emulator: more of them at once than cores.
    maxWorkers: 3,
    // The functions' structured logs only where they explain a failure.
    silent: "passed-only",
    sequence: { sequencer: UseCasesFirst },
    projects: [
      {
        test: {
          name: "unit",
          include: ["tests/unit/**/*.test.ts"],
          // They run beside the use cases on 2 cores: the property tests need more than the default 5 s there.
          testTimeout: 60_000,
          // Pure code: one module environment for all the files, not a fresh one each.
          isolate: false,
        },
      },
      {
        test: {
          name: "usecases",
          include: ["tests/usecases/**/*.test.ts"],
          // Each file has its own Firestore project, capture server and site: files run in parallel.
          setupFiles: ["tests/helpers/useCaseTier.setup.ts"],
          testTimeout: 120_000,
          hookTimeout: 60_000,
          env: { METADATA_SERVER_DETECTION: "none" },
        },
      },
      {
        test: {
          name: "journeys",
          include: ["tests/journeys/**/*.test.ts"],
          // One emulator suite is shared: files run one after another.
          fileParallelism: false,
          testTimeout: 180_000,
          hookTimeout: 120_000,
          env: suiteEnv,
        },
      },
      {
        test: {
          // Not a test: the cost model's simulated year (bench/year.costs.ts), run by `npm run bench` alone.
          name: "costs",
          include: ["bench/**/*.costs.ts"],
          setupFiles: ["tests/helpers/useCaseTier.setup.ts"],
          hookTimeout: 120_000,
          env: { METADATA_SERVER_DETECTION: "none" },
        },
      },
    ],
  },
});
