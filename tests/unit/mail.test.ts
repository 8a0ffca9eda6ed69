import { describe, expect, it } from "vitest";
import {
  afterAttempt,
  backoffMs,
  claimDelivery,
  Delivery,
  deliveryPolicy,
  wantsDelivery,
  type SendResult,
} from "../../functions/src/domain/mail.ts";

const now = new Date("2026-10-01T08:00:00Z");
const later = (ms: number) => new Date(now.getTime() + ms);
const delivery = (fields: Partial<Delivery>): Delivery => Delivery.parse({ state: "PENDING", ...fields });
const failure = (
  status: number | null,
  name = "application_error",
  retryAfterMs: number | null = null,
): SendResult => ({
  ok: false,
  status,
  name,
  message: "failed",
  retryAfterMs,
});

describe("wantsDelivery", () => {
  it("asks for an attempt for new, pending and due retries only", () => {
    expect(wantsDelivery(undefined, now)).toBe(true);
    expect(wantsDelivery(delivery({}), now)).toBe(true);
    expect(wantsDelivery(delivery({ state: "RETRY" }), now)).toBe(true);
    expect(wantsDelivery(delivery({ state: "RETRY", nextAttemptAt: later(1) }), now)).toBe(false);
    for (const state of ["PROCESSING", "SUCCESS", "ERROR"] as const)
      expect(wantsDelivery(delivery({ state }), now)).toBe(false);
  });
});

describe("claimDelivery", () => {
  it("claims a pending message with a lease longer than the function timeout and the id as key", () => {
    const claimed = claimDelivery("m1", undefined, now);
    expect(claimed).toMatchObject({ state: "PROCESSING", startTime: now, idempotencyKey: "m1", attempts: 0 });
    expect(claimed!.leaseExpireTime!.getTime() - now.getTime()).toBe(deliveryPolicy.leaseMs);
    expect(deliveryPolicy.leaseMs).toBeGreaterThan(300_000);
  });
  it("refuses messages that are sent, failed for good, waiting, or held by a live claim", () => {
    expect(claimDelivery("m", delivery({ state: "SUCCESS" }), now)).toBeNull();
    expect(claimDelivery("m", delivery({ state: "ERROR" }), now)).toBeNull();
    expect(claimDelivery("m", delivery({ state: "RETRY", nextAttemptAt: later(5) }), now)).toBeNull();
    expect(claimDelivery("m", delivery({ state: "PROCESSING", leaseExpireTime: later(5) }), now)).toBeNull();
  });
  it("takes over a message whose claim lapsed, keeping its idempotency key", () => {
    const stuck = delivery({ state: "PROCESSING", leaseExpireTime: later(-1), idempotencyKey: "m", attempts: 1 });
    expect(claimDelivery("m", stuck, now)).toMatchObject({ state: "PROCESSING", idempotencyKey: "m", attempts: 1 });
  });
  it("keeps the key for an automatic retry but uses a new one for a resend asked by hand", () => {
    const automatic = delivery({ state: "RETRY", nextAttemptAt: later(-1), idempotencyKey: "m", attempts: 3 });
    expect(claimDelivery("m", automatic, now)?.idempotencyKey).toBe("m");
    const byHand = delivery({ state: "RETRY", idempotencyKey: "m", attempts: 1, providerId: "p" });
    const claimed = claimDelivery("m", byHand, now);
    expect(claimed?.idempotencyKey).not.toBe("m");
    expect(claimed?.idempotencyKey).toMatch(/^m-resend-/);
    expect(claimed?.attempts).toBe(0);
  });
});

describe("afterAttempt", () => {
  const claimed = claimDelivery("m", undefined, now)!;
  it("records success with the provider id", () => {
    const next = afterAttempt(claimed, { ok: true, providerId: "re_1" }, now);
    expect(next).toEqual({
      step: "finish",
      delivery: expect.objectContaining({
        state: "SUCCESS",
        providerId: "re_1",
        attempts: 1,
        endTime: now,
        leaseExpireTime: null,
      }),
    });
  });
  it.each([
    [422, "validation_error"],
    [401, "missing_api_key"],
    [403, "invalid_from_address"],
    [409, "invalid_idempotent_request"],
  ])("fails for good on %i %s and records the reason", (status, name) => {
    const next = afterAttempt(claimed, failure(status, name), now);
    expect(next.step).toBe("finish");
    expect(next.delivery).toMatchObject({ state: "ERROR", attempts: 1 });
    expect(next.delivery.error).toContain(`${status} ${name}`);
  });
  it.each([[500], [503], [429], [null]])("retries %s after a growing backoff", (status) => {
    const first = afterAttempt(claimed, failure(status), now);
    expect(first).toMatchObject({ step: "wait", ms: deliveryPolicy.firstBackoffMs });
    const second = afterAttempt(first.delivery, failure(status), now);
    expect(second).toMatchObject({ step: "wait", ms: 2 * deliveryPolicy.firstBackoffMs });
  });
  it("waits as long as Resend's retry-after asks", () => {
    expect(afterAttempt(claimed, failure(429, "rate_limit_exceeded", 3000), now)).toMatchObject({
      step: "wait",
      ms: 3000,
    });
  });
  it("hands long waits to the sweep as RETRY with nextAttemptAt", () => {
    const next = afterAttempt(claimed, failure(429, "rate_limit_exceeded", 120_000), now);
    expect(next).toMatchObject({
      step: "finish",
      delivery: { state: "RETRY", nextAttemptAt: later(120_000), leaseExpireTime: null },
    });
  });
  it("gives up after the last attempt", () => {
    const tired = { ...claimed, attempts: deliveryPolicy.maxAttempts - 1 };
    const next = afterAttempt(tired, failure(503), now);
    expect(next.delivery).toMatchObject({ state: "ERROR", attempts: deliveryPolicy.maxAttempts });
    expect(next.delivery.error).toContain(`${deliveryPolicy.maxAttempts} intents`);
  });
  it("caps the backoff", () => {
    expect(backoffMs(60)).toBe(deliveryPolicy.maxBackoffMs);
  });
});
