/**
 * A programme year, compressed, through the functions as the use-case tier runs
 * them (the Firestore emulator, every trigger in-process, email through the Resend
 * SDK to the capture server): the September call to 120 members, 300 mentoring
 * applications and 40 advisory requests confirmed by their owners, the matching,
 * 100 mentorships accepted, agreed and met, the daily job for 490 days, a digest
 * a week, and idle ticks of the sweeps. Firestore operations are counted where
 * every one passes (functions/src/store/usage.ts), invocations where each
 * function runs (tests/helpers/inProcess.ts). What a year of schedule ticks
 * costs is the idle tick measured here times the ticks a year has.
 * `npm run bench` runs it and prints bench/results/year.json (bench/README.md).
 */
import { mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import { expect, it } from "vitest";
import * as functions from "../functions/src/index.ts";
import { runDeadlines } from "../functions/src/jobs/deadlines.ts";
import { addDays } from "../functions/src/domain/time.ts";
import { usage, type FirestoreUsage } from "../functions/src/store/usage.ts";
import { sendAttentionDigest } from "../functions/src/usecases/attention.ts";
import { db, resetAll, validApplication, waitFor, withTriggersPaused } from "../tests/helpers/emulator.ts";
import { harness } from "../tests/helpers/harness.ts";
import { invocations } from "../tests/helpers/inProcess.ts";
import { applyConfirmed, linkSigningKey } from "../tests/helpers/links.ts";
import { act } from "../tests/helpers/mentorship.ts";

const tz = "Europe/Madrid";
const members = 120;
const mentees = 170;
const mentors = 130;
const advisory = 40;
const mentorships = 100;
/** From the call past the mentorships' end (the start + 12 months) and their documentation reminders. */
const days = 490;
const idleTicks = 20;

const topics = ["energia-comunitaria", "cures", "habitatge-cooperatiu", "finances-etiques", "contractacio-responsable"];
const places = ["olot", "sabadell", "girona", "vic", "reus", "tarrega", "manresa", "lleida", "mataro", "terrassa"];

interface Phase {
  name: string;
  firestore: FirestoreUsage;
  invocations: Record<string, number>;
  emails: number;
}

const names = new Map(Object.entries(functions).map(([name, fn]) => [fn as unknown, name]));
function takeInvocations(): Record<string, number> {
  const taken = Object.fromEntries([...invocations].map(([fn, n]) => [names.get(fn) ?? "?", n]));
  invocations.clear();
  return taken;
}

/** Everything the triggers still do, and every email still to go, finishes before a phase is counted. */
async function settle(): Promise<void> {
  const pump = harness()!.pump;
  for (;;) {
    await pump.drained();
    const unfinished = await db
      .collection("mail")
      .where("delivery.state", "in", ["PENDING", "PROCESSING", "RETRY"])
      .get();
    // Mail a job queued at a simulated later date waits for that date: counted, not awaited.
    const waiting = unfinished.docs.filter((doc) => (doc.get("createdAt")?.toMillis() ?? 0) <= Date.now());
    if (waiting.length === 0) break;
    await harness()!.runScheduled("sweepMail");
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
  await pump.drained();
}

/** A signed link from a queued email (`mail/{id}`), without waiting for its delivery. */
async function linkIn(mailId: string, page: string): Promise<string> {
  const text = await waitFor(
    async () => (await db.doc(`mail/${mailId}`).get()).get("text") as string | undefined,
    mailId,
  );
  return new RegExp(`https?://\\S+/${page}/[\\w.-]+`).exec(text)![0];
}

/** The approved run's proposals, once the work sweep has approved the run and sent each. */
async function allProposed(): Promise<string[]> {
  for (let sweep = 0; sweep < 5; sweep++) {
    const found = await db.collection("pairings").where("status", "==", "proposed").get();
    if (found.size > 0 && found.docs.every((d) => d.get("proposedAt"))) return found.docs.map((d) => d.id);
    await harness()!.runScheduled("sweepStuckWork");
  }
  throw new Error("The proposals did not all go out");
}

async function inParallel<T>(items: readonly T[], work: (item: T, i: number) => Promise<unknown>, width = 5) {
  let next = 0;
  await Promise.all(
    Array.from({ length: width }, async () => {
      while (next < items.length) {
        const i = next++;
        await work(items[i]!, i);
      }
    }),
  );
}

it("runs a programme year and counts what it costs", { timeout: 1_800_000 }, async () => {
  await resetAll({
    dailyEmailLimit: 100_000,
    intakeRateLimitPerHour: 100_000,
    intakeEmailsPerDay: 100_000,
  } as never);
  const batch = db.batch();
  for (let i = 0; i < members; i++) {
    batch.set(db.doc(`members/membre-${i}`), {
      name: `Municipi ${i}`,
      active: true,
      contacts: [`ess@municipi-${i}.example`],
    });
  }
  await batch.commit();
  await settle();
  usage.take();
  takeInvocations();

  // Idle ticks, on the quiet database before the year starts: what a tick of each sweep
  // costs when nothing waits (the simulated year's own clock leaves mail dated in its
  // future behind it, which no real quiet day has). tests/usecases/sweep.test.ts proves
  // a quiet tick costs the same with mentorships in course.
  const idle: Record<string, FirestoreUsage> = {};
  for (const name of ["sweepMail", "sweepStuckWork"]) {
    for (let t = 0; t < idleTicks; t++) await harness()!.runScheduled(name);
    const taken = usage.take();
    idle[name] = {
      reads: taken.reads / idleTicks,
      writes: taken.writes / idleTicks,
      deletes: taken.deletes / idleTicks,
    };
    takeInvocations();
  }

  const phases: Phase[] = [];
  const queued = async () => (await db.collection("mail").count().get()).data().count;
  const phase = async (name: string, work: () => Promise<unknown>) => {
    const before = await queued();
    await work();
    await settle();
    phases.push({ name, firestore: usage.take(), invocations: takeInvocations(), emails: (await queued()) - before });
  };
  const linkKey = linkSigningKey();
  const cycle = String(new Date().getUTCFullYear());
  const cycleDoc = (await db.doc(`cycles/${cycle}`).get()).data()!;
  const matchingAt = cycleDoc.matchingAt.toDate() as Date;

  await phase("the September call", () => runDeadlines(new Date(), linkKey));

  await phase("intake: applications confirmed by their owners", async () => {
    const kinds = [
      ...Array<"mentee">(mentees).fill("mentee"),
      ...Array<"mentor">(mentors).fill("mentor"),
      ...Array<"advisory">(advisory).fill("advisory"),
    ];
    await inParallel(kinds, (kind, i) =>
      applyConfirmed(
        validApplication(kind, {
          municipality: places[i % places.length],
          topics: [topics[i % topics.length], topics[(i * 7) % topics.length]],
          capacity: 1,
        }),
      ),
    );
  });

  let accepted: string[] = [];
  await phase("matching, proposals and acceptances", async () => {
    await runDeadlines(new Date(matchingAt.getTime() + 60_000), linkKey);
    const run = `scheduled-${cycle}`;
    await waitFor(async () => (await db.doc(`matchingRuns/${run}`).get()).get("status") === "done", "the run");
    // The secretariat approves the run. On the emulator, a hundred proposals' triggers at
    // once wait on each other's locks for minutes; the work sweep does the same use cases
    // one after another (as it does for any event lost in production), so it sends them here.
    const proposed = await withTriggersPaused(async () => {
      await db.doc(`matchingRuns/${run}`).update({ status: "approved" });
      return allProposed();
    });
    accepted = proposed.slice(0, mentorships);
    await inParallel(accepted, async (id) => {
      const response = await fetch(await linkIn(`proposal-${id}`, "proposta"), {
        method: "POST",
        headers: { "content-type": "application/json", accept: "application/json" },
        body: JSON.stringify({ decision: "accept" }),
      });
      expect(response.status).toBe(200);
    });
  });

  await phase("the mentorships: agreement and meetings on their pages", async () => {
    const today = new Date();
    await inParallel(accepted, async (id) => {
      const mentee = await linkIn(`pairing-${id}-accepted-mentee`, "mentoria");
      const mentor = await linkIn(`pairing-${id}-accepted-mentor`, "mentoria");
      const endsAt =
        ((await db.doc(`pairings/${id}`).get()).get("endsAt")?.toDate() as Date) ?? addDays(today, 300, tz);
      const day = (d: Date) => d.toISOString().slice(0, 10);
      await act(mentee, {
        action: "agreement",
        objectives: "Posar en marxa un pla local d'ESS.",
        rhythm: "Una trobada al mes.",
        plannedEndOn: day(addDays(endsAt, -1, tz)),
      });
      await act(mentee, { action: "meeting", date: day(addDays(today, -1, tz)), mode: "virtual", durationMinutes: 60 });
      await act(mentor, { action: "meeting", date: day(today), mode: "presencial", durationMinutes: 90 });
      // Later meetings, as the secretariat types them from the pair's notes (the page takes no future date).
      for (const month of [2, 5]) {
        await db.collection("sessions").add({
          pairingId: id,
          date: addDays(today, 30 * month, tz),
          mode: "virtual",
          durationMinutes: 60,
          recordedBy: "secretariat",
        });
      }
    });
  });

  await phase(`the daily job, ${days} days`, async () => {
    for (let d = 1; d <= days; d++) await runDeadlines(addDays(new Date(), d, tz), linkKey);
  });

  await phase("the weekly digest, 52 weeks", async () => {
    for (let w = 0; w < 52; w++) await sendAttentionDigest(addDays(new Date(), 7 * w, tz));
  });

  const mail = await db.collection("mail").get();
  const emails: Record<string, number> = {};
  for (const doc of mail.docs) {
    const template = String(doc.get("template") ?? "?");
    emails[template] = (emails[template] ?? 0) + 1;
  }
  // Deliveries that failed past their retries (lock races on the emulator) and that a sweep then did.
  const recoveredBySweeps = harness()!.pump.failures.splice(0).length;
  const result = {
    simulated: { members, mentees, mentors, advisory, mentorships, days },
    phases,
    idle,
    emails,
    recoveredBySweeps,
  };
  mkdirSync(path.join(import.meta.dirname, "results"), { recursive: true });
  writeFileSync(path.join(import.meta.dirname, "results/year.json"), JSON.stringify(result, null, 2));
  expect(phases.every((p) => p.firestore.reads > 0)).toBe(true);
});
