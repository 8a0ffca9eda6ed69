/** docs/design.md §13: erasure and access requests, and retention, against the emulator suite. */
import { randomUUID } from "node:crypto";
import { beforeEach, describe, expect, it } from "vitest";
import { erasedName } from "../../functions/src/domain/personalData.ts";
import { addMonths, isoDay } from "../../functions/src/domain/time.ts";
import { runDeadlines } from "../../functions/src/jobs/deadlines.ts";
import { advancePrivacyRequest } from "../../functions/src/usecases/privacy.ts";
import {
  consoleApplication,
  db,
  resetAll,
  urls,
  validApplication,
  waitFor,
  withTriggersPaused,
} from "../helpers/emulator.ts";
import { applyConfirmed, linkSigningKey } from "../helpers/links.ts";
import { expectCaptured, expectCapturedAfterGuardWindow } from "../helpers/mail.ts";
import { act, acceptedMentorship, pairing } from "../helpers/mentorship.ts";

const tz = "Europe/Madrid";
beforeEach(() => resetAll());

/** Every document of every collection, as text: what a scan for a person's traces reads. */
async function everything(): Promise<{ path: string; text: string }[]> {
  const out: { path: string; text: string }[] = [];
  for (const collection of await db.listCollections()) {
    for (const doc of (await collection.get()).docs) {
      out.push({ path: doc.ref.path, text: `${doc.id} ${JSON.stringify(doc.data())}`.toLowerCase() });
    }
  }
  return out;
}

const tracesOf = async (needles: string[]) => {
  const all = await everything();
  return needles.flatMap((needle) =>
    all.filter((d) => d.text.includes(needle.toLowerCase())).map((d) => `${d.path} ← ${needle}`),
  );
};

async function reports() {
  return Object.fromEntries((await db.collection("reports").get()).docs.map((d) => [d.id, d.data()]));
}

/** Waits for `privacyRequests/{id}` to reach `status`, and returns it. */
const requestIn = (id: string, status: string) =>
  waitFor(
    async () => {
      const request = (await db.doc(`privacyRequests/${id}`).get()).data();
      return request?.status === status ? request : null;
    },
    `request ${id} ${status}`,
    120_000,
  );

/** No outbox document still on its way: nothing will write to the mail collection behind the test's back. */
const mailSettled = () =>
  waitFor(async () => {
    const docs = (await db.collection("mail").get()).docs;
    return docs.every((d) => ["SUCCESS", "ERROR"].includes(d.get("delivery.state") as string));
  }, "every email delivered");

/** A mentee with an application, a finished mentorship, meetings with notes, an incident, a fitxa and emails. */
async function menteeWithAYear() {
  const tag = randomUUID().slice(0, 6);
  const { id, menteeLink } = await acceptedMentorship(tag);
  const before = await pairing(id);
  const person = { name: before.mentee.name as string, email: before.mentee.email as string };
  const texts = {
    notes: `Vam parlar del mercat de proximitat ${tag}`,
    incident: `La persona mentora no respon als correus ${tag}`,
    objectives: `Crear una xarxa de consum local ${tag}`,
    partnerNotes: `Trobada amb ${person.name} a l'ajuntament`,
  };
  const today = isoDay(new Date(), tz);
  expect(
    (
      await act(menteeLink, {
        action: "meeting",
        date: today,
        mode: "virtual",
        durationMinutes: 60,
        notes: texts.notes,
      })
    ).status,
  ).toBe(200);
  // The secretariat records the second meeting in the console, naming the mentee in its notes.
  await db.collection("sessions").add({
    pairingId: id,
    cycle: before.cycle,
    date: new Date(),
    mode: "presencial",
    durationMinutes: 90,
    notes: texts.partnerNotes,
    recordedBy: "secretariat",
  });
  await waitFor(async () => (await pairing(id)).meetingCount === 2, "two meetings counted");
  expect((await act(menteeLink, { action: "incident", kind: "incident", text: texts.incident })).status).toBe(200);
  // Finished, assessed and documented as the secretariat's console shows it at the end of a year.
  await db.doc(`pairings/${id}`).update({
    status: "completed",
    "assessments.mentee": { score: 5, comments: `Molt útil ${tag}`, submittedAt: new Date() },
  });
  await db.doc(`materials/mentorship-${id}`).set({
    kind: "mentorship",
    pairingId: id,
    cycle: before.cycle,
    municipalities: ["Sabadell", "Olot"],
    topics: ["Comunitats energètiques"],
    topicIds: ["energia-comunitaria"],
    objectives: texts.objectives,
    activities: "Visites",
    results: "Projecte",
    learnings: "Començar petit",
    links: "",
    authors: [person.name],
    status: "published",
    submittedAt: new Date(),
  });
  await mailSettled();
  return { id, person, texts, tag, mentor: before.mentor as { name: string; email: string } };
}

