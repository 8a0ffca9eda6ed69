/**
 * Cold module-load time of the deployed functions bundle against a bare
 * firebase-functions hello-world, each in fresh Node processes.
 */
import { spawnSync } from "node:child_process";
import path from "node:path";
import { root } from "../scripts/emulators.ts";

const runs = 7;
const functionsDir = path.join(root, "functions");

function loadMs(code: string): number {
  const out = spawnSync(process.execPath, ["-e", code], { cwd: functionsDir, encoding: "utf8" });
  if (out.status !== 0) throw new Error(out.stderr);
  return Number(out.stdout.trim());
}

const measure = (module: string) =>
  `const t = performance.now(); ${module}; process.stdout.write(String(performance.now() - t));`;
const helloWorld = measure(`require("firebase-functions/https").onRequest((req, res) => { res.send("hola"); })`);
// Every function here uses Firestore: this separates the SDK's own cost from ours.
const helloFirestore = measure(
  `require("firebase-admin/firestore"); require("firebase-functions/firestore"); require("firebase-functions/https").onRequest((req, res) => { res.send("hola"); })`,
);
const ours = measure(`require("./lib/index.js")`);

function median(code: string): number {
  const samples = Array.from({ length: runs }, () => loadMs(code)).sort((a, b) => a - b);
  return samples[Math.floor(runs / 2)]!;
}

const helloMs = median(helloWorld);
const helloFirestoreMs = median(helloFirestore);
const oursMs = median(ours);
const result = {
  runs,
  helloWorldMs: Math.round(helloMs),
  helloWorldWithFirestoreMs: Math.round(helloFirestoreMs),
  functionsMs: Math.round(oursMs),
  ratio: Number((oursMs / helloMs).toFixed(2)),
  ratioToFirestoreHelloWorld: Number((oursMs / helloFirestoreMs).toFixed(2)),
};
console.log(`BENCH coldStart ${JSON.stringify(result)}`);
