/** Storing a valid application (DESIGN §4) with its emails, in one transaction. */
import { decideIntake, StoredApplication, type SubmittedFields } from "../domain/application";
import type { Cycle, ProgrammeSettings } from "../domain/programme";
import { queueMail } from "../store/outbox";
import { inTransaction } from "../store/repository";
import { applicationEmails } from "../views/emails";

export async function storeApplication(
  id: string,
  submitted: SubmittedFields,
  cycle: Cycle | null,
  settings: ProgrammeSettings,
  now: Date,
) {
  return inTransaction(async (tx) => {
    const existing = await tx.read("applications", id, StoredApplication);
    const decision = decideIntake(submitted, cycle, existing, now);
    if (decision.action === "unchanged") return decision;
    await queueMail(tx, applicationEmails(id, decision.application, cycle, settings), settings.senderEmail, now);
    tx.set("applications", id, decision.application);
    return decision;
  });
}
