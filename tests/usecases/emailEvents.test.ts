/**
 * docs/design.md §14, "Email events": Resend's webhooks, signed as Resend signs them
 * (Svix), through Hosting. The capture server plays Resend: it posts
 * `email.delivered` for what it accepts, or `email.bounced` for an address
 * told to bounce.
 */
import { randomUUID } from "node:crypto";
import { Webhook } from "standardwebhooks";
import { beforeEach, describe, expect, it } from "vitest";
import { count, db, resetAll, urls } from "../helpers/emulator.ts";
import { localSecret } from "../helpers/links.ts";
import { capturedFor, deliveryOf, waitForDelivery, queueTestMail } from "../helpers/mail.ts";

beforeEach(() => resetAll());

const endpoint = () => `${urls.site}/api/email-events`;

/** An event as Resend posts it; `signedAt` and `secret` let a test get them wrong. */
function signedEvent(
  event: object,
  options: { id?: string; signedAt?: Date; secret?: string } = {},
): { headers: Record<string, string>; body: string } {
  const id = options.id ?? `msg_${randomUUID()}`;
  const at = options.signedAt ?? new Date();
  const body = JSON.stringify(event);
  const secret = options.secret ?? localSecret("RESEND_WEBHOOK_SECRET");
  return {
    body,
    headers: {
      "content-type": "application/json",
      "svix-id": id,
      "svix-timestamp": String(Math.floor(at.getTime() / 1000)),
      "svix-signature": new Webhook(secret).sign(id, at, body),
    },
  };
}

const post = async (signed: { headers: Record<string, string>; body: string }) => {
  const response = await fetch(endpoint(), { method: "POST", headers: signed.headers, body: signed.body });
  return { status: response.status, json: (await response.json()) as Record<string, unknown> };
};

const delivered = (mailId: string) => ({
  type: "email.delivered",
  created_at: new Date().toISOString(),
  data: { email_id: "re_1", to: ["a@x.example"], subject: "Prova", tags: { mail_id: mailId } },
});

describe("POST /api/email-events", () => {
  it("answers 401 to a wrong signature, a stale timestamp or no signature, and changes nothing", async () => {
    const id = await queueTestMail("marta@sabadell.example");
    await waitForDelivery(id);
    const otherSecret = `whsec_${Buffer.from("una altra clau qualsevol!").toString("base64")}`;
    const attempts = [
      signedEvent(delivered(id), { secret: otherSecret }),
      signedEvent(delivered(id), { signedAt: new Date(Date.now() - 10 * 60_000) }),
      { ...signedEvent(delivered(id)), headers: { "content-type": "application/json" } },
    ];
    for (const attempt of attempts)
      expect(await post(attempt)).toEqual({ status: 401, json: { error: "invalid_signature" } });
    expect(await count("emailEvents")).toBe(0);
    expect((await deliveryOf(id))!).not.toHaveProperty("deliveredAt");
  });

  it("records a delivery once: the same event replayed changes nothing", async () => {
    const id = await queueTestMail("marta@sabadell.example");
    await waitForDelivery(id);
    const signed = signedEvent(delivered(id));
    expect(await post(signed)).toEqual({ status: 200, json: { status: "recorded" } });
    expect(await post(signed)).toEqual({ status: 200, json: { status: "replayed" } });
    const delivery = (await deliveryOf(id))!;
    expect(delivery.events).toHaveLength(1);
    expect(delivery.deliveredAt).toBeTruthy();
    expect(delivery.state).toBe("SUCCESS");
  });

  it("never suppresses the secretariat's address: the complaint is on the mail as a problem, and later mail still goes", async () => {
    const id = await queueTestMail("Secretaria@xmess.example");
    await waitForDelivery(id);
    const complaint = { ...delivered(id), type: "email.complained" };
    complaint.data = { ...complaint.data, to: ["Secretaria@xmess.example"] };
    expect(await post(signedEvent(complaint))).toEqual({ status: 200, json: { status: "recorded" } });
    expect(await count("suppressions")).toBe(0);
    expect((await db.doc(`mail/${id}`).get()).get("problem")).toMatch(/secretaria@xmess.example .*no se suprimeix/);
    const next = await queueTestMail("secretaria@xmess.example");
    await waitForDelivery(next);
  });
});

describe("a suppressed address among several recipients (docs/design.md §14)", () => {
  it("drops that recipient only: the others get the mail, and the delivery says who was left out", async () => {
    await db.doc("suppressions/ningu@olot.example").set({
      email: "ningu@olot.example",
      reason: "bounced",
      mailId: null,
      detail: null,
      at: new Date(),
    });
    const id = await queueTestMail(["Ningu@Olot.example", "marta@sabadell.example"]);
    await waitForDelivery(id);
    const [sent] = await capturedFor(id);
    expect(sent!.to).toEqual(["marta@sabadell.example"]);
    expect((await deliveryOf(id))!.suppressedRecipients).toEqual(["ningu@olot.example"]);

    const alone = await queueTestMail("ningu@olot.example");
    await waitForDelivery(alone, ["ERROR"]);
    expect(await capturedFor(alone)).toEqual([]);
  });
});
