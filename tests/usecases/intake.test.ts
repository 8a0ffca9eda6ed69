/** docs/design.md §4 and §4a (contract): intake through the applications API, each answer and what it stores. */
import { beforeEach, describe, expect, it } from "vitest";
import { fieldMessages } from "../../functions/src/domain/application.ts";
import {
  clearOfCounterWindows,
  count,
  db,
  postApplication,
  resetAll,
  urls,
  validApplication,
  waitFor,
  type Kind,
} from "../helpers/emulator.ts";
import { applicantLink, applyConfirmed, ownerPost } from "../helpers/links.ts";
import { capturedFor, waitForDelivery } from "../helpers/mail.ts";

beforeEach(() => resetAll());

/** The pending change the owner's page shows: the hidden field its confirm button posts. */
async function pendingShown(link: string): Promise<string> {
  const page = await (await fetch(link)).text();
  return /name="pending" value="(\d+)"/.exec(page)?.[1] ?? "";
}

async function nothingStored() {
  expect(await count("applications")).toBe(0);
  expect(await count("mail")).toBe(0);
}

describe("POST /api/applications waits for the owner (docs/design.md §4a)", () => {
  it.each<Kind>(["mentee", "mentor", "advisory"])(
    "stores a %s unconfirmed and sends only the confirmation request, with fixed words",
    async (kind) => {
      const body = validApplication(kind, { description: "Text que ningú més ha de rebre per correu." });
      const response = await postApplication(body);
      expect(response.status).toBe(202);
      expect(response.json).toEqual({ id: expect.any(String), status: "unconfirmed" });
      const id = response.json!.id as string;

      const stored = (await db.collection("applications").doc(id).get()).data()!;
      expect(stored).toMatchObject({
        kind,
        person: { name: body.name, email: body.email, position: body.position },
        municipality: { id: body.municipality, name: kind === "mentor" ? "Sabadell" : "Olot" },
        topics: ["contractacio-responsable", "energia-comunitaria"],
        description: body.description,
        modes: ["presencial", "virtual"],
        status: "unconfirmed",
      });
      const days = (stored.expiresAt.toMillis() - stored.createdAt.toMillis()) / 86_400_000;
      expect(days).toBeGreaterThan(6.9);
      expect(days).toBeLessThan(7.1);
      if (kind === "advisory") expect(stored.cycle).toBeUndefined();
      else expect(stored.cycle).toBe(String(new Date().getUTCFullYear()));

      const mails = await db.collection("mail").get();
      expect(mails.size).toBe(1);
      const [mail] = mails.docs;
      expect(mail!.id).toMatch(new RegExp(`^application-${id}-confirm-\\d{4}-\\d{2}-\\d{2}-1$`));
      expect(mail!.data()).toMatchObject({ template: "application-confirm", to: [body.email] });
      await waitForDelivery(mail!.id);
      const [email] = await capturedFor(mail!.id);
      for (const part of [email!.subject, email!.text, email!.html]) {
        expect(part).not.toContain(String(body.name));
        expect(part).not.toContain("ningú més");
      }
      expect(email!.text).toContain(id);
      expect(email!.text).toMatch(/\/sollicitud\/[\w-]+\.[\w-]+/);
    },
  );

  it("confirms through the link: received, then the thank-you email with the page link and the secretariat notice", async () => {
    const body = validApplication("mentee");
    const id = (await postApplication(body)).json!.id as string;
    const link = await applicantLink(id);
    const page = await fetch(link);
    expect(page.status).toBe(200);
    expect(await count("mail")).toBe(1); // GET changed nothing
    const confirmed = await ownerPost(link, { action: "confirm" });
    expect(confirmed).toEqual({ status: 200, json: { id, status: "received" } });
    const stored = (await db.collection("applications").doc(id).get()).data()!;
    expect(stored).toMatchObject({ status: "received", expiresAt: null });
    expect(stored.confirmedAt.toDate()).toBeInstanceOf(Date);
    for (const mailId of [`application-${id}-r1-applicant`, `application-${id}-r1-secretariat`])
      await waitForDelivery(mailId);
    const [thanks] = await capturedFor(`application-${id}-r1-applicant`);
    expect(thanks!.text).toContain(link.replace(/\/sollicitud\/.*/, "/sollicitud/"));
    const [notice] = await capturedFor(`application-${id}-r1-secretariat`);
    expect(notice!.to).toEqual(["secretaria@xmess.example"]);
    // Confirming again changes nothing and sends nothing.
    expect(await ownerPost(link, { action: "confirm" })).toEqual({ status: 200, json: { id, status: "received" } });
    expect(await count("mail")).toBe(3);
  });

  it("gives new and existing applicants the same 202, and leaves someone else's application unchanged until its owner confirms", async () => {
    const owner = validApplication("mentor");
    const id = await applyConfirmed(owner);
    const before = (await db.collection("applications").doc(id).get()).data()!;
    const fresh = await postApplication(validApplication("mentor"));
    const intruder = await postApplication({ ...owner, name: "Algú altre", description: "Dades falses" });
    expect(intruder.status).toBe(fresh.status);
    expect(Object.keys(intruder.json!)).toEqual(Object.keys(fresh.json!));
    expect(intruder.json).toEqual({ id, status: "unconfirmed" });

    const after = (await db.collection("applications").doc(id).get()).data()!;
    const { pendingChange, ...rest } = after;
    const { pendingChange: _none, ...unchanged } = before;
    expect(rest).toEqual(unchanged);
    expect(pendingChange).toMatchObject({ person: { name: "Algú altre" }, description: "Dades falses" });
    expect((await db.collection("mail").doc(`application-${id}-r2-secretariat`).get()).exists).toBe(false);

    // The owner sees the change on their page and confirms it as shown: only now it applies.
    const link = await applicantLink(id);
    expect(await (await fetch(link)).text()).toContain("Canvis pendents de confirmar");
    const shown = await pendingShown(link);
    expect(await ownerPost(link, { action: "confirm" })).toMatchObject({ status: 409, json: { error: "stale" } });
    expect((await ownerPost(link, { action: "confirm", pending: shown })).status).toBe(200);
    expect((await db.collection("applications").doc(id).get()).data()).toMatchObject({
      person: { name: "Algú altre" },
      revision: 2,
      pendingChange: null,
    });
  });

  it("confirms a pending change only as the page showed it, lets the owner discard it, and never past a match", async () => {
    const owner = validApplication("mentor");
    const id = await applyConfirmed(owner);
    await postApplication({ ...owner, description: "La que l'owner ha vist" });
    const link = await applicantLink(id);
    const shown = await pendingShown(link);
    // Swapped between the page's GET and the owner's POST: that one is not confirmed unseen.
    await postApplication({ ...owner, description: "Canviada mentrestant" });
    expect(await ownerPost(link, { action: "confirm", pending: shown })).toMatchObject({
      status: 409,
      json: { error: "stale" },
    });
    const stored = (await db.collection("applications").doc(id).get()).data()!;
    expect(stored.description).toBe(owner.description);
    expect(stored.pendingChange.description).toBe("Canviada mentrestant");

    expect(await ownerPost(link, { action: "discard" })).toMatchObject({ status: 200 });
    const discarded = (await db.collection("applications").doc(id).get()).data()!;
    expect(discarded).toMatchObject({ pendingChange: null, description: owner.description, revision: 1 });

    await db.collection("applications").doc(id).update({ status: "matched" });
    await postApplication({ ...owner, description: "Després d'aparellar" });
    const page = await (await fetch(link)).text();
    expect(page).not.toContain("Confirma els canvis");
    const late = await ownerPost(link, { action: "confirm", pending: await pendingShown(link) });
    expect(late).toMatchObject({ status: 409, json: { error: "not_allowed" } });
    expect((await db.collection("applications").doc(id).get()).get("description")).toBe(owner.description);
  });

  it("forgets an application whose confirmation expired: its page is gone and a new post starts over", async () => {
    const body = validApplication("mentee");
    const id = (await postApplication(body)).json!.id as string;
    const link = await applicantLink(id);
    await db
      .collection("applications")
      .doc(id)
      .update({ expiresAt: new Date(Date.now() - 1000) });
    const page = await fetch(link);
    expect(page.status).toBe(404);
    expect(await page.text()).toContain("ja no existeix");
    expect((await ownerPost(link, { action: "confirm" })).status).toBe(404);
    expect((await db.collection("applications").doc(id).get()).get("status")).toBe("unconfirmed");

    const again = await postApplication({ ...body, availability: "Divendres" });
    expect(again.json).toEqual({ id, status: "unconfirmed" });
    const restarted = (await db.collection("applications").doc(id).get()).data()!;
    expect(restarted.availability).toBe("Divendres");
    expect(restarted.expiresAt.toMillis()).toBeGreaterThan(Date.now());
  });

  it("caps intake emails at confirmationEmailsPerDay per address, whatever is posted", async () => {
    await clearOfCounterWindows();
    const email = "mateixa.persona@ajuntament.example";
    for (const kind of ["mentee", "mentor", "advisory", "advisory", "mentee"] as Kind[]) {
      const response = await postApplication(
        validApplication(kind, { email, description: `Pregunta ${kind} ${Math.random()}` }),
      );
      expect(response.status).toBe(202);
    }
    expect(await count("mail")).toBe(3);
  });
});

