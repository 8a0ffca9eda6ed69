/**
 * A person's links by email (docs/design.md §16): on request from `/enllacos` (one email
 * listing every working link of an address that has any, within its mailbox's daily
 * cap of intake emails; nothing to an address with nothing), and again after the
 * secretariat raised a document's `linkVersion` (once per version and person).
 */
import { StoredApplication } from "../domain/application";
import { currentLinkVersion } from "../domain/links";
import { mailIds } from "../domain/mail";
import { Pairing, type Role } from "../domain/pairing";
import { applicationPageLink, hasLivePage, linksOf, pairingLink } from "../domain/personLinks";
import type { ProgrammeSettings } from "../domain/programme";
import { queueMail } from "../store/outbox";
import { queries } from "../store/queries";
import { mailboxToday } from "../store/rateLimit";
import { inTransaction, store } from "../store/repository";
import { linksEmail } from "../views/linkEmails";

interface Context {
  linkKey: string;
  settings: ProgrammeSettings;
  now: Date;
}
const signingOf = ({ linkKey, settings, now }: Context) => ({
  key: linkKey,
  publicBaseUrl: settings.publicBaseUrl,
  now,
});

/** Whether an email went: the page answers the same either way. */
export async function sendLostLinks(email: string, context: Context): Promise<boolean> {
  const { linkKey, settings, now } = context;
  const [applications, asMentor, asMentee] = await Promise.all([
    store.query(queries.applicationsOfEmail(email), StoredApplication),
    store.query(queries.pairingsOfPartyEmail("mentor", email), Pairing),
    store.query(queries.pairingsOfPartyEmail("mentee", email), Pairing),
  ]);
  const links = linksOf(email, { applications, pairings: [...asMentor, ...asMentee] }, signingOf(context));
  if (links.length === 0) return false;
  return inTransaction(async (tx) => {
    const mailbox = await mailboxToday(tx, linkKey, email, settings.confirmationEmailsPerDay, now, settings.timezone);
    if (!mailbox.allowed) return false;
    const id = mailIds.linksAsked(email, mailbox.day, mailbox.nth);
    await queueMail(tx, [linksEmail(id, email, links, "asked", settings)], settings, now);
    mailbox.count();
    return true;
  });
}

/** An application's `linkVersion` was raised: its owner gets the new page link, once. */
export async function sendReplacedApplicationLink(id: string, context: Context): Promise<void> {
  const { settings, now } = context;
  await inTransaction(async (tx) => {
    const application = await tx.read("applications", id, StoredApplication);
    if (!application || !hasLivePage(application, now)) return;
    const version = application.linkVersion ?? 0;
    // A corrected address raised it, and that email already carries the new pages.
    if (await tx.exists("mail", mailIds.addressCorrected(id, version))) return;
    const link = applicationPageLink(id, application, signingOf(context));
    const mailId = mailIds.linksReplaced("applications", id, version, "applicant");
    await queueMail(tx, [linksEmail(mailId, application.person.email, [link], "replaced", settings)], settings, now);
  });
}

/** A pairing's links were retired (`linkVersion`, or one participant's own version): the new one to each of `roles`. */
export async function sendReplacedPairingLinks(id: string, roles: readonly Role[], context: Context): Promise<void> {
  const { settings, now } = context;
  await inTransaction(async (tx) => {
    const pairing = await tx.read("pairings", id, Pairing);
    if (!pairing) return;
    const drafts = roles.flatMap((role) => {
      const link = pairingLink(id, pairing, role, signingOf(context));
      if (!link || !pairing[role].email) return [];
      const mailId = mailIds.linksReplaced("pairings", id, currentLinkVersion(pairing, role), role);
      return [linksEmail(mailId, pairing[role].email, [link], "replaced", settings)];
    });
    await queueMail(tx, drafts, settings, now);
  });
}
