/**
 * docs/design.md §10, driven as the secretariat works: withdrawals and cancellations
 * set in the console, places freed and taken again, capacity across cycles,
 * corrections that reach every copy, an agreed end date confirmed by one field,
 * and someone leaving an advisory group already scheduled.
 */
import ICAL from "ical.js";
import { beforeEach, describe, expect, it } from "vitest";
import { propagateCorrection } from "../../functions/src/usecases/corrections.ts";
import {
  db,
  postApplication,
  projectId,
  resetAll,
  validApplication,
  waitFor,
  withTriggersPaused,
} from "../helpers/emulator.ts";
import { applicantLink, applyConfirmed, linkSigningKey } from "../helpers/links.ts";
import { expectCaptured, expectCapturedAfterGuardWindow } from "../helpers/mail.ts";
import { acceptedMentorship, act, pairing } from "../helpers/mentorship.ts";

const cycle = String(new Date().getUTCFullYear());
const day = 24 * 60 * 60_000;
const consoleLink = (path: string) =>
  `https://console.firebase.google.com/project/${projectId}/firestore/databases/-default-/data/~2F${path.replace("/", "~2F")}`;

beforeEach(() => resetAll());

const field = async (path: string, name: string) => (await db.doc(path).get()).get(name) as unknown;
const waitField = (path: string, name: string, value: unknown) =>
  waitFor(async () => (await field(path, name)) === value, `${path} ${name} = ${String(value)}`);
const finishedRun = (runId: string) =>
  waitFor(async () => {
    const run = (await db.doc(`matchingRuns/${runId}`).get()).data();
    return run && ["done", "failed"].includes(run.status) ? run : null;
  }, `run ${runId}`);

async function mentor(name: string, municipality: string, extra: Record<string, unknown> = {}) {
  return applyConfirmed(
    validApplication("mentor", {
      name,
      municipality,
      email: `${name.toLowerCase()}@${municipality}.example`,
      topics: ["energia-comunitaria"],
      capacity: 1,
      ...extra,
    }),
  );
}