describe("bad input changes nothing", () => {
  const invalid: [string, unknown][] = [
    ["name", ""],
    ["email", "marta-arroba-ajuntament"],
    ["position", ""],
    ["municipality", ""],
    ["topics", []],
    ["description", "  "],
    ["modes", ["per-carta"]],
    ["capacity", 7],
    ["slots", []],
    ["consent", false],
  ];
  it.each(invalid)("answers 400 with the Catalan message for %s", async (field, value) => {
    const response = await postApplication(validApplication("mentor", { [field]: value }));
    expect(response.status).toBe(400);
    expect(response.json).toEqual({
      error: "validation",
      fields: { [field]: fieldMessages("mentor")[field as "name"] },
    });
    await nothingStored();
  });

  it("answers 400 for an unknown kind, an unknown topic, and a slot or a mode the settings exclude", async () => {
    expect((await postApplication(validApplication("mentee", { kind: "visita" }))).json).toMatchObject({
      fields: { kind: expect.any(String) },
    });
    expect((await postApplication(validApplication("mentee", { topics: ["no-existeix"] }))).json).toMatchObject({
      error: "validation",
      fields: { topics: expect.stringContaining("Tria els temes") },
    });
    await db.doc("settings/programme").update({ availabilitySlots: ["dl-mati", "dl-tarda"] });
    expect((await postApplication(validApplication("mentee", { slots: ["dv-tarda"] }))).json).toMatchObject({
      error: "validation",
      fields: { slots: expect.stringContaining("graella") },
    });
    await db.doc("settings/programme").update({ meetingModes: ["presencial"] });
    expect((await postApplication(validApplication("mentee", { modes: ["virtual"] }))).json).toMatchObject({
      error: "validation",
      fields: { modes: expect.stringContaining("presencial") },
    });
    await nothingStored();
  });

  it("answers 403 not_member for an inactive or unknown municipality", async () => {
    for (const municipality of ["cerdanyola-del-valles", "atlantida", "../settings/programme"]) {
      const response = await postApplication(validApplication("mentee", { municipality }));
      expect(response.status).toBe(403);
      expect(response.json).toEqual({ error: "not_member" });
    }
    await nothingStored();
  });

  it("answers 409 closed for mentoring outside the window while advisory still works", async () => {
    const year = String(new Date().getUTCFullYear());
    const opensAt = new Date(Date.now() + 20 * 86_400_000);
    await db.doc(`cycles/${year}`).update({ applicationsOpenAt: opensAt });
    for (const kind of ["mentee", "mentor"] as const) {
      const response = await postApplication(validApplication(kind));
      expect(response.status).toBe(409);
      expect(response.json).toEqual({ error: "closed", nextOpensAt: opensAt.toISOString() });
    }
    await nothingStored();
    expect((await postApplication(validApplication("advisory"))).status).toBe(202);
  });

  it("reads a member by its real id, whatever an `id` field typed in the console says", async () => {
    await db.doc("members/olot").update({ id: "sabadell" });
    const response = await postApplication(validApplication("mentee"));
    expect(response.status).toBe(202);
    const stored = (await db.doc(`applications/${response.json!.id as string}`).get()).data()!;
    expect(stored.municipality).toMatchObject({ id: "olot", name: "Olot" });
  });

  it("answers 413 for an oversized body and 415 for a wrong content type", async () => {
    const huge = await postApplication(validApplication("mentee", { description: "x".repeat(40_000) }));
    expect(huge.status).toBe(413);
    expect(huge.json).toEqual({ error: "too_large" });
    const text = await postApplication(null, { raw: "kind=mentee", contentType: "text/plain" });
    expect(text.status).toBe(415);
    expect(text.json).toEqual({ error: "unsupported_media_type" });
    await nothingStored();
  });

  it("answers 403 to a post from another site", async () => {
    const response = await postApplication(validApplication("mentee"), {
      headers: { origin: "https://phishing.example" },
    });
    expect(response.status).toBe(403);
    expect(response.json).toEqual({ error: "forbidden_origin" });
    await nothingStored();
  });

  it("answers 429 with Retry-After once a client passes the hourly limit, however it forges X-Forwarded-For", async () => {
    await db.doc("settings/programme").update({ intakeRateLimitPerHour: 3 });
    await clearOfCounterWindows();
    const forged = (n: number) => ({ headers: { "x-forwarded-for": `203.0.113.${n}` } });
    for (let i = 0; i < 3; i++)
      expect((await postApplication(validApplication("advisory"), forged(i))).status).toBe(202);
    const limited = await postApplication(validApplication("advisory"), forged(99));
    expect(limited.status).toBe(429);
    expect(limited.json).toEqual({ error: "rate_limited" });
    expect(Number(limited.headers.get("retry-after"))).toBeGreaterThan(0);
    expect(await count("applications")).toBe(3);
    const counters = (await db.collection("rateLimits").get()).docs.map((d) => d.id).join(" ");
    expect(counters).not.toMatch(/127\.0\.0\.1|203\.0\.113/);
  });
});

