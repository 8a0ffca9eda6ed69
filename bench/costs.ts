/**
 * The cost of a programme year (bench/README.md, "What a year costs"): the
 * simulated year's figures (bench/results/year.json, from bench/year.costs.ts)
 * plus a year of schedule ticks at the idle tick measured there, priced at list
 * prices against the free tiers. Every phase is put on a single day, the
 * worst case for a daily free tier; the other days carry the idle ticks.
 */
import { readFileSync } from "node:fs";
import path from "node:path";

interface Usage {
  reads: number;
  writes: number;
  deletes: number;
}
interface Year {
  simulated: Record<string, number>;
  phases: { name: string; firestore: Usage; invocations: Record<string, number>; emails: number }[];
  idle: Record<"sweepMail" | "sweepStuckWork", Usage>;
  emails: Record<string, number>;
}

/**
 * List prices in USD, as published on 2026-12-03: Firestore Standard edition
 * (the free tier per day; per 100,000 beyond it at the multi-region rate, the
 * highest, so a regional database such as europe-southwest1 costs at most this),
 * Cloud Run functions (invocations; each job also bills Cloud Scheduler),
 * Resend (the free plan, then Pro).
 */
export const prices = {
  date: "2026-12-03",
  firestore: {
    freePerDay: { reads: 50_000, writes: 20_000, deletes: 20_000 },
    per100k: { reads: 0.06, writes: 0.18, deletes: 0.02 },
  },
  functions: { freeInvocationsPerMonth: 2_000_000, perMillionInvocations: 0.4 },
  scheduler: { freeJobsPerBillingAccount: 3, perJobPerMonth: 0.1 },
  resend: { freePerMonth: 3_000, freePerDay: 100, proPerMonth: 20 },
};

/** How often each scheduled function runs in a year (functions/src/index.ts). */
const ticksPerYear: Record<string, number> = {
  sweepMail: 365 * 24 * 60,
  sweepStuckWork: 365 * 24 * 6,
  runDeadlines: 365,
  sendAttentionDigest: 52,
};

const year = JSON.parse(readFileSync(path.join(import.meta.dirname, "results/year.json"), "utf8")) as Year;
const sum = (usages: Usage[]): Usage =>
  usages.reduce((a, u) => ({ reads: a.reads + u.reads, writes: a.writes + u.writes, deletes: a.deletes + u.deletes }), {
    reads: 0,
    writes: 0,
    deletes: 0,
  });
const scaled = (u: Usage, n: number): Usage => ({ reads: u.reads * n, writes: u.writes * n, deletes: u.deletes * n });

const idleDay = sum([scaled(year.idle.sweepMail, 24 * 60), scaled(year.idle.sweepStuckWork, 24 * 6)]);
const activity = sum(year.phases.map((p) => p.firestore));
const total = sum([activity, scaled(idleDay, 365)]);

/** Firestore's bill: each phase on one day over the idle day's ticks, the rest of the year idle. */
function firestoreCost(): number {
  const over = (day: Usage) =>
    (["reads", "writes", "deletes"] as const).reduce(
      (cost, op) =>
        cost + (Math.max(0, day[op] - prices.firestore.freePerDay[op]) / 100_000) * prices.firestore.per100k[op],
      0,
    );
  return (
    year.phases.reduce((cost, p) => cost + over(sum([idleDay, p.firestore])), 0) +
    (365 - year.phases.length) * over(idleDay)
  );
}

const eventInvocations = year.phases.reduce(
  (n, p) => n + Object.entries(p.invocations).reduce((m, [name, k]) => m + (ticksPerYear[name] ? 0 : k), 0),
  0,
);
const scheduledInvocations = Object.values(ticksPerYear).reduce((a, b) => a + b, 0);
const invocationsPerMonth = (eventInvocations + scheduledInvocations) / 12;
const functionsCost =
  12 *
  Math.max(0, (invocationsPerMonth - prices.functions.freeInvocationsPerMonth) / 1e6) *
  prices.functions.perMillionInvocations;
const jobs = Object.keys(ticksPerYear).length;
const schedulerCost =
  12 * Math.max(0, jobs - prices.scheduler.freeJobsPerBillingAccount) * prices.scheduler.perJobPerMonth;
const emails = Object.values(year.emails).reduce((a, b) => a + b, 0);

const round = (n: number) => Math.round(n);
const result = {
  pricesOf: prices.date,
  simulated: year.simulated,
  firestore: {
    year: { reads: round(total.reads), writes: round(total.writes), deletes: round(total.deletes) },
    idleDay: { reads: round(idleDay.reads), writes: round(idleDay.writes), deletes: round(idleDay.deletes) },
    idleTick: year.idle,
    busiestPhase: year.phases.reduce((a, p) => (p.firestore.reads > a.firestore.reads ? p : a)).name,
    phases: Object.fromEntries(year.phases.map((p) => [p.name, p.firestore])),
  },
  invocations: { events: eventInvocations, scheduled: scheduledInvocations, perMonth: round(invocationsPerMonth) },
  schedulerJobs: jobs,
  emails: {
    year: emails,
    byTemplate: year.emails,
    byPhase: Object.fromEntries(year.phases.map((p) => [p.name, p.emails])),
    // On Resend's free plan (100 a day) the busiest phase's emails take this many days to go out.
    busiestPhaseDaysOnFreePlan: Math.ceil(Math.max(...year.phases.map((p) => p.emails)) / prices.resend.freePerDay),
  },
  usd: {
    firestore: Number(firestoreCost().toFixed(2)),
    functions: Number(functionsCost.toFixed(2)),
    scheduler: Number(schedulerCost.toFixed(2)),
    // A month whose phases send more than the free plan's month needs Pro that month.
    resend: year.phases.filter((p) => p.emails > prices.resend.freePerMonth).length * prices.resend.proPerMonth,
  },
};
console.log(`BENCH costs ${JSON.stringify(result)}`);
