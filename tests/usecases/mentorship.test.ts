/** docs/design.md §6: a mentorship's year, driven through the links and the console's documents. */
import { beforeEach, describe, expect, it } from "vitest";
import { addDays, addMonths, isoDay } from "../../functions/src/domain/time.ts";
import { runDeadlines } from "../../functions/src/jobs/deadlines.ts";
import { requireSettings } from "../../functions/src/store/programme.ts";
import { runMatching } from "../../functions/src/usecases/matching.ts";
import { sendAttentionDigest } from "../../functions/src/usecases/attention.ts";
import { recountMeetings } from "../../functions/src/usecases/mentorship.ts";
import {
  count,
  db,
  resetAll,
  runScheduledFunction,
  setBackgroundTriggers,
  waitFor,
  withTriggersPaused,
} from "../helpers/emulator.ts";
import { linkSigningKey } from "../helpers/links.ts";
import { expectCaptured } from "../helpers/mail.ts";
import { act, acceptedMentorship, pairing } from "../helpers/mentorship.ts";

const tz = "Europe/Madrid";
const cycle = String(new Date().getUTCFullYear());
beforeEach(() => resetAll());

const job = (now: Date) => runDeadlines(now, linkSigningKey());
const mailIds = async () => (await db.collection("mail").listDocuments()).map((d) => d.id).sort();
const settle = (id: string, field: string, expected: unknown) =>
  waitFor(
    async () => JSON.stringify((await pairing(id))[field]) === JSON.stringify(expected),
    `${id}.${field} = ${String(expected)}`,
  );

