/** docs/design.md §8 (contract): the outbox delivers through the Resend SDK exactly once, whatever happens. */
import { randomUUID } from "node:crypto";
import { beforeEach, describe, expect, it } from "vitest";
import { onMailWritten } from "../../functions/src/triggers/mailDelivery.ts";
import { deliverMail, sweepMail } from "../../functions/src/usecases/mailDelivery.ts";
import { dailyQuotaQueued, isTransient } from "../../functions/src/domain/mail.ts";
import { addDays, isoDay, localDay } from "../../functions/src/domain/time.ts";
import { sendEmail } from "../../functions/src/resend.ts";
import { db, resetAll, runScheduledFunction, urls, withTriggersPaused, writtenEvent } from "../helpers/emulator.ts";
import {
  capturedFor,
  deliveryOf,
  injectFault,
  observeDelivery,
  sendRequests,
  waitForDelivery,
} from "../helpers/mail.ts";

beforeEach(() => resetAll());

/** Queues an email the way the functions do, to a recipient of its own. */
async function queue(fields: Record<string, unknown> = {}) {
  const id = `test-${randomUUID()}`;
  const to = `${id}@ajuntament.example`;
  await db
    .collection("mail")
    .doc(id)
    .set({
      to: [to],
      from: "XMESS <mentories@xmess.example>",
      template: "test",
      subject: "Prova",
      text: "Hola",
      html: "<p>Hola</p>",
      createdAt: new Date(),
      ...fields,
    });
  return { id, to };
}

/** How a function instance sends, at the given rate limit, on the real clock. */
const sender = (perSecond: number) => ({ apiKey: "re_test", perSecond, clock: () => new Date() });

const requestsFor = async (to: string) => (await sendRequests()).filter((r) => r.to.includes(to));

