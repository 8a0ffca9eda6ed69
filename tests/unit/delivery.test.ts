import { describe, expect, it } from "vitest";
import {
  decideEvent,
  deliverableRecipients,
  EmailEvent,
  exemptedProblem,
  suppressedError,
} from "../../functions/src/domain/emailEvents.ts";
import { Delivery, queuedForBudget } from "../../functions/src/domain/mail.ts";
import {
  afterRateLimited,
  dailyDecision,
  dailySendsCounter,
  decideTurn,
  firstCandidateTurn,
  missedTurn,
  nextCandidateTurn,
  slotSpacingMs,
  turnAt,
  turnId,
} from "../../functions/src/domain/sendBudget.ts";

const now = new Date("2026-12-02T10:00:00Z");
const later = (ms: number) => new Date(now.getTime() + ms);

describe("the team's send budget", () => {
  it("numbers turns so that no second sees more than the limit, jitter included", () => {
    expect(slotSpacingMs(2)).toBe(550);
    const turns = Array.from({ length: 10 }, (_, i) => turnAt(1000 + i, 2).getTime());
    for (const t of turns) expect(turns.filter((u) => u >= t && u < t + 1000).length).toBeLessThanOrEqual(2);
    expect(turnId(7, 2)).not.toBe(turnId(7, 5));
  });

  it("starts looking at now, after a 429's pause, or after the turns handed out, whichever is latest", () => {
    const first = firstCandidateTurn(null, now, 2);
    expect(turnAt(first, 2).getTime()).toBeGreaterThanOrEqual(now.getTime());
    expect(turnAt(first - 1, 2).getTime()).toBeLessThan(now.getTime());
    expect(firstCandidateTurn({ pausedUntil: later(3_000), nextTurn: null }, now, 2)).toBe(first + 6);
    expect(firstCandidateTurn({ pausedUntil: null, nextTurn: first + 40 }, now, 2)).toBe(first + 40);
    // A stale hint or an old pause is no reason to send before now.
    expect(firstCandidateTurn({ pausedUntil: later(-9_000), nextTurn: first - 50 }, now, 2)).toBe(first);
  });

  it("sends at a turn within the wait, and queues a message whose turn is further", () => {
    const first = firstCandidateTurn(null, now, 2);
    expect(decideTurn(first, now, 2, 60_000)).toEqual({ action: "send", at: turnAt(first, 2) });
    const far = first + 200; // 110 s away
    expect(decideTurn(far, now, 2, 60_000)).toEqual({ action: "defer", until: turnAt(far, 2) });
  });

  it("does not use a turn reached late, which would crowd the turns after it", () => {
    expect(missedTurn(now, later(40))).toBe(false);
    expect(missedTurn(now, later(60))).toBe(true);
    expect(missedTurn(later(500), now)).toBe(false);
  });

  it("spreads senders that start together, instead of walking the timeline in step", () => {
    // Twenty senders start from the same hint; each round every one tries its
    // candidate in turn, the first to reach a free turn takes it.
    const failedCreates = (next: (turn: number, collisions: number) => number) => {
      const taken = new Set<number>();
      let waiting = Array.from({ length: 20 }, () => ({ turn: 0, collisions: 0 }));
      let failed = 0;
      while (waiting.length > 0) {
        const stillWaiting = [];
        for (const sender of waiting) {
          if (!taken.has(sender.turn)) {
            taken.add(sender.turn);
            continue;
          }
          failed++;
          sender.collisions++;
          sender.turn = next(sender.turn, sender.collisions);
          stillWaiting.push(sender);
        }
        waiting = stillWaiting;
      }
      return { failed, taken };
    };
    let seed = 7;
    const random = () => ((seed = (seed * 16807) % 2147483647) - 1) / 2147483646;
    const inStep = failedCreates((turn) => turn + 1);
    const spread = failedCreates((turn, collisions) => nextCandidateTurn(turn, collisions, random()));
    expect(inStep.failed).toBe(190);
    expect(spread.failed).toBeLessThan(inStep.failed / 2);
    expect(spread.taken.size).toBe(20);
    // Never backwards, and one step when there is no crowd.
    expect(nextCandidateTurn(41, 1, 0.99)).toBe(42);
    expect(nextCandidateTurn(41, 5, 0)).toBe(42);
    expect(nextCandidateTurn(41, 5, 0.99)).toBe(46);
  });

  it("pauses everyone for retry-after when Resend answers 429, never shortening a longer pause", () => {
    expect(afterRateLimited(null, now, 3_000)).toEqual({ pausedUntil: later(3_000), nextTurn: null });
    // A retry-after of a year pauses an hour at most: the next send asks again.
    expect(afterRateLimited(null, now, 365 * 86_400_000)).toEqual({ pausedUntil: later(3_600_000), nextTurn: null });
    expect(afterRateLimited({ pausedUntil: later(9_000), nextTurn: 4 }, now, 3_000)).toEqual({
      pausedUntil: later(9_000),
      nextTurn: 4,
    });
    expect(afterRateLimited(null, now, null)).toEqual({ pausedUntil: later(1_000), nextTurn: null });
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

  it("never suppresses the secretariat's address, whatever its case, and says why on the mail", () => {
    const complaint = event("email.complained", { to: ["Secretaria@XMESS.example", "ningu@olot.example"] });
    const decision = decideEvent(complaint, "m1", ["secretaria@xmess.example"])!;
    expect(decision.suppressions.map((s) => s.email)).toEqual(["ningu@olot.example"]);
    expect(decision.exempted.map((s) => s.email)).toEqual(["secretaria@xmess.example"]);
    expect(exemptedProblem(decision.exempted)).toMatch(/secretaria@xmess.example .*no se suprimeix mai/);
  });

  it("drops only the suppressed recipients of a mail with several", () => {
    const [suppression] = decideEvent(event("email.bounced"), "m1")!.suppressions;
    expect(deliverableRecipients(["Ningu@Olot.example", "algu@vic.example"], [suppression!])).toEqual([
      "algu@vic.example",
    ]);
    expect(deliverableRecipients(["ningu@olot.example"], [suppression!])).toEqual([]);
  });
});

describe("the provider's daily quota (docs/design.md §15)", () => {
  it("sends up to the limit, then waits for the first minute of the next programme day", () => {
    const evening = new Date("2026-12-01T22:30:00Z"); // 23:30 in Madrid
    expect(dailyDecision(100, 100, evening, "Europe/Madrid")).toEqual({ action: "send", at: evening });
    expect(dailyDecision(101, 100, evening, "Europe/Madrid")).toEqual({
      action: "defer",
      until: new Date("2026-12-01T23:00:00Z"), // midnight in Madrid
    });
    expect(dailySendsCounter(evening, "Europe/Madrid").id).toBe("resend-day-2026-12-01");
    expect(dailySendsCounter(new Date("2026-12-01T23:30:00Z"), "Europe/Madrid").id).toBe("resend-day-2026-12-02");
  });
});