describe("a mentorship year", () => {
  it("runs from acceptance to documentation, each deadline enforced once", async () => {
    const { id, menteeLink, mentorLink } = await acceptedMentorship();
    const started = await pairing(id);
    const cycleStart = (await db.doc(`cycles/${cycle}`).get()).get("startsAt").toDate() as Date;
    expect(started.startsAt.toDate()).toEqual(cycleStart);
    expect(started.endsAt.toDate()).toEqual(addMonths(cycleStart, 12, tz));
    expect(started.nextDeadlineAt.toDate()).toEqual(addDays(cycleStart, 42, tz));
    await expectCaptured(`pairing-${id}-accepted-mentor`, 1);

    // No meeting six weeks after the start: the mentee is reminded, once.
    const sixWeeks = addDays(cycleStart, 43, tz);
    expect((await job(sixWeeks)).enforced).toEqual([`${id}:firstMeeting`]);
    expect((await job(sixWeeks)).enforced).toEqual([]);
    expect((await mailIds()).filter((m) => m.startsWith(`reminder-${id}`))).toEqual([
      `reminder-${id}-firstMeeting-mentee`,
    ]);

    // The mentee logs a meeting; the mentor logs the same one: it counts once.
    const today = isoDay(new Date(), tz);
    const logged = await act(menteeLink, {
      action: "meeting",
      date: today,
      mode: "virtual",
      durationMinutes: 90,
      notes: "Primera trobada",
    });
    expect(logged).toEqual({ status: 200, json: { ok: true, notice: "Hem registrat la trobada." } });
    expect(
      (await act(mentorLink, { action: "meeting", date: today, mode: "virtual", durationMinutes: 60 })).json.notice,
    ).toContain("ja estava registrada");
    await settle(id, "meetingCount", 1);
    expect((await pairing(id)).status).toBe("active");

    // Three months before the end with one meeting: both are reminded (and asked how it goes, once).
    const endsAt = started.endsAt.toDate() as Date;
    expect((await job(addMonths(endsAt, -3, tz))).enforced).toEqual([`${id}:checkIn`, `${id}:fewMeetings`]);
    await expectCaptured(`reminder-${id}-checkin-m6-mentee`, 1);
    for (const role of ["mentee", "mentor"]) await expectCaptured(`reminder-${id}-fewMeetings-${role}`, 1);

    // The secretariat adds the second meeting in the console.
    await db
      .collection("sessions")
      .add({ pairingId: id, date: new Date(), mode: "presencial", durationMinutes: 120, recordedBy: "secretariat" });
    await settle(id, "meetingCount", 2);
    expect((await pairing(id)).requirementsMetAt).toBeTruthy();

    // Both agree to extend by a month.
    const newEnd = isoDay(addMonths(endsAt, 1, tz), tz);
    expect((await act(menteeLink, { action: "extension", endsOn: newEnd })).json.notice).toContain("Tindrà efecte");
    expect((await pairing(id)).endsAt.toDate()).toEqual(endsAt);
    expect((await act(mentorLink, { action: "extension", endsOn: newEnd })).json.notice).toContain(
      "Ampliació acordada",
    );
    const extendedEnd = (await pairing(id)).endsAt.toDate() as Date;
    expect(isoDay(extendedEnd, tz)).toBe(newEnd);
    await expectCaptured(`extension-${id}-${newEnd}-secretariat`, 1);

    // The old end passes: nothing. The new end: closed as completed, documentation asked for.
    expect((await job(addDays(endsAt, 1, tz))).enforced).toEqual([]);
    expect((await job(extendedEnd)).enforced).toEqual([`${id}:end`]);
    expect(await pairing(id)).toMatchObject({ status: "completed" });
    const closing = await expectCaptured(`reminder-${id}-end-`, 3);
    const { mentee, mentor } = await pairing(id);
    expect(closing.map((m) => m.to[0]).sort()).toEqual([mentee.email, mentor.email, "secretaria@xmess.example"].sort());

    // An incident, the documentation and both assessments.
    expect(
      (
        await act(menteeLink, {
          action: "incident",
          kind: "agreedEnd",
          text: "Vam acordar acabar a finals de mes.",
          endsOn: isoDay(extendedEnd, tz),
        })
      ).status,
    ).toBe(200);
    const incidents = await db.collection("incidents").where("pairingId", "==", id).get();
    expect(incidents.docs.map((d) => d.get("kind"))).toEqual(["agreedEnd"]);
    await expectCaptured(`incident-${incidents.docs[0]!.id}-secretariat`, 1);
    const fitxa = {
      action: "documentation",
      objectives: "Posar en marxa una comunitat energètica",
      activities: "Dues visites",
      results: "Projecte aprovat",
      learnings: "Començar petit",
      links: "",
    };
    expect((await act(mentorLink, fitxa)).status).toBe(400);
    expect((await act(menteeLink, fitxa)).status).toBe(200);
    expect((await db.collection("materials").doc(`mentorship-${id}`).get()).data()).toMatchObject({
      status: "draft",
      objectives: fitxa.objectives,
      municipalities: ["Sabadell", "Olot"],
    });
    expect((await act(menteeLink, { action: "assessment", score: 5, comments: "Molt útil" })).status).toBe(200);
    expect((await act(mentorLink, { action: "assessment", score: "4" })).status).toBe(200);
    expect((await pairing(id)).assessments).toMatchObject({ mentee: { score: 5 }, mentor: { score: 4 } });
    await settle(id, "nextDeadlineAt", null);
    expect((await job(addDays(extendedEnd, 120, tz))).enforced).toEqual([]);
  }, 180_000);

  it("closes without the meetings as incomplete, then reminds about documentation and tells the secretariat", async () => {
    const { id } = await acceptedMentorship("b");
    const endsAt = (await pairing(id)).endsAt.toDate() as Date;
    expect((await job(endsAt)).enforced).toEqual([`${id}:firstMeeting`, `${id}:fewMeetings`, `${id}:end`]);
    expect((await pairing(id)).status).toBe("incomplete");
    expect((await job(addDays(endsAt, 28, tz))).enforced).toEqual([`${id}:documentation`]);
    expect((await job(addDays(endsAt, 56, tz))).enforced).toEqual([`${id}:documentationOverdue`]);
    await expectCaptured(`reminder-${id}-documentationOverdue-secretariat`, 1);
    const before = await count("mail");
    expect((await job(addDays(endsAt, 200, tz))).enforced).toEqual([]);
    expect(await count("mail")).toBe(before);
  }, 120_000);

  it("follows the secretariat's hand edits of a date in nextDeadlineAt", async () => {
    const { id } = await acceptedMentorship("c");
    const startsAt = new Date(Date.now() + 100 * 86_400_000);
    await db.collection("pairings").doc(id).update({ startsAt });
    await waitFor(
      async () => (await pairing(id)).nextDeadlineAt.toDate().getTime() === addDays(startsAt, 42, tz).getTime(),
      "the new deadline",
    );
  });

  it("refuses bad input on the participant page with Catalan messages and stores nothing", async () => {
    const { id, menteeLink } = await acceptedMentorship("d");
    const bad = await act(menteeLink, { action: "meeting", date: "ahir", mode: "virtual", durationMinutes: 5 });
    expect(bad).toEqual({
      status: 400,
      json: {
        error: "validation",
        fields: {
          date: "Escriu la data com a dia/mes/any, per exemple 20/11/2026.",
          durationMinutes: "Indica la durada en minuts (de 15 a 600).",
        },
      },
    });
    const future = isoDay(addDays(new Date(), 3, tz), tz);
    expect(
      (await act(menteeLink, { action: "meeting", date: future, mode: "virtual", durationMinutes: 60 })).json,
    ).toMatchObject({ fields: { date: "La data de la trobada no pot ser futura." } });
    expect((await act(menteeLink, { action: "extension", endsOn: "2020-01-01" })).json).toMatchObject({
      fields: { endsOn: expect.stringContaining("posterior") },
    });
    expect((await act(menteeLink, { action: "volar" })).status).toBe(400);
    expect(
      (
        await act(
          menteeLink.replace(/.$/, (c) => (c === "A" ? "B" : "A")),
          { action: "incident", kind: "incident", text: "x" },
        )
      ).status,
    ).toBe(400);
    expect(await count("sessions")).toBe(0);
    expect(await count("incidents")).toBe(0);
    expect((await pairing(id)).extension ?? null).toBeNull();
  });

  it("refuses a form the page does not show, posted directly: documentation long before the end", async () => {
    const { id, menteeLink, mentorLink } = await acceptedMentorship("h");
    const page = await (await fetch(menteeLink, { headers: { accept: "text/html" } })).text();
    expect(page).not.toContain('value="documentation"');
    const fitxa = { objectives: "o", activities: "a", results: "r", learnings: "l" };
    const refused = await act(menteeLink, { action: "documentation", ...fitxa });
    expect(refused).toEqual({
      status: 400,
      json: { error: "validation", fields: { objectives: expect.stringContaining("a prop del final") } },
    });
    expect((await act(mentorLink, { action: "assessment", score: 5 })).status).toBe(400);
    expect(await count("materials")).toBe(0);
    expect((await pairing(id)).documentation ?? null).toBeNull();
    expect((await pairing(id)).assessments ?? {}).toEqual({});
  });
});

