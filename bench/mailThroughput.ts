/**
 * Mail throughput benchmark, run inside the emulator suite by scripts/bench.ts
 * with the capture server enforcing Resend's lowest default rate limit
 * (2 requests per second, 429 past it) and the functions told the same:
 * 300 emails queued at once (an approved run plus invitations). The mail
 * sweep is called every minute, as Cloud Scheduler calls it in production.
 * Reports the time until every message is SUCCESS against the ideal
 * (count ÷ rate), sends per message, 429s and ERRORs.
 */
import type { SendRequest } from "../scripts/mail-capture.ts";
import { urls } from "../scripts/emulators.ts";
import { emulatorFirestore, seedDemoData } from "../scripts/seed.ts";
import { runScheduledFunction } from "../tests/helpers/emulator.ts";

const total = 300;
const perSecond = 2;
const db = emulatorFirestore();
await seedDemoData(db);

const started = Date.now();
for (let i = 0; i < total; i += 100) {
  const batch = db.batch();
  for (let j = i; j < i + 100; j++) {
    batch.set(db.doc(`mail/bench-${String(j).padStart(3, "0")}`), {
      to: [`persona.${j}@ajuntament.example`],
      from: "XMESS <mentories@xmess.example>",
      template: "bench",
      subject: "Proposta de mentoria",
      text: "Hola",
      createdAt: new Date(),
      delivery: { state: "PENDING", attempts: 0 },
    });
  }
  await batch.commit();
}

const states = async () => {
  const snap = await db.collection("mail").where("template", "==", "bench").get();
  const count: Record<string, number> = {};
  for (const doc of snap.docs) count[doc.get("delivery.state") as string] = (count[doc.get("delivery.state")] ?? 0) + 1;
  return count;
};

let nextSweep = started + 60_000;
for (;;) {
  const count = await states();
  if ((count.SUCCESS ?? 0) + (count.ERROR ?? 0) === total) break;
  if (Date.now() > started + 20 * 60_000) throw new Error(`not done after 20 minutes: ${JSON.stringify(count)}`);
  if (Date.now() >= nextSweep) {
    nextSweep += 60_000;
    void runScheduledFunction("sweepMail");
  }
  await new Promise((resolve) => setTimeout(resolve, 1000));
}
const seconds = (Date.now() - started) / 1000;
const requests = ((await (await fetch(`${urls.mail}/_requests`)).json()) as SendRequest[]).filter((r) =>
  r.idempotencyKey?.startsWith("bench-"),
);
const accepted = requests.filter((r) => r.status === 200);
const final = await states();
console.log(
  `BENCH mail ${JSON.stringify({
    queued: total,
    rateLimitPerSecond: perSecond,
    success: final.SUCCESS ?? 0,
    error: final.ERROR ?? 0,
    sendsAccepted: accepted.length,
    distinctMessagesSent: new Set(accepted.map((r) => r.idempotencyKey)).size,
    refused429: requests.filter((r) => r.status === 429).length,
    seconds: Math.round(seconds),
    idealSeconds: total / perSecond,
    ratioToIdeal: Math.round((seconds / (total / perSecond)) * 100) / 100,
  })}`,
);
process.exit(0);
