/**
 * docs/design.md §14, "Email events": Resend's webhooks, signed as Resend signs them
 * (Svix), through Hosting. The capture server plays Resend: it posts
 * `email.delivered` for what it accepts, or `email.bounced` for an address
 * told to bounce.
 */
import { beforeEach, describe, expect, it } from "vitest";
import { db, resetAll, urls, waitFor } from "../helpers/emulator.ts";
import { deliveryOf, sendRequests, waitForDelivery, queueTestMail } from "../helpers/mail.ts";

beforeEach(() => resetAll());

async function capture(path: string, body: object) {
  const response = await fetch(`${urls.mail}${path}`, { method: "POST", body: JSON.stringify(body) });
  if (!response.ok) throw new Error(`${path} answered ${response.status}`);
}

describe("bounces, through the whole loop", () => {
  it("a bounce suppresses the address, tells the secretariat, and the next mail to it ends ERROR without a send", async () => {
    await capture("/_webhook", { enabled: true });
    await capture("/_bounces", { to: "ningu@olot.example" });
    const fine = await queueTestMail("marta@sabadell.example");
    const bounced = await queueTestMail("ningu@olot.example");

    // Delivered by default; the bounced one is recorded on its document and suppressed.
    await waitFor(async () => (await deliveryOf(fine))?.deliveredAt, "delivered event");
    const suppression = await waitFor(
      async () => (await db.doc("suppressions/ningu@olot.example").get()).data(),
      "suppression",
    );
    expect(suppression).toMatchObject({ email: "ningu@olot.example", reason: "bounced", mailId: bounced });
    expect(suppression.detail).toContain("550");
    const record = (await deliveryOf(bounced))!;
    expect(record.state).toBe("SUCCESS");
    expect(record.bouncedAt).toBeTruthy();
    expect(record.events?.map((e) => e.type)).toEqual(["bounced"]);

    // The secretariat hears of it by email, not from the logs.
    const notices = await waitFor(async () => {
      const snap = await db.collection("mail").where("template", "==", "suppression-secretariat").get();
      return snap.empty ? null : snap.docs;
    }, "the secretariat's notice");
    expect(notices).toHaveLength(1);
    expect(notices[0]!.get("to")).toEqual(["secretaria@xmess.example"]);
    expect(notices[0]!.get("text")).toContain("ningu@olot.example");
    expect(notices[0]!.get("text")).toContain("«Proposta de mentoria»");

    // Later mail to the address: ERROR with the reason, and Resend never called.
    const later = await queueTestMail("ningu@olot.example");
    const delivery = await waitForDelivery(later, ["ERROR"]);
    expect(delivery.error).toContain("Adreça suprimida: ningu@olot.example (va rebotar)");
    expect((await sendRequests()).filter((r) => r.idempotencyKey?.startsWith(later))).toEqual([]);
  });
});
