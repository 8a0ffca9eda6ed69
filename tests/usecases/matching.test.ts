/** docs/design.md §5 (contract), driven from outside: applications → exact drafts → proposal → one answer. */
import { beforeEach, describe, expect, it } from "vitest";
import { signLink } from "../../functions/src/domain/links.ts";
import { requireSettings } from "../../functions/src/store/programme.ts";
import { approveRun } from "../../functions/src/usecases/matching.ts";
import { answerProposal, proposePairing } from "../../functions/src/usecases/proposals.ts";
import {
  consoleApplication,
  count,
  db,
  postApplication,
  resetAll,
  urls,
  validApplication,
  waitFor,
  withTriggersPaused,
} from "../helpers/emulator.ts";
import { capturedFor, waitForDelivery } from "../helpers/mail.ts";
import { applyConfirmed, linkSigningKey, proposalLink } from "../helpers/links.ts";

const cycle = String(new Date().getUTCFullYear());
beforeEach(() => resetAll());

async function apply(
  kind: "mentee" | "mentor",
  name: string,
  municipality: string,
  topics: string[],
  extra: Record<string, unknown> = {},
) {
  return applyConfirmed(
    validApplication(kind, {
      name,
      municipality,
      topics,
      email: `${name.toLowerCase()}@${municipality}.example`,
      ...extra,
    }),
  );
}

/** A run, asked for by hand or by the system, once it has finished. */
const finished = (runId: string) =>
  waitFor(async () => {
    const run = (await db.collection("matchingRuns").doc(runId).get()).data();
    return run && ["done", "failed"].includes(run.status) ? run : null;
  }, `run ${runId}`);

async function runMatching(runId: string) {
  await db.collection("matchingRuns").doc(runId).set({ cycle, status: "requested" });
  return finished(runId);
}

async function pairingsByMentee() {
  const snap = await db.collection("pairings").get();
  return Object.fromEntries(
    snap.docs.map((d) => [d.get("mentee.name") as string, { id: d.id, ...d.data() }]),
  ) as Record<
    string,
    { id: string; status: string; mentor: { name: string }; reasons: string[]; score: number; [k: string]: unknown }
  >;
}

const waitForStatus = (pairingId: string, status: string) =>
  waitFor(
    async () => (await db.collection("pairings").doc(pairingId).get()).get("status") === status,
    `${pairingId} ${status}`,
  );

async function decide(link: string, decision: string, json = false) {
  const response = await fetch(link, {
    method: "POST",
    headers: json
      ? { "content-type": "application/json", accept: "application/json" }
      : { "content-type": "application/x-www-form-urlencoded", accept: "text/html" },
    body: json ? JSON.stringify({ decision }) : `decision=${decision}`,
  });
  return { status: response.status, text: await response.text() };
}

