/**
 * docs/design.md §15, driven as the secretariat works in the console: a bulk delete
 * through Firestore's REST API (what the console sends) is held until the
 * secretariat releases or drops it; changes below the limit only wait out the
 * window; and the hold switch stops every send without losing any.
 */
import { beforeEach, describe, expect, it } from "vitest";
import { massChangeWindowMs } from "../../functions/src/domain/massChange.ts";
import { deliverMail, sweepMail } from "../../functions/src/usecases/mailDelivery.ts";
import { settleHold } from "../../functions/src/usecases/massChange.ts";
import { runMatching } from "../../functions/src/usecases/matching.ts";
import { localResendRateLimit } from "../../scripts/emulators.ts";
import { consoleBulkDelete, db, resetAll, waitFor, withTriggersPaused } from "../helpers/emulator.ts";
import { mentorshipsInCourse } from "../helpers/mentorship.ts";
import {
  captured,
  deliveryOf,
  expectCaptured,
  expectCapturedAfterGuardWindow,
  queueTestMail,
} from "../helpers/mail.ts";

beforeEach(() => resetAll());

const cycle = String(new Date().getUTCFullYear());
const sender = (shiftMs = 0) => ({
  apiKey: "re_test",
  perSecond: localResendRateLimit,
  clock: () => new Date(Date.now() + shiftMs),
});
const afterWindow = () => sender(massChangeWindowMs + 1_000);

/** A limit of two, a cycle already matched, and second chances sent as proposals at once. */
const lowLimitWithProposingSecondChances = () =>
  withTriggersPaused(async () => {
    await db.doc("settings/programme").update({ massChangeLimit: 2, rematchStatus: "proposed" });
    await db.doc(`cycles/${cycle}`).update({ matchingAt: new Date(Date.now() - 24 * 60 * 60_000) });
  });

const mailInState = async (prefix: string, state: string) =>
  (await db.collection("mail").get()).docs.filter((d) => d.id.startsWith(prefix) && d.get("delivery.state") === state);

async function theHold() {
  const [hold] = await waitFor(async () => {
    const docs = (await db.collection("holds").get()).docs;
    return docs.length > 0 ? docs : null;
  }, "a hold");
  return hold!;
}

