/** DESIGN §4 (contract), driven from outside through Hosting and Firestore. */
import { beforeEach, describe, expect, it } from "vitest";
import { fieldMessages } from "../../functions/src/domain/application.ts";
import {
  count,
  db,
  postApplication,
  resetAll,
  urls,
  validApplication,
  waitFor,
  type Kind,
} from "../helpers/emulator.ts";
import { capturedFor, waitForDelivery } from "../helpers/mail.ts";

beforeEach(() => resetAll());

async function nothingStored() {
  expect(await count("applications")).toBe(0);
  expect(await count("mail")).toBe(0);
}

describe("POST /api/applications stores each kind", () => {
  it.each<Kind>(["mentee", "mentor", "advisory"])(
    "stores a %s with the contract fields and sends both emails once",
    async (kind) => {
      const body = validApplication(kind);
      const response = await postApplication(body);
      expect(response.status).toBe(201);
      expect(response.json).toEqual({ id: expect.any(String), status: "received" });
      const id = response.json!.id as string;

      const stored = (await db.collection("applications").doc(id).get()).data()!;
      expect(stored).toMatchObject({
        kind,
        person: { name: body.name, email: body.email, position: body.position },
        municipality: { id: body.municipality, name: kind === "mentor" ? "Sabadell" : "Olot" },
        topics: ["contractacio-responsable", "energia-comunitaria"],
        description: body.description,
        modes: ["presencial", "virtual"],
        status: "received",
      });
      expect(stored.createdAt.toDate()).toBeInstanceOf(Date);
      expect(stored.updatedAt.toDate()).toBeInstanceOf(Date);
      if (kind === "advisory") expect(stored.cycle).toBeUndefined();
      else expect(stored.cycle).toBe(String(new Date().getUTCFullYear()));
      if (kind === "mentor") expect(stored.capacity).toBe(2);
      if (kind !== "advisory") expect(stored.availability).toBe(body.availability);

      for (const mailId of [`application-${id}-r1-applicant`, `application-${id}-r1-secretariat`]) {
        const delivery = await waitForDelivery(mailId);
        expect(delivery.providerId).toEqual(expect.any(String));
        const mail = (await db.collection("mail").doc(mailId).get()).data()!;
        expect(mail).toMatchObject({
          template: expect.any(String),
          subject: expect.any(String),
          text: expect.any(String),
          html: expect.any(String),
        });
        expect(await capturedFor(mailId)).toHaveLength(1);
      }
      const [confirmation] = await capturedFor(`application-${id}-r1-applicant`);
      expect(confirmation!.to).toEqual([body.email]);
      const [notice] = await capturedFor(`application-${id}-r1-secretariat`);
      expect(notice!.to).toEqual(["secretaria@xmess.example"]);
      expect(await count("mail")).toBe(2);
    },
  );
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
    ["availability", ""],
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

  it("answers 400 for an unknown kind, an unknown topic and a mode the settings exclude", async () => {
    expect((await postApplication(validApplication("mentee", { kind: "visita" }))).json).toMatchObject({
      fields: { kind: expect.any(String) },
    });
    expect((await postApplication(validApplication("mentee", { topics: ["no-existeix"] }))).json).toMatchObject({
      error: "validation",
      fields: { topics: expect.stringContaining("Tria els temes") },
    });
    await db.doc("settings/programme").update({ meetingModes: ["presencial"] });
    expect((await postApplication(validApplication("mentee", { modes: ["virtual"] }))).json).toMatchObject({
      error: "validation",
      fields: { modes: expect.stringContaining("presencial") },
    });
    await nothingStored();
  });

  it("treats a filled honeypot as a bot: 400, nothing stored", async () => {
    const response = await postApplication(validApplication("advisory", { website: "http://spam.example" }));
    expect(response.status).toBe(400);
    expect(response.json).toMatchObject({ fields: { website: expect.any(String) } });
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
    expect((await postApplication(validApplication("advisory"))).status).toBe(201);
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

  it("answers 429 with Retry-After once a client passes the hourly limit, other clients unaffected", async () => {
    await db.doc("settings/programme").update({ intakeRateLimitPerHour: 3 });
    const from = (ip: string) => ({ headers: { "x-forwarded-for": ip } });
    for (let i = 0; i < 3; i++)
      expect((await postApplication(validApplication("advisory"), from("203.0.113.10"))).status).toBe(201);
    const limited = await postApplication(validApplication("advisory"), from("203.0.113.10"));
    expect(limited.status).toBe(429);
    expect(limited.json).toEqual({ error: "rate_limited" });
    expect(Number(limited.headers.get("retry-after"))).toBeGreaterThan(0);
    expect(await count("applications")).toBe(3);
    expect((await postApplication(validApplication("advisory"), from("198.51.100.20"))).status).toBe(201);
  });
});

describe("one application per person, kind and cycle", () => {
  it("updates on resubmission with the same id; an identical one sends nothing new", async () => {
    const body = validApplication("mentee");
    const first = await postApplication(body);
    expect(first.status).toBe(201);
    const id = first.json!.id as string;
    const same = await postApplication({ ...body, email: String(body.email).toUpperCase() });
    expect(same.status).toBe(200);
    expect(same.json).toEqual({ id, status: "received" });
    const changed = await postApplication({ ...body, availability: "Només divendres" });
    expect(changed.json).toEqual({ id, status: "received" });
    const stored = (await db.collection("applications").doc(id).get()).data()!;
    expect(stored).toMatchObject({ availability: "Només divendres", revision: 2 });
    expect(stored.createdAt.toMillis()).toBeLessThan(stored.updatedAt.toMillis());
    await waitForDelivery(`application-${id}-r2-applicant`);
    expect((await db.collection("mail").listDocuments()).map((d) => d.id).sort()).toEqual(
      [
        `application-${id}-r1-applicant`,
        `application-${id}-r1-secretariat`,
        `application-${id}-r2-applicant`,
        `application-${id}-r2-secretariat`,
      ].sort(),
    );
    expect(await count("applications")).toBe(1);
  });

  it("keeps 50 parallel people apart: 50 applications and 100 emails, each sent once", async () => {
    const bodies = Array.from({ length: 50 }, (_, i) => validApplication(i % 2 ? "mentee" : "advisory"));
    const responses = await Promise.all(bodies.map((body) => postApplication(body, { direct: true })));
    expect(responses.map((r) => r.status)).toEqual(Array(50).fill(201));
    expect(new Set(responses.map((r) => r.json!.id)).size).toBe(50);
    expect(await count("applications")).toBe(50);
    expect(await count("mail")).toBe(100);
    await waitFor(
      async () =>
        (await db.collection("mail").where("delivery.state", "==", "SUCCESS").count().get()).data().count === 100,
      "100 emails delivered",
      240_000,
    );
    const keys = (await capturedFor("application-")).map((email) => email.idempotencyKey);
    expect(keys).toHaveLength(100);
    expect(new Set(keys).size).toBe(100);
  }, 300_000);

  it("collapses 10 parallel identical submissions into one application and one pair of emails", async () => {
    const body = validApplication("mentor");
    const responses = await Promise.all(Array.from({ length: 10 }, () => postApplication(body, { direct: true })));
    const ids = new Set(responses.map((r) => r.json!.id));
    expect(ids.size).toBe(1);
    expect(responses.filter((r) => r.status === 201)).toHaveLength(1);
    expect(responses.filter((r) => r.status === 200)).toHaveLength(9);
    expect(await count("applications")).toBe(1);
    const [id] = ids;
    await waitForDelivery(`application-${id}-r1-applicant`);
    await waitForDelivery(`application-${id}-r1-secretariat`);
    expect(await count("mail")).toBe(2);
    expect(await capturedFor(`application-${id}`)).toHaveLength(2);
  });
});

describe("form posts get pages", () => {
  it("answers a valid form post with the confirmation page", async () => {
    const body = validApplication("mentee", { consent: "on" });
    const response = await postApplication(body, { form: true });
    expect(response.status).toBe(201);
    expect(response.headers.get("content-type")).toContain("text/html");
    expect(response.text).toContain("Hem rebut la teva sol·licitud");
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

describe("pages that do not depend on the request", () => {
  it("let Hosting's CDN keep them a few minutes; errors and unknown pages are never cached", async () => {
    for (const path of ["/", "/privacitat", "/sollicitud/rebre-mentoria", "/sollicitud/assessorament"]) {
      const response = await fetch(`${urls.site}${path}`);
      expect(response.status, path).toBe(200);
      expect(response.headers.get("cache-control"), path).toBe("public, max-age=60, s-maxage=300");
    }
    const missing = await fetch(`${urls.site}/no-existeix`);
    expect(missing.status).toBe(404);
    expect(missing.headers.get("cache-control")).toBe("no-store");
  });
});
