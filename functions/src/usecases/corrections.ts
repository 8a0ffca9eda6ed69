/**
 * A person's name or address corrected on an application in the console
 * (docs/design.md §4a, §10): the pairings that copy it and the unsent emails to the
 * old address follow, in one transaction, so later links and emails use it
 * too. A new address also revokes every link issued before and gets the
 * person's pages again.
 */
import {
  addressChanged,
  addressCorrection,
  correctedMail,
  correctedParty,
  pageInUse,
  PersonCopy,
  UnsentMail,
} from "../domain/corrections";
import { applicationLink, currentLinkVersion, linkUrl, personalLinkLifetimeMs } from "../domain/links";
import { mailIds } from "../domain/mail";
import { sameAddress } from "../domain/matchingCandidates";
import { linkExpiry, Pairing } from "../domain/pairing";
import { StoredApplication } from "../domain/application";
import type { ProgrammeSettings } from "../domain/programme";
import { queueMail } from "../store/outbox";
import { queries } from "../store/queries";
import { inTransaction } from "../store/repository";
import { addressCorrectedEmail, type CorrectedPage } from "../views/emails";
import { escapeHtml } from "../views/html";

/** Unsent emails to one address: a handful at any time. */
const mailLimit = 200;

export async function propagateCorrection(
  applicationId: string,
  before: PersonCopy & { linkVersion: number },
  context: { settings: ProgrammeSettings | null; linkKey: string; now: Date },
): Promise<number> {
  const { settings, linkKey, now } = context;
  return inTransaction(async (tx) => {
    const application = await tx.read("applications", applicationId, StoredApplication);
    if (!application) return 0;
    // Queries below find the address as intake stores it: trimmed, lower case.
    const after = { ...application.person, email: sameAddress(application.person.email) };
    const pairings = [
      ...(await tx.query(queries.pairingsOfParty("mentor", applicationId), Pairing)).map((doc) => ({
        ...doc,
        role: "mentor" as const,
      })),
      ...(await tx.query(queries.pairingsOfParty("mentee", applicationId), Pairing)).map((doc) => ({
        ...doc,
        role: "mentee" as const,
      })),
    ];
    const mail = await tx.query(queries.mailTo(before.email, mailLimit), UnsentMail);
    const moved = addressChanged(before, after);
    const correction = addressCorrection(before.linkVersion, application.linkVersion ?? 0);
    const revoke = moved && correction.revoke;

    // Every read is done; decide every write, queue the email (it reads first), then write.
    const writes: { collection: "pairings" | "mail"; id: string; update: Record<string, unknown> }[] = [];
    const pages: CorrectedPage[] = [];
    for (const { id, data, role } of pairings) {
      const roleLinkVersions = { ...data.roleLinkVersions, [role]: (data.roleLinkVersions?.[role] ?? 0) + 1 };
      const update = { ...correctedParty(data[role], role, after), ...(revoke ? { roleLinkVersions } : {}) };
      if (Object.keys(update).length > 0) writes.push({ collection: "pairings", id, update });
      const purpose = pageInUse(data.status, role);
      if (!moved || !settings || !purpose) continue;
      const version = currentLinkVersion(revoke ? { ...data, roleLinkVersions } : data, role);
      const expiresAt = purpose === "proposal" ? linkExpiry(data.respondBy!) : now.getTime() + personalLinkLifetimeMs;
      const claims = { purpose, pairingId: id, role, expiresAt, version };
      pages.push({ purpose, url: linkUrl(settings.publicBaseUrl, linkKey, claims) });
    }
    for (const { id, data } of mail) {
      const update = correctedMail(data, before, after, escapeHtml);
      if (update) writes.push({ collection: "mail", id, update: { ...update, correctedAt: now } });
    }
    if (moved && settings) {
      const page = applicationLink(
        { id: applicationId, linkVersion: correction.linkVersion },
        linkKey,
        settings.publicBaseUrl,
        now,
      );
      const mailId = mailIds.addressCorrected(applicationId, correction.linkVersion);
      const email = addressCorrectedEmail(mailId, after.email, after.name, page, pages, settings.secretariatEmail);
      await queueMail(tx, [email], settings, now);
    }
    for (const { collection, id, update } of writes) tx.update(collection, id, update);
    const applicationUpdate = {
      ...(application.person.email !== after.email ? { "person.email": after.email } : {}),
      ...(revoke ? { linkVersion: correction.linkVersion } : {}),
    };
    if (Object.keys(applicationUpdate).length > 0) tx.update("applications", applicationId, applicationUpdate);
    return writes.length;
  });
}

/** An address typed in the console with capitals or spaces, stored as intake stores it (trimmed, lower case). */
export async function normaliseAddress(applicationId: string): Promise<void> {
  await inTransaction(async (tx) => {
    const application = await tx.read("applications", applicationId, StoredApplication);
    const email = application ? sameAddress(application.person.email) : null;
    if (application && email !== application.person.email)
      tx.update("applications", applicationId, { "person.email": email });
  });
}
