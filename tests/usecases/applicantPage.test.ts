/** docs/design.md §4a (contract): the applicant's page, and a public surface nobody can abuse. */
import { beforeEach, describe, expect, it } from "vitest";
import {
  clearOfCounterWindows,
  count,
  db,
  postApplication,
  resetAll,
  validApplication,
  waitFor,
} from "../helpers/emulator.ts";
import { applicantLink, applyConfirmed, ownerPost } from "../helpers/links.ts";
import { capturedFor, expectCapturedAfterGuardWindow, waitForDelivery } from "../helpers/mail.ts";
import { handMadeProposal } from "../helpers/mentorship.ts";

beforeEach(() => resetAll());

async function nothingStored() {
  expect(await count("applications")).toBe(0);
  expect(await count("mail")).toBe(0);
}

describe("the applicant's page", () => {
  it("corrects with the form's rules: bad input changes nothing, a good correction is the next revision", async () => {
    const id = await applyConfirmed(validApplication("mentee"));
    const link = await applicantLink(id);
    const bad = await ownerPost(link, {
      action: "update",
      ...validApplication("mentee", { name: "Marta\r\nBcc: x@y.z" }),
    });
    expect(bad.status).toBe(400);
    expect(bad.json).toMatchObject({ error: "validation", fields: { name: expect.stringContaining("línia") } });
    expect((await db.collection("applications").doc(id).get()).get("revision")).toBe(1);
    const good = await ownerPost(link, {
      action: "update",
      ...validApplication("mentee", { position: "Cap de servei", email: "canvi@altre.example" }),
    });
    expect(good.status).toBe(200);
    expect((await db.collection("applications").doc(id).get()).data()).toMatchObject({
      person: { position: "Cap de servei", email: expect.not.stringContaining("canvi@") },
      revision: 2,
    });
    await waitForDelivery(`application-${id}-r2-secretariat`);
  });

  it("withdraws after asking once more; its proposal is cancelled and the secretariat told", async () => {
    const { id: pairingId } = await handMadeProposal(
      "retirada",
      { name: "Laia", municipality: "olot" },
      { name: "Pere", municipality: "sabadell" },
    );
    const menteeId = (await db.collection("pairings").doc(pairingId).get()).get("mentee.applicationId") as string;
    const link = await applicantLink(menteeId);
    const question = await fetch(link, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded", accept: "text/html", origin: "null" },
      body: "action=withdraw",
    });
    expect(question.status).toBe(200);
    expect(await question.text()).toContain("Vols retirar la sol·licitud?");
    expect((await db.collection("applications").doc(menteeId).get()).get("status")).toBe("received");

    const done = await ownerPost(link, { action: "withdraw", sure: "yes" });
    expect(done).toEqual({ status: 200, json: { id: menteeId, status: "withdrawn" } });
    expect((await db.collection("pairings").doc(pairingId).get()).data()).toMatchObject({
      status: "cancelled",
      cancelReason: expect.stringContaining("retirada"),
    });
    await expectCapturedAfterGuardWindow(`application-${menteeId}-withdrawn-secretariat`);
    expect((await ownerPost(link, { action: "update", ...validApplication("mentee") })).status).toBe(409);
  });

  it("takes a withdrawn advisory request out of its group, which is rebuilt", async () => {
    const ask = (municipality: string) =>
      applyConfirmed(
        validApplication("advisory", {
          municipality,
          topics: ["comerc-just"],
          description: `Com organitzem una fira de comerç just a ${municipality}?`,
        }),
      );
    const [stays, leaves] = [await ask("olot"), await ask("vic")];
    const groupOf = (id: string) =>
      waitFor(async () => (await db.collection("applications").doc(id).get()).get("groupId") as string | undefined, id);
    const groupId = await groupOf(leaves);
    expect(await groupOf(stays)).toBe(groupId);
    expect(await ownerPost(await applicantLink(leaves), { action: "withdraw", sure: "yes" })).toMatchObject({
      status: 200,
    });
    await waitFor(async () => {
      const group = (await db.collection("advisoryGroups").doc(groupId).get()).data()!;
      return group.requestIds.length === 1 && group.requestIds[0] === stays ? group : null;
    }, "the group rebuilt without the withdrawn request");
    expect((await db.collection("applications").doc(leaves).get()).get("groupId")).toBeUndefined();
  });

  it("answers 410 to a revoked link and changes nothing; new emails carry a fresh one", async () => {
    const body = validApplication("advisory");
    const id = (await postApplication(body)).json!.id as string;
    const old = await applicantLink(id);
    await db.collection("applications").doc(id).update({ linkVersion: 1 });
    expect((await fetch(old)).status).toBe(410);
    expect((await ownerPost(old, { action: "confirm" })).status).toBe(410);
    expect((await db.collection("applications").doc(id).get()).get("status")).toBe("unconfirmed");
    await postApplication(body);
    const fresh = await applicantLink(id);
    expect(fresh).not.toBe(old);
    expect((await ownerPost(fresh, { action: "confirm" })).status).toBe(200);
  });

  it("is in every later email to an applicant, signed at the application's current linkVersion", async () => {
    const { id, link } = await handMadeProposal(
      "amb-pagina",
      { name: "Nil", municipality: "olot" },
      { name: "Rosa", municipality: "sabadell" },
    );
    const pairing = (await db.collection("pairings").doc(id).get()).data()!;
    await db.collection("applications").doc(pairing.mentee.applicationId).update({ linkVersion: 2 });
    await fetch(link, {
      method: "POST",
      headers: { "content-type": "application/json", accept: "application/json" },
      body: JSON.stringify({ decision: "accept" }),
    });
    const pageIn = async (mailId: string) => {
      const text = String((await db.collection("mail").doc(mailId).get()).get("text"));
      return /https?:\/\/\S+\/sollicitud\/[\w-]+\.[\w-]+/.exec(text)![0];
    };
    const expectations = [
      [`proposal-${id}`, pairing.mentor.applicationId],
      [`pairing-${id}-accepted-mentor`, pairing.mentor.applicationId],
      [`pairing-${id}-accepted-mentee`, pairing.mentee.applicationId],
    ] as const;
    for (const [mailId, applicationId] of expectations) {
      const page = await fetch(await waitFor(() => pageIn(mailId).catch(() => null), mailId));
      expect(page.status, mailId).toBe(200);
      expect(await page.text(), mailId).toContain(applicationId);
    }
  });

  it("revokes a pairing's links the same way", async () => {
    const { id, link } = await handMadeProposal(
      "revocada",
      { name: "Anna", municipality: "olot" },
      { name: "Joan", municipality: "sabadell" },
    );
    expect((await fetch(link)).status).toBe(200);
    await db.collection("pairings").doc(id).update({ linkVersion: 1 });
    const revoked = await fetch(link, {
      method: "POST",
      headers: { "content-type": "application/json", accept: "application/json" },
      body: JSON.stringify({ decision: "accept" }),
    });
    expect(revoked.status).toBe(410);
    expect((await db.collection("pairings").doc(id).get()).get("status")).toBe("proposed");
  });

  it("accepts Origin: null on link pages, refuses another site, and refuses null on the public form", async () => {
    const id = (await postApplication(validApplication("advisory"))).json!.id as string;
    const link = await applicantLink(id);
    expect((await ownerPost(link, { action: "confirm" }, { origin: "https://dolent.example" })).status).toBe(403);
    expect((await ownerPost(link, { action: "confirm" }, { origin: "null" })).status).toBe(200);
    const fromNull = await postApplication(validApplication("advisory"), { headers: { origin: "null" } });
    expect(fromNull.status).toBe(403);
  });

  it("refuses an oversized body before reading it", async () => {
    const id = (await postApplication(validApplication("advisory"))).json!.id as string;
    const response = await ownerPost(await applicantLink(id), { action: "update", description: "x".repeat(40_000) });
    expect(response).toEqual({ status: 413, json: { error: "too_large" } });
  });
});

