/**
 * The mass-change guard (docs/design.md §15). A cancellation, deletion or withdrawal
 * records itself in its own transaction and guards the mail it queues; once
 * committed, `guardAgainstMassChange` counts the window's changes and, past
 * `massChangeLimit`, puts them on one hold, tells the secretariat once and holds
 * their mail and runs. The secretariat's decision on `holds/{id}` is carried
 * out by `settleHold`. Mail and runs also look at their change's hold when
 * their time comes, so nothing depends on the marking having finished.
 */
import { z } from "zod";
import { MailGuard } from "../domain/mail";
import {
  GuardedChange,
  guardOutcome,
  Hold,
  massChangeDecision,
  massChangeWindowMs,
  newGuardedChange,
  type GuardedChangeKind,
  type GuardOutcome,
} from "../domain/massChange";
import type { ProgrammeSettings } from "../domain/programme";
import { logs } from "../logs";
import { queueMail } from "../store/outbox";
import { queries } from "../store/queries";
import { inTransaction, store, type Tx } from "../store/repository";
import { holdNotice, heldReasons } from "../views/holdEmails";
import { eachIsolated } from "./eachIsolated";

/** Most changes one window is read for: far beyond any limit a programme sets. */
const windowRead = 1000;
/** Firestore's `in` takes 30 values. */
const inLimit = 30;
const batch = 200;
const countedMail = 100_000;

/**
 * Reads, so call it before the transaction's writes: the change this event is
 * (recorded already when the event comes again), the guard its mail and runs
 * carry, and `record`, the write that records it.
 */
export async function guardedChange(
  tx: Tx,
  id: string,
  kind: GuardedChangeKind,
  about: string,
  now: Date,
): Promise<{ guard: MailGuard; record: () => void }> {
  const existing = await tx.read("guardedChanges", id, GuardedChange);
  return {
    guard: { change: id, at: existing?.at ?? now },
    record: () => {
      if (!existing) tx.create("guardedChanges", id, newGuardedChange(kind, about, now));
    },
  };
}

/** Reads: what guarded mail or a guarded run does now, and the hold that decides it. */
export async function guardOutcomeOf(tx: Tx, guard: MailGuard): Promise<{ outcome: GuardOutcome; holdId: string }> {
  const change = await tx.read("guardedChanges", guard.change, GuardedChange);
  const holdId = change?.holdId ?? "";
  const hold = holdId ? await tx.read("holds", holdId, Hold) : null;
  return { outcome: guardOutcome(change, hold), holdId };
}

/**
 * After a guarded change committed: when the window's changes are more than
 * the limit, they go on one hold (made once, with the secretariat's email),
 * and their mail and runs are held. Returns the hold's id, or null.
 */
export async function guardAgainstMassChange(now: Date, settings: ProgrammeSettings): Promise<string | null> {
  const since = new Date(now.getTime() - massChangeWindowMs);
  const recent = await store.query(queries.guardedChangesSince(since, windowRead), GuardedChange);
  const open = new Set(await store.ids(queries.holdsWithStatus("open", batch)));
  const decision = massChangeDecision(
    recent.map(({ id, data }) => ({ id, ...data })),
    open,
    settings.massChangeLimit,
  );
  if (!decision) return null;
  const { holdId } = decision;
  const placed = await inTransaction(async (tx) => {
    const hold = await tx.read("holds", holdId, Hold);
    if (hold && hold.status !== "open") return false;
    const joining = await tx.readMany("guardedChanges", decision.join, GuardedChange);
    if (!hold) {
      const data = {
        status: "open",
        firstChangeAt: decision.firstChangeAt,
        lastChangeAt: decision.lastChangeAt,
        changes: decision.changes,
        createdAt: now,
        settledAt: null,
      };
      await queueMail(tx, [holdNotice(holdId, Hold.parse(data), settings)], settings, now);
      tx.create("holds", holdId, data);
      logs.massChangeHeld(holdId, decision.join.length);
    } else if (decision.lastChangeAt > hold.lastChangeAt) {
      tx.update("holds", holdId, { lastChangeAt: decision.lastChangeAt });
    }
    for (const change of joining) if (!change.data.holdId) tx.update("guardedChanges", change.id, { holdId });
    return true;
  });
  if (!placed) return null;
  const onHold = recent.filter((c) => c.data.holdId === holdId || decision.join.includes(c.id)).map((c) => c.id);
  await holdWorkOf(onHold, holdId, now);
  return holdId;
}

