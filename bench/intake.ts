/**
 * Intake benchmark, run inside the emulator suite by scripts/bench.ts:
 * 200 valid submissions through Hosting at concurrency 10.
 */
import { randomUUID } from "node:crypto";
import { demoSettings } from "../scripts/demo-data.ts";
import { projectId, urls } from "../scripts/emulators.ts";
import { emulatorFirestore, seedDemoData } from "../scripts/seed.ts";

const total = 200;
const concurrency = 10;

function submission(i: number) {
  return {
    kind: i % 3 === 0 ? "advisory" : i % 3 === 1 ? "mentee" : "mentor",
    name: `Persona ${i}`,
    email: `persona.${i}.${randomUUID().slice(0, 6)}@ajuntament.example`,
    position: "Tècnica",
    municipality: "girona",
    topics: ["cures", "finances-etiques"],
    description: "Necessitem suport per dissenyar un pla local d'ESS.",
    modes: ["virtual"],
    capacity: 1,
    availability: "Dijous",
    slots: ["dj-mati"],
    consent: true,
  };
}

async function post(i: number): Promise<number> {
  const started = performance.now();
  const response = await fetch(`${urls.site}/api/applications`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify(submission(i)),
  });
  await response.text();
  if (response.status !== 202) throw new Error(`Submission ${i} answered ${response.status}`);
  return performance.now() - started;
}

async function pool(count: number, offset: number): Promise<number[]> {
  const latencies: number[] = [];
  let next = 0;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < count) latencies.push(await post(offset + next++));
    }),
  );
  return latencies;
}

const percentile = (sorted: number[], p: number) =>
  sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;

await fetch(`${urls.firestore}/emulator/v1/projects/${projectId}/databases/(default)/documents`, { method: "DELETE" });
await seedDemoData(emulatorFirestore(), new Date(), { ...demoSettings(), intakeRateLimitPerHour: 10_000 });
// Warm-up: the emulator starts one worker process per concurrent request; a
// deployed function keeps warm instances. Measure the steady state.
await pool(concurrency * 2, 100_000);
const started = performance.now();
const latencies = (await pool(total, 0)).sort((a, b) => a - b);
const seconds = (performance.now() - started) / 1000;
const result = {
  submissions: total,
  concurrency,
  p50Ms: Math.round(percentile(latencies, 50)),
  p95Ms: Math.round(percentile(latencies, 95)),
  maxMs: Math.round(latencies.at(-1)!),
  throughputPerSecond: Number((total / seconds).toFixed(1)),
};
console.log(`BENCH intake ${JSON.stringify(result)}`);
