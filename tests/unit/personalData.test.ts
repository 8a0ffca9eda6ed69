/** docs/design.md §12 and §13 without Firebase: what the library shows, what erasure and retention change. */
import { describe, expect, it } from "vitest";
import { ticked } from "../../functions/src/domain/fields.ts";
import { libraryOf, Material, type ListedMaterial } from "../../functions/src/domain/materials.ts";
import {
  cycleRetentionEnds,
  erasedApplication,
  erasedFitxa,
  erasedName,
  erasedPairing,
  erasedRecord,
  ownAccessData,
  redacted,
  withdrawnLinkMark,
  redactedMark,
} from "../../functions/src/domain/personalData.ts";
import { ProgrammeSettings } from "../../functions/src/domain/programme.ts";
import { atomFeed, libraryPage, materialPage } from "../../functions/src/views/library.ts";
import { privacyPage } from "../../functions/src/views/privacyPage.ts";

const now = new Date("2026-12-02T10:00:00Z");

const material = (id: string, fields: Record<string, unknown>): ListedMaterial => ({
  ...Material.parse({
    kind: "mentorship",
    status: "published",
    municipalities: ["Olot", "Sabadell"],
    topics: ["Comerç just i consum responsable"],
    topicIds: ["comerc-just"],
    objectives: "Objectius",
    submittedAt: new Date("2026-06-01T00:00:00Z"),
    ...fields,
  }),
  id,
});

describe("the library", () => {
  const published = material("a", {});
  const newer = material("b", { submittedAt: new Date("2026-07-01T00:00:00Z"), topicIds: [], topics: ["Cures"] });
  const draft = material("c", { status: "draft" });

  it("lists published materials only, newest first", () => {
    expect(libraryOf([published, draft, newer], null).map((m) => m.id)).toEqual(["b", "a"]);
  });

  it("filters by topic id, or by label for a material typed in the console without ids", () => {
    expect(libraryOf([published, newer], { id: "comerc-just", label: "Comerç just i consum responsable" })).toEqual([
      published,
    ]);
    expect(libraryOf([published, newer], { id: "cures", label: "Cures" })).toEqual([newer]);
  });

  it("names authors only when the fitxa says so", () => {
    const anonymous = materialPage(published, "Europe/Madrid");
    expect(anonymous).toContain("Olot, Sabadell");
    expect(anonymous).not.toContain("Autoria");
    expect(materialPage(material("d", { authors: ["Laia Ferrer"] }), "Europe/Madrid")).toContain(
      "<dt>Autoria</dt><dd>Laia Ferrer</dd>",
    );
  });

  it("escapes what people wrote, in pages and in the feed, and drops characters XML forbids", () => {
    const tricky = material("e", { objectives: "<script>x</script>", municipalities: ["L'Hospitalet & <b>\u0001"] });
    expect(materialPage(tricky, "Europe/Madrid")).toContain("&lt;script&gt;x&lt;/script&gt;");
    const feed = atomFeed([tricky], "https://xmess.example/", "Europe/Madrid", now);
    expect(feed).toContain("L&#39;Hospitalet &amp; &lt;b&gt;");
    expect(feed).not.toContain("\u0001");
    expect(feed).toContain("<id>https://xmess.example/materials/e</id>");
  });

  it("says so when nothing is published on a topic", () => {
    expect(libraryPage([], [], { id: "cures", label: "Cures", active: true }, "Europe/Madrid")).toContain(
      "Encara no hi ha cap material publicat sobre «Cures».",
    );
  });

  it("reads the fitxa's naming box as a checkbox posts it, or as JSON", () => {
    expect([ticked.parse("on"), ticked.parse(true), ticked.parse(undefined), ticked.parse("no")]).toEqual([
      true,
      true,
      false,
      false,
    ]);
  });
});