describe("an erasure request", () => {
  it("leaves no trace of the person anywhere, and every report figure the same", async () => {
    const { id, person, texts, tag, mentor } = await menteeWithAYear();
    const found = await tracesOf([person.email, person.name, texts.notes, texts.incident, texts.objectives]);
    expect(found.length).toBeGreaterThan(10); // the scan does find them before
    const figures = await reports();

    await db.doc("privacyRequests/e1").set({ kind: "erasure", email: person.email.toUpperCase() });
    const done = await requestIn("e1", "done");

    expect(
      await tracesOf([person.email, person.name, texts.notes, texts.incident, texts.objectives, `Molt útil ${tag}`]),
    ).toEqual([]);
    expect(await reports()).toEqual(figures);
    expect(done.summary).toMatchObject({ applications: 1, pairings: 1, sessions: 2, incidents: 1, materials: 1 });
    expect(done.summary.mail).toBeGreaterThanOrEqual(4);
    expect(done.email).toBe("");
    // What is not theirs stays: the pairing's figures, the mentor, the mentor's meeting (their name redacted).
    const after = await pairing(id);
    expect(after).toMatchObject({ status: "completed", meetingCount: 2, mentee: { name: erasedName, email: "" } });
    expect(after.mentee.municipality.name).toBe("Olot");
    expect(after.mentor.email).toBe(mentor.email);
    expect(after.assessments.mentee.score).toBe(5);
    const sessions = (await db.collection("sessions").where("pairingId", "==", id).get()).docs.map((d) => d.data());
    expect(sessions.map((s) => s.notes).sort()).toEqual(["", "Trobada amb [dada suprimida] a l'ajuntament"]);
    expect((await db.doc(`materials/mentorship-${id}`).get()).get("status")).toBe("draft");
  }, 240_000);

  it("ends a mentorship in course and tells the other person, without naming who was erased", async () => {
    const { id } = await acceptedMentorship("viva");
    const before = await pairing(id);
    const mentee = before.mentee as { name: string; email: string; applicationId: string };
    await db.doc("privacyRequests/e-viva").set({ kind: "erasure", email: mentee.email });
    await waitFor(async () => (await db.doc("privacyRequests/e-viva").get()).get("status") === "done", "done", 120_000);
    expect(await pairing(id)).toMatchObject({ status: "cancelled" });
    const told = await expectCapturedAfterGuardWindow(
      `pairing-${id}-cancelled-${before.mentor.applicationId as string}`,
    );
    expect(told.to).toEqual([before.mentor.email]);
    expect(told.text).toContain(erasedName);
    expect(`${told.subject} ${told.text} ${told.html}`).not.toContain(mentee.name);
    expect(`${told.text}`).not.toContain(mentee.email);
    // The erased person is written to no more.
    expect((await db.doc(`mail/pairing-${id}-cancelled-${mentee.applicationId}`).get()).exists).toBe(false);
    expect(await tracesOf([mentee.email, mentee.name])).toEqual([]);
  }, 180_000);

  it("pages through many emails, and counts each once when two runs race every step", async () => {
    const id = await applyConfirmed(validApplication("advisory", { email: "moltes@olot.example" }));
    // Its own emails first: a pause would lose their events.
    await mailSettled();
    await withTriggersPaused(async () => {
      const batch = db.batch();
      for (let i = 0; i < 250; i++)
        batch.set(db.doc(`mail/old-${i}`), {
          to: ["moltes@olot.example"],
          subject: "Antic",
          text: "x",
          delivery: { state: "SUCCESS", attempts: 1 },
        });
      await batch.commit();
      await db.doc("privacyRequests/e2").set({ kind: "erasure", email: "moltes@olot.example" });
      // Each step run twice at once, as duplicate trigger events would.
      for (let step = 0; step < 10; step++) {
        await Promise.all([advancePrivacyRequest("e2", new Date()), advancePrivacyRequest("e2", new Date())]);
        if ((await db.doc("privacyRequests/e2").get()).get("status") === "done") break;
      }
    });
    const done = (await db.doc("privacyRequests/e2").get()).data()!;
    expect(done.status).toBe("done");
    // Pages of 200: 250 old emails, the confirmation request, the two confirmation emails and the one saying it joined a group.
    expect(done.progress.step).toBe(4);
    expect(done.summary).toEqual({ mail: 254, applications: 1, advisoryGroups: 1 });
    expect(await tracesOf(["moltes@olot.example"])).toEqual([]);
    expect((await db.doc(`applications/${id}`).get()).get("person.name")).toBe(erasedName);
    // Done is done: another run changes nothing.
    await advancePrivacyRequest("e2", new Date());
    expect((await db.doc("privacyRequests/e2").get()).data()).toEqual(done);
  }, 240_000);

  it("leaves nobody to match, and reaches every copy made from the person's data, whatever the case typed", async () => {
    const email = "copia@sabadell.example";
    const id = await applyConfirmed(
      validApplication("mentor", { email, name: "Clara Còpia", municipality: "sabadell" }),
    );
    await mailSettled();
    const csv = Buffer.from(`nom,adreça\nClara Còpia,${email}\n`).toString("base64");
    await withTriggersPaused(async () => {
      await db.doc(`applications/${id}`).update({ status: "matched" });
      const sent = { delivery: { state: "SUCCESS", attempts: 1 }, createdAt: new Date() };
      const toSecretariat = { to: ["secretaria@xmess.example"], subject: "Exportació", text: "Adjunt.", ...sent };
      await db.doc("mail/export-amb-ella").set({
        ...toSecretariat,
        template: "export",
        attachments: [{ filename: "mentors.csv", content: csv, contentType: "text/csv" }],
      });
      await db.doc("mail/export-sense-ella").set({
        ...toSecretariat,
        template: "export",
        attachments: [
          { filename: "grups.csv", content: Buffer.from("grup\n").toString("base64"), contentType: "text/csv" },
        ],
      });
      await db
        .doc("mail/digest-amb-ella")
        .set({ ...toSecretariat, template: "attention-digest", text: "Clara Còpia espera." });
      await db
        .doc("matchingRuns/r-copia")
        .set({ cycle: "2020", status: "done", summary: { unmatched: ["Clara Còpia"] } });
      await db.doc("privacyRequests/antiga").set({ kind: "access", email, status: "done" });
      await db.doc("members/sabadell").update({ contacts: ["Copia@Sabadell.example", "altre@sabadell.example"] });
    });

    await db.doc("privacyRequests/e3").set({ kind: "erasure", email: "COPIA@Sabadell.example" });
    const done = await requestIn("e3", "done");
    // Kept `matched` for the figures, marked so that no run pairs it (matchingCandidates).
    const erased = (await db.doc(`applications/${id}`).get()).data()!;
    expect(erased.status).toBe("matched");
    expect(erased.anonymisedAt).toBeTruthy();
    for (const gone of ["export-amb-ella", "digest-amb-ella"])
      expect((await db.doc(`mail/${gone}`).get()).exists).toBe(false);
    expect((await db.doc("mail/export-sense-ella").get()).exists).toBe(true);
    expect((await db.doc("privacyRequests/antiga").get()).get("email")).toBe("");
    expect((await db.doc("members/sabadell").get()).get("contacts")).toEqual(["altre@sabadell.example"]);
    expect(done.summary).toMatchObject({ matchingRuns: 1, privacyRequests: 1, members: 1 });
    expect(await tracesOf([email, "Clara Còpia"])).toEqual([]);
  }, 240_000);

  it("refuses a request it cannot read, in Catalan, and changes nothing", async () => {
    const id = await applyConfirmed(validApplication("advisory", { email: "queda@olot.example" }));
    await db.doc("privacyRequests/bad").set({ kind: "oblit", email: "queda@olot.example" });
    const failed = await requestIn("bad", "failed");
    expect(failed.error).toContain("«kind»");
    expect((await db.doc(`applications/${id}`).get()).get("person.email")).toBe("queda@olot.example");
    // Corrected in the console, it is processed.
    await db.doc("privacyRequests/bad").update({ kind: "access" });
    await waitFor(
      async () => (await db.doc("privacyRequests/bad").get()).get("status") === "done",
      "corrected request done",
    );
    expect((await db.doc("privacyRequests/bad").get()).get("error")).toBeNull();
  });
});

