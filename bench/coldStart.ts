/**
 * Cold load of each deployed function, in fresh Node processes: the bundle's
 * entry (`lib/index.js`, as deployed, with the chunks it imports) plus its
 * handler's chunks, imported as the function's first request or event imports
 * them (`handlers` in index.ts). Compared, in interleaved rounds so the
 * machine's drift touches every variant alike, with a firebase-functions
 * hello-world that also loads the Firestore client unbundled (every function
 * here uses Firestore): the floor. Target: every function's median at most
 * 1.0× the floor's; the worst round of each is reported too.
 */
import { spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
import path from "node:path";
import { root } from "../scripts/emulators.ts";

const rounds = 11;
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

/** Every function index.ts exports, each with a lazy handler. */
const functionNames = [
  ...readFileSync(path.join(functionsDir, "src/index.ts"), "utf8").matchAll(/^export const (\w+) = on/gm),
].map((m) => m[1]!);

const variants: [string, string][] = [
  ["helloWorld", helloWorld],
  ["helloWorldWithFirestore", helloFirestore],
  ...functionNames.map((name): [string, string] => [
    name,
    measure(`await (await import("./lib/index.js")).handlers[${JSON.stringify(name)}]()`),
  ]),
];
const samples = new Map<string, number[]>(variants.map(([name]) => [name, []]));
for (let round = 0; round < rounds; round++) {
  for (const [name, code] of variants) samples.get(name)!.push(loadMs(code));
}
const sorted = (name: string) => [...samples.get(name)!].sort((a, b) => a - b);
const median = (name: string) => sorted(name)[Math.floor(rounds / 2)]!;
const floor = median("helloWorldWithFirestore");
const ratio = (ms: number) => Number((ms / floor).toFixed(2));
const functions = Object.fromEntries(
  functionNames.map((name) => [
    name,
    { medianMs: Math.round(median(name)), median: ratio(median(name)), worst: ratio(sorted(name).at(-1)!) },
  ]),
);
const medians = functionNames.map((name) => ratio(median(name)));
const result = {
  rounds,
  helloWorldMs: Math.round(median("helloWorld")),
  floorMs: Math.round(floor),
  // The floor's own worst round against its median: how much the machine alone stalls.
  floorWorst: ratio(sorted("helloWorldWithFirestore").at(-1)!),
  worstFunctionMedian: Math.max(...medians),
  medianFunction: [...medians].sort((a, b) => a - b)[Math.floor(medians.length / 2)],
  functions,
};
console.log(`BENCH coldStart ${JSON.stringify(result)}`);