describe("the form cannot be locked or used to flood a mailbox (docs/design.md §4a)", () => {
  it("writes nothing for invalid posts and never lets them lock a valid one out", async () => {
    await db.doc("settings/programme").update({ intakeRateLimitPerHour: 3 });
    await clearOfCounterWindows();
    for (let i = 0; i < 10; i++) {
      const junk = await postApplication(validApplication("mentee", { email: `no-es-una-adreça-${i}` }));
      expect(junk.status).toBe(400);
    }
    expect(await count("rateLimits")).toBe(0);
    await nothingStored();
    expect((await postApplication(validApplication("mentee"))).status).toBe(202);
  });

  it("caps a mailbox, not an address: sub-addresses count against the mailbox they reach", async () => {
    await clearOfCounterWindows();
    for (let i = 1; i <= 5; i++) {
      const response = await postApplication(
        validApplication("advisory", { email: `victima+${i}@ajuntament.example`, description: `Pregunta ${i}` }),
      );
      expect(response.status).toBe(202);
    }
    expect(await count("applications")).toBe(5);
    expect(await count("mail")).toBe(3);
  });

  it("stops intake email for the day at intakeEmailsPerDay, whoever asks, and keeps the submissions", async () => {
    await db.doc("settings/programme").update({ intakeEmailsPerDay: 2 });
    await clearOfCounterWindows();
    for (let i = 1; i <= 4; i++) {
      const response = await postApplication(validApplication("advisory", { email: `persona${i}@ajuntament.example` }));
      expect(response.status).toBe(202);
    }
    expect(await count("applications")).toBe(4);
    expect(await count("mail")).toBe(2);
  });
});

