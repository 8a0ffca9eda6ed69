/**
 * A person's name or address corrected on an application in the console
 * (docs/design.md §10): the pairings that copy it and the unsent emails to the old
 * address follow, in one transaction, so later links and emails use it too.
 */
import { correctedMail, correctedParty, PersonCopy, UnsentMail } from "../domain/corrections";
import { Pairing } from "../domain/pairing";
import { StoredApplication } from "../domain/application";
import { queries } from "../store/queries";
import { inTransaction } from "../store/repository";
import { escapeHtml } from "../views/html";

/** Unsent emails to one address: a handful at any time. */
const mailLimit = 200;

export async function propagateCorrection(applicationId: string, before: PersonCopy, now: Date): Promise<number> {
  return inTransaction(async (tx) => {
    const application = await tx.read("applications", applicationId, StoredApplication);
    if (!application) return 0;
    const after = application.person;
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
    let changed = 0;
    for (const { id, data, role } of pairings) {
      const update = correctedParty(data[role], role, after);
      if (update) {
        tx.update("pairings", id, update);
        changed++;
      }
    }
    for (const { id, data } of mail) {
      const update = correctedMail(data, before, after, escapeHtml);
      if (update) {
        tx.update("mail", id, { ...update, correctedAt: now });
        changed++;
      }
    }
    return changed;
  });
}
