/**
 * Cold module load of each deployed function, in fresh Node processes: the
 * functions bundle (`lib/index.js`, which only wires) plus the handler module
 * that function imports on its first event. Compared in the same run with a
 * firebase-functions hello-world that also loads the Firestore client (every
 * function here uses Firestore), and with a bare one. Target: ≤ 1.2×.
 */
import { spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
import path from "node:path";
import { root } from "../scripts/emulators.ts";

const runs = 11;
const functionsDir = path.join(root, "functions");

function loadMs(code: string): number {
  const out = spawnSync(process.execPath, ["-e", code], { cwd: functionsDir, encoding: "utf8" });
  if (out.status !== 0) throw new Error(out.stderr);
  return Number(out.stdout.trim());
}

const measure = (load: string) =>
  `(async () => { const t = performance.now(); ${load}; process.stdout.write(String(performance.now() - t)); })()`;
const helloWorld = measure(`require("firebase-functions/https").onRequest((req, res) => { res.send("hola"); })`);
const helloFirestore = measure(
  `require("firebase-admin/firestore"); require("firebase-functions/firestore"); require("firebase-functions/https").onRequest((req, res) => { res.send("hola"); })`,
);

// The project validates every edge with zod (its core is most of a function's own load): a third baseline.
const helloFirestoreZod = measure(
  `require("firebase-admin/firestore"); require("firebase-functions/firestore"); require("zod"); require("firebase-functions/https").onRequest((req, res) => { res.send("hola"); })`,
);

/** Each export of index.ts and the module it imports on first use, read from the source itself. */
function handlerModules(): [name: string, module: string][] {
  const source = readFileSync(path.join(functionsDir, "src/index.ts"), "utf8");
  return [...source.matchAll(/export const (\w+) = [\s\S]*?import\("\.\/([\w/]+)\.js"\)/g)].map((m) => [
    m[1]!,
    `./lib/${m[2]}.js`,
  ]);
}

const variants: [string, string][] = [
  ["helloWorld", helloWorld],
  ["helloWorldWithFirestore", helloFirestore],
  ["helloWorldWithFirestoreAndZod", helloFirestoreZod],
  ...handlerModules().map(([name, module]): [string, string] => [
    name,
    measure(`require("./lib/index.js"); require(${JSON.stringify(module)})`),
  ]),
];
// Round-robin, so the machine's drift during the run touches every variant alike; then medians.
const samples = new Map<string, number[]>(variants.map(([name]) => [name, []]));
for (let round = 0; round < runs; round++) {
  for (const [name, code] of variants) samples.get(name)!.push(loadMs(code));
}
const median = (name: string) => {
  const sorted = [...samples.get(name)!].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
};
const helloFirestoreMs = median("helloWorldWithFirestore");
const helloFirestoreZodMs = median("helloWorldWithFirestoreAndZod");
const functions = Object.fromEntries(
  variants.slice(3).map(([name]) => {
    const ms = median(name);
    return [
      name,
      {
        ms: Math.round(ms),
        ratio: Number((ms / helloFirestoreMs).toFixed(2)),
        ratioWithZod: Number((ms / helloFirestoreZodMs).toFixed(2)),
      },
    ];
  }),
);
const result = {
  runs,
  helloWorldMs: Math.round(median("helloWorld")),
  helloWorldWithFirestoreMs: Math.round(helloFirestoreMs),
  helloWorldWithFirestoreAndZodMs: Math.round(helloFirestoreZodMs),
  functions,
};
console.log(`BENCH coldStart ${JSON.stringify(result)}`);