describe("the mentoring agreement (docs/design.md §17)", () => {
  it("is written by either participant, seen by both, kept within the mentorship's end, and starts the fitxa", async () => {
    const { id, menteeLink, mentorLink } = await acceptedMentorship("acord");
    const endsAt = (await pairing(id)).endsAt.toDate() as Date;
    const agreement = {
      action: "agreement",
      objectives: "Posar en marxa una comunitat energètica al polígon.",
      rhythm: "Una trobada virtual al mes i una visita.",
      plannedEndOn: isoDay(addDays(endsAt, -30, tz), tz),
    };
    // Past the mentorship's end: refused beside the field, nothing stored.
    const late = await act(menteeLink, { ...agreement, plannedEndOn: isoDay(addDays(endsAt, 10, tz), tz) });
    expect(late.status).toBe(400);
    expect(JSON.stringify(late.json)).toContain("amplieu-la");
    expect((await pairing(id)).agreement).toBeUndefined();

    expect((await act(menteeLink, agreement)).json.notice).toBe(
      "Hem desat l'acord de mentoria. L'altra persona el veurà a la seva pàgina.",
    );
    const stored = (await pairing(id)).agreement;
    expect(stored).toMatchObject({ objectives: agreement.objectives, rhythm: agreement.rhythm, by: "mentee" });
    expect(isoDay(stored.plannedEndOn.toDate(), tz)).toBe(agreement.plannedEndOn);
    const mentorPage = await (await fetch(mentorLink, { headers: { accept: "text/html" } })).text();
    expect(mentorPage).toContain("L'acord de mentoria");
    expect(mentorPage).toContain(agreement.objectives);

    // Near the end, the fitxa form starts from the agreed objectives.
    await db.doc(`pairings/${id}`).update({ endsAt: addDays(new Date(), 20, tz) });
    const menteePage = await (await fetch(menteeLink, { headers: { accept: "text/html" } })).text();
    expect(menteePage).toMatch(
      new RegExp(`<textarea id="documentation-objectives"[^>]*>${agreement.objectives}</textarea>`),
    );
  });
});

