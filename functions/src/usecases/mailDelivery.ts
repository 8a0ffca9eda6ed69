/**
 * Delivers `mail` documents through Resend (docs/design.md §8). A message is claimed
 * in a transaction before it is sent, its result is written only while the
 * claim still holds, and the document id is the idempotency key, so duplicate
 * or concurrent events never send twice.
 */
import type { DocumentSnapshot } from "firebase-admin/firestore";
import { z } from "zod";
import {
  afterAttempt,
  claimDelivery,
  Delivery,
  deliveryPolicy,
  Mail,
  queuedForBudget,
  unclaimedBefore,
  wantsDelivery,
} from "../domain/mail";
import {
  afterRateLimited,
  dailyDecision,
  dailySendsCounter,
  decideTurn,
  firstCandidateTurn,
  missedTurn,
  nextCandidateTurn,
  SendBudget,
  turnId,
  type SlotDecision,
} from "../domain/sendBudget";
import { deliverableRecipients, Suppression, suppressedError, suppressionId } from "../domain/emailEvents";
import { documentProblem } from "../domain/problem";
import type { ProgrammeSettings } from "../domain/programme";
import type { Clock } from "../domain/time";
import { logs } from "../logs";
import { sendEmail } from "../resend";
import { readSettings } from "../store/programme";
import { countToday } from "../store/rateLimit";
import { queries } from "../store/queries";
import { inContendedTransaction, inTransaction, store } from "../store/repository";
import { heldReasons } from "../views/holdEmails";
import { eachIsolated } from "./eachIsolated";
import { guardOutcomeOf } from "./massChange";

/** The sweep runs every minute: it stops taking messages before the next run starts. */
const sweepWorkMs = 50_000;

/** How often the sweep looks for a RETRY set by hand whose event was lost. */
const handSetRetryEveryMinutes = 10;

/**
 * The delivery state as field paths (`delivery.state`, …): what Resend's
 * events record beside it (`delivery.events`, `delivery.deliveredAt`) stays.
 */
const deliveryFields = (delivery: Delivery) =>
  Object.fromEntries(Object.entries(delivery).map(([key, value]) => [`delivery.${key}`, value]));

/** How this instance sends: the Resend key, the team's rate limit, and the clock. */
export interface MailSender {
  apiKey: string;
  perSecond: number;
  clock: Clock;
}

const WithDelivery = z.object({ delivery: Delivery.optional().catch(undefined) });
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function claim(id: string, now: Date) {
  return inTransaction(async (tx) => {
    const raw = await tx.raw("mail", id);
    if (!raw) return null;
    const delivery = claimDelivery(id, WithDelivery.parse(raw).delivery, now);
    if (!delivery) return null;
    // A delivery typed by hand as something else than a map is replaced whole.
    const hasMap = typeof raw.delivery === "object" && raw.delivery !== null;
    const write = (next: Delivery) => tx.update("mail", id, hasMap ? deliveryFields(next) : { delivery: next });
    const fail = (error: string) => write({ ...delivery, state: "ERROR", error, endTime: now, leaseExpireTime: null });
    const mail = Mail.safeParse(raw);
    if (!mail.success) {
      const error = documentProblem(mail.error.issues);
      logs.mailInvalid(id, error);
      fail(error);
      return null;
    }
    if (mail.data.guard) {
      // Part of a mass change the secretariat has not decided on, or decided against (docs/design.md §15).
      const { outcome, holdId } = await guardOutcomeOf(tx, mail.data.guard);
      if (outcome !== "go") {
        const state = outcome === "hold" ? "HELD" : "DROPPED";
        write({
          ...delivery,
          state,
          holdId,
          startTime: null,
          leaseExpireTime: null,
          error: heldReasons[outcome === "hold" ? "held" : "dropped"](holdId),
        });
        return null;
      }
    }
    // A bounced or complained address gets nothing more (docs/design.md §14), and Resend is not called.
    const suppressed = (
      await Promise.all(mail.data.to.map((to) => tx.read("suppressions", suppressionId(to), Suppression)))
    ).filter((s): s is Suppression => s !== null);
    const to = deliverableRecipients(mail.data.to, suppressed);
    if (to.length === 0) {
      logs.mailSuppressed(id);
      fail(suppressedError(suppressed));
      return null;
    }
    if (suppressed.length > 0) {
      logs.mailRecipientsDropped(id, suppressed.length);
      write({ ...delivery, suppressedRecipients: suppressed.map((s) => s.email) });
    } else write(delivery);
    return { mail: { ...mail.data, to }, delivery };
  });
}

