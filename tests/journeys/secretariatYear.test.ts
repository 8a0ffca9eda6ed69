/**
 * Issue 11's "done when": a cycle with withdrawals, a cancelled draft, a
 * declined proposal, a late mentor and a corrected address runs end to end,
 * the secretariat only making decisions in the console (documents as the
 * console writes them), people only using their forms and links; and the
 * figures, the digest and an export match the documents.
 */
import { parse } from "csv-parse/sync";
import { describe, expect, it } from "vitest";
import { sendAttentionDigest } from "../../functions/src/usecases/attention.ts";
import {
  consoleApplication,
  db,
  projectId,
  resetAll,
  runScheduledFunction,
  validApplication,
  waitFor,
} from "../helpers/emulator.ts";
import { applicantLink, applyAs, applyConfirmed, ownerPost, participantLink, proposalLink } from "../helpers/links.ts";
import { expectCaptured } from "../helpers/mail.ts";
import { act } from "../helpers/mentorship.ts";

const cycle = String(new Date().getUTCFullYear());
type Data = FirebaseFirestore.DocumentData;

const get = async (path: string) => (await db.doc(path).get()).data() ?? {};
const until = <T>(what: string, probe: () => Promise<T | null | undefined | false>) => waitFor(probe, what, 120_000);
const finishedRun = (runId: string) =>
  until(`run ${runId}`, async () => {
    const run = await get(`matchingRuns/${runId}`);
    return ["done", "failed"].includes(run.status as string) ? run : null;
  });
async function pairingsOf(menteeId: string) {
  const docs = (await db.collection("pairings").where("mentee.applicationId", "==", menteeId).get()).docs;
  return docs.map((d) => ({ id: d.id, ...d.data() }) as Data & { id: string });
}
async function answer(pairingId: string, decision: "accept" | "decline") {
  const response = await fetch(await proposalLink(pairingId), {
    method: "POST",
    headers: { "content-type": "application/json", accept: "application/json" },
    body: JSON.stringify({ decision }),
  });
  expect(response.status).toBe(200);
}
const apply = applyAs;