describe("erasure", () => {
  const pairing = {
    cycle: "2026",
    status: "completed",
    meetingCount: 2,
    score: 25,
    reasons: ["Laia Ferrer i Marta comparteixen temes"],
    mentee: {
      applicationId: "a1",
      name: "Laia Ferrer",
      email: "laia@olot.example",
      municipality: { id: "olot", name: "Olot" },
      description: "Necessito ajuda",
    },
    mentor: {
      applicationId: "a2",
      name: "Marta",
      email: "marta@sabadell.example",
      municipality: { id: "s", name: "S" },
    },
    assessments: { mentee: { score: 5, comments: "Gràcies, Marta", submittedAt: now } },
  };

  it("empties one side of a pairing and keeps its figures and the other side", () => {
    const after = erasedPairing(pairing, "mentee", ["laia@olot.example", "Laia Ferrer"], now);
    expect(after).toMatchObject({
      status: "completed",
      meetingCount: 2,
      score: 25,
      mentee: { applicationId: "a1", name: erasedName, email: "", description: "", municipality: { name: "Olot" } },
      mentor: { name: "Marta", email: "marta@sabadell.example" },
      assessments: { mentee: { score: 5, comments: "", submittedAt: now } },
      reasons: [`${redactedMark} i Marta comparteixen temes`],
      anonymisedAt: now,
    });
  });

  it("ends what is still in course, since nobody is left to write to", () => {
    expect(erasedPairing({ ...pairing, status: "active" }, "mentee", [], now)).toMatchObject({
      status: "cancelled",
      cancelReason: "Supressió de dades personals",
    });
    expect(erasedApplication({ status: "received", person: { name: "X" } }, [], now)).toMatchObject({
      status: "withdrawn",
      person: { name: erasedName, email: "" },
    });
    // A matched one keeps its status for the figures, and is marked: matching skips it.
    expect(erasedApplication({ status: "matched", person: { name: "X" } }, [], now)).toMatchObject({
      status: "matched",
      anonymisedAt: now,
    });
    // Retention changes no status: it empties documents of cycles long closed, figures intact.
    expect(erasedApplication({ status: "received" }, [], now, "retention").status).toBe("received");
    expect(erasedPairing({ ...pairing, status: "active" }, "mentee", [], now, "retention").status).toBe("active");
  });

  it("takes a person's own text and redacts their name from the others'", () => {
    const needles = ["Laia Ferrer"];
    expect(erasedRecord({ notes: "Meva", recordedBy: "mentee" }, "notes", true, needles, now).notes).toBe("");
    expect(erasedRecord({ notes: "Amb LAIA FERRER", recordedBy: "mentor" }, "notes", false, needles, now).notes).toBe(
      `Amb ${redactedMark}`,
    );
    expect(
      erasedFitxa({ objectives: "x", authors: ["Laia Ferrer"], status: "published" }, true, needles, now),
    ).toMatchObject({ objectives: "", authors: [], status: "draft" });
  });

  it("writes nothing when nothing mentions the person, and ignores needles too short to be names", () => {
    expect(redacted({ a: "res", b: [1, "res"], c: now }, ["Laia"])).toBeNull();
    expect(redacted({ a: "a b" }, ["a"])).toBeNull();
    expect(redacted({ when: now, text: "Laia (laia@x.example)" }, ["laia@x.example", "Laia"])).toEqual({
      when: now,
      text: `${redactedMark} (${redactedMark})`,
    });
  });

  it("keeps a cycle's data retentionYears after its mentorships end", () => {
    expect(
      cycleRetentionEnds(
        { startsAt: new Date("2026-11-01T00:00:00+01:00") },
        { maxDurationMonths: 12, retentionYears: 5, timezone: "Europe/Madrid" },
      ),
    ).toEqual(new Date("2032-11-01T00:00:00+01:00"));
  });
});

describe("the privacy notice", () => {
  const settings = ProgrammeSettings.parse({
    secretariatEmail: "secretaria@xmess.example",
    senderEmail: "XMESS <hola@xmess.example>",
    publicBaseUrl: "https://xmess.example",
  });

  it("names the controller, the processors and their regions, the periods and APDCAT, from settings", () => {
    const page = privacyPage(settings, "la Unió Europea (Madrid)");
    for (const text of [
      "Xarxa de Municipis per l&#39;Economia Social i Solidària (XMESS)",
      "mailto:secretaria@xmess.example",
      "article 6.1.e",
      "Google Cloud (Firebase)</strong> guarda les dades i executa l'aplicació a la Unió Europea (Madrid)",
      "Resend</strong> envia els correus des de la Unió Europea (Irlanda).",
      "al cap de set dies",
      "al cap de 180 dies",
      "cinc anys després",
      "APDCAT",
    ])
      expect(page).toContain(text);
    expect(page).not.toContain("capítol V");
    expect(page).not.toContain("Delegat");
  });

  it("refuses a misspelt privacy field instead of ignoring it", () => {
    expect(ProgrammeSettings.safeParse({ ...settings, privacy: { controlerName: "x" } }).success).toBe(false);
  });
});

describe("an access report holds the person's own data (docs/design.md §13)", () => {
  const token = "eyJwdXJwb3NlIjoibWVudG9yc2hpcCJ9.c2lnbmF0dXJh";
  const report = ownAccessData(
    {
      email: "laia@olot.example",
      pairings: [
        {
          id: "p1",
          mentee: { name: "Laia", email: "laia@olot.example" },
          mentor: { name: "Marta", email: "marta@sabadell.example", municipality: { id: "sabadell" } },
          assessments: { mentee: { score: 5 }, mentor: { score: 2, comments: "De la Marta" } },
        },
      ],
      sessions: [
        { pairingId: "p1", recordedBy: "mentee", notes: "Les meves notes" },
        { pairingId: "p1", recordedBy: "mentor", notes: "Les notes de la Marta" },
      ],
      incidents: [{ pairingId: "p1", reportedBy: "mentor", text: "Queixa de la Marta" }],
      mail: [
        { id: "proposal-p1", to: ["marta@sabadell.example"], text: `Respon: https://x.example/proposta/${token}` },
        {
          id: "pairing-p1-accepted-mentee",
          to: ["Laia@Olot.example"],
          text: `La teva pàgina: https://x.example/mentoria/${token}`,
          attachments: [{ filename: "sessio.ics", contentType: "text/calendar", content: "QkVHSU4=" }],
        },
      ],
    },
    "laia@olot.example",
    { p1: "mentee" },
  );

  it("keeps no mail addressed to someone else", () => {
    expect(report.mail.map((m) => m.id)).toEqual(["pairing-p1-accepted-mentee"]);
  });

  it("keeps no link that opens a page, and no attachment's content", () => {
    const json = JSON.stringify(report);
    expect(json).not.toContain(token);
    expect(json).toContain(`/mentoria/${withdrawnLinkMark}`);
    expect(report.mail[0]!.attachments).toEqual([{ filename: "sessio.ics", contentType: "text/calendar" }]);
  });

  it("keeps of the other participant only their municipality, and nothing they wrote", () => {
    const json = JSON.stringify(report);
    for (const theirs of ["marta@sabadell.example", "De la Marta", "Les notes de la Marta", "Queixa de la Marta"])
      expect(json).not.toContain(theirs);
    expect(report.pairings[0]!.mentor).toEqual({ municipality: { id: "sabadell" } });
    expect(json).toContain("Les meves notes");
  });
});
