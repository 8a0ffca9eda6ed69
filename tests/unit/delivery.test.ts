import { describe, expect, it } from "vitest";
import { decideEvent, EmailEvent, suppressedError } from "../../functions/src/domain/emailEvents.ts";
import { Delivery, queuedForBudget } from "../../functions/src/domain/mail.ts";
import { afterRateLimited, slotSpacingMs, takeSlot } from "../../functions/src/domain/sendBudget.ts";

const now = new Date("2026-12-02T10:00:00Z");
const later = (ms: number) => new Date(now.getTime() + ms);

describe("the team's send budget", () => {
  it("spaces turns so that no second sees more than the limit, jitter included", () => {
    expect(slotSpacingMs(2)).toBe(550);
    let budget = null;
    const turns: number[] = [];
    for (let i = 0; i < 10; i++) {
      const decision = takeSlot(budget, now, 2, 60_000);
      if (decision.action !== "send") throw new Error("expected a turn");
      turns.push(decision.at.getTime() - now.getTime());
      budget = decision.budget;
    }
    expect(turns).toEqual([0, 550, 1100, 1650, 2200, 2750, 3300, 3850, 4400, 4950]);
    for (const t of turns) expect(turns.filter((u) => u >= t && u < t + 1000).length).toBeLessThanOrEqual(2);
  });

  it("queues a message whose turn is further than it may wait, without taking the turn", () => {
    const busy = { nextSlotAt: later(90_000) };
    expect(takeSlot(busy, now, 2, 60_000)).toEqual({ action: "defer", until: later(90_000) });
    expect(takeSlot({ nextSlotAt: later(-5_000) }, now, 2, 60_000)).toMatchObject({ action: "send", at: now });
  });

  it("pauses everyone for retry-after when Resend answers 429, never shortening a later schedule", () => {
    expect(afterRateLimited(null, now, 3_000)).toEqual({ nextSlotAt: later(3_000) });
    expect(afterRateLimited({ nextSlotAt: later(9_000) }, now, 3_000)).toEqual({ nextSlotAt: later(9_000) });
    expect(afterRateLimited(null, now, null)).toEqual({ nextSlotAt: later(1_000) });
  });

  it("queues as a RETRY due at its turn, not counted as an attempt", () => {
    const claimed = Delivery.parse({ state: "PROCESSING", attempts: 2, leaseExpireTime: later(600_000) });
    expect(queuedForBudget(claimed, later(90_000), now)).toMatchObject({
      state: "RETRY",
      attempts: 2,
      nextAttemptAt: later(90_000),
      leaseExpireTime: null,
      error: expect.stringContaining("En cua"),
    });
  });
});

describe("Resend's events", () => {
  const event = (type: string, extra: object = {}) =>
    EmailEvent.parse({
      type,
      created_at: now.toISOString(),
      data: { email_id: "re_1", to: ["Ningu@Olot.example"], ...extra },
    });

  it("stamps delivered, bounced, complained and delayed, and ignores the rest", () => {
    expect(decideEvent(event("email.delivered"), "m1")).toMatchObject({
      entry: { type: "delivered", at: now },
      stamp: { deliveredAt: now },
      suppressions: [],
    });
    expect(decideEvent(event("email.delivery_delayed"), "m1")).toMatchObject({ stamp: {}, suppressions: [] });
    expect(decideEvent(event("email.opened"), "m1")).toBeNull();
  });

  it("suppresses every recipient of a bounce or a complaint, by normalised address, with the reason", () => {
    const bounced = decideEvent(event("email.bounced", { bounce: { message: "550 no such user" } }), "m1")!;
    expect(bounced.stamp).toEqual({ bouncedAt: now });
    expect(bounced.suppressions).toEqual([
      { email: "ningu@olot.example", reason: "bounced", mailId: "m1", detail: "550 no such user", at: now },
    ]);
    expect(decideEvent(event("email.complained"), null)!.suppressions[0]).toMatchObject({ reason: "complained" });
    expect(suppressedError(bounced.suppressions)).toMatch(/^Adreça suprimida: ningu@olot.example \(va rebotar\)/);
  });
});