describe("check-ins (docs/design.md §17)", () => {
  const answerLink = (text: string, label: string) => new RegExp(`${label}: (\\S+)`).exec(text)![1]!;
  const hiddenFields = (page: string) =>
    Object.fromEntries([...page.matchAll(/type="hidden" name="(\w+)" value="([^"]*)"/g)].map((m) => [m[1]!, m[2]!]));
  const postForm = (url: string, fields: Record<string, string>) =>
    fetch(url, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded", accept: "text/html" },
      body: new URLSearchParams(fields).toString(),
    });

  it("ask both at two months; a link only shows its button; help opens an incident and reaches the digest", async () => {
    const { id, menteeLink, mentorLink } = await acceptedMentorship("seguiment");
    const twoMonths = addMonths((await pairing(id)).startsAt.toDate() as Date, 2, tz);
    expect((await job(twoMonths)).enforced).toEqual([`${id}:firstMeeting`, `${id}:checkIn`]);
    expect((await job(addDays(twoMonths, 1, tz))).enforced).toEqual([]);
    const [toMentee] = await expectCaptured(`reminder-${id}-checkin-m2-mentee`, 1);
    const [toMentor] = await expectCaptured(`reminder-${id}-checkin-m2-mentor`, 1);
    expect(toMentee!.subject).toBe("Com va la mentoria amb Sabadell?");

    // Opening the link (as a mail scanner does) answers nothing: one button to confirm.
    const help = answerLink(toMentee!.text!, "Necessitem ajuda");
    const opened = await fetch(help, { headers: { accept: "text/html" } });
    const question = await opened.text();
    expect(opened.status).toBe(200);
    expect(question).toContain("Confirma: Necessitem ajuda");
    expect((await pairing(id)).checkIns["2"].answers).toEqual({});

    // The button, twice: one answer, one incident, one notice.
    for (const _ of [1, 2]) expect((await postForm(help, hiddenFields(question))).status).toBe(200);
    expect((await pairing(id)).checkIns["2"].answers.mentee.answer).toBe("help");
    const incidents = await db.collection("incidents").where("pairingId", "==", id).get();
    expect(incidents.docs.map((d) => d.get("text"))).toEqual([
      "Ha respost «Necessitem ajuda» a la pregunta de seguiment al cap de dos mesos. Poseu-vos-hi en contacte.",
    ]);
    await expectCaptured(`incident-${incidents.docs[0]!.id}-secretariat`, 1);

    // «Ens hem trobat» leads to the meeting form, dated today.
    const met = await postForm(answerLink(toMentor!.text!, "Ens hem trobat"), {
      action: "checkIn",
      month: "2",
      answer: "met",
    });
    expect(await met.text()).toMatch(new RegExp(`id="meeting-date"[^>]*value="${isoDay(new Date(), tz)}"`));
    expect((await pairing(id)).checkIns["2"].answers.mentor.answer).toBe("met");

    // The digest names the pair until a meeting is logged after the answer.
    const digest = async (at: Date) => (await expectCaptured(await sendAttentionDigest(at), 1))[0]!.text!;
    expect(await digest(new Date())).toContain(
      "La persona acompanyada ha respost «Necessitem ajuda» a la pregunta de seguiment al cap de dos mesos",
    );
    expect(
      (await act(mentorLink, { action: "meeting", date: isoDay(new Date(), tz), mode: "virtual", durationMinutes: 60 }))
        .status,
    ).toBe(200);
    await settle(id, "meetingCount", 1);
    expect(await digest(addDays(new Date(), 7, tz))).not.toContain("Necessitem ajuda");
    // A question not sent shows the page itself, and answering it is refused.
    const page = await (
      await fetch(`${menteeLink}?seguiment=6&resposta=met`, { headers: { accept: "text/html" } })
    ).text();
    expect(page).toContain("<h1>La teva mentoria</h1>");
    expect((await act(menteeLink, { action: "checkIn", month: 6, answer: "met" })).status).toBe(400);
  }, 120_000);
});

