/**
 * Intake and the applicant's own page (docs/design.md §4, §4a, §10): a submission
 * waits for its owner; only the owner, through the signed link, confirms,
 * corrects or withdraws.
 */
import {
  sameRequest,
  confirmApplication,
  correctApplication,
  decideIntake,
  discardPendingChange,
  isGone,
  StoredApplication,
  withdrawApplication,
  type OwnerDecision,
  type SubmittedFields,
} from "../domain/application";
import { applicationLink } from "../domain/links";
import { mailIds } from "../domain/mail";
import { addDays } from "../domain/time";
import { intakeMailDayCounter } from "../domain/rateLimit";
import { Cycle, type ProgrammeSettings } from "../domain/programme";
import { logs } from "../logs";
import { sameAddress } from "../domain/matchingCandidates";
import { queueMail } from "../store/outbox";
import { queries } from "../store/queries";
import { countToday, mailboxToday } from "../store/rateLimit";
import { inTransaction, store, type Tx } from "../store/repository";
import { applicationEmails, confirmationRequest } from "../views/emails";
import { guardAgainstMassChange } from "./massChange";
import { completeWithdrawal } from "./withdrawal";

/**
 * Stores a valid submission and asks its owner to confirm it, in one
 * transaction. The confirmation email goes only while the mailbox is under
 * its daily cap and the day under the intake ceiling; over either the
 * submission is kept (it expires or waits aside) and nothing is sent.
 */
export async function storeApplication(
  derivedId: string,
  submitted: SubmittedFields,
  cycle: Cycle | null,
  context: { settings: ProgrammeSettings; linkKey: string; now: Date },
) {
  const { settings, linkKey, now } = context;
  // Counted before the transaction (no lock on one document for everyone), so
  // a submission over its mailbox's cap counts too: the ceiling errs on the safe side.
  const today = await countToday(intakeMailDayCounter(now, settings.timezone));
  const underCeiling = today.count <= settings.intakeEmailsPerDay;
  if (!underCeiling) logs.intakeMailCeilingReached(today.day, settings.intakeEmailsPerDay);
  // Found by a query outside the transaction (a query inside would lock a range every
  // submission reads), then read again by id inside it and checked.
  const held = await store.query(queries.applicationsOfEmail(submitted.person.email), StoredApplication);
  const ownId = held.find(({ data }) => !isGone(data, now) && sameRequest(data, submitted, cycle))?.id ?? null;
  return inTransaction(async (tx) => {
    const { id, existing } = await applicationOf(tx, { ownId, derivedId }, submitted, cycle, now);
    const mailbox = await mailboxToday(
      tx,
      linkKey,
      submitted.person.email,
      settings.confirmationEmailsPerDay,
      now,
      settings.timezone,
    );
    // A new application is gone this long after it is sent; an unconfirmed one keeps its own date.
    const expiresAt = addDays(now, settings.confirmationDays, settings.timezone);
    const decision = decideIntake(submitted, cycle, existing, now, expiresAt);
    const emailed = underCeiling && mailbox.allowed;
    if (emailed) {
      const link = applicationLink(
        { id, linkVersion: decision.application.linkVersion },
        linkKey,
        settings.publicBaseUrl,
        now,
      );
      const mailId = mailIds.applicationConfirmRequest(id, mailbox.day, mailbox.nth);
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
      mailbox.count();
    }
    if (decision.action !== "remind") tx.set("applications", id, decision.application);
    return { ...decision, id, emailed };
  });
}

/** How many applications in a row may have been corrected away from one derived id. */
const maxCorrectedAway = 5;

/**
 * The application a submission belongs to (docs/design.md §4a): the one whose
 * address is the submitter's now. With none, a new one takes the id derived
 * from the submission — or, if an application whose address the secretariat
 * corrected holds that id, the next free one: a submission from an old
 * address never reaches, shows or changes the corrected application.
 */
async function applicationOf(
  tx: Tx,
  ids: { ownId: string | null; derivedId: string },
  submitted: SubmittedFields,
  cycle: Cycle | null,
  now: Date,
): Promise<{ id: string; existing: StoredApplication | null }> {
  const email = submitted.person.email;
  const ours = (doc: StoredApplication | null): doc is StoredApplication =>
    !!doc && !isGone(doc, now) && sameAddress(doc.person.email) === email;
  if (ids.ownId) {
    const own = await tx.read("applications", ids.ownId, StoredApplication);
    if (ours(own) && sameRequest(own, submitted, cycle)) return { id: ids.ownId, existing: own };
  }
  for (let n = 1; n <= maxCorrectedAway; n++) {
    const id = n === 1 ? ids.derivedId : `${ids.derivedId}-${n}`;
    const existing = await tx.read("applications", id, StoredApplication);
    if (!existing || isGone(existing, now) || ours(existing)) return { id, existing };
  }
  throw new Error(`No free application id after ${ids.derivedId}`);
}

export type OwnerAction =
  | { action: "confirm"; shown?: string | undefined }
  | { action: "update"; submitted: SubmittedFields }
  | { action: "withdraw" }
  | { action: "discard" };

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
  const outcome = await inTransaction(async (tx): Promise<OwnerOutcome> => {
    const existing = await liveApplication(tx, id, now);
    if (!existing) return { outcome: "gone" };
    const decision =
      request.action === "confirm"
        ? confirmApplication(existing, now, request.shown)
        : request.action === "update"
          ? correctApplication(existing, request.submitted, now)
          : request.action === "discard"
            ? discardPendingChange(existing, now)
            : withdrawApplication(existing, now);
    if (decision.outcome !== "changed") return decision;
    const application = decision.application;
    if (request.action === "discard") {
      tx.set("applications", id, application);
      return decision;
    }
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
  if (request.action === "withdraw" && outcome.outcome === "changed") await guardAgainstMassChange(now, settings);
  return outcome;
}
