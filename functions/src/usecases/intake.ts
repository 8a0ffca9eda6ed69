/**
 * Intake and the applicant's own page (docs/design.md §4, §4a, §10): a submission
 * waits for its owner; only the owner, through the signed link, confirms,
 * corrects or withdraws.
 */
import { z } from "zod";
import {
  confirmApplication,
  correctApplication,
  decideIntake,
  isGone,
  StoredApplication,
  withdrawApplication,
  type OwnerDecision,
  type SubmittedFields,
} from "../domain/application";
import { applicationLink } from "../domain/links";
import { mailIds } from "../domain/mail";
import { addDays } from "../domain/time";
import { emailCapCounter } from "../domain/rateLimit";
import { Cycle, type ProgrammeSettings } from "../domain/programme";
import { queueMail } from "../store/outbox";
import { inTransaction, type Tx } from "../store/repository";
import { applicationEmails, confirmationRequest } from "../views/emails";
import { completeWithdrawal } from "./withdrawal";

const Counter = z.object({ count: z.number().int().default(0) });

/**
 * Stores a valid submission and asks its owner to confirm it, in one
 * transaction. The confirmation email goes only while the address is under
 * its daily cap; over it the submission is kept (it expires or waits aside)
 * and nothing is sent.
 */
export async function storeApplication(
  id: string,
  submitted: SubmittedFields,
  cycle: Cycle | null,
  context: { settings: ProgrammeSettings; linkKey: string; now: Date },
) {
  const { settings, linkKey, now } = context;
  return inTransaction(async (tx) => {
    const existing = await tx.read("applications", id, StoredApplication);
    const cap = emailCapCounter(linkKey, submitted.person.email, now, settings.timezone);
    const sent = (await tx.read("rateLimits", cap.id, Counter))?.count ?? 0;
    // A new application is gone this long after it is sent; an unconfirmed one keeps its own date.
    const expiresAt = addDays(now, settings.confirmationDays, settings.timezone);
    const decision = decideIntake(submitted, cycle, existing, now, expiresAt);
    const emailed = sent < settings.confirmationEmailsPerDay;
    if (emailed) {
      const link = applicationLink(
        { id, linkVersion: decision.application.linkVersion },
        linkKey,
        settings.publicBaseUrl,
        now,
      );
      const mailId = mailIds.applicationConfirmRequest(id, cap.day, sent + 1);
      await queueMail(
        tx,
        [
          confirmationRequest(
            mailId,
            submitted.person.email,
            id,
            link,
            decision.application.expiresAt ?? expiresAt,
            settings.timezone,
          ),
        ],
        settings,
        now,
      );
      tx.set("rateLimits", cap.id, { count: sent + 1, expiresAt: cap.expiresAt });
    }
    if (decision.action !== "remind") tx.set("applications", id, decision.application);
    return { ...decision, emailed };
  });
}

export type OwnerAction =
  { action: "confirm" } | { action: "update"; submitted: SubmittedFields } | { action: "withdraw" };

export type OwnerOutcome = OwnerDecision | { outcome: "gone" };

/** Reads the application behind an applicant link; an expired unconfirmed one is gone. */
export async function readOwnApplication(id: string, now: Date) {
  return inTransaction(async (tx) => liveApplication(tx, id, now));
}

async function liveApplication(tx: Tx, id: string, now: Date) {
  const application = await tx.read("applications", id, StoredApplication);
  return application && !isGone(application, now) ? application : null;
}

/** Confirm, correct or withdraw, as the owner, in one consistent step with what follows. */
export async function ownerAction(
  id: string,
  request: OwnerAction,
  context: { settings: ProgrammeSettings; linkKey: string; now: Date },
): Promise<OwnerOutcome> {
  const { settings, linkKey, now } = context;
  return inTransaction(async (tx): Promise<OwnerOutcome> => {
    const existing = await liveApplication(tx, id, now);
    if (!existing) return { outcome: "gone" };
    const decision =
      request.action === "confirm"
        ? confirmApplication(existing, now)
        : request.action === "update"
          ? correctApplication(existing, request.submitted, now)
          : withdrawApplication(existing, now);
    if (decision.outcome !== "changed") return decision;
    const application = decision.application;
    if (request.action === "withdraw") {
      await completeWithdrawal(tx, id, application, "owner", context);
      return decision;
    }
    const cycle = application.cycle ? await tx.read("cycles", application.cycle, Cycle) : null;
    const link = applicationLink({ id, linkVersion: application.linkVersion }, linkKey, settings.publicBaseUrl, now);
    await queueMail(tx, applicationEmails(id, application, cycle, settings, link), settings, now);
    tx.set("applications", id, application);
    return decision;
  });
}
