/**
 * Every email to an applicant carries their own page (docs/design.md §4a), signed at
 * their application's current `linkVersion`, read in the same transaction.
 */
import { applicationLink, LinkVersioned } from "../domain/links";
import type { Role } from "../domain/mentorship";
import type { Pairing } from "../domain/pairing";
import type { Tx } from "../store/repository";

export interface LinkContext {
  linkKey: string;
  publicBaseUrl: string;
  now: Date;
}

export async function applicantPage(tx: Tx, applicationId: string, context: LinkContext): Promise<string> {
  const versioned = await tx.read("applications", applicationId, LinkVersioned);
  return applicationLink(
    { id: applicationId, linkVersion: versioned?.linkVersion },
    context.linkKey,
    context.publicBaseUrl,
    context.now,
  );
}

/** Both participants' application pages. Reads: call before the transaction's writes. */
export async function applicantPages(
  tx: Tx,
  pairing: Pick<Pairing, "mentor" | "mentee">,
  context: LinkContext,
): Promise<Record<Role, string>> {
  return {
    mentor: await applicantPage(tx, pairing.mentor.applicationId, context),
    mentee: await applicantPage(tx, pairing.mentee.applicationId, context),
  };
}