describe("mail delivery", () => {
  it("sends a new mail document once and records SUCCESS with the provider id", async () => {
    const { id, to } = await queue();
    const delivery = await waitForDelivery(id);
    expect(delivery).toMatchObject({ state: "SUCCESS", attempts: 1, error: null, providerId: expect.any(String) });
    const [email] = await capturedFor(id);
    expect(email).toMatchObject({
      to: [to],
      subject: "Prova",
      idempotencyKey: id,
      from: "XMESS <mentories@xmess.example>",
    });
    expect(email!.id).toBe(delivery.providerId);
  });

  it("retries 500s with backoff and ends SUCCESS, sent once", async () => {
    const id = `test-${randomUUID()}`;
    const to = `${id}@ajuntament.example`;
    await injectFault({ status: 500, times: 2, to });
    await db.collection("mail").doc(id).set({ to, subject: "Prova", text: "Hola", from: "x@xmess.example" });
    const delivery = await waitForDelivery(id);
    expect(delivery).toMatchObject({ state: "SUCCESS", attempts: 3 });
    expect((await requestsFor(to)).map((r) => r.status)).toEqual([500, 500, 200]);
    expect(await capturedFor(id)).toHaveLength(1);
  });

  it("honours 429 retry-after before trying again", async () => {
    const id = `test-${randomUUID()}`;
    const to = `${id}@ajuntament.example`;
    await injectFault({ status: 429, times: 1, to, name: "rate_limit_exceeded", retryAfter: 3 });
    await db.collection("mail").doc(id).set({ to, subject: "Prova", text: "Hola", from: "x@xmess.example" });
    await waitForDelivery(id);
    const requests = await requestsFor(to);
    expect(requests.map((r) => r.status)).toEqual([429, 200]);
    expect(Date.parse(requests[1]!.at) - Date.parse(requests[0]!.at)).toBeGreaterThanOrEqual(2900);
  });

  it("gives up on a provider that does not answer, as a failure to retry, instead of waiting with it", async () => {
    const to = `penjat-${randomUUID()}@ajuntament.example`;
    // Answers 5 s later: far longer than this call waits.
    await injectFault({ status: 200, times: 1, to, delayMs: 5_000 });
    const result = await sendEmail(
      "re_test",
      { from: "x@xmess.example", to: [to], subject: "Prova", text: "Hola" },
      `key-${to}`,
      "penjat",
      300,
    );
    expect(result).toMatchObject({ ok: false, status: null });
    expect(!result.ok && isTransient(result)).toBe(true);
  });

  it("records a permanent 422 as ERROR with the reason, and sends nothing", async () => {
    const id = `test-${randomUUID()}`;
    const to = `${id}@ajuntament.example`;
    await injectFault({ status: 422, times: 1, to, name: "validation_error", message: "Invalid `from` field" });
    await db.collection("mail").doc(id).set({ to, subject: "Prova", text: "Hola", from: "x@xmess.example" });
    const delivery = await waitForDelivery(id, ["ERROR"]);
    expect(delivery).toMatchObject({ state: "ERROR", attempts: 1 });
    expect(delivery.error).toContain("422 validation_error: Invalid `from` field");
    expect(await capturedFor(id)).toHaveLength(0);
  });

  it("marks a malformed document ERROR with a readable reason", async () => {
    const { id } = await queue({ to: "no-és-una-adreça", subject: "" });
    const delivery = await waitForDelivery(id, ["ERROR"]);
    expect(delivery.error).toMatch(
      /^No s'ha pogut processar: .*«to.0» hauria de ser una adreça electrònica.*«subject» no pot ser buit/,
    );
  });

  it("resends when the secretariat sets RETRY by hand, with a fresh idempotency key", async () => {
    const { id } = await queue();
    await waitForDelivery(id);
    await db.collection("mail").doc(id).update({ "delivery.state": "RETRY" });
    await waitForDelivery(id);
    await expect.poll(async () => (await capturedFor(id)).length, { timeout: 60_000 }).toBe(2);
    const keys = (await capturedFor(id)).map((email) => email.idempotencyKey);
    expect(new Set(keys).size).toBe(2);
    expect((await deliveryOf(id))!.state).toBe("SUCCESS");
  });

  it("ignores repeated events for a sent mail: nothing is sent twice", async () => {
    const { id } = await queue();
    await waitForDelivery(id);
    const states = await observeDelivery(id);
    // Console edits with the triggers off, then the events they would fire, delivered in-process, twice.
    await withTriggersPaused(async () => {
      await db.collection("mail").doc(id).update({ note: "editat a la consola" });
      await db.collection("mail").doc(id).update({ "delivery.state": "SUCCESS" });
    });
    for (let i = 0; i < 2; i++) await onMailWritten(await writtenEvent(id), sender(20));
    expect(states.stop()).toEqual(["SUCCESS"]);
    expect(await capturedFor(id)).toHaveLength(1);
  });

  it("sends once when deliveries race for the same document", async () => {
    const { id } = await queue();
    // The trigger fired by the write races with eight more deliveries.
    await Promise.all(Array.from({ length: 8 }, () => deliverMail(id, sender(20))));
    const delivery = await waitForDelivery(id);
    // SUCCESS is final: no later claim can send again, so the count is settled.
    expect(delivery.attempts).toBe(1);
    expect(await capturedFor(id)).toHaveLength(1);
  });
});