describe("matching runs", () => {
  it("turns a cycle's applications into exact, explained drafts, and a second run adds nothing", async () => {
    await apply("mentee", "Laia", "olot", ["energia-comunitaria"]);
    await apply("mentee", "Pau", "reus", ["cures"]);
    await apply("mentee", "Nil", "vic", ["habitatge-cooperatiu"]);
    await apply("mentor", "Marta", "sabadell", ["energia-comunitaria", "cures"], { capacity: 1 });
    await apply("mentor", "Jordi", "girona", ["energia-comunitaria"], { capacity: 1 });
    // Posted but never confirmed by their owners (docs/design.md §4a): invisible to matching, though
    // this mentor would take Nil, whom nobody else can.
    for (const [kind, name, municipality] of [
      ["mentor", "Ona", "girona"],
      ["mentee", "Queralt", "tarrega"],
    ] as const) {
      const posted = await postApplication(
        validApplication(kind, {
          name,
          municipality,
          topics: ["habitatge-cooperatiu"],
          capacity: kind === "mentor" ? 1 : undefined,
        }),
      );
      expect(posted.status).toBe(202);
    }

    const run = await runMatching("run-1");
    expect(run.status).toBe("done");
    // Greedy would give Laia to Marta (more shared... equal topics, closer) and leave Pau out; exact matches both.
    const pairs = await pairingsByMentee();
    expect(Object.keys(pairs).sort()).toEqual(["Laia", "Pau"]);
    expect(pairs.Pau!.mentor.name).toBe("Marta");
    expect(pairs.Laia!.mentor.name).toBe("Jordi");
    for (const pairing of Object.values(pairs)) {
      expect(pairing).toMatchObject({ status: "draft", runId: "run-1", cycle, score: expect.any(Number) });
      expect(pairing.reasons[0]).toMatch(/^Comparteixen un tema: /);
    }
    expect(pairs.Laia!.reasons).toContain("Tots dos municipis són de la província de Girona (+2).");
    expect(run.summary).toMatchObject({
      menteesConsidered: 3,
      mentorsConsidered: 2,
      matched: 2,
      unmatched: [{ name: "Nil", municipality: "Vic" }],
    });
    expect(run.summary.unmatched[0].reason).toContain("Cap persona mentora no treballa cap dels seus temes");
    expect(run.summary.explanation).toContain("És el màxim possible");

    const again = await runMatching("run-2");
    expect(again.summary).toMatchObject({ matched: 0, pairingIds: [] });
    expect(await count("pairings")).toBe(2);
  });

  it("gives a mentee whose draft the secretariat cancelled another mentor, or says why not (docs/design.md §10)", async () => {
    const laia = await apply("mentee", "Laia", "olot", ["energia-comunitaria"]);
    await apply("mentor", "Marta", "sabadell", ["energia-comunitaria"], { capacity: 1 });
    await runMatching("run-1");
    const first = (await pairingsByMentee()).Laia!;
    expect(first.mentor.name).toBe("Marta");
    await db.doc(`pairings/${first.id}`).update({ status: "cancelled", cancelReason: "No encaixen" });

    // The freed place asks for a run by itself; alone, the cancelled pair is not picked again,
    // the summary says why, and Laia waits for a place.
    const freed = await finished(`freed-${first.id}`);
    expect(freed).toMatchObject({ reason: "freed", pairingId: first.id, proposeAs: "draft" });
    expect(freed.summary).toMatchObject({ matched: 0, pairingIds: [] });
    expect(freed.summary.unmatched[0]).toMatchObject({ name: "Laia" });
    expect(freed.summary.unmatched[0].reason).toContain("es va declinar, deixar caducar o anul·lar");
    await waitFor(
      async () => (await db.doc(`applications/${laia}`).get()).get("status") === "waitlisted",
      "waitlisted",
    );

    // A mentor confirmed after the cycle's matching takes her, with no run asked for by hand.
    const jordi = await apply("mentor", "Jordi", "girona", ["energia-comunitaria"], { capacity: 1 });
    const late = await finished(`mentor-${jordi}`);
    expect(late).toMatchObject({ reason: "lateMentor", summary: { matched: 1 } });
    const drafts = (await db.collection("pairings").where("runId", "==", `mentor-${jordi}`).get()).docs;
    expect(drafts.map((d) => [d.get("mentee.name"), d.get("mentor.name"), d.get("status")])).toEqual([
      ["Laia", "Jordi", "draft"],
    ]);
    expect((await db.doc(`pairings/${first.id}`).get()).get("status")).toBe("cancelled");
    expect(await count("matchingRuns")).toBe(3);
  });
});