describe("meeting counts", () => {
  it("equal the sessions under 20 concurrent creates, repeated recounts and deletions", async () => {
    const { id } = await acceptedMentorship("e");
    const refs = await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        db
          .collection("sessions")
          .add({ pairingId: id, date: new Date(Date.UTC(2026, 10, 1 + i)), mode: "virtual", durationMinutes: 60 }),
      ),
    );
    await settle(id, "meetingCount", 20);
    // The same trigger delivered again, twice at once: nothing moves.
    const settings = await requireSettings();
    await Promise.all([1, 2, 3].map(() => recountMeetings(id, settings, new Date())));
    expect((await pairing(id)).meetingCount).toBe(20);
    await Promise.all(refs.slice(0, 5).map((ref) => ref.delete()));
    await settle(id, "meetingCount", 15);
    await db.collection("sessions").doc(refs[5]!.id).update({ pairingId: "una-altra" });
    await settle(id, "meetingCount", 14);
    expect((await pairing(id)).lastMeetingAt.toDate()).toEqual(new Date(Date.UTC(2026, 10, 20)));
  }, 120_000);
});

/** An accepted pairing as the daily job's fixtures need it, since November 2026, no meeting yet. */
const acceptedPairing = (n: number | string) => ({
  cycle,
  mentor: {
    applicationId: `r${n}`,
    name: "Marta",
    email: "marta@sabadell.example",
    municipality: { id: "sabadell", name: "Sabadell" },
  },
  mentee: {
    applicationId: `e${n}`,
    name: "Laia",
    email: `laia${n}@olot.example`,
    municipality: { id: "olot", name: "Olot" },
  },
  status: "accepted",
  meetingCount: 0,
  requiredMeetings: 2,
  startsAt: new Date("2026-11-01T08:00:00Z"),
  endsAt: new Date("2027-11-01T08:00:00Z"),
  // Both check-ins already asked: these tests are about the job's reading, not its questions.
  checkIns: Object.fromEntries(
    ["2", "6"].map((month) => [month, { sentAt: new Date("2026-11-01T08:00:00Z"), answers: {} }]),
  ),
});