describe("withdrawals and cancellations", () => {
  it("a mentor withdrawn in the console: the mentorship is cancelled, the mentee told and given another mentor", async () => {
    const { id } = await acceptedMentorship("w");
    const before = await pairing(id);
    const menteeId = before.mentee.applicationId as string;
    const mentorId = before.mentor.applicationId as string;
    await waitField(`applications/${menteeId}`, "status", "matched");
    // The cycle's matching time has passed: places freed from now on give second chances at once.
    await db.doc(`cycles/${cycle}`).update({ matchingAt: new Date(Date.now() - day) });
    // A second mentor confirmed now asks for a run of its own (the cycle was matched), finding nobody.
    const jordi = await mentor("Jordi", "girona");
    expect((await finishedRun(`mentor-${jordi}`)).summary).toMatchObject({ matched: 0, menteesConsidered: 0 });

    await db.doc(`applications/${mentorId}`).update({ status: "withdrawn" });

    await waitField(`pairings/${id}`, "status", "cancelled");
    expect((await pairing(id)).cancelReason).toContain("persona mentora");
    const told = await expectCapturedAfterGuardWindow(`pairing-${id}-cancelled-${menteeId}`);
    expect(told.to).toEqual([before.mentee.email]);
    expect(told.text).toContain("queda anul·lada");
    const notice = await expectCapturedAfterGuardWindow(`application-${mentorId}-withdrawn-secretariat`);
    expect(notice.text).toContain("a la consola");
    expect(notice.text).toContain(consoleLink(`applications/${mentorId}`));
    expect(notice.html).toContain(`href="${consoleLink(`applications/${mentorId}`)}"`);

    // The place it held gives the mentee a second chance: Jordi, as a draft (rematchStatus).
    const freed = await finishedRun(`freed-${id}`);
    expect(freed).toMatchObject({ reason: "freed", waitlistMentee: menteeId, summary: { matched: 1 } });
    const [next] = (await db.collection("pairings").where("runId", "==", `freed-${id}`).get()).docs;
    expect(next!.data()).toMatchObject({
      status: "draft",
      mentee: { applicationId: menteeId },
      mentor: { applicationId: jordi },
    });
    expect(await field(`applications/${menteeId}`, "status")).toBe("received");
    // The person who withdrew is not told what they did; the withdrawal happened once.
    expect((await db.doc(`mail/pairing-${id}-cancelled-${mentorId}`).get()).exists).toBe(false);
    expect(await field(`applications/${mentorId}`, "withdrawnAt")).toBeTruthy();
  }, 180_000);

  it("a pairing the secretariat deletes is remembered: never proposed again, the mentee back in the pool", async () => {
    const marta = await mentor("Marta", "sabadell");
    const laia = await applyConfirmed(
      validApplication("mentee", { name: "Laia", municipality: "olot", topics: ["energia-comunitaria"] }),
    );
    await db.doc("matchingRuns/run-1").set({ cycle, status: "requested" });
    const [draft] = (await finishedRun("run-1")).summary.pairingIds as string[];
    await db.doc(`pairings/${draft}`).delete();

    const removed = await waitFor(async () => (await db.doc(`removedPairings/${draft}`).get()).data(), "remembered");
    expect(removed).toMatchObject({
      cycle,
      menteeApplicationId: laia,
      mentorApplicationId: marta,
      statusBefore: "draft",
    });
    const freed = await finishedRun(`freed-${draft}`);
    expect(freed.summary).toMatchObject({ matched: 0 });
    expect(freed.summary.unmatched[0].reason).toContain("es va declinar, deixar caducar o anul·lar");
    await waitField(`applications/${laia}`, "status", "waitlisted");
    // Asked again by hand, the run still finds nothing new: the deleted pair stays deleted.
    await db.doc("matchingRuns/run-2").set({ cycle, status: "requested" });
    expect((await finishedRun("run-2")).summary).toMatchObject({ matched: 0, pairingIds: [] });
    expect((await db.collection("pairings").get()).size).toBe(0);
  }, 180_000);

  it("a mentor still accompanying someone from the previous cycle, with capacity 1, is not proposed again", async () => {
    const previous = String(Number(cycle) - 1);
    await withTriggersPaused(() =>
      db.doc("pairings/anterior").set({
        cycle: previous,
        status: "active",
        mentor: {
          applicationId: "antiga",
          name: "Marta",
          email: "marta@sabadell.example",
          municipality: { id: "sabadell", name: "Sabadell" },
        },
        mentee: {
          applicationId: "x",
          name: "Pere",
          email: "pere@vic.example",
          municipality: { id: "vic", name: "Vic" },
        },
        meetingCount: 1,
      }),
    );
    const marta = await mentor("Marta", "sabadell");
    const laia = await applyConfirmed(
      validApplication("mentee", { municipality: "olot", topics: ["energia-comunitaria"] }),
    );
    await db.doc("matchingRuns/run-1").set({ cycle, status: "requested" });
    const run = await finishedRun("run-1");
    expect(run.summary).toMatchObject({ matched: 0, mentorPlaces: 0 });
    expect(run.summary.unmatched[0].reason).toContain("ja té una mentoria en curs");
    // Proposed by hand, the pair is held back for the same reason, and says so.
    await db.doc("pairings/a-ma").set({
      status: "proposed",
      mentee: { applicationId: laia },
      mentor: { applicationId: marta },
    });
    const held = await waitFor(async () => (await db.doc("pairings/a-ma").get()).data()?.reviewNote as string, "held");
    expect(held).toContain("ja té una mentoria pendent o en curs (també de cicles anteriors)");
    expect(await field("pairings/a-ma", "status")).toBe("draft");
    expect((await db.doc("mail/proposal-a-ma").get()).exists).toBe(false);
  }, 120_000);
});

