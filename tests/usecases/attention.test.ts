/** docs/design.md §11, §15: the weekly attention digest and heartbeat, from documents as the console shows them. */
import { beforeEach, describe, expect, it } from "vitest";
import { sendAttentionDigest } from "../../functions/src/usecases/attention.ts";
import { db, projectId, resetAll, runScheduledFunction, urls, withTriggersPaused } from "../helpers/emulator.ts";
import { expectCaptured, waitForDelivery } from "../helpers/mail.ts";

beforeEach(() => resetAll());
const day = 24 * 60 * 60_000;

describe("the attention digest", () => {
  it("goes every week: one line and the week's figures when nothing needs a person (the heartbeat)", async () => {
    const now = new Date();
    await withTriggersPaused(async () => {
      await db.doc("applications/nova").set({ kind: "mentee", status: "received", createdAt: now });
      await db
        .doc("applications/antiga")
        .set({ kind: "mentee", status: "received", createdAt: new Date(now.getTime() - 8 * day) });
      for (const [id, endTime] of [
        ["enviat-1", now],
        ["enviat-2", new Date(now.getTime() - 6 * day)],
        ["enviat-vell", new Date(now.getTime() - 9 * day)],
      ] as const)
        await db
          .doc(`mail/${id}`)
          .set({ to: ["a@x.example"], subject: "s", text: "t", delivery: { state: "SUCCESS", attempts: 1, endTime } });
    });
    const id = await sendAttentionDigest(now);
    const [email] = await expectCaptured(id, 1);
    expect(email!.subject).toBe("Aquesta setmana no hi ha res que necessiti la vostra atenció");
    expect(email!.text).toContain("Res no necessita cap persona aquesta setmana");
    expect(email!.text).toContain("La setmana en xifres: 1 sol·licitud nova, 2 correus enviats i 0 correus en ERROR.");
  });

  it("says when mail is paused, and each mass change waiting for a decision", async () => {
    const now = new Date();
    await withTriggersPaused(async () => {
      await db.doc("settings/programme").update({ mailPaused: true });
      await db.doc("holds/mass-x").set({
        status: "open",
        firstChangeAt: now,
        lastChangeAt: now,
        changes: { pairingDeleted: 12 },
        createdAt: now,
        settledAt: null,
      });
      for (const n of [1, 2])
        await db.doc(`mail/retingut-${n}`).set({
          to: ["a@x.example"],
          subject: "s",
          text: "t",
          delivery: { state: "HELD", attempts: 0, holdId: "mass-x" },
        });
      await db
        .doc("mail/en-cua")
        .set({ to: ["a@x.example"], subject: "s", text: "t", delivery: { state: "PENDING", attempts: 0 } });
    });
    const id = await sendAttentionDigest(now);
    // Paused, the digest waits with the rest: it is read once sending resumes.
    const queued = await db.doc(`mail/${id}`).get();
    expect(queued.get("delivery.state")).toBe("PENDING");
    expect(queued.get("text")).toContain("L'enviament de correus està aturat (mailPaused: true): 1 correu espera.");
    expect(queued.get("text")).toContain("holds/mass-x: Canvi massiu pendent de decisió: 2 correus retinguts.");
  });

  it("lists what needs a person, each with its reason and console link, once a week", async () => {
    const now = new Date();
    await withTriggersPaused(async () => {
      await db.doc("pairings/vencuda").set({
        cycle: "2026",
        status: "proposed",
        proposedAt: new Date(now.getTime() - 12 * day),
        respondBy: new Date(now.getTime() - 2 * day),
        mentor: {
          applicationId: "m",
          name: "Marta Soler",
          email: "m@x.example",
          municipality: { id: "vic", name: "Vic" },
        },
        mentee: { applicationId: "e", name: "Laia", email: "e@x.example", municipality: { id: "olot", name: "Olot" } },
      });
      await db.doc("incidents/i1").set({ pairingId: "vencuda", kind: "incident", text: "x", status: "open" });
      await db.doc("incidents/i2").set({ pairingId: "vencuda", kind: "incident", text: "y", status: "resolved" });
      await db
        .doc("advisoryGroups/g1")
        .set({ topic: "cures", topicLabel: "Cures", status: "ready", closesAt: now, createdAt: now });
      await db.doc("mail/fallit").set({
        to: ["a@x.example"],
        subject: "s",
        text: "t",
        delivery: { state: "ERROR", attempts: 1, error: "422 validation_error: adreça no vàlida" },
      });
      await db.doc("sessions/mal").set({
        pairingId: "vencuda",
        problem: "No s'ha pogut processar: el camp «date» hauria de ser una data (Timestamp).",
      });
    });
    const id = await sendAttentionDigest(now);
    expect(id).toMatch(/^digest-\d{4}-W\d{2}$/);
    const [email] = await expectCaptured(id!, 1);
    expect(email!.to).toEqual(["secretaria@xmess.example"]);
    expect(email!.subject).toBe("Aquesta setmana: 5 coses necessiten la vostra atenció");
    for (const text of [
      "pairings/vencuda: Marta Soler no ha respost la proposta i el termini va vèncer fa 2 dies.",
      "incidents/i1: Incidència oberta",
      "advisoryGroups/g1: Grup d'assessorament «Cures» a punt per programar.",
      "mail/fallit: No s'ha pogut enviar: 422 validation_error: adreça no vàlida",
      "sessions/mal: No s'ha pogut processar: el camp «date»",
      `https://console.firebase.google.com/project/${projectId}/firestore/databases/-default-/data/~2Fpairings~2Fvencuda`,
    ])
      expect(email!.text).toContain(text);
    expect(email!.text).not.toContain("incidents/i2");
    expect(email!.html).toContain(`<a href="https://console.firebase.google.com/project/${projectId}/`);

    // Asked again the same week: the same document, untouched, and no second email.
    const first = (await db.doc(`mail/${id}`).get()).get("createdAt");
    expect(await sendAttentionDigest(new Date(now.getTime() + 60_000))).toBe(id);
    expect((await db.doc(`mail/${id}`).get()).get("createdAt")).toEqual(first);
    await expectCaptured("digest-", 1);

    // Its own scheduled function runs it (the secretariat can force a run in Cloud Scheduler).
    // (A fresh week for the capture server too: its idempotency cache would refuse new text under the old key.)
    await db.doc(`mail/${id}`).delete();
    await fetch(`${urls.mail}/_captured`, { method: "DELETE" });
    await runScheduledFunction("sendAttentionDigest");
    await waitForDelivery(id!);
    await expectCaptured("digest-", 1);
  }, 120_000);
});
