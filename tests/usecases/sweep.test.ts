/**
 * docs/design.md §14, "Nothing stuck": documents left as a failed or lost trigger
 * leaves them — written with the emulator's triggers paused — are handled by
 * the scheduled sweep, once.
 */
import { beforeEach, describe, expect, it } from "vitest";
import {
  consoleApplication,
  db,
  resetAll,
  runScheduledFunction,
  validApplication,
  waitFor,
  withTriggersPaused,
} from "../helpers/emulator.ts";
import { runDeadlines } from "../../functions/src/jobs/deadlines.ts";
import { sweepMail } from "../../functions/src/usecases/mailDelivery.ts";
import { sweepStuckWork } from "../../functions/src/usecases/sweep.ts";
import { usage } from "../../functions/src/store/usage.ts";
import { applyConfirmed, linkSigningKey } from "../helpers/links.ts";
import { mentorshipsInCourse } from "../helpers/mentorship.ts";
import { capturedFor, waitForDelivery } from "../helpers/mail.ts";

const cycle = String(new Date().getUTCFullYear());
beforeEach(() => resetAll());

const field = async (path: string, name: string) => (await db.doc(path).get()).get(name) as unknown;

describe("the sweep for stuck work", () => {
  it("sends a proposal never sent, groups a request never grouped, restarts runs never started or left running — once", async () => {
    const mentee = await applyConfirmed(validApplication("mentee", { municipality: "olot" }));
    const mentor = await applyConfirmed(validApplication("mentor", { municipality: "sabadell", capacity: 2 }));
    const minutesAgo = (minutes: number) => new Date(Date.now() - minutes * 60_000);
    await withTriggersPaused(async () => {
      // A pairing set to proposed whose trigger failed: no proposedAt, no email.
      await db.doc("pairings/a-ma").set({
        status: "proposed",
        mentor: { applicationId: mentor },
        mentee: { applicationId: mentee },
      });
      // An advisory request confirmed while its trigger was down.
      await db.doc("applications/advisory-perdut").set(
        consoleApplication(
          "advisory",
          { name: "Pere Roca", email: "pere@olot.example" },
          {
            topicLabels: ["Comunitats energètiques i transició energètica"],
            description: "Com impulsem una comunitat energètica?",
            createdAt: minutesAgo(30),
          },
        ),
      );
      // A run whose function died half-way, and a run whose event never arrived.
      await db.doc("matchingRuns/caigut").set({ cycle, status: "running", startedAt: minutesAgo(20), attempts: 1 });
      await db.doc("matchingRuns/oblidat").set({ cycle, status: "requested" });
      // A run still inside its lease is somebody's live work: left alone.
      await db.doc("matchingRuns/en-curs").set({ cycle, status: "running", startedAt: new Date(), attempts: 1 });
    });

    await runScheduledFunction("sweepStuckWork");
    await waitForDelivery("proposal-a-ma");
    expect(await field("pairings/a-ma", "proposedAt")).toBeTruthy();
    expect(await waitFor(() => field("applications/advisory-perdut", "groupId"), "request grouped")).toMatch(
      /^energia-comunitaria-/,
    );
    for (const run of ["caigut", "oblidat"]) {
      await waitFor(async () => (await field(`matchingRuns/${run}`, "status")) === "done", `run ${run} done`);
    }
    expect(await field("matchingRuns/caigut", "attempts")).toBe(2);
    expect(await field("matchingRuns/en-curs", "status")).toBe("running");

    // Again: everything is handled, so nothing new happens.
    await runScheduledFunction("sweepStuckWork");
    await waitFor(async () => (await db.collection("matchingRuns").get()).docs.length === 3, "three runs");
    expect(await capturedFor("proposal-a-ma")).toHaveLength(1);
    expect((await db.collection("advisoryGroups").get()).size).toBe(1);
    expect(await field("matchingRuns/caigut", "attempts")).toBe(2);
  });

  it("recounts a mentorship whose sessions' events were lost: the last hour's in the sweep, any before a deadline", async () => {
    const party = (who: string, municipality: string) => ({
      applicationId: `app-${who}`,
      name: who,
      email: `${who.toLowerCase()}@${municipality}.example`,
      municipality: { id: municipality, name: municipality },
    });
    const day = 86_400_000;
    await withTriggersPaused(async () => {
      await db.doc("pairings/en-curs").set({
        cycle,
        status: "accepted",
        mentor: party("Marta", "sabadell"),
        mentee: party("Laia", "olot"),
        acceptedAt: new Date(Date.now() - 30 * day),
        startsAt: new Date(Date.now() - 30 * day),
        endsAt: new Date(Date.now() + 300 * day),
        requiredMeetings: 2,
        meetingCount: 0,
        // The "first meeting" reminder, six weeks after the start.
        nextDeadlineAt: new Date(Date.now() + 12 * day),
      });
      // Typed in the console with no `createdAt`: the sweep cannot find it by date.
      await db.doc("sessions/trobada-1").set({ pairingId: "en-curs", date: new Date(Date.now() - 2 * day) });
    });
    await runScheduledFunction("sweepStuckWork");
    expect((await db.doc("pairings/en-curs").get()).get("meetingCount")).toBe(0);
    // The daily job counts it before a deadline decides: no "first meeting" reminder goes.
    const run = await runDeadlines(new Date(Date.now() + 13 * day), linkSigningKey());
    expect(run.enforced).toEqual([]);
    expect((await db.doc("pairings/en-curs").get()).data()).toMatchObject({ meetingCount: 1, status: "active" });
    // Logged from the page half an hour ago, its event lost: the sweep finds it by `createdAt`.
    await withTriggersPaused(() =>
      db
        .doc("sessions/trobada-2")
        .set({ pairingId: "en-curs", date: new Date(Date.now() - day), createdAt: new Date(Date.now() - 30 * 60_000) }),
    );
    await runScheduledFunction("sweepStuckWork");
    await waitFor(async () => (await db.doc("pairings/en-curs").get()).get("meetingCount") === 2, "meetings recounted");
  });

  it("gives up on a run interrupted three times, saying so in Catalan", async () => {
    await withTriggersPaused(() =>
      db.doc("matchingRuns/tossut").set({
        cycle,
        status: "running",
        startedAt: new Date(Date.now() - 60 * 60_000),
        attempts: 3,
      }),
    );
    await runScheduledFunction("sweepStuckWork");
    await waitFor(async () => (await field("matchingRuns/tossut", "status")) === "failed", "run failed");
    expect(await field("matchingRuns/tossut", "error")).toContain("s'ha interromput 3 vegades");
  });
});

describe('a quiet tick (bench/README.md, "What a year costs")', () => {
  it("costs the mail sweep one read, and the work sweep the same few whatever the mentorships in course", async () => {
    const quietTick = async () => {
      usage.take();
      await sweepMail({ apiKey: "re_test", perSecond: 20, clock: () => new Date() });
      const mail = usage.take();
      await sweepStuckWork(new Date(), linkSigningKey());
      return { mail, work: usage.take() };
    };
    await quietTick(); // The first read of the settings keeps a copy of them (one write, once).
    const empty = await quietTick();
    expect(empty.mail).toEqual({ reads: 1, writes: 0, deletes: 0 });
    await mentorshipsInCourse(30, cycle);
    const busy = await quietTick();
    expect(busy.mail).toEqual({ reads: 1, writes: 0, deletes: 0 });
    expect(busy.work).toEqual(empty.work);
    expect(busy.work.writes).toBe(0);
  });
});