describe("corrections and hand-made records", () => {
  it("a corrected address revokes every earlier link, gets its pages, and the old address cannot take the application back", async () => {
    const { id, menteeLink, mentorLink } = await acceptedMentorship("e");
    const menteeId = (await pairing(id)).mentee.applicationId as string;
    const old = (await db.doc(`applications/${menteeId}`).get()).data()!;
    const oldPage = await applicantLink(menteeId);

    await db.doc(`applications/${menteeId}`).update({ "person.email": " Nova.Adreca@Olot.example" });
    const mailId = `application-${menteeId}-address-v1`;
    const [sent] = await expectCaptured(mailId, 1);
    expect(sent!.to).toEqual(["nova.adreca@olot.example"]);
    const corrected = (await db.doc(`applications/${menteeId}`).get()).data()!;
    expect(corrected).toMatchObject({ linkVersion: 1, person: { email: "nova.adreca@olot.example" } });

    // Every link the old address holds is dead; the other participant's still works.
    for (const link of [oldPage, menteeLink]) expect((await fetch(link)).status).toBe(410);
    expect((await fetch(mentorLink)).status).toBe(200);
    const [newPage] = /https?:\/\/\S+\/sollicitud\/[\w.-]+/.exec(sent!.text!)!;
    const [newMentorship] = /https?:\/\/\S+\/mentoria\/[\w.-]+/.exec(sent!.text!)!;
    for (const link of [newPage, newMentorship]) expect((await fetch(link)).status).toBe(200);
    expect(sent!.text).not.toContain(old.person.email);

    // The old address applying again starts an application of its own.
    const fromOld = await postApplication(validApplication("mentee", { email: old.person.email }));
    expect(fromOld.status).toBe(202);
    expect(fromOld.json!.id).not.toBe(menteeId);
    const untouched = (await db.doc(`applications/${menteeId}`).get()).data()!;
    expect(untouched.pendingChange ?? null).toBeNull();
    expect(untouched.person.email).toBe("nova.adreca@olot.example");
    // The corrected address is the one that reaches it.
    const fromNew = await postApplication(validApplication("mentee", { email: "nova.adreca@olot.example" }));
    expect(fromNew.json!.id).toBe(menteeId);

    // The event delivered again raises nothing more and sends nothing more.
    const before = { name: old.person.name, email: old.person.email, linkVersion: 0 };
    await propagateCorrection(menteeId, before, { settings: null, linkKey: linkSigningKey(), now: new Date() });
    expect((await db.doc(`applications/${menteeId}`).get()).get("linkVersion")).toBe(1);
    expect((await pairing(id)).roleLinkVersions).toEqual({ mentee: 1 });
    expect((await fetch(mentorLink)).status).toBe(200);
  });

  it("a corrected address and name reach the pairing and the unsent mail; an agreed end date is confirmed by one field", async () => {
    const { id, menteeLink: oldMenteeLink } = await acceptedMentorship("c");
    const before = await pairing(id);
    const menteeId = before.mentee.applicationId as string;
    const oldEmail = before.mentee.email as string;
    // An email to the old address still waiting for a retry, as a failed send leaves it.
    await withTriggersPaused(() =>
      db.doc("mail/esperant").set({
        to: [oldEmail],
        template: "reminder",
        subject: `Recordatori per a ${before.mentee.name as string}`,
        text: `Hola, ${before.mentee.name as string}:`,
        html: `<p>Hola, ${before.mentee.name as string}:</p>`,
        createdAt: new Date(),
        delivery: { state: "RETRY", attempts: 1, nextAttemptAt: new Date(Date.now() + 3_600_000) },
      }),
    );

    await db.doc(`applications/${menteeId}`).update({
      "person.email": "laia.c@olot.example",
      "person.name": "Laia Costa",
    });
    await waitFor(async () => (await pairing(id)).mentee.email === "laia.c@olot.example", "pairing corrected");
    expect((await pairing(id)).mentee.name).toBe("Laia Costa");
    const waiting = await waitFor(async () => {
      const mail = (await db.doc("mail/esperant").get()).data()!;
      return mail.to[0] === "laia.c@olot.example" ? mail : null;
    }, "the unsent mail corrected");
    expect(waiting).toMatchObject({ subject: "Recordatori per a Laia Costa", text: "Hola, Laia Costa:" });
    expect(waiting.delivery.state).toBe("RETRY");

    // The old address's link is retired; the corrected address got the mentorship page again.
    expect((await fetch(oldMenteeLink)).status).toBe(410);
    const [newPages] = await expectCaptured(`application-${menteeId}-address-v1`, 1);
    const menteeLink = /https?:\/\/\S+\/mentoria\/[\w.-]+/.exec(newPages!.text!)![0];

    // The mentee reports the end date they agreed; the secretariat confirms it with one field.
    const endsOn = new Date(Date.now() + 90 * day).toISOString().slice(0, 10);
    const missing = await act(menteeLink, { action: "incident", kind: "agreedEnd", text: "Acabem abans." });
    expect(missing.status).toBe(400);
    expect(missing.json).toMatchObject({ fields: { endsOn: "Escriu la data de finalització que heu acordat." } });
    const reported = await act(menteeLink, { action: "incident", kind: "agreedEnd", text: "Acabem abans.", endsOn });
    expect(reported.status).toBe(200);
    const incident = (await db.collection("incidents").where("pairingId", "==", id).get()).docs[0]!;
    expect(incident.get("proposedEndsAt")).toBeTruthy();
    const [notice] = await expectCaptured(`incident-${incident.id}-secretariat`, 1);
    expect(notice!.text).toContain('status: "confirmed"');
    expect(notice!.text).toContain(consoleLink(`incidents/${incident.id}`));

    await incident.ref.update({ status: "confirmed" });
    await waitFor(async () => (await incident.ref.get()).get("appliedAt"), "applied");
    const moved = await pairing(id);
    expect((moved.endsAt.toDate() as Date).toISOString()).toBe(
      (incident.get("proposedEndsAt").toDate() as Date).toISOString(),
    );
    const [toMentee] = await expectCaptured(`incident-${incident.id}-agreed-end-mentee`, 1);
    // Future emails use the corrected person.
    expect(toMentee!.to).toEqual(["laia.c@olot.example"]);
    expect(toMentee!.text).toContain("Hola, Laia Costa:");
    await expectCaptured(`incident-${incident.id}-agreed-end-mentor`, 1);
    expect((await incident.ref.get()).get("resolvedAt")).toBeTruthy();
  }, 180_000);
});