describe("one application per person, kind and cycle", () => {
  it("keeps 50 parallel people apart: 50 applications and 50 confirmation requests, each sent once", async () => {
    const bodies = Array.from({ length: 50 }, (_, i) => validApplication(i % 2 ? "mentee" : "advisory"));
    // Five waves of ten at once: a 50-way burst makes the Functions emulator start a worker per
    // request on 2 cores and lose some to EPIPE, which says nothing about our code.
    const responses = [];
    for (let wave = 0; wave < 5; wave++) {
      const batch = bodies.slice(wave * 10, wave * 10 + 10);
      responses.push(...(await Promise.all(batch.map((body) => postApplication(body, { direct: true })))));
    }
    expect(responses.map((r) => r.status)).toEqual(Array(50).fill(202));
    expect(new Set(responses.map((r) => r.json!.id)).size).toBe(50);
    expect(await count("applications")).toBe(50);
    expect(await count("mail")).toBe(50);
    await waitFor(
      async () =>
        (await db.collection("mail").where("delivery.state", "==", "SUCCESS").count().get()).data().count >= 50,
      "50 emails delivered",
      240_000,
    );
    // Only these 50 applications' mail: a delivery the previous test left in flight may land after the reset.
    const ours = new Set(responses.map((r) => r.json!.id as string));
    const keys = (await capturedFor("application-"))
      .map((email) => email.idempotencyKey!)
      .filter((key) => ours.has(key.replace(/^application-(.+)-confirm-.*$/, "$1")));
    expect(keys).toHaveLength(50);
    expect(new Set(keys).size).toBe(50);
  }, 300_000);

  it("collapses 10 parallel identical submissions into one application, and no more emails than the cap", async () => {
    await clearOfCounterWindows();
    const body = validApplication("mentor");
    const responses = await Promise.all(Array.from({ length: 10 }, () => postApplication(body, { direct: true })));
    const ids = new Set(responses.map((r) => r.json!.id));
    expect(ids.size).toBe(1);
    expect(responses.map((r) => r.status)).toEqual(Array(10).fill(202));
    expect(await count("applications")).toBe(1);
    expect(await count("mail")).toBe(3);
  });
});