describe("needs and availability (docs/design.md §5)", () => {
  it("takes the mentor who shares a slot, says so factor by factor, and matches an application typed in the console", async () => {
    const laia = await apply("mentee", "Laia", "olot", ["energia-comunitaria"], { slots: ["dl-mati", "dc-tarda"] });
    // Equal in everything but availability: neither municipality is close to Olot, both wrote the same.
    await apply("mentor", "Marta", "sabadell", ["energia-comunitaria"], { capacity: 1, slots: ["dv-tarda"] });
    await apply("mentor", "Jordi", "tarragona", ["energia-comunitaria"], { capacity: 1, slots: ["dl-mati"] });
    // A paper application the secretariat typed in the console: no slots, no labels.
    const now = new Date();
    await db.doc("applications/paper-pau").set(
      consoleApplication(
        "mentee",
        { name: "Pau", email: "pau@reus.example" },
        {
          cycle,
          municipality: { id: "reus", name: "Reus" },
          topics: ["cures"],
          description: "Volem crear una cooperativa de cures.",
          createdAt: now,
        },
      ),
    );
    await apply("mentor", "Ona", "girona", ["cures"], { capacity: 1, slots: ["dl-mati"] });

    const run = await runMatching("run-1");
    const pairs = await pairingsByMentee();
    expect(pairs.Laia!.mentor.name).toBe("Jordi");
    expect(pairs.Laia!.mentee).toMatchObject({ applicationId: laia, slots: ["dl-mati", "dc-tarda"] });
    expect(Object.keys(pairs.Laia!.scoreBreakdown as object).sort()).toEqual([
      "closeness",
      "modes",
      "slots",
      "text",
      "topics",
    ]);
    expect(pairs.Laia!.scoreBreakdown).toMatchObject({ slots: 3, closeness: 0 });
    expect(pairs.Laia!.reasons).toContain("Tots dos es poden trobar dilluns al matí (+3).");
    expect(pairs.Laia!.reasons.some((reason) => reason.startsWith("L'experiència de la persona mentora"))).toBe(true);

    expect(pairs.Pau!.mentor.name).toBe("Ona");
    // What people read is looked up: the console application's topic reads as its label, not its id.
    expect(pairs.Pau!.reasons[0]).toBe("Comparteixen un tema: Economia de les cures i cooperatives de cures (+10).");
    expect(pairs.Pau!.mentee).toMatchObject({ topicLabels: ["Economia de les cures i cooperatives de cures"] });
    expect(pairs.Pau!.scoreBreakdown).toMatchObject({ slots: 0 });
    expect(pairs.Pau!.reasons.join(" ")).not.toContain("franja");

    expect(run.summary.closeCalls).toMatchObject({ count: 1, decidedBy: { slots: 1 }, ties: 0 });
    expect(run.summary.closeCalls.listed).toEqual([
      { mentee: "Laia", mentor: "Jordi", alternative: "Marta", decidedBy: ["slots"] },
    ]);
    expect(run.summary.explanation).toContain("hi ha decidit la disponibilitat (1)");
  });

  it("follows the secretariat's weights; a typo in them is marked on the settings and the last valid weights serve", async () => {
    await apply("mentee", "Laia", "olot", ["energia-comunitaria"], { slots: ["dl-mati"] });
    await apply("mentor", "Jordi", "tarragona", ["energia-comunitaria"], { capacity: 1, slots: ["dl-mati"] });
    await db.doc("settings/programme").update({ matchingWeights: { sharedSlot: 7 } });
    await runMatching("run-1");
    expect((await pairingsByMentee()).Laia!.reasons).toContain("Tots dos es poden trobar dilluns al matí (+7).");

    await db.doc("settings/programme").update({ matchingWeights: { sharedSlots: 7 } });
    const second = await runMatching("run-2");
    expect(second.status).toBe("done");
    const settings = await db.doc("settings/programme").get();
    expect(settings.get("problem")).toContain("matchingWeights");
    expect((await db.doc("settings/programme-last-valid").get()).get("matchingWeights")).toEqual({ sharedSlot: 7 });
  });
});

describe("approving a large run", () => {
  it("proposes all 600 drafts of a run: more than one Firestore batch takes", async () => {
    const ids = Array.from({ length: 600 }, (_, i) => `gran-${String(i).padStart(3, "0")}`);
    // Written and approved with the triggers off: this is about the approval's writes, not 600 emails.
    await withTriggersPaused(async () => {
      for (let i = 0; i < ids.length; i += 300) {
        const batch = db.batch();
        for (const id of ids.slice(i, i + 300)) {
          batch.set(db.doc(`pairings/${id}`), { cycle, runId: "gran", status: "draft" });
        }
        await batch.commit();
      }
      expect(await approveRun("gran")).toBe(600);
    });
    const proposed = await db.collection("pairings").where("status", "==", "proposed").count().get();
    expect(proposed.data().count).toBe(600);
  });
});

