/** Every log line the functions write, named, with personal data left out. */
import { logger } from "firebase-functions/logger";
import { readableStack } from "./stackTraces";

/** A thrown value as one readable string: the stack where there is one. */
const errorText = (error: unknown) =>
  error instanceof Error ? (error.stack ? readableStack(error.stack) : error.message) : String(error);

export const logs = {
  applicationStored: (id: string, action: string, emailed: boolean) =>
    logger.info("Application stored", { id, action, emailed }),
  applicationOwnerAction: (id: string, action: string, outcome: string) =>
    logger.info("Application changed by its owner", { id, action, outcome }),
  lostLinksAsked: (emailed: boolean) => logger.info("Links asked for", { emailed }),
  applicationRejected: (reason: string, detail?: unknown) => logger.info("Application rejected", { reason, detail }),
  settingsMissing: () =>
    logger.error("settings/programme is missing or invalid: the forms cannot work until it is fixed"),
  settingsInvalidLastValidServing: () =>
    logger.error(
      "settings/programme does not validate (see its `problem`): the last valid version serves until it is fixed",
    ),
  intakeMailCeilingReached: (day: string, ceiling: number) =>
    logger.error("The day's intake email ceiling is reached: submissions are kept but not emailed", { day, ceiling }),
  invalidDocument: (path: string, problem: string) => logger.error("Invalid document skipped", { path, problem }),
  problemNotRecorded: (path: string, error: unknown) =>
    logger.error("Could not record a document's problem", { path, error: String(error) }),
  transactionRetried: (attempt: number, error: string) =>
    logger.warn("Transaction closed under contention; running it again", { attempt, error }),
  requestFailed: (ids: Record<string, string | undefined>, error: unknown) =>
    logger.error("Request failed", {
      ...ids,
      error: errorText(error),
    }),
  mailClaimed: (id: string, attempts: number) => logger.info("Mail claimed", { id, attempts }),
  mailAttemptFailed: (id: string, error: string | null, waitMs: number) =>
    logger.warn("Mail attempt failed; retrying", { id, error, waitMs }),
  mailFinished: (id: string, state: string, error: string | null) =>
    (state === "ERROR" ? logger.error : logger.info)("Mail delivery finished", { id, state, error }),
  mailLeaseLost: (id: string) => logger.warn("Mail claim lapsed before its result was written; result dropped", { id }),
  mailInvalid: (id: string, error: string) => logger.error("Mail document invalid", { id, error }),
  mailDailyQuotaReached: (id: string, limit: number) =>
    logger.warn("The day's email quota is reached: the mail waits for tomorrow", { id, limit }),
  mailSuppressed: (id: string) => logger.warn("Mail to a suppressed address not sent", { id }),
  mailRecipientsDropped: (id: string, dropped: number) =>
    logger.warn("Suppressed recipients dropped; the others still get the mail", { id, dropped }),
  emailEventRefused: (reason: string) => logger.warn("Email event refused", { reason }),
  secretariatAddressNotSuppressed: (mailId: string | null, type: string) =>
    logger.error("A bounce or complaint about the secretariat's own address: not suppressed, reported on the mail", {
      mailId,
      type,
    }),
  emailEventRecorded: (type: string, mailId: string | null, suppressed: number) =>
    logger.info("Email event recorded", { type, mailId, suppressed }),
  mailSweep: (due: number, paused: boolean) => logger.info("Mail sweep", { due, paused }),
  mailPaused: (id: string) =>
    logger.warn("Mail is paused (settings/programme.mailPaused): nothing is sent; the mail stays queued", { id }),
  massChangeHeld: (holdId: string, changes: number) =>
    logger.warn("Mass change: its mail and runs are held until the secretariat decides", { holdId, changes }),
  massChangeSettled: (holdId: string, decision: string, mail: number) =>
    logger.info("Mass change decided", { holdId, decision, mail }),
  workSweep: (report: object) => logger.info("Sweep for stuck work", report),
  sweepItemFailed: (kind: string, id: string, error: unknown) =>
    logger.error("Sweep could not handle a document; going on with the rest", {
      kind,
      id,
      error: errorText(error),
    }),
  reactionFailed: (trigger: string, reaction: string, id: string, error: unknown) =>
    logger.error("A trigger's reaction failed; the others went on", {
      trigger,
      reaction,
      id,
      error: errorText(error),
    }),
  matchingRunFinished: (id: string, matched: number, unmatched: number) =>
    logger.info("Matching run finished", { id, matched, unmatched }),
  matchingRunFailed: (id: string, error: string) => logger.error("Matching run failed", { id, error }),
  proposalSent: (id: string) => logger.info("Proposal sent", { id }),
  proposalHeld: (id: string, note: string) => logger.warn("Proposal held back", { id, note }),
  proposalAnswered: (id: string, outcome: string) => logger.info("Proposal answered", { id, outcome }),
  deadlinesRun: (due: number, enforced: number, reads: number) => logger.info("Deadline job", { due, enforced, reads }),
  privacyRequestFailed: (id: string, error: string) => logger.error("Privacy request refused", { id, error }),
  privacyRequestDone: (id: string, kind: string) => logger.info("Privacy request done", { id, kind }),
  privacyStep: (id: string, step: number, phase: string) => logger.info("Privacy request step", { id, step, phase }),
  retentionRun: (report: object) => logger.info("Retention: old cycles anonymised", report),
  exportDone: (id: string, dataset: string, rows: number) => logger.info("Export sent", { id, dataset, rows }),
  exportFailed: (id: string, error: string) => logger.error("Export refused", { id, error }),
};
