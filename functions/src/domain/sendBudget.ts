/**
 * The team's send budget at Resend (DESIGN §14, "Within the provider's
 * limits"). Resend counts requests per second across every API key of the
 * team, so a limit per function instance is no limit: every instance of every
 * function takes its turn from one shared schedule, a Firestore document.
 * Pure: the shell reads and writes the document in a transaction.
 */
import { z } from "zod";

export const SendBudget = z.object({ nextSlotAt: z.date().nullable().default(null) });
export type SendBudget = z.infer<typeof SendBudget>;

/** Jitter between taking a turn and the request reaching Resend: turns are spaced this much wider. */
const marginMs = 100;

/** Milliseconds between two sends so that no second ever sees more than `perSecond`. */
export const slotSpacingMs = (perSecond: number) => Math.ceil((1000 + marginMs) / perSecond);

export type SlotDecision = { action: "send"; at: Date; budget: SendBudget } | { action: "defer"; until: Date };

/**
 * The next turn to send: now if the schedule is free, else the first free
 * turn — taken only if it comes within `maxWaitMs`; a later one is left for
 * the message to wait for outside the function (queued, not failed).
 */
export function takeSlot(budget: SendBudget | null, now: Date, perSecond: number, maxWaitMs: number): SlotDecision {
  const free = budget?.nextSlotAt && budget.nextSlotAt > now ? budget.nextSlotAt : now;
  if (free.getTime() - now.getTime() > maxWaitMs) return { action: "defer", until: free };
  return { action: "send", at: free, budget: { nextSlotAt: new Date(free.getTime() + slotSpacingMs(perSecond)) } };
}

/** Resend answered 429: nobody sends again before its `retry-after`. */
export function afterRateLimited(budget: SendBudget | null, now: Date, retryAfterMs: number | null): SendBudget {
  const pause = new Date(now.getTime() + (retryAfterMs ?? 1000));
  const next = budget?.nextSlotAt && budget.nextSlotAt > pause ? budget.nextSlotAt : pause;
  return { nextSlotAt: next };
}