describe("advisory groups", () => {
  it("someone withdrawn from a scheduled group leaves it and gets the cancellations; the others keep theirs", async () => {
    const ask = (email: string, municipality: string) =>
      applyConfirmed(
        validApplication("advisory", { email, municipality, topics: ["cures"], description: "Cooperatives de cures" }),
        { direct: true },
      );
    const anna = await ask("anna@vic.example", "vic");
    const biel = await ask("biel@olot.example", "olot");
    const groupId = await waitFor(async () => (await field(`applications/${anna}`, "groupId")) as string, "grouped");
    await waitField(`applications/${biel}`, "groupId", groupId);
    await db.doc(`advisoryGroups/${groupId}`).update({
      status: "scheduled",
      sessions: [{ startsAt: new Date("2027-01-12T09:00:00Z"), durationMinutes: 120, mode: "virtual", place: "" }],
    });
    await expectCaptured(`advisory-${groupId}-s1-v0-`, 2);

    await db.doc(`applications/${biel}`).update({ status: "withdrawn" });
    await waitFor(
      async () => ((await field(`advisoryGroups/${groupId}`, "requestIds")) as string[]).join() === anna,
      "the group rebuilt",
    );
    const [cancel] = await expectCaptured(`advisory-${groupId}-s1-cancel1-${biel}`, 1);
    expect(cancel!.to).toEqual(["biel@olot.example"]);
    const ics = Buffer.from(cancel!.attachments[0]!.content, "base64").toString("utf8");
    const calendar = new ICAL.Component(ICAL.parse(ics));
    expect(calendar.getFirstPropertyValue("method")).toBe("CANCEL");
    expect(new ICAL.Event(calendar.getFirstSubcomponent("vevent")!).uid).toBe(`${groupId}-sessio-1@xmess`);
    expect(await field(`advisoryGroups/${groupId}`, "municipalities")).toEqual(["Vic"]);
    // Anna keeps her invitation: nothing new for her.
    await expectCaptured(`advisory-${groupId}-s1-`, 3);
  }, 180_000);
});