describe("an access request", () => {
  it("emails the secretariat everything a scan finds about the person, as JSON", async () => {
    const { person } = await menteeWithAYear();
    const holding = (await everything()).filter((d) => d.text.includes(person.email.toLowerCase())).map((d) => d.path);
    await db.doc("privacyRequests/a1").set({ kind: "access", email: person.email });
    await waitFor(async () => (await db.doc("privacyRequests/a1").get()).get("status") === "done", "access done");
    const [email] = await expectCaptured("privacy-a1-access", 1);
    expect(email!.to).toEqual(["secretaria@xmess.example"]);
    const attachment = email!.attachments.find((a) => a.filename.endsWith(".json"))!;
    const data = JSON.parse(Buffer.from(attachment.content, "base64").toString("utf8")) as Record<
      string,
      { id: string }[]
    >;
    const returned = new Set(
      Object.entries(data).flatMap(([collection, docs]) =>
        Array.isArray(docs) ? docs.map((d) => `${collection}/${typeof d === "string" ? d : d.id}`) : [],
      ),
    );
    // Mail addressed to someone else is theirs, not the person's (docs/design.md §13).
    const toOthers = new Set(
      (await db.collection("mail").get()).docs
        .filter((d) => !(d.get("to") as string[]).includes(person.email))
        .map((d) => `mail/${d.id}`),
    );
    expect(
      holding.filter((path) => !path.startsWith("privacyRequests/") && !returned.has(path) && !toOthers.has(path)),
    ).toEqual([]);
    // Nothing was erased.
    expect(await tracesOf([person.email])).not.toEqual([]);
  }, 240_000);

  it("holds nothing of the other participant: no mail to them, nothing they wrote, no link that opens a page", async () => {
    const { id, mentor } = await menteeWithAYear();
    const mentee = (await pairing(id)).mentee as { email: string };
    await db.doc("privacyRequests/a2").set({ kind: "access", email: mentee.email });
    await waitFor(async () => (await db.doc("privacyRequests/a2").get()).get("status") === "done", "access done");
    const [email] = await expectCaptured("privacy-a2-access", 1);
    const json = Buffer.from(email!.attachments.find((a) => a.filename.endsWith(".json"))!.content, "base64").toString(
      "utf8",
    );
    expect(json).not.toMatch(/\/(proposta|mentoria|sollicitud)\/[\w-]+\.[\w-]+/);
    const data = JSON.parse(json) as { mail: { to: string[] }[]; pairings: Record<string, unknown>[] };
    expect(data.mail.length).toBeGreaterThan(0);
    for (const mail of data.mail) expect(mail.to).toContain(mentee.email);
    // The mentor's address is only where mail to the mentee gave it to her.
    expect(JSON.stringify(data.pairings)).not.toContain(mentor.email);
    expect(Object.keys(data.pairings[0]!.mentor as object)).toEqual(["municipality"]);
  }, 240_000);
});

