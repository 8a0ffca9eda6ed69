/**
 * A correction of a person's name or address in the console (docs/design.md §10)
 * reaches every document that copies it: the pairings that name them and the
 * emails not sent yet. Pure: what each document becomes, or null.
 */
import { z } from "zod";
import { sameAddress } from "./matchingCandidates";
import type { Role } from "./pairing";

export const PersonCopy = z.object({ name: z.string(), email: z.string() });
export type PersonCopy = z.infer<typeof PersonCopy>;

/** Emails still waiting to go: those already sent or being sent keep the address they went to. */
const unsentStates = ["PENDING", "RETRY"];

export const UnsentMail = z.object({
  to: z.array(z.string()),
  subject: z.string().default(""),
  text: z.string().default(""),
  html: z.string().default(""),
  delivery: z.object({ state: z.string() }).loose().optional(),
});
export type UnsentMail = z.infer<typeof UnsentMail>;

export const personChanged = (before: PersonCopy, after: PersonCopy) =>
  before.name !== after.name || before.email !== after.email;

/** Another mailbox, not the same one typed with capitals or spaces. */
export const addressChanged = (before: PersonCopy, after: PersonCopy) =>
  sameAddress(before.email) !== sameAddress(after.email);

/**
 * What a corrected address does to links (docs/design.md §4a): the address
 * belongs to whoever holds it now, so every link issued before is revoked —
 * the application's `linkVersion` and, on each pairing, this participant's
 * own version go up by one — and the corrected address gets its pages. An
 * event delivered again finds the version already raised and raises nothing;
 * a version the secretariat raised in the same edit is kept.
 */
export function addressCorrection(beforeVersion: number, currentVersion: number) {
  const revoke = currentVersion <= beforeVersion;
  return { revoke, linkVersion: revoke ? beforeVersion + 1 : currentVersion };
}

/**
 * The page a participant of a pairing in `status` still uses: the mentor
 * answers a proposal on its page; both use the mentorship page until it ends.
 */
export function pageInUse(status: string, role: Role): "proposal" | "mentorship" | null {
  if (status === "proposed") return role === "mentor" ? "proposal" : null;
  return status === "accepted" || status === "active" ? "mentorship" : null;
}

/** The fields of a pairing that copy the person in `role`, when they differ. */
export function correctedParty(party: PersonCopy, role: Role, person: PersonCopy): Record<string, string> | null {
  const update: Record<string, string> = {};
  if (party.name !== person.name) update[`${role}.name`] = person.name;
  if (party.email !== person.email) update[`${role}.email`] = person.email;
  return Object.keys(update).length > 0 ? update : null;
}

const replaceAll = (text: string, from: string, to: string) => (from && from !== to ? text.split(from).join(to) : text);

/** An unsent email to the old address (or naming the old name), rewritten for the corrected person. */
export function correctedMail(
  mail: UnsentMail,
  before: PersonCopy,
  after: PersonCopy,
  /** How a name is written in the email's HTML (the views' escaping). */
  escapeHtml: (text: string) => string,
) {
  if (!personChanged(before, after) || !unsentStates.includes(mail.delivery?.state ?? "PENDING")) return null;
  const to = mail.to.map((address) => (sameAddress(address) === sameAddress(before.email) ? after.email : address));
  const update = {
    to,
    subject: replaceAll(mail.subject, before.name, after.name),
    text: replaceAll(replaceAll(mail.text, before.name, after.name), before.email, after.email),
    html: replaceAll(
      replaceAll(mail.html, escapeHtml(before.name), escapeHtml(after.name)),
      escapeHtml(before.email),
      escapeHtml(after.email),
    ),
  };
  const same =
    to.join() === mail.to.join() &&
    update.subject === mail.subject &&
    update.text === mail.text &&
    update.html === mail.html;
  return same ? null : update;
}