describe("proposals", () => {
  async function proposedPair() {
    await apply("mentee", "Laia", "olot", ["energia-comunitaria"]);
    await apply("mentor", "Marta", "sabadell", ["energia-comunitaria"], { capacity: 2 });
    await runMatching("run-1");
    await db.collection("matchingRuns").doc("run-1").update({ status: "approved" });
    const { Laia } = await pairingsByMentee();
    await waitForStatus(Laia!.id, "proposed");
    return { pairingId: Laia!.id, link: await proposalLink(Laia!.id) };
  }

  it("approving a run emails the mentor a link; GET shows the proposal and changes nothing; accept happens once", async () => {
    const { pairingId, link } = await proposedPair();
    const proposed = (await db.collection("pairings").doc(pairingId).get()).data()!;
    const days = (proposed.respondBy.toMillis() - proposed.proposedAt.toMillis()) / 86_400_000;
    expect(days).toBe(10);
    expect(proposed.nextDeadlineAt.toMillis()).toBe(proposed.respondBy.toMillis());
    expect((await capturedFor(`proposal-${pairingId}`))[0]!.to).toEqual(["marta@sabadell.example"]);

    for (let i = 0; i < 2; i++) {
      const page = await fetch(link);
      expect(page.status).toBe(200);
      const text = await page.text();
      expect(text).toContain("Olot");
      expect(text).toContain("Volem impulsar una comunitat energètica");
      expect(text).toContain("dues trobades");
    }
    expect((await db.collection("pairings").doc(pairingId).get()).get("status")).toBe("proposed");

    const accepted = await decide(link, "accept");
    expect(accepted.status).toBe(200);
    expect(accepted.text).toContain("Gràcies per acceptar la mentoria");
    const pairing = (await db.collection("pairings").doc(pairingId).get()).data()!;
    expect(pairing.status).toBe("accepted");
    expect(pairing.acceptedAt.toDate()).toBeInstanceOf(Date);
    expect((await db.collection("applications").doc(pairing.mentee.applicationId).get()).get("status")).toBe("matched");
    await expect
      .poll(async () => (await capturedFor(`pairing-${pairingId}-accepted`)).length, { timeout: 60_000 })
      .toBe(3); // mentee (contact), mentor (welcome, personal page), secretariat
    const [toMentee] = await capturedFor(`pairing-${pairingId}-accepted-mentee`);
    expect(toMentee!.to).toEqual(["laia@olot.example"]);
    expect(toMentee!.text).toContain("marta@sabadell.example");

    const mails = await count("mail");
    const again = await decide(link, "accept");
    expect(again.status).toBe(409);
    expect(again.text).toContain("Ja has acceptat aquesta proposta");
    expect(await count("mail")).toBe(mails);
  });

  it("30 concurrent accepts end in one acceptance and one email to the mentee", async () => {
    const { pairingId, link } = await proposedPair();
    const answers = await Promise.all(Array.from({ length: 30 }, () => decide(link, "accept", true)));
    expect(answers.filter((a) => a.status === 200)).toHaveLength(1);
    expect(answers.filter((a) => a.status === 409)).toHaveLength(29);
    // One outbox document (a deterministic id), and SUCCESS is final: the count is settled.
    await waitForDelivery(`pairing-${pairingId}-accepted-mentee`);
    expect(await capturedFor(`pairing-${pairingId}-accepted-mentee`)).toHaveLength(1);
  }, 180_000);

  it("refuses tampered and expired links with a Catalan page, changing nothing", async () => {
    const { pairingId, link } = await proposedPair();
    const mails = await count("mail");
    const tampered = link.slice(0, -3) + (link.endsWith("A") ? "BBB" : "AAA");
    const bad = await decide(tampered, "accept");
    expect(bad.status).toBe(400);
    expect(bad.text).toContain("enllaç no és vàlid");
    expect((await fetch(tampered)).status).toBe(400);
    const forged = link.replace(
      /\/proposta\/.*/,
      `/proposta/${signLink("una-altra-clau", { pairingId, role: "mentor", purpose: "proposal", expiresAt: Date.now() + 86_400_000 })}`,
    );
    expect((await decide(forged, "accept")).status).toBe(400);
    const expired = `${urls.site}/proposta/${signLink(linkSigningKey(), { pairingId, role: "mentor", purpose: "proposal", expiresAt: Date.now() - 1000 })}`;
    const late = await decide(expired, "accept");
    expect(late.status).toBe(410);
    expect(late.text).toContain("enllaç ha caducat");
    expect((await db.collection("pairings").doc(pairingId).get()).get("status")).toBe("proposed");
    expect(await count("mail")).toBe(mails);
  });

  it("a decline re-solves the cycle: the next best mentor gets a pairing; with none left, the mentee is waitlisted", async () => {
    await db.doc("settings/programme").update({ rematchStatus: "proposed" });
    await apply("mentee", "Laia", "olot", ["energia-comunitaria"]);
    await apply("mentor", "Marta", "sabadell", ["energia-comunitaria"], { capacity: 1 });
    await apply("mentor", "Jordi", "girona", ["energia-comunitaria"], { capacity: 1 });
    await runMatching("run-1");
    const first = (await pairingsByMentee()).Laia!;
    expect(first.mentor.name).toBe("Jordi"); // same province as Olot
    await db.collection("pairings").doc(first.id).update({ status: "proposed" });
    await waitForStatus(first.id, "proposed");

    const declined = await decide(await proposalLink(first.id), "decline");
    expect(declined.status).toBe(200);
    const rematch = await waitFor(async () => {
      const run = (await db.collection("matchingRuns").doc(`rematch-${first.id}`).get()).data();
      return run?.status === "done" ? run : null;
    }, "the re-match run");
    expect(rematch).toMatchObject({ reason: "decline", pairingId: first.id, summary: { matched: 1 } });
    const second = await waitFor(async () => {
      const snap = await db.collection("pairings").where("mentor.name", "==", "Marta").get();
      return snap.docs[0];
    }, "a pairing with Marta");
    await waitFor(
      async () => (await db.collection("pairings").doc(second.id).get()).get("proposedAt"),
      "the new proposal",
    );
    expect((await db.collection("pairings").doc(first.id).get()).get("status")).toBe("declined");

    expect((await decide(await proposalLink(second.id), "decline")).status).toBe(200);
    const menteeId = second.get("mentee.applicationId") as string;
    await waitFor(
      async () => (await db.collection("applications").doc(menteeId).get()).get("status") === "waitlisted",
      "waitlisted",
    );
    const last = (await db.collection("matchingRuns").doc(`rematch-${second.id}`).get()).data()!;
    expect(last.summary.unmatched[0].reason).toContain("es va declinar, deixar caducar o anul·lar");
    await expect
      .poll(async () => (await capturedFor(`application-${menteeId}-waitlisted-secretariat`)).length, {
        timeout: 60_000,
      })
      .toBe(1);
    expect(await count("pairings")).toBe(2);
  });

  it("expiry (called by the daily job) settles a proposal past respondBy once and re-matches", async () => {
    const { pairingId } = await proposedPair();
    const later = new Date(Date.now() + 11 * 86_400_000);
    const [a, b] = await Promise.all([
      answerProposal(pairingId, "expire", later, { linkKey: linkSigningKey(), settings: await requireSettings() }),
      answerProposal(pairingId, "expire", later, { linkKey: linkSigningKey(), settings: await requireSettings() }),
    ]);
    expect([a.outcome, b.outcome].sort()).toEqual(["expired", "unchanged"]);
    expect((await db.collection("pairings").doc(pairingId).get()).get("status")).toBe("expired");
    await waitFor(
      async () => (await db.collection("matchingRuns").doc(`rematch-${pairingId}`).get()).get("status") === "done",
      "re-match",
    );
    expect(
      await answerProposal(pairingId, "expire", later, {
        linkKey: linkSigningKey(),
        settings: await requireSettings(),
      }),
    ).toEqual({
      outcome: "unchanged",
      status: "expired",
    });
  });
});