describe("retention", () => {
  it("anonymises a cycle whose mentorships ended more than retentionYears ago, and keeps its figures", async () => {
    const old = "2019";
    await withTriggersPaused(async () => {
      await db.doc(`cycles/${old}`).set({
        applicationsOpenAt: new Date("2019-09-01T00:00:00Z"),
        applicationsCloseAt: new Date("2019-09-30T00:00:00Z"),
        matchingAt: new Date("2019-10-01T00:00:00Z"),
        startsAt: new Date("2019-11-01T00:00:00Z"),
      });
      const party = (name: string, email: string, municipality: string) => ({
        applicationId: `${old}-${name}`,
        name,
        email,
        position: "Tècnica",
        municipality: { id: municipality, name: municipality },
        description: `Text de ${name}`,
      });
      await db.doc(`applications/${old}-laia`).set(
        consoleApplication(
          "mentee",
          { name: "Laia Antiga", email: "laia@antiga.example" },
          {
            cycle: old,
            status: "matched",
            description: "Necessitats antigues",
            createdAt: new Date("2019-09-10T00:00:00Z"),
          },
        ),
      );
      await db.doc(`pairings/${old}-p`).set({
        cycle: old,
        status: "completed",
        meetingCount: 3,
        mentor: party("Marta Antiga", "marta@antiga.example", "Sabadell"),
        mentee: party("Laia Antiga", "laia@antiga.example", "Olot"),
        assessments: { mentor: { score: 4, comments: "Bé", submittedAt: new Date("2020-10-01T00:00:00Z") } },
      });
      // Its three meetings, as the pairing counts them: anonymising them must leave the count true.
      for (const [n, day] of [
        [1, "2019-12-10"],
        [2, "2020-03-10"],
        [3, "2020-06-10"],
      ] as const) {
        await db.doc(`sessions/${old}-p-${n}`).set({
          pairingId: `${old}-p`,
          cycle: old,
          date: new Date(`${day}T09:00:00Z`),
          mode: "presencial",
          durationMinutes: 60,
          notes: "Notes antigues",
          recordedBy: "mentee",
        });
      }
      await db.doc(`incidents/${old}-p-1`).set({
        pairingId: `${old}-p`,
        cycle: old,
        text: "Incidència antiga",
        reportedBy: "mentor",
        status: "resolved",
      });
      await db
        .doc("applications/advisory-antiga")
        .set(
          consoleApplication(
            "advisory",
            { name: "Pere Antic", email: "pere@antiga.example" },
            { description: "Pregunta antiga", createdAt: new Date("2019-03-01T00:00:00Z") },
          ),
        );
    });
    const current = await applyConfirmed(validApplication("mentee", { email: "avui@olot.example" }));
    const now = addMonths(new Date("2019-11-01T00:00:00Z"), 12 * 6 + 1, tz); // 12 months + 5 years have passed

    const first = await runDeadlines(now, linkSigningKey());
    expect(first.retention).toMatchObject({ cycles: [old], advisoryRequests: 1, failures: 0 });
    expect(
      await tracesOf([
        "laia@antiga.example",
        "Laia Antiga",
        "Marta Antiga",
        "Necessitats antigues",
        "Notes antigues",
        "Incidència antiga",
        "Pere Antic",
      ]),
    ).toEqual([]);
    expect((await db.doc(`pairings/${old}-p`).get()).data()).toMatchObject({
      status: "completed",
      meetingCount: 3,
      mentor: { municipality: { name: "Sabadell" } },
      assessments: { mentor: { score: 4, comments: "" } },
    });
    expect((await db.doc(`applications/${old}-laia`).get()).get("status")).toBe("matched");
    expect((await db.doc(`applications/${current}`).get()).get("person.email")).toBe("avui@olot.example");
    // The next day: nothing more to do.
    expect((await runDeadlines(now, linkSigningKey())).retention).toMatchObject({ cycles: [], advisoryRequests: 0 });
  }, 120_000);
});

