/** Browsers get nothing from Firestore: everything goes through the functions. */
import { readFileSync } from "node:fs";
import { assertFails, initializeTestEnvironment, type RulesTestEnvironment } from "@firebase/rules-unit-testing";
import { doc, getDoc, setDoc, collection, getDocs, deleteDoc } from "firebase/firestore";
import { afterAll, beforeAll, describe, it } from "vitest";
import { ports, projectId } from "../../scripts/emulators.ts";
import { clearFirestore, withTriggersPaused } from "../helpers/emulator.ts";

// Every collection of docs/design.md §3 and those the functions add.
const collections = [
  "settings",
  "cycles",
  "members",
  "topics",
  "applications",
  "matchingRuns",
  "pairings",
  "removedPairings",
  "sessions",
  "advisoryGroups",
  "advisoryTopics",
  "incidents",
  "materials",
  "reports",
  "exports",
  "privacyRequests",
  "suppressions",
  "emailEvents",
  "mail",
  "rateLimits",
];
let env: RulesTestEnvironment;

beforeAll(async () => {
  env = await initializeTestEnvironment({
    projectId,
    firestore: { rules: readFileSync("firestore.rules", "utf8"), host: "127.0.0.1", port: ports.firestore },
  });
  // The seeds sit in collections that triggers watch: nothing here is for them to handle.
  await withTriggersPaused(() =>
    env.withSecurityRulesDisabled(async (context) => {
      for (const name of collections) await setDoc(doc(context.firestore(), name, "existing"), { value: 1 });
    }),
  );
});

afterAll(async () => {
  await clearFirestore();
  await env.cleanup();
});

describe("firestore.rules", () => {
  for (const [who, client] of [
    ["an anonymous visitor", () => env.unauthenticatedContext().firestore()],
    [
      "a signed-in user",
      () => env.authenticatedContext("tecnica", { email: "tecnica@ajuntament.example" }).firestore(),
    ],
  ] as const) {
    it(`deny ${who} every read and write in every collection`, async () => {
      const db = client();
      for (const name of collections) {
        await assertFails(getDoc(doc(db, name, "existing")));
        await assertFails(getDocs(collection(db, name)));
        await assertFails(setDoc(doc(db, name, "new"), { value: 2 }));
        await assertFails(setDoc(doc(db, name, "existing"), { value: 3 }));
        await assertFails(deleteDoc(doc(db, name, "existing")));
      }
    });
  }
});
