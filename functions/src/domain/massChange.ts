/**
 * The mass-change guard (docs/design.md §15): cancellations, deletions and
 * withdrawals are recorded as guarded changes, and their emails wait out the
 * window after them. More than `massChangeLimit` changes within one window make
 * a mass change: its emails (and the second-chance runs that would send
 * proposals) are held on one `holds/{id}` until the secretariat sets its
 * `status` to `released` or `dropped`. Pure: the shell reads and writes.
 */
import { z } from "zod";
import type { MailGuard } from "./mail";

/** "Within ten minutes": the window a mass change is counted in, and how long guarded mail waits. */
export const massChangeWindowMs = 10 * 60_000;

/** Change records are only counted within their window: the TTL policy on `expiresAt` clears them a day later. */
const changeKeptMs = 24 * 60 * 60_000;

export const guardedChangeKinds = ["pairingCancelled", "pairingDeleted", "withdrawal"] as const;
export type GuardedChangeKind = (typeof guardedChangeKinds)[number];

export const GuardedChange = z.object({
  kind: z.enum(guardedChangeKinds),
  /** The document changed, e.g. `pairings/2026-abc`. */
  about: z.string(),
  at: z.date(),
  /** The hold it belongs to, once it is part of a mass change. */
  holdId: z.string().optional(),
});
export type GuardedChange = z.infer<typeof GuardedChange>;

/** One record per pairing and per withdrawal: an event delivered twice records nothing new. */
export const guardedChangeIds = {
  pairing: (pairingId: string) => `pairing-${pairingId}`,
  withdrawal: (applicationId: string) => `withdrawal-${applicationId}`,
};

export const newGuardedChange = (kind: GuardedChangeKind, about: string, now: Date) => ({
  kind,
  about,
  at: now,
  expiresAt: new Date(now.getTime() + changeKeptMs),
});

export const holdStatuses = ["open", "released", "dropped"] as const;
export const Hold = z.object({
  status: z.enum(holdStatuses),
  firstChangeAt: z.date(),
  lastChangeAt: z.date(),
  /** Changes of each kind when the hold was made; later ones of the same burst join it. */
  changes: z.partialRecord(z.enum(guardedChangeKinds), z.number().int().min(0)),
  createdAt: z.date(),
  /** When the secretariat's decision was carried out (every held mail and run moved on). */
  settledAt: z.date().nullable().default(null),
});
export type Hold = z.infer<typeof Hold>;

/** Whether some window of `windowMs` holds more than `limit` of these times. */
export function exceedsLimit(times: readonly Date[], limit: number, windowMs = massChangeWindowMs): boolean {
  const sorted = times.map((t) => t.getTime()).sort((a, b) => a - b);
  let start = 0;
  for (let end = 0; end < sorted.length; end++) {
    while (sorted[end]! - sorted[start]! > windowMs) start++;
    if (end - start + 1 > limit) return true;
  }
  return false;
}

/** A hold's id says when its burst began: `mass-2026-12-03T10-15-02-120Z`. */
export const holdIdFor = (firstChangeAt: Date) => `mass-${firstChangeAt.toISOString().replace(/[:.]/g, "-")}`;

export interface RecentChange extends GuardedChange {
  id: string;
}

export interface MassChangeDecision {
  holdId: string;
  /** Whether the hold is made now (and the secretariat told), or joined. */
  isNew: boolean;
  /** The changes of the burst not yet on a hold. */
  join: string[];
  changes: Record<GuardedChangeKind, number>;
  firstChangeAt: Date;
  lastChangeAt: Date;
}

/**
 * The changes of the last window, `recent`, and the holds still open: null
 * when they are not a mass change; otherwise the hold they go on (an open
 * one of the same burst, or a new one) and the changes that join it.
 */
export function massChangeDecision(
  recent: readonly RecentChange[],
  openHolds: ReadonlySet<string>,
  limit: number,
): MassChangeDecision | null {
  // Changes already on a decided hold were dealt with; they do not count again.
  const undecided = recent.filter((c) => !c.holdId || openHolds.has(c.holdId));
  if (
    !exceedsLimit(
      undecided.map((c) => c.at),
      limit,
    )
  )
    return null;
  const sorted = [...undecided].sort((a, b) => a.at.getTime() - b.at.getTime());
  const joined = sorted.find((c) => c.holdId)?.holdId;
  const changes = Object.fromEntries(guardedChangeKinds.map((k) => [k, 0])) as Record<GuardedChangeKind, number>;
  for (const c of sorted) changes[c.kind]++;
  return {
    holdId: joined ?? holdIdFor(sorted[0]!.at),
    isNew: joined === undefined,
    join: sorted.filter((c) => !c.holdId).map((c) => c.id),
    changes,
    firstChangeAt: sorted[0]!.at,
    lastChangeAt: sorted.at(-1)!.at,
  };
}

/** What a guarded mail or run does when its time comes, from its change's hold. */
export type GuardOutcome = "go" | "hold" | "drop";
export function guardOutcome(change: Pick<GuardedChange, "holdId"> | null, hold: Pick<Hold, "status"> | null) {
  if (!change?.holdId || !hold) return "go" as const;
  return ({ open: "hold", released: "go", dropped: "drop" } as const)[hold.status];
}

/** A run a guarded change asked for waits the window too when it would send proposals. */
export const runGuard = (guard: MailGuard, sendsProposals: boolean) =>
  sendsProposals ? { guard, notBefore: new Date(guard.at.getTime() + massChangeWindowMs) } : { guard };