describe("the privacy notice", () => {
  it("says what settings/programme says, and the form's consent names the controller", async () => {
    const page = async (path: string) => (await fetch(`${urls.site}${path}`)).text();
    const before = await page("/privacitat");
    expect(before).toContain("Autoritat Catalana de Protecció de Dades");
    expect(before).toContain("la Unió Europea (Irlanda)");
    expect(before).toContain("al cap de 180 dies");
    await db.doc("settings/programme").update({
      privacy: {
        controllerName: "Consell Comarcal de Prova",
        controllerAddress: "Plaça Major, 1, 17800 Olot",
        dpoContact: "dpd@prova.example",
        emailRegion: "us-east-1",
      },
      mailRetentionDays: 90,
      retentionYears: 3,
    });
    const after = await page("/privacitat");
    for (const text of [
      "Consell Comarcal de Prova",
      "Plaça Major, 1, 17800 Olot",
      "dpd@prova.example",
      "els Estats Units (Virgínia)",
      "capítol V",
      "al cap de 90 dies",
      "tres anys després",
    ])
      expect(after).toContain(text);
    expect(await page("/sollicitud/assessorament")).toContain(
      "per gestionar la sol·licitud (responsable: Consell Comarcal de Prova)",
    );
    // A misspelt field is refused, not silently ignored: it is marked, and the last valid notice stays.
    await db.doc("settings/programme").update({ "privacy.controlerName": "typo" });
    expect(await page("/privacitat")).toContain("Consell Comarcal de Prova");
    expect((await db.doc("settings/programme").get()).get("problem")).toContain("controlerName");
  });
});
