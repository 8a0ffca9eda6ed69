/**
 * `npm run build`: the functions as they are deployed and as the emulator suite
 * runs them (docs/operations.md, "The bundle").
 *
 * - `lib/index.js`: one CommonJS file with every dependency (the Firestore
 *   client, its gRPC and protos, the Resend SDK, zod, temporal-polyfill). A cold
 *   instance spends most of its start resolving and reading hundreds of small
 *   files; one file is read once. Each function's handler stays lazy: esbuild
 *   turns `import()` into a module initialised on first use, so an instance
 *   still runs only its own function's code. `lib/index.js.map` maps logged
 *   stack traces back to `src/` (src/stackTraces.ts, read only when an error is logged).
 * - `functions.yaml`: the functions, their options and their params, as the
 *   Firebase CLI would discover them. The CLI reads declared params from its own
 *   copy of firebase-functions, which a bundle does not share; so the manifest is
 *   written by that SDK's own loader from the same source transpiled file by file
 *   (`.transpiled/`, also what the preflight reads), and the CLI and the emulator
 *   read it instead of discovering.
 */
import { execFileSync } from "node:child_process";
import process from "node:process";
import { readdirSync, rmSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { build } from "esbuild";

const here = path.dirname(fileURLToPath(import.meta.url));
const require = createRequire(import.meta.url);
const node22 = { platform: "node", target: "node22", format: "cjs", logLevel: "warning" };

const sources = readdirSync(path.join(here, "src"), { recursive: true, withFileTypes: true })
  .filter((entry) => entry.isFile() && entry.name.endsWith(".ts"))
  .map((entry) => path.join(entry.parentPath, entry.name));

// The manifest, from the source transpiled file by file next to node_modules.
const transpiled = path.join(here, ".transpiled");
rmSync(transpiled, { recursive: true, force: true });
await build({ ...node22, entryPoints: sources, outdir: transpiled, outbase: path.join(here, "src") });
const sdkBin = path.join(path.dirname(require.resolve("firebase-functions")), "../bin/firebase-functions.js");
execFileSync(process.execPath, [sdkBin], {
  cwd: transpiled,
  env: { ...process.env, FUNCTIONS_MANIFEST_OUTPUT_PATH: path.join(here, "functions.yaml") },
  stdio: "inherit",
});

// The bundle.
rmSync(path.join(here, "lib"), { recursive: true, force: true });
await build({
  ...node22,
  entryPoints: [path.join(here, "src/index.ts")],
  outfile: path.join(here, "lib/index.js"),
  bundle: true,
  minify: true,
  // Function and class names stay readable in logs and stack traces.
  keepNames: true,
  sourcemap: "linked",
  sourcesContent: false,
  legalComments: "external",
});