/** Writes the outcome only if our claim (identified by its start time) still holds. */
async function finish(id: string, claimedAt: Date, delivery: Delivery): Promise<void> {
  await inTransaction(async (tx) => {
    const current = (await tx.read("mail", id, WithDelivery))?.delivery;
    if (current?.state !== "PROCESSING" || current.startTime?.getTime() !== claimedAt.getTime()) {
      logs.mailLeaseLost(id);
      return;
    }
    tx.update("mail", id, deliveryFields(delivery));
  });
  logs.mailFinished(id, delivery.state, delivery.error);
}

/** The budget every sender shares (docs/design.md §14): a 429's pause and the next free turn's hint. */
const budgetDoc = ["rateLimits", "resend-sends"] as const;

/** Turn documents outlive their second by far: the TTL policy on `rateLimits.expiresAt` clears them. */
const turnKeptMs = 60 * 60_000;

/**
 * Takes the first free turn of the shared timeline by creating its document;
 * a turn someone else created is skipped. A turn further than a message may
 * wait is not taken: the message queues until then.
 */
async function takeTurn(perSecond: number, clock: Clock): Promise<SlotDecision> {
  const budget = await store.read(...budgetDoc, SendBudget);
  let turn = firstCandidateTurn(budget, clock(), perSecond);
  for (let collisions = 1; ; collisions++) {
    const now = clock();
    const decision = decideTurn(turn, now, perSecond, deliveryPolicy.maxSlotWaitMs);
    if (decision.action === "defer") return decision;
    const expiresAt = new Date(now.getTime() + turnKeptMs);
    if (await store.createIfAbsent("rateLimits", turnId(turn, perSecond), { at: decision.at, expiresAt })) {
      // Only a hint for the next sender (a lost race leaves it behind, never ahead): no transaction.
      await store.set(...budgetDoc, { nextTurn: turn + 1 }, { merge: true });
      return decision;
    }
    turn = nextCandidateTurn(turn, collisions, Math.random());
  }
}

async function pauseBudget(retryAfterMs: number | null, clock: Clock): Promise<void> {
  await inContendedTransaction(async (tx) => {
    tx.set(...budgetDoc, afterRateLimited(await tx.read(...budgetDoc, SendBudget), clock(), retryAfterMs));
  });
}

/**
 * Claims and sends one message when the team's send budget gives it a turn,
 * retrying transient failures inline; the clock is read per attempt. A turn
 * too far away leaves the message queued as a RETRY due at that turn.
 */