describe("within Resend's rate limit (docs/design.md §14)", () => {
  it("sends a burst of 30 messages started at once within the limit: each once, all SUCCESS, none refused but by jitter", async () => {
    // Resend's lowest default: 429 past 5 requests in any second (the capture server
    // plays it). 30 deliveries start together, as 30 function instances would.
    await fetch(`${urls.mail}/_rate-limit`, { method: "POST", body: JSON.stringify({ requestsPerSecond: 5 }) });
    const ids = Array.from({ length: 30 }, (_, i) => `rafega-${String(i).padStart(2, "0")}`);
    try {
      await withTriggersPaused(async () => {
        const batch = db.batch();
        for (const id of ids) {
          batch.set(db.doc(`mail/${id}`), {
            to: [`${id}@ajuntament.example`],
            from: "XMESS <mentories@xmess.example>",
            template: "test",
            subject: "Convocatòria",
            text: "Hola",
            createdAt: new Date(),
            delivery: { state: "PENDING", attempts: 0 },
          });
        }
        await batch.commit();
        await Promise.all(ids.map((id) => deliverMail(id, sender(5))));
      });
    } finally {
      await fetch(`${urls.mail}/_rate-limit`, { method: "POST", body: JSON.stringify({ requestsPerSecond: 20 }) });
    }
    for (const id of ids) expect((await deliveryOf(id))!.state).toBe("SUCCESS");
    const requests = (await sendRequests()).filter((r) => r.idempotencyKey?.startsWith("rafega-"));
    const accepted = requests.filter((r) => r.status === 200);
    expect(accepted.map((r) => r.idempotencyKey).sort()).toEqual(ids);
    // Without the budget most of the 30 are refused at once. With it, none should be; a
    // request delayed by a loaded machine past the 100 ms margin may meet a 429, which
    // pauses every sender and is retried — so a stray one is tolerated, a pattern is not.
    expect(requests.filter((r) => r.status === 429).length).toBeLessThanOrEqual(2);
  });
});

describe("the provider's daily quota (docs/design.md §15)", () => {
  it("sends the day's quota, keeps the rest for the next day without an attempt spent, and sends them then", async () => {
    await db.doc("settings/programme").update({ dailyEmailLimit: 2 });
    const queued = [];
    for (let i = 0; i < 4; i++) queued.push((await queue()).id);
    for (const id of queued) await waitForDelivery(id, ["SUCCESS", "RETRY"]);
    const states = await Promise.all(queued.map(async (id) => ({ id, delivery: (await deliveryOf(id))! })));
    const waiting = states.filter((s) => s.delivery.state === "RETRY");
    expect(states.filter((s) => s.delivery.state === "SUCCESS")).toHaveLength(2);
    expect(waiting).toHaveLength(2);
    const tomorrow = localDay(isoDay(addDays(new Date(), 1, "Europe/Madrid"), "Europe/Madrid"), "Europe/Madrid");
    for (const { id } of waiting) {
      const doc = (await db.doc(`mail/${id}`).get()).data()!;
      expect(doc.delivery).toMatchObject({ attempts: 0, error: dailyQuotaQueued });
      expect(doc.delivery.nextAttemptAt.toDate()).toEqual(tomorrow);
    }
    // Tomorrow, as the sweep would: they go.
    const nextDay = { ...sender(20), clock: () => new Date(tomorrow.getTime() + 60_000) };
    for (const { id } of waiting) await deliverMail(id, nextDay);
    for (const { id } of waiting) expect((await deliveryOf(id))!.state).toBe("SUCCESS");
  });
});

describe("the provider's daily quota, retried", () => {
  it("counts a message once, however many tries a 429 costs it", async () => {
    await db.doc("settings/programme").update({ dailyEmailLimit: 2 });
    const first = `test-${randomUUID()}`;
    await injectFault({ status: 429, times: 1, to: `${first}@ajuntament.example`, retryAfter: 1 });
    await db
      .collection("mail")
      .doc(first)
      .set({ to: `${first}@ajuntament.example`, subject: "Prova", text: "Hola", from: "x@xmess.example" });
    expect(await waitForDelivery(first)).toMatchObject({ state: "SUCCESS", attempts: 2 });
    const second = (await queue()).id;
    expect((await waitForDelivery(second, ["SUCCESS", "RETRY"])).state).toBe("SUCCESS");
  });
});

