/**
 * `npm run deploy -- <alias>`: the preflight, then `firebase deploy` to the
 * project the alias names in .firebaserc (`staging` or `production`). Nothing
 * is deployed if any check fails.
 */
import path from "node:path";
import { root, run } from "./emulators.ts";
import { preflight } from "./preflight.ts";

const alias = process.argv[2];
if (alias !== "staging" && alias !== "production") {
  console.error("Usage: npm run deploy -- staging|production");
  process.exit(2);
}
const results = preflight();
for (const { name, ok, detail } of results) console.log(`${ok ? "✔" : "✘"} ${name}: ${detail}`);
if (!results.every((r) => r.ok)) {
  console.error("Preflight failed: nothing deployed.");
  process.exit(1);
}
run(path.join(root, "node_modules/.bin/firebase"), ["deploy", "--project", alias]);
