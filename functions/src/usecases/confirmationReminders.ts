/**
 * The reminder to confirm (docs/design.md §16), from the daily job: an application still
 * unconfirmed `confirmationReminderDays` before it expires gets one email with its
 * link, within its mailbox's daily cap of intake emails (a day over the cap, the
 * next day's job tries again while the application lives).
 */
import { StoredApplication } from "../domain/application";
import { applicationLink } from "../domain/links";
import { mailIds } from "../domain/mail";
import type { ProgrammeSettings } from "../domain/programme";
import { queueMail } from "../store/outbox";
import { queries } from "../store/queries";
import { mailboxToday } from "../store/rateLimit";
import { inTransaction, store, type ReadCounter } from "../store/repository";
import { confirmationRequest } from "../views/emails";
import { eachIsolated } from "./eachIsolated";

const day = 24 * 60 * 60_000;
const batch = 500;

export async function remindUnconfirmed(
  settings: ProgrammeSettings,
  linkKey: string,
  now: Date,
  reads?: ReadCounter,
): Promise<string[]> {
  const until = new Date(now.getTime() + settings.confirmationReminderDays * day);
  const due = (await store.ids(queries.unconfirmedExpiringBy(until, batch), reads)).sort();
  const reminded: string[] = [];
  await eachIsolated("application", due, async (id) => {
    const sent = await inTransaction(async (tx) => {
      const application = await tx.read("applications", id, StoredApplication);
      if (application?.status !== "unconfirmed" || !application.expiresAt || application.expiresAt <= now) return false;
      const mailId = mailIds.confirmReminder(id);
      if (await tx.exists("mail", mailId)) return false;
      const { email } = application.person;
      const mailbox = await mailboxToday(tx, linkKey, email, settings.confirmationEmailsPerDay, now, settings.timezone);
      if (!mailbox.allowed) return false;
      const link = applicationLink({ id, linkVersion: application.linkVersion }, linkKey, settings.publicBaseUrl, now);
      const reminder = confirmationRequest(mailId, email, id, link, application.expiresAt, settings.timezone, true);
      await queueMail(tx, [reminder], settings, now);
      mailbox.count();
      return true;
    }, reads);
    if (sent) reminded.push(id);
  });
  return reminded;
}