describe("the daily job", () => {
  it("reads only what is due: 20 due among 1,000 pairings", async () => {
    const now = new Date("2027-03-01T07:00:00Z");
    const base = acceptedPairing("");
    await setBackgroundTriggers(false);
    try {
      for (let batchStart = 0; batchStart < 1020; batchStart += 500) {
        const batch = db.batch();
        for (let i = batchStart; i < Math.min(1020, batchStart + 500); i++) {
          const due = i >= 1000;
          batch.set(db.collection("pairings").doc(`p${i}`), {
            ...base,
            nextDeadlineAt: due ? new Date("2026-12-13T08:00:00Z") : new Date("2027-06-01T08:00:00Z"),
            reminders: due ? {} : { firstMeeting: new Date("2026-12-13T08:00:00Z") },
          });
        }
        await batch.commit();
      }
    } finally {
      await setBackgroundTriggers(true);
    }
    const first = await job(now);
    expect(first.pairings).toBe(20);
    expect(first.enforced).toHaveLength(20);
    // 2 settings (the document and its last valid version) + 20 due + per pairing: its transaction read, its two applications'
    // linkVersion (every email to an applicant carries their page) and one mail check.
    expect(first.reads).toBeLessThanOrEqual(2 + 20 * 5 + 5);
    const second = await job(now);
    expect(second).toMatchObject({ pairings: 0, enforced: [] });
    expect(second.reads).toBeLessThanOrEqual(5);
    // Clear the 1,020 documents without firing a trigger for each, so later tests start calm.
    await setBackgroundTriggers(false);
    try {
      await resetAll();
    } finally {
      await setBackgroundTriggers(true);
    }
  }, 180_000);

  it("skips a pairing it cannot read, marks it with a Catalan problem, and enforces the rest", async () => {
    const now = new Date("2027-03-01T07:00:00Z");
    const pairingFor = (n: number) => ({ ...acceptedPairing(n), nextDeadlineAt: new Date("2026-12-13T08:00:00Z") });
    // As the console leaves it: the secretariat typed a date as text.
    await withTriggersPaused(async () => {
      await db.doc("pairings/a-good").set(pairingFor(1));
      await db.doc("pairings/b-bad").set({ ...pairingFor(2), endsAt: "2027-11-01" });
      await db.doc("pairings/c-good").set(pairingFor(3));
    });
    const run = await job(now);
    expect(run.enforced).toEqual(["a-good:firstMeeting", "c-good:firstMeeting"]);
    expect((await pairing("b-bad")).problem).toBe(
      "No s'ha pogut processar: el camp «endsAt» hauria de ser una data (Timestamp). Corregiu-ho a la consola i es tornarà a processar.",
    );
    expect((await pairing("b-bad")).reminders ?? {}).toEqual({});
    // Still due and still unreadable: skipped again, nothing else written.
    const again = await job(now);
    expect(again.enforced).toEqual([]);
    expect((await pairing("a-good")).reminders.firstMeeting).toBeDefined();
  });

  it("goes on when one pairing's processing throws: the rest are enforced, that one is marked", async () => {
    const now = new Date("2027-03-01T07:00:00Z");
    const pairingFor = (n: number) => ({ ...acceptedPairing(n), nextDeadlineAt: new Date("2026-12-13T08:00:00Z") });
    // An id the console accepts (1,490 bytes) whose reminder's outbox id Firestore refuses (over 1,500).
    const long = `b-${"x".repeat(1488)}`;
    await withTriggersPaused(async () => {
      await db.doc("pairings/a-good").set(pairingFor(1));
      await db.doc(`pairings/${long}`).set(pairingFor(2));
      await db.doc("pairings/c-good").set(pairingFor(3));
    });
    const run = await job(now);
    expect(run.enforced).toEqual(["a-good:firstMeeting", "c-good:firstMeeting"]);
    expect(run.failed).toBe(1);
    expect((await pairing(long)).problem).toMatch(/^No s'ha pogut processar per un error intern/);
  });

  it("asks for a cycle's matching once its matchingAt has passed, once", async () => {
    const matchingAt = (await db.doc(`cycles/${cycle}`).get()).get("matchingAt").toDate() as Date;
    expect((await job(new Date(matchingAt.getTime() - 1000))).matchingRequested).toEqual([]);
    const after = new Date(matchingAt.getTime() + 1000);
    expect((await job(after)).matchingRequested).toEqual([cycle]);
    expect((await job(after)).matchingRequested).toEqual([]);
    // Its trigger runs it (matching.test.ts proves that path); right after the previous test
    // re-enabled the emulator's triggers, that event can be lost while they reload, which in
    // production is the work sweep's to catch. Claiming is a transaction: whoever comes first runs it.
    await runMatching(`scheduled-${cycle}`, new Date());
    await waitFor(
      async () => (await db.doc(`matchingRuns/scheduled-${cycle}`).get()).get("status") === "done",
      "the scheduled run",
    );
  });

  it("is wired as the scheduled function: a run asks for a due cycle's matching", async () => {
    await db.doc(`cycles/${cycle}`).update({ matchingAt: new Date(Date.now() - 60_000) });
    await runScheduledFunction("runDeadlines");
    await waitFor(
      async () => (await db.doc(`matchingRuns/scheduled-${cycle}`).get()).exists,
      "the scheduled matching run",
    );
  });
});
