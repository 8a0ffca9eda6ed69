/**
 * `npm run build`: the functions as they are deployed and as the emulator suite
 * runs them (docs/operations.md, "The bundle").
 *
 * - `lib/`: every dependency (the Firestore client, its gRPC and protos, the
 *   Resend SDK, zod, temporal-polyfill) bundled by esbuild as ES modules split
 *   into chunks. A cold instance spends most of its start resolving and reading
 *   hundreds of small files; here it reads the entry `lib/index.js` and the
 *   chunks its own function needs: each function's handler is an `import()`
 *   (`handlers` in index.ts), so it is a chunk of its own, loaded on the
 *   function's first request or event, and no instance parses another
 *   function's code. Each file has its `.map`, read only when an error is logged
 *   (src/stackTraces.ts).
 * - `functions.yaml`: the functions, their options and their params, as the
 *   Firebase CLI would discover them. The CLI reads declared params from its own
 *   copy of firebase-functions, which a bundle does not share; so the manifest is
 *   written by that SDK's own loader from the same source transpiled file by file
 *   (`.transpiled/`, also what the preflight reads), and the CLI and the emulator
 *   read it instead of discovering.
 */
import { execFileSync } from "node:child_process";
import process from "node:process";
import { readdirSync, rmSync, writeFileSync } from "node:fs";
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

/**
 * zod registers every one of its sixty locales on its namespace; the functions
 * use only its default English (their messages to people are their own, in
 * Catalan). Leaving the others out spares every cold start parsing ~260 KB.
 */
const zodEnglishOnly = {
  name: "zod-english-only",
  setup(build) {
    build.onResolve({ filter: /^\.\.\/locales\/index\.js$/ }, (args) =>
      args.importer.includes(`${path.sep}zod${path.sep}`)
        ? { path: path.join(args.resolveDir, "../locales"), namespace: "zod-locales" }
        : undefined,
    );
    build.onLoad({ filter: /.*/, namespace: "zod-locales" }, (args) => ({
      contents: 'export { default as en } from "./en.js";',
      resolveDir: args.path,
      loader: "js",
    }));
  },
};

// The bundle.
const lib = path.join(here, "lib");
rmSync(lib, { recursive: true, force: true });
await build({
  ...node22,
  format: "esm",
  entryPoints: [path.join(here, "src/index.ts")],
  outdir: lib,
  bundle: true,
  splitting: true,
  chunkNames: "chunks/[name]-[hash]",
  // Whitespace and syntax only: names stay as written, so stack traces read well and the
  // libraries that compare class names (the Firestore client's `constructor.name ===
  // "FieldPath"`) keep working without esbuild's keepNames, which costs a call per function.
  minifyWhitespace: true,
  minifySyntax: true,
  sourcemap: "linked",
  sourcesContent: false,
  legalComments: "external",
  plugins: [zodEnglishOnly],
  // The bundled CommonJS packages call require() and read __dirname; an ES module has neither.
  banner: {
    js: [
      'import { createRequire as __createRequire } from "node:module";',
      'import { dirname as __pathDirname } from "node:path";',
      'import { fileURLToPath as __fileURLToPath } from "node:url";',
      "const require = __createRequire(import.meta.url);",
      "const __filename = __fileURLToPath(import.meta.url);",
      "const __dirname = __pathDirname(__filename);",
    ].join(" "),
  },
});
writeFileSync(path.join(lib, "package.json"), `${JSON.stringify({ type: "module" })}\n`);