describe("pairings made by hand", () => {
  it("sends the proposal for a hand-made pairing with just the application ids, filling in the rest", async () => {
    const mentee = await apply("mentee", "Laia", "olot", ["energia-comunitaria"]);
    const mentor = await apply("mentor", "Marta", "sabadell", ["energia-comunitaria"], { capacity: 1 });
    await db
      .collection("pairings")
      .doc("a-ma")
      .set({ status: "proposed", mentor: { applicationId: mentor }, mentee: { applicationId: mentee } });
    const link = await proposalLink("a-ma");
    expect(link).toContain("/proposta/");
    const pairing = (await db.collection("pairings").doc("a-ma").get()).data()!;
    expect(pairing).toMatchObject({
      cycle,
      mentor: { name: "Marta", email: "marta@sabadell.example" },
      mentee: { name: "Laia" },
      reasons: expect.arrayContaining([expect.stringMatching(/^Comparteixen/)]),
    });
  });

  it("holds back a proposal that would exceed the mentor's capacity, and repeated events send nothing twice", async () => {
    const laia = await apply("mentee", "Laia", "olot", ["energia-comunitaria"]);
    const pau = await apply("mentee", "Pau", "reus", ["energia-comunitaria"]);
    const marta = await apply("mentor", "Marta", "sabadell", ["energia-comunitaria"], { capacity: 1 });
    await db
      .collection("pairings")
      .doc("first")
      .set({ status: "proposed", mentor: { applicationId: marta }, mentee: { applicationId: laia } });
    await proposalLink("first");
    await db
      .collection("pairings")
      .doc("second")
      .set({ status: "proposed", mentor: { applicationId: marta }, mentee: { applicationId: pau } });
    await waitFor(
      async () => (await db.collection("pairings").doc("second").get()).get("status") === "draft",
      "held back",
    );
    expect((await db.collection("pairings").doc("second").get()).get("reviewNote")).toContain("capacitat és 1");

    // Re-deliver the "proposed" event and race direct calls: still one proposal email.
    await db.collection("pairings").doc("first").update({ note: "revisat" });
    const settings = await requireSettings();
    await Promise.all([1, 2].map(() => proposePairing("first", linkSigningKey(), settings, new Date())));
    await waitForDelivery("proposal-first");
    expect(await capturedFor("proposal-first")).toHaveLength(1);
    // "second" was held back in the same transaction that would have queued its email: there is none to come.
    expect((await db.collection("mail").doc("proposal-second").get()).exists).toBe(false);
    expect(await capturedFor("proposal-second")).toHaveLength(0);
  });
});