export async function deliverMail(
  id: string,
  sender: MailSender,
  /** Read once by a caller that delivers many (the sweep); read here otherwise. */
  knownSettings?: ProgrammeSettings | null,
): Promise<void> {
  const { apiKey, perSecond, clock } = sender;
  const settings = knownSettings === undefined ? await readSettings() : knownSettings;
  // The hold switch (docs/design.md §15): nothing is claimed, so the mail stays as it was queued.
  if (settings?.mailPaused) return logs.mailPaused(id);
  const claimed = await claim(id, clock());
  if (!claimed) return;
  const { mail } = claimed;
  const claimedAt = claimed.delivery.startTime!;
  logs.mailClaimed(id, claimed.delivery.attempts);
  const from = mail.from ?? settings?.senderEmail;
  let delivery = claimed.delivery;
  // A message counts once on the day's quota: a retry after a 429 or a 5xx is the same email.
  let counted = false;
  for (;;) {
    const turn = await takeTurn(perSecond, clock);
    if (turn.action === "defer") return finish(id, claimedAt, queuedForBudget(delivery, turn.until, clock()));
    await sleep(turn.at.getTime() - clock().getTime());
    if (missedTurn(turn.at, clock())) continue;
    if (settings && !counted) {
      // Every sender on one counter of the programme day.
      const today = await countToday(dailySendsCounter(clock(), settings.timezone));
      const daily = dailyDecision(today.count, settings.dailyEmailLimit, clock(), settings.timezone);
      if (daily.action === "defer") {
        logs.mailDailyQuotaReached(id, settings.dailyEmailLimit);
        return finish(id, claimedAt, queuedForBudget(delivery, daily.until, clock(), "day"));
      }
      counted = true;
    }
    const result = from
      ? await sendEmail(
          apiKey,
          {
            from,
            to: mail.to,
            subject: mail.subject,
            text: mail.text,
            html: mail.html,
            replyTo: mail.replyTo,
            attachments: mail.attachments,
          },
          delivery.idempotencyKey ?? id,
          id,
        )
      : ({
          ok: false,
          status: 400,
          name: "missing_sender",
          message: "Falta senderEmail a settings/programme",
          retryAfterMs: null,
        } as const);
    if (!result.ok && result.status === 429) await pauseBudget(result.retryAfterMs, clock);
    const next = afterAttempt(delivery, result, clock());
    if (next.step === "finish") return finish(id, claimedAt, next.delivery);
    logs.mailAttemptFailed(id, next.delivery.error, next.ms);
    delivery = next.delivery;
    await sleep(next.ms);
  }
}

/**
 * The mail a trigger should see again: retries now due, claims whose lease
 * lapsed after a crash, messages whose event was lost, and a `RETRY` the
 * secretariat set by hand (no `nextAttemptAt`) whose event was lost too.
 */
export async function sweepMail(sender: MailSender): Promise<number> {
  const now = sender.clock();
  // Most minutes have nothing to finish: one read, and it still says it ran (the alert
  // on missing sweeps watches this log line).
  if ((await store.ids(queries.mailUnfinished(1))).length === 0) {
    logs.mailSweep(0, false);
    return 0;
  }
  const settings = await readSettings();
  if (settings?.mailPaused) {
    logs.mailSweep(0, true);
    return 0;
  }
  // A RETRY set by hand has no date to query by, so every RETRY is read: only every
  // tenth minute, since a backlog waiting for tomorrow's quota can be hundreds.
  const retrying =
    now.getUTCMinutes() % handSetRetryEveryMinutes === 0
      ? await store.query(queries.mailInState("RETRY", 200), WithDelivery)
      : [];
  const due = [
    ...(await store.ids(queries.mailDueForRetry(now, 200))),
    ...retrying.filter(({ data }) => data.delivery && wantsDelivery(data.delivery, now)).map(({ id }) => id),
    ...(await store.ids(queries.mailWithLapsedLease(now, 200))),
    ...(await store.ids(queries.mailUnclaimedSince(unclaimedBefore(now), 200))),
  ].filter((id, i, all) => all.indexOf(id) === i);
  logs.mailSweep(due.length, false);
  // One at a time, each in its turn of the shared budget; what does not fit in
  // this run's time waits for the next run.
  const stopAt = now.getTime() + sweepWorkMs;
  await eachIsolated("mail", due, async (id) => {
    if (sender.clock().getTime() <= stopAt) await deliverMail(id, sender, settings);
  });
  return due.length;
}

/** Whether a written mail document asks for delivery now (a cheap look before the claim). */
export function wantsDeliveryNow(snap: DocumentSnapshot | undefined, now: Date): boolean {
  const mail = store.peek(snap, WithDelivery);
  return mail !== null && wantsDelivery(mail.delivery, now);
}