describe("form posts get pages", () => {
  it("answers a valid form post with the page that says to check the inbox (and spam)", async () => {
    const body = validApplication("mentee", { consent: "on" });
    const response = await postApplication(body, { form: true });
    expect(response.status).toBe(202);
    expect(response.headers.get("content-type")).toContain("text/html");
    expect(response.text).toContain("Revisa el teu correu");
    expect(response.text).toContain("correu brossa");
    expect(await count("applications")).toBe(1);
  });

  it("answers an invalid form post with the form again: summary, inline errors, values kept", async () => {
    const body = validApplication("mentee", { consent: "", email: "malament", name: "Núria <b>Pi</b>" });
    const response = await postApplication(body, { form: true });
    expect(response.status).toBe(400);
    expect(response.text).toContain('class="error-summary"');
    expect(response.text).toContain(`<a href="#email">${fieldMessages("mentee").email}</a>`);
    expect(response.text).toContain('id="consent-error"');
    expect(response.text).toContain('value="Núria &lt;b&gt;Pi&lt;/b&gt;"');
    await nothingStored();
  });
});

describe("settings that do not validate stop nothing (docs/design.md §14)", () => {
  it("keeps intake and pages on the last valid settings, marks the bad edit, and clears the mark once fixed", async () => {
    expect((await postApplication(validApplication("mentee"))).status).toBe(202);
    const settings = db.collection("settings").doc("programme");
    await settings.update({ timezone: "Europe/Barcelona" });

    const response = await postApplication(validApplication("mentor"));
    expect(response.status).toBe(202);
    expect((await fetch(`${urls.site}/`)).status).toBe(200);
    expect((await settings.get()).get("problem")).toMatch(/timezone/);
    const stored = (
      await db
        .collection("applications")
        .doc(response.json!.id as string)
        .get()
    ).data()!;
    const days = (stored.expiresAt.toMillis() - stored.createdAt.toMillis()) / 86_400_000;
    expect(days).toBeCloseTo(7, 0); // computed in the last valid zone

    await settings.update({ timezone: "Europe/Madrid" });
    expect((await postApplication(validApplication("advisory"))).status).toBe(202);
    expect((await settings.get()).get("problem")).toBeUndefined();
  });

  it("answers 503, as before, when no valid version was ever read", async () => {
    await db.collection("settings").doc("programme").update({ timezone: "Europe/Barcelona" });
    const response = await postApplication(validApplication("mentee"));
    expect(response.status).toBe(503);
    expect(await count("applications")).toBe(0);
  });
});