/** Holds the mail still waiting and the runs not yet run of these changes. */
async function holdWorkOf(changeIds: readonly string[], holdId: string, now: Date): Promise<void> {
  for (let i = 0; i < changeIds.length; i += inLimit) {
    const chunk = changeIds.slice(i, i + inLimit);
    const [mail, runs] = await Promise.all([
      store.ids(queries.mailOfChanges(chunk)),
      store.ids(queries.runsOfChanges(chunk)),
    ]);
    await eachIsolated("mail", mail, async (id) => {
      await moveMail(id, "RETRY", { state: "HELD", holdId, reason: "held" }, now);
    });
    await eachIsolated("matchingRun", runs, async (id) => {
      await moveRun(id, "requested", { status: "held", holdId });
    });
  }
}

const Delivered = z.object({ delivery: z.object({ state: z.string() }).loose().optional() });

/** Moves one message from `from` (only while it is still there: a message sent is never touched). */
async function moveMail(
  id: string,
  from: string,
  to: { state: "HELD" | "DROPPED" | "PENDING"; holdId: string; reason: keyof typeof heldReasons | null },
  now: Date,
): Promise<boolean> {
  return inTransaction(async (tx) => {
    const mail = await tx.read("mail", id, Delivered);
    if (mail?.delivery?.state !== from) return false;
    tx.update("mail", id, {
      "delivery.state": to.state,
      "delivery.holdId": to.holdId,
      "delivery.error": to.reason ? heldReasons[to.reason](to.holdId) : null,
      "delivery.nextAttemptAt": null,
      ...(to.state === "DROPPED" ? { "delivery.endTime": now } : {}),
    });
    return true;
  });
}

const RunStatus = z.object({ status: z.string() });

async function moveRun(id: string, from: string, to: { status: string; holdId: string }): Promise<boolean> {
  return inTransaction(async (tx) => {
    const run = await tx.read("matchingRuns", id, RunStatus);
    if (run?.status !== from) return false;
    tx.update("matchingRuns", id, { ...to, ...(to.status === "requested" ? { notBefore: null } : {}) });
    return true;
  });
}

/**
 * The secretariat set a hold's `status`: `released` sends each held message
 * once and runs the held runs; `dropped` sends none and runs none. Idempotent:
 * only what is still held moves, and the hold is marked settled at the end.
 */
export async function settleHold(holdId: string, now: Date): Promise<void> {
  const hold = await store.read("holds", holdId, Hold);
  if (!hold || hold.status === "open" || hold.settledAt) return;
  const release = hold.status === "released";
  let mailMoved = 0;
  for (;;) {
    const held = await store.query(queries.mailOfHold(holdId, batch), Delivered);
    const waiting = held.filter(({ data }) => data.delivery?.state === "HELD").map(({ id }) => id);
    if (waiting.length === 0) break;
    await eachIsolated("mail", waiting, async (id) => {
      const to = release
        ? ({ state: "PENDING", holdId, reason: null } as const)
        : ({ state: "DROPPED", holdId, reason: "dropped" } as const);
      if (await moveMail(id, "HELD", to, now)) mailMoved++;
    });
    if (held.length < batch) break;
  }
  const runs = await store.ids(queries.runsOfHold(holdId));
  await eachIsolated("matchingRun", runs, async (id) => {
    await moveRun(id, "held", { status: release ? "requested" : "dropped", holdId });
  });
  // Every message the hold held, whichever settlement (the trigger, the sweep) moved it.
  const decided = await store.count(queries.mailOfHold(holdId, countedMail));
  await inTransaction(async (tx) => {
    const current = await tx.read("holds", holdId, Hold);
    if (current?.status !== hold.status || current.settledAt) return;
    tx.update("holds", holdId, { settledAt: now, [release ? "mailReleased" : "mailDropped"]: decided });
  });
  logs.massChangeSettled(holdId, hold.status, mailMoved);
}

/** Decided holds whose decision a lost event left undone (the work sweep's). */
export async function unsettledHolds(): Promise<string[]> {
  const decided = await Promise.all(
    (["released", "dropped"] as const).map((status) => store.query(queries.holdsWithStatus(status, batch), Hold)),
  );
  return decided
    .flat()
    .filter(({ data }) => !data.settledAt)
    .map(({ id }) => id);
}