describe("mail sweep (scheduled)", () => {
  it("recovers a message stuck in PROCESSING after its lease lapsed, keeping its key", async () => {
    const stuckSince = new Date(Date.now() - 20 * 60_000);
    // Written with the triggers off, as a crash leaves it: only the sweep can pick it up.
    const { id } = await withTriggersPaused(() =>
      queue({
        delivery: {
          state: "PROCESSING",
          attempts: 1,
          startTime: stuckSince,
          leaseExpireTime: new Date(Date.now() - 60_000),
          idempotencyKey: "clau-original",
        },
      }),
    );
    expect((await deliveryOf(id))!.state).toBe("PROCESSING");
    await runScheduledFunction("sweepMail");
    const delivery = await waitForDelivery(id);
    expect(delivery.attempts).toBe(2);
    expect((await capturedFor("clau-original")).map((e) => e.to[0])).toEqual([`${id}@ajuntament.example`]);
  });

  it("sends a message whose trigger event was lost (PENDING, unclaimed for minutes), and leaves a fresh one to its trigger", async () => {
    // Written with the triggers off, as a lost event leaves them.
    const [lost, fresh] = await withTriggersPaused(async () => [
      await queue({ createdAt: new Date(Date.now() - 5 * 60_000), delivery: { state: "PENDING", attempts: 0 } }),
      await queue({ createdAt: new Date(), delivery: { state: "PENDING", attempts: 0 } }),
    ]);
    await runScheduledFunction("sweepMail");
    expect(await waitForDelivery(lost.id)).toMatchObject({ state: "SUCCESS", attempts: 1 });
    expect((await deliveryOf(fresh.id))!.state).toBe("PENDING");
    expect(await capturedFor(fresh.id)).toHaveLength(0);
  });

  it("sends a message the secretariat set back to RETRY by hand whose event was lost (no nextAttemptAt)", async () => {
    const [byHand] = await withTriggersPaused(async () => [
      await queue({
        delivery: { state: "RETRY", attempts: 8, error: "Resend 500", idempotencyKey: "a-ma" },
      }),
    ]);
    // Looked for every tenth minute (a RETRY by hand has no date to query by): not at :01, at :10.
    const at = (minute: number) => {
      const time = new Date();
      time.setUTCMinutes(minute, 0, 0);
      return { ...sender(20), clock: () => time };
    };
    await sweepMail(at(1));
    expect((await deliveryOf(byHand.id))!.state).toBe("RETRY");
    await sweepMail(at(10));
    expect(await waitForDelivery(byHand.id)).toMatchObject({ state: "SUCCESS", attempts: 1 });
    expect(await capturedFor(byHand.id)).toHaveLength(1);
  });

  it("sends automatic retries once they are due, and leaves live claims and future retries alone", async () => {
    // Written with the triggers off: the due retry waits for the sweep, not for its own trigger.
    const [due, future, live] = await withTriggersPaused(async () => [
      await queue({
        delivery: { state: "RETRY", attempts: 2, nextAttemptAt: new Date(Date.now() - 1000), idempotencyKey: "due" },
      }),
      await queue({
        delivery: { state: "RETRY", attempts: 2, nextAttemptAt: new Date(Date.now() + 3_600_000) },
      }),
      await queue({
        delivery: {
          state: "PROCESSING",
          attempts: 1,
          startTime: new Date(),
          leaseExpireTime: new Date(Date.now() + 600_000),
        },
      }),
    ]);
    expect((await deliveryOf(due.id))!.state).toBe("RETRY");
    await runScheduledFunction("sweepMail");
    expect(await waitForDelivery(due.id)).toMatchObject({ state: "SUCCESS", attempts: 3 });
    expect((await deliveryOf(future.id))!.state).toBe("RETRY");
    expect((await deliveryOf(live.id))!.state).toBe("PROCESSING");
    expect(await capturedFor(future.id)).toHaveLength(0);
    expect(await capturedFor(live.id)).toHaveLength(0);
  });
});