describe("the mass-change guard", () => {
  // Twelve, the default limit's case, is the journey's (tests/journeys/runningSafely.test.ts); here the same rule with a limit of three.
  it("holds a bulk delete past the limit until the secretariat releases it, then sends each email once", async () => {
    await db.doc("settings/programme").update({ massChangeLimit: 3 });
    const ids = await mentorshipsInCourse(5, cycle);
    await consoleBulkDelete(ids.map((id) => `pairings/${id}`));

    // One email to the secretariat, naming the hold; every email of the deletions held.
    const hold = await theHold();
    // Made by the change past the limit: the fourth, or the fifth if both were counted together.
    expect(hold.data()).toMatchObject({ status: "open", settledAt: null });
    expect(hold.get("changes.pairingDeleted")).toBeGreaterThan(3);
    const [notice] = await expectCaptured(`hold-${hold.id}-secretariat`, 1);
    expect(notice!.text).toMatch(/(quatre|cinc) parelles esborrades/);
    await waitFor(async () => (await mailInState("pairing-", "HELD")).length === 10, "both people of each held");
    const held = await deliveryOf(`pairing-mentoria-0-cancelled-e0`);
    expect(held).toMatchObject({ state: "HELD", holdId: hold.id });
    expect(held!.error).toContain(`holds/${hold.id}`);

    // The window passes: the sweep sends nothing held. Only the notice was ever sent.
    await sweepMail(afterWindow());
    expect((await captured()).map((email) => email.subject)).toEqual([notice!.subject]);

    // Released (the trigger and two more settlements race): each email once.
    await db.doc(`holds/${hold.id}`).update({ status: "released" });
    await Promise.all([settleHold(hold.id, new Date()), settleHold(hold.id, new Date())]);
    const sent = await expectCaptured("pairing-", 10);
    expect(new Set(sent.flatMap((email) => email.to)).size).toBe(10);
    await waitFor(async () => (await db.doc(`holds/${hold.id}`).get()).get("settledAt"), "the hold settled");
    expect((await db.doc(`holds/${hold.id}`).get()).get("mailReleased")).toBe(10);
    await sweepMail(afterWindow());
    await expectCaptured("pairing-", 10);
  }, 180_000);

  it("drops what a mistaken mass change would send: its emails and the runs that would send proposals", async () => {
    await lowLimitWithProposingSecondChances();
    const ids = await mentorshipsInCourse(3, cycle);
    await consoleBulkDelete(ids.map((id) => `pairings/${id}`));
    const hold = await theHold();
    await waitFor(async () => (await mailInState("pairing-", "HELD")).length === 6, "six held");
    await waitFor(async () => {
      const runs = (await db.collection("matchingRuns").get()).docs;
      return runs.length === 3 && runs.every((run) => run.get("status") === "held");
    }, "three second-chance runs held");

    await db.doc(`holds/${hold.id}`).update({ status: "dropped" });
    await waitFor(async () => (await mailInState("pairing-", "DROPPED")).length === 6, "six dropped");
    await waitFor(async () => {
      const runs = (await db.collection("matchingRuns").get()).docs;
      return runs.every((run) => run.get("status") === "dropped");
    }, "runs dropped");
    // Even once their time has come, nothing is sent and no run runs.
    await sweepMail(afterWindow());
    for (const run of (await db.collection("matchingRuns").get()).docs)
      await runMatching(run.id, new Date(Date.now() + massChangeWindowMs));
    expect((await db.collection("matchingRuns").get()).docs.map((run) => run.get("status"))).toEqual([
      "dropped",
      "dropped",
      "dropped",
    ]);
    expect((await captured()).map((email) => email.idempotencyKey)).toEqual([`hold-${hold.id}-secretariat`]);
  }, 180_000);

  it("lets changes up to the limit through once the window has passed, the runs that propose included", async () => {
    await lowLimitWithProposingSecondChances();
    const ids = await mentorshipsInCourse(2, cycle);
    for (const id of ids) await db.doc(`pairings/${id}`).update({ status: "cancelled", cancelReason: "Prova." });
    await waitFor(async () => (await mailInState("pairing-", "RETRY")).length === 4, "four waiting");
    expect((await db.collection("holds").get()).size).toBe(0);

    // The second chance would send proposals: it waits out the window too, then runs.
    const run = `freed-${ids[0]}`;
    await waitFor(async () => (await db.doc(`matchingRuns/${run}`).get()).exists, "the freed run");
    await runMatching(run, new Date());
    expect((await db.doc(`matchingRuns/${run}`).get()).get("status")).toBe("requested");
    await runMatching(run, new Date(Date.now() + massChangeWindowMs));
    expect((await db.doc(`matchingRuns/${run}`).get()).get("status")).toBe("done");

    const told = await expectCapturedAfterGuardWindow(`pairing-${ids[1]}-cancelled-e1`);
    expect(told.text).toContain("Motiu: Prova.");
  }, 180_000);
});

describe("the hold switch", () => {
  it("stops every send while mailPaused is true; set back to false, each queued mail goes once", async () => {
    await db.doc("settings/programme").update({ mailPaused: true });
    const id = await queueTestMail("laia@olot.example");
    // The trigger, the sweep (the message has waited past the time a lost event is assumed) and a direct call: none sends.
    await deliverMail(id, sender());
    expect(await sweepMail(sender(5 * 60_000))).toBe(0);
    expect(await deliveryOf(id)).toMatchObject({ state: "PENDING", attempts: 0 });

    await db.doc("settings/programme").update({ mailPaused: false });
    await Promise.all([sweepMail(sender(5 * 60_000)), sweepMail(sender(5 * 60_000)), deliverMail(id, sender())]);
    await expectCaptured(id, 1);
    expect(await deliveryOf(id)).toMatchObject({ state: "SUCCESS", attempts: 1 });
  });
});
