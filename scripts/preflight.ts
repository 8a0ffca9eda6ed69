/**
 * `npm run preflight`: before any deploy, offline and without credentials,
 * checks what the emulator does not enforce (docs/design.md §15). Builds the
 * functions, reads them as firebase-tools discovers them (each export's
 * `__endpoint` in the built code), and prints one line per check; exits 1 if
 * any failed. `npm run preflight -- --data <dir>` checks the reference-data files a
 * deploy will import (the demo's by default). `npm run deploy -- <alias>` runs it first.
 */
import { readdirSync, readFileSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import { builtSettingsSchema, readFiles } from "./data.ts";
import { build, root } from "./emulators.ts";
import {
  checkAlerts,
  checkAliases,
  checkDeclaredSecrets,
  checkIndexes,
  checkReferenceData,
  checkRegions,
  checkRewrites,
  checkRules,
  checkManifest,
  checkRuntime,
  checkSecrets,
  checkTtl,
  querySpecs,
  type AlertPolicy,
  type CheckResult,
  type CompositeIndex,
  type LogMetric,
  type Endpoint,
  type Rewrite,
} from "./preflight-checks.ts";

const json = (file: string) => JSON.parse(readFileSync(path.join(root, file), "utf8")) as unknown;
/** A module of the functions transpiled file by file by the build (the same source as the bundle and its manifest). */
const builtModule = (file: string) =>
  createRequire(import.meta.url)(path.join(root, "functions/.transpiled", file)) as Record<string, unknown>;

/** The functions as firebase-tools finds them: every export of the built code that carries an endpoint. */
export function discoveredEndpoints(): Record<string, Endpoint> {
  return endpointsOf(builtModule("index.js"));
}

/**
 * The functions the deployed bundle exports (`lib/index.js`, an ES module), as the
 * emulator loads them: Node 22 `require`s an ES module without top-level await.
 */
function bundledEndpoints(): Record<string, Endpoint> {
  return endpointsOf(
    createRequire(import.meta.url)(path.join(root, "functions/lib/index.js")) as Record<string, unknown>,
  );
}

/** Every file of the bundle, its entry and its chunks, as one text. */
const bundleText = () =>
  readdirSync(path.join(root, "functions/lib"), { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile() && entry.name.endsWith(".js"))
    .map((entry) => readFileSync(path.join(entry.parentPath, entry.name), "utf8"))
    .join("\n");

const endpointsOf = (built: Record<string, unknown>): Record<string, Endpoint> =>
  Object.fromEntries(
    Object.entries(built).flatMap(([name, value]) => {
      const endpoint = (value as { __endpoint?: Endpoint } | null)?.__endpoint;
      return endpoint ? [[name, endpoint]] : [];
    }),
  );

/** The JSON files of a folder of `monitoring/`, by name without `.json`. */
export function monitoringFiles<T>(folder: "metrics" | "policies"): Record<string, T> {
  const dir = path.join(root, "monitoring", folder);
  return Object.fromEntries(
    readdirSync(dir)
      .filter((file) => file.endsWith(".json"))
      .map((file) => [file.slice(0, -".json".length), JSON.parse(readFileSync(path.join(dir, file), "utf8")) as T]),
  );
}

/** `dataDir`: the reference-data files a deploy will import (`--data <dir>`; the demo's by default). */
export function preflight(dataDir = path.join(root, "demo")): CheckResult[] {
  build();
  const endpoints = discoveredEndpoints();
  const firebase = json("firebase.json") as {
    hosting: { rewrites: Rewrite[] };
    functions: { runtime?: string }[];
  };
  const declaredIndexes = json("firestore.indexes.json") as {
    indexes: CompositeIndex[];
    fieldOverrides: Parameters<typeof checkTtl>[0];
  };
  const config = builtModule("config.js");
  const region = config.region as string;
  // Every `defineSecret` the configuration exports, by the name production knows it by.
  const secrets = Object.values(config).flatMap((value) =>
    value?.constructor?.name === "SecretParam" ? [(value as { name: string }).name] : [],
  );
  const engines = (json("package.json") as { engines: { node: string } }).engines.node;
  const { queries } = builtModule("store/queries.js") as {
    queries: Parameters<typeof querySpecs>[0];
  };
  return [
    checkAliases(json(".firebaserc") as { projects?: Record<string, string> }),
    checkRuntime(firebase.functions, engines),
    checkManifest(
      (json("functions/functions.yaml") as { endpoints: Record<string, Endpoint> }).endpoints,
      bundledEndpoints(),
    ),
    checkRegions(endpoints, region),
    checkRewrites(firebase.hosting.rewrites, endpoints),
    checkSecrets(readFileSync(path.join(root, "functions/src/index.ts"), "utf8")),
    checkDeclaredSecrets(endpoints, secrets),
    checkIndexes(querySpecs(queries), declaredIndexes.indexes),
    checkTtl(declaredIndexes.fieldOverrides),
    checkRules(readFileSync(path.join(root, "firestore.rules"), "utf8")),
    checkReferenceData(path.relative(root, dataDir) || ".", readFiles(dataDir, builtSettingsSchema()).problems),
    checkAlerts(monitoringFiles<LogMetric>("metrics"), monitoringFiles<AlertPolicy>("policies"), bundleText()),
  ];
}

if (import.meta.main) {
  const data = process.argv.indexOf("--data");
  const results = preflight(data > 0 && process.argv[data + 1] ? path.resolve(process.argv[data + 1]!) : undefined);
  for (const { name, ok, detail } of results) console.log(`${ok ? "✔" : "✘"} ${name}: ${detail}`);
  process.exit(results.every((r) => r.ok) ? 0 : 1);
}
