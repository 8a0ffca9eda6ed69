/**
 * The team's send budget at Resend (docs/design.md §14, "Within the provider's
 * limits"). Resend counts requests per second across every API key of the
 * team, so a limit per function instance is no limit: every instance of every
 * function takes a numbered turn from one shared timeline. Turn n may send at
 * n × spacing, and each turn is a Firestore document that only one sender can
 * create — no read-modify-write of a shared document, so senders never queue
 * on a lock (a single schedule document contended by twenty instances stalled
 * them on lock timeouts, and is a hot document Firestore advises against).
 * Pure: the shell creates the documents and reads the budget.
 */
import { z } from "zod";
import { dayCounter } from "./rateLimit";
import { addDays, isoDay, localDay } from "./time";

/** A 429's pause, and a hint of the next turn nobody has taken (a hint only: creating a turn decides). */
export const SendBudget = z.object({
  pausedUntil: z.date().nullable().default(null),
  nextTurn: z.number().int().nullable().default(null),
});
export type SendBudget = z.infer<typeof SendBudget>;

/** Jitter between taking a turn and the request reaching Resend: turns are spaced this much wider. */
const marginMs = 100;

/** Milliseconds between two sends so that no second ever sees more than `perSecond`. */
export const slotSpacingMs = (perSecond: number) => Math.ceil((1000 + marginMs) / perSecond);

/** When a turn may send. */
export const turnAt = (turn: number, perSecond: number) => new Date(turn * slotSpacingMs(perSecond));

/** The document that is a turn: the limit is in the id, so a changed limit starts a timeline of its own. */
export const turnId = (turn: number, perSecond: number) => `resend-turn-${perSecond}-${turn}`;

/** The first turn worth trying: none before now, before a 429's pause, or before the turns already handed out. */
export function firstCandidateTurn(budget: SendBudget | null, now: Date, perSecond: number): number {
  const from = (date: Date) => Math.ceil(date.getTime() / slotSpacingMs(perSecond));
  return Math.max(from(now), budget?.pausedUntil ? from(budget.pausedUntil) : 0, budget?.nextTurn ?? 0);
}

/**
 * The turn to try after `collisions` taken ones in a row. Senders that start
 * together from the same hint would otherwise walk the timeline in step, each
 * losing to every other (k senders, k² failed creates); a random stride that
 * widens with each collision spreads them out. A turn jumped over stays free
 * for a sender behind. `random` is in [0, 1).
 */
export const nextCandidateTurn = (turn: number, collisions: number, random: number) =>
  turn + 1 + Math.floor(random * collisions);

export type SlotDecision = { action: "send"; at: Date } | { action: "defer"; until: Date };

/**
 * What to do with a free turn: send at it if it comes within `maxWaitMs`; a
 * later one is left for the message to wait for outside the function
 * (queued, not failed), and not taken.
 */
export function decideTurn(turn: number, now: Date, perSecond: number, maxWaitMs: number): SlotDecision {
  const at = turnAt(turn, perSecond);
  return at.getTime() - now.getTime() > maxWaitMs ? { action: "defer", until: at } : { action: "send", at };
}

/**
 * A turn this instance reached late (a pause of its own: load, garbage
 * collection) is not used: sent late, it would crowd the turns after it past
 * the limit. Half the margin is the lateness a turn absorbs.
 */
export const missedTurn = (at: Date, now: Date) => now.getTime() - at.getTime() > marginMs / 2;

/**
 * The longest pause a `retry-after` may ask for: a wrong or hostile header
 * (a year, say) must not silence every email; past it, the next send asks again.
 */
export const maxRateLimitPauseMs = 60 * 60_000;

/** Resend answered 429: nobody sends again before its `retry-after` (at most an hour); a longer pause stays. */
export function afterRateLimited(budget: SendBudget | null, now: Date, retryAfterMs: number | null): SendBudget {
  const pause = new Date(now.getTime() + Math.min(retryAfterMs ?? 1000, maxRateLimitPauseMs));
  const pausedUntil = budget?.pausedUntil && budget.pausedUntil > pause ? budget.pausedUntil : pause;
  return { pausedUntil, nextTurn: budget?.nextTurn ?? null };
}

/**
 * The provider's daily quota (docs/design.md §15, "Within the provider's plan"): sends
 * are counted per programme day, every sender on one counter; past
 * `dailyEmailLimit` a message waits for the next day's first minute instead of
 * failing. `count` is this send's number in the day.
 */
export function dailyDecision(count: number, limit: number, now: Date, timeZone: string): SlotDecision {
  if (count <= limit) return { action: "send", at: now };
  return { action: "defer", until: localDay(isoDay(addDays(now, 1, timeZone), timeZone), timeZone) };
}

/** The counter of one programme day's sends. */
export const dailySendsCounter = (now: Date, timeZone: string) => dayCounter("resend-day", now, timeZone);