describe("the secretariat's year", () => {
  it("runs a cycle end to end from the console, and the figures, digest and export match the documents", async () => {
    await resetAll();
    // September: people apply and confirm from their email.
    const laia = await apply("mentee", "Laia", "olot", ["energia-comunitaria"]);
    const nil = await apply("mentee", "Nil", "vic", ["energia-comunitaria"]);
    const pau = await apply("mentee", "Pau", "reus", ["cures"]);
    const queralt = await apply("mentee", "Queralt", "tarrega", ["habitatge-cooperatiu"]);
    await apply("mentor", "Marta", "sabadell", ["energia-comunitaria"]);
    await apply("mentor", "Jordi", "tarragona", ["energia-comunitaria"]);
    const ona = await apply("mentor", "Ona", "girona", ["cures"]);
    await applyConfirmed(validApplication("advisory", { municipality: "vic", topics: ["cures"] }), { direct: true });

    // October: the secretariat asks for the cycle's matching.
    await db.doc("matchingRuns/run-1").set({ cycle, status: "requested" });
    const run1 = await finishedRun("run-1");
    expect(run1.summary).toMatchObject({ matched: 3, unmatched: [{ applicationId: queralt }] });
    const [nilDraft] = await pairingsOf(nil);
    const [laiaDraft] = await pairingsOf(laia);

    // It cancels one draft: the freed place is offered again; Nil has no other mentor yet and waits.
    await db.doc(`pairings/${nilDraft!.id}`).update({ status: "cancelled", cancelReason: "Ja es coneixen." });
    const freed = await finishedRun(`freed-${nilDraft!.id}`);
    expect(freed.summary).toMatchObject({ matched: 0 });
    await until("Nil waitlisted", async () => (await get(`applications/${nil}`)).status === "waitlisted");

    // It approves the rest: two proposals go out.
    await db.doc("matchingRuns/run-1").update({ status: "approved" });
    const pauPairing = (await pairingsOf(pau))[0]!.id;
    await answer(pauPairing, "accept");
    // Laia's mentor declines: the re-match finds her the other mentor, and Nil (waitlisted) the one who declined.
    await answer(laiaDraft!.id, "decline");
    const rematch = await finishedRun(`rematch-${laiaDraft!.id}`);
    expect(rematch.summary).toMatchObject({ matched: 2 });
    const laiaNext = (await pairingsOf(laia)).find((p) => p.status === "draft")!;
    const nilNext = (await pairingsOf(nil)).find((p) => p.status === "draft")!;
    expect(laiaNext.mentor.applicationId).toBe(nilDraft!.mentor.applicationId);
    expect(nilNext.mentor.applicationId).toBe(laiaDraft!.mentor.applicationId);
    await db.doc(`pairings/${laiaNext.id}`).update({ status: "proposed" });
    await answer(laiaNext.id, "accept");

    // November: Nil withdraws from his own page; his draft is cancelled and the secretariat told.
    const withdrawn = await ownerPost(await applicantLink(nil), { action: "withdraw", sure: "yes" });
    expect(withdrawn.status).toBe(200);
    await until("Nil's draft cancelled", async () => (await get(`pairings/${nilNext.id}`)).status === "cancelled");
    // Its email waits out the mass-change window before it goes (docs/design.md §15).
    const withdrawal = await until("the withdrawal notice queued", async () =>
      (await db.doc(`mail/application-${nil}-withdrawn-secretariat`).get()).data(),
    );
    expect(withdrawal).toMatchObject({ delivery: { state: "RETRY" }, guard: { change: `withdrawal-${nil}` } });
    expect(withdrawal.text).toContain(nilNext.id);
    await finishedRun(`freed-${nilNext.id}`);

    // December: a late mentor from a paper form, typed in the console with a mistyped address.
    await db.doc("applications/paper-jana").set(
      consoleApplication(
        "mentor",
        { name: "Jana", email: "jana@manresa.exmaple" },
        {
          cycle,
          municipality: { id: "manresa", name: "Manresa" },
          topics: ["habitatge-cooperatiu"],
          description: "Hem impulsat dues cooperatives d'habitatge en cessió d'ús.",
          capacity: 1,
        },
      ),
    );
    const late = await finishedRun("mentor-paper-jana");
    expect(late).toMatchObject({ reason: "lateMentor", summary: { matched: 1 } });
    const [janaDraft] = await pairingsOf(queralt);
    expect(janaDraft!.reasons[0]).toContain("Habitatge cooperatiu en cessió d'ús");
    // The secretariat corrects the address; the pairing follows, and the proposal goes to the right one.
    await db.doc("applications/paper-jana").update({ "person.email": "jana@manresa.example" });
    await until(
      "the pairing corrected",
      async () => (await get(`pairings/${janaDraft!.id}`)).mentor?.email === "jana@manresa.example",
    );
    await db.doc(`pairings/${janaDraft!.id}`).update({ status: "proposed" });
    const [proposal] = await expectCaptured(`proposal-${janaDraft!.id}`, 1);
    expect(proposal!.to).toEqual(["jana@manresa.example"]);

    // Meetings: one logged by Pau from his page, one added by the secretariat in the console; an incident.
    const pauPage = await participantLink(pauPairing, "mentee");
    const today = new Date().toISOString().slice(0, 10);
    expect((await act(pauPage, { action: "meeting", date: today, mode: "virtual", durationMinutes: 60 })).status).toBe(
      200,
    );
    await db
      .doc("sessions/a-ma")
      .set({ pairingId: laiaNext.id, date: new Date(), mode: "presencial", durationMinutes: 90 });
    expect((await act(pauPage, { action: "incident", kind: "incident", text: "Ens costa trobar data." })).status).toBe(
      200,
    );
    await until("meetings counted", async () => (await get(`pairings/${laiaNext.id}`)).meetingCount === 1);
    await until("meetings counted", async () => (await get(`pairings/${pauPairing}`)).meetingCount === 1);

    // Figures: the sweep recomputes the marked report; every figure is checked against the documents.
    await runScheduledFunction("sweepStuckWork");
    const report = await until("the report", async () => {
      const r = await get(`reports/cycle-${cycle}`);
      return r.dirty === false ? r : null;
    });
    const apps = (await db.collection("applications").get()).docs.map((d) => d.data());
    const confirmed = apps.filter((a) => a.status !== "unconfirmed");
    const pairings = (await db.collection("pairings").where("cycle", "==", cycle).get()).docs.map((d) => d.data());
    const sessions = (await db.collection("sessions").get()).docs.map((d) => d.data());
    const groups = (await db.collection("advisoryGroups").get()).docs.map((d) => d.data());
    const byKind = (list: Data[]) =>
      Object.fromEntries(["mentee", "mentor", "advisory"].map((k) => [k, list.filter((a) => a.kind === k).length]));
    const byStatus = Object.fromEntries(
      ["draft", "proposed", "accepted", "declined", "expired", "active", "completed", "incomplete", "cancelled"].map(
        (s) => [s, pairings.filter((p) => p.status === s).length],
      ),
    );
    expect(report).toMatchObject({
      cycle,
      applications: byKind(confirmed),
      withdrawn: byKind(confirmed.filter((a) => a.status === "withdrawn")),
      municipalities: new Set(confirmed.filter((a) => a.status !== "withdrawn").map((a) => a.municipality.id)).size,
      pairings: byStatus,
      meetingsHeld: sessions.length,
      mentorshipsEnded: 0,
      completionRate: null,
      assessments: { mentor: { count: 0, average: null }, mentee: { count: 0, average: null } },
      advisory: {
        groups: groups.length,
        groupsDone: 0,
        plannedHours: groups.reduce((sum, g) => sum + (g.hoursPlanned as number), 0),
        deliveredHours: 0,
      },
    });
    // The story as figures: 4 mentees, 4 mentors (one late), 1 advisory request; 1 withdrawn.
    expect(report.applications).toEqual({ mentee: 4, mentor: 4, advisory: 1 });
    expect(report.pairings).toMatchObject({ active: 2, declined: 1, cancelled: 2, proposed: 1, draft: 0 });
    expect(report.meetingsHeld).toBe(2);

    // The digest lists what needs a person, from the same documents: the open incident.
    await sendAttentionDigest(new Date());
    const openIncidents = (await db.collection("incidents").where("status", "==", "open").get()).docs;
    expect(openIncidents).toHaveLength(1);
    const [email] = await expectCaptured(`digest-`, 1);
    expect(email!.text).toContain(`incidents/${openIncidents[0]!.id}`);
    expect(email!.text).toContain(
      `console.firebase.google.com/project/${projectId}/firestore/databases/-default-/data/`,
    );
    expect(email!.text).not.toContain("esborrany");

    // The export has one row per pairing of the cycle, each as its document says.
    await db.doc("exports/any").set({ dataset: "pairings", cycle });
    await until("the export", async () => (await get("exports/any")).status === "done");
    expect((await get("exports/any")).rows).toBe(pairings.length);
    const [file] = await expectCaptured("export-any", 1);
    const csv = Buffer.from(file!.attachments[0]!.content, "base64").toString("utf8");
    const rows = parse(csv, { bom: true, delimiter: ";", columns: true }) as Record<string, string>[];
    expect(rows).toHaveLength(pairings.length);
    for (const row of rows) {
      const stored = await get(`pairings/${row["Referència"]}`);
      expect(row["Persona mentora"]).toBe(stored.mentor.name);
      expect(row["Trobades"]).toBe(String(stored.meetingCount ?? 0));
    }
    expect(
      rows
        .filter((r) => /^anul·lada$/i.test(r["Estat"]!))
        .map((r) => r["Referència"])
        .sort(),
    ).toEqual([nilDraft!.id, nilNext.id].sort());
    // Ona was never touched by any of it.
    expect((await get(`applications/${ona}`)).status).toBe("matched");
  }, 600_000);
});