describe("a public surface nobody can abuse", () => {
  it("relays nothing: 80 posts with forged X-Forwarded-For and new text to one victim → at most the daily cap of emails, none with the text", async () => {
    await db.doc("settings/programme").update({ intakeRateLimitPerHour: 60 });
    await clearOfCounterWindows();
    const victim = "victima@ajuntament.example";
    const statuses: number[] = [];
    for (let batch = 0; batch < 8; batch++) {
      const responses = await Promise.all(
        Array.from({ length: 10 }, (_, i) => {
          const n = batch * 10 + i;
          return postApplication(
            validApplication("advisory", { email: victim, description: `Compra a http://estafa.example/${n} ara` }),
            { headers: { "x-forwarded-for": `198.51.100.${n % 250}` }, direct: false },
          );
        }),
      );
      statuses.push(...responses.map((r) => r.status));
    }
    expect(statuses.filter((s) => s === 202)).toHaveLength(60);
    expect(statuses.filter((s) => s === 429)).toHaveLength(20);
    const toVictim = (await db.collection("mail").get()).docs.filter((d) => d.get("to")?.includes(victim));
    expect(toVictim).toHaveLength(3);
    for (const mail of toVictim) {
      await waitForDelivery(mail.id);
      for (const field of ["subject", "text", "html"]) expect(String(mail.get(field))).not.toContain("estafa");
    }
    const captured = (await capturedFor("application-")).filter((email) => email.to.includes(victim));
    expect(captured).toHaveLength(3);
  }, 180_000);

  it("answers a filled honeypot exactly as a success, and stores nothing", async () => {
    const body = validApplication("advisory");
    const bot = await postApplication({ ...body, website: "http://spam.example" });
    expect(bot.status).toBe(202);
    expect(bot.json).toEqual({ id: expect.any(String), status: "unconfirmed" });
    await nothingStored();
  });
});
