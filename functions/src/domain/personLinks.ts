/**
 * A person's working links (docs/design.md §16): their application pages, a proposal
 * waiting for their answer, their mentorship pages — each signed at the current
 * version of its document. What the lost-links page emails, and what a raised
 * `linkVersion` sends again. Pure: the shell reads the documents.
 */
import { z } from "zod";
import { isGone, type ApplicationKind, type StoredApplication } from "./application";
import { emailAddress } from "./fields";
import { applicationLink, currentLinkVersion, linkUrl, participantLinks } from "./links";
import { sameAddress } from "./matchingCandidates";
import { closedStatuses, inCourseStatuses, linkExpiry, type Pairing, type Role } from "./pairing";

export type PersonLink =
  | { what: "application"; id: string; kind: ApplicationKind; url: string }
  | { what: "proposal"; id: string; menteeMunicipality: string; respondBy: Date; url: string }
  | { what: "mentorship"; id: string; role: Role; other: string; url: string };

interface Signing {
  key: string;
  publicBaseUrl: string;
  now: Date;
}

/** An application whose page still has something to show its owner. */
export const hasLivePage = (application: StoredApplication, now: Date) =>
  application.status !== "withdrawn" && !application.anonymisedAt && !isGone(application, now);

export function applicationPageLink(id: string, application: StoredApplication, signing: Signing): PersonLink {
  const url = applicationLink(
    { id, linkVersion: application.linkVersion },
    signing.key,
    signing.publicBaseUrl,
    signing.now,
  );
  return { what: "application", id, kind: application.kind, url };
}

/** The link one participant of a pairing has now: the proposal (the mentor, until its date), or the mentorship page. */
export function pairingLink(id: string, pairing: Pairing, role: Role, signing: Signing): PersonLink | null {
  const { key, publicBaseUrl, now } = signing;
  if (pairing.status === "proposed" && role === "mentor" && pairing.proposedAt && pairing.respondBy) {
    if (pairing.respondBy <= now) return null;
    const url = linkUrl(publicBaseUrl, key, {
      pairingId: id,
      role,
      purpose: "proposal",
      expiresAt: linkExpiry(pairing.respondBy),
      version: currentLinkVersion(pairing, role),
    });
    return {
      what: "proposal",
      id,
      menteeMunicipality: pairing.mentee.municipality.name,
      respondBy: pairing.respondBy,
      url,
    };
  }
  if (![...inCourseStatuses, ...closedStatuses].includes(pairing.status)) return null;
  const url = participantLinks({ ...pairing, id }, key, publicBaseUrl, now)[role];
  const other = role === "mentor" ? pairing.mentee : pairing.mentor;
  return { what: "mentorship", id, role, other: `${other.name} (${other.municipality.name})`, url };
}

/** Every working link of one address, from its applications and the pairings that name it. */
export function linksOf(
  email: string,
  documents: {
    applications: readonly { id: string; data: StoredApplication }[];
    pairings: readonly { id: string; data: Pairing }[];
  },
  signing: Signing,
): PersonLink[] {
  const address = sameAddress(email);
  const applications = documents.applications
    .filter(({ data }) => sameAddress(data.person.email) === address && hasLivePage(data, signing.now))
    .map(({ id, data }) => applicationPageLink(id, data, signing));
  const pairings = documents.pairings.flatMap(({ id, data }) =>
    (["mentor", "mentee"] as const)
      .filter((role) => sameAddress(data[role].email) === address)
      .flatMap((role) => pairingLink(id, data, role, signing) ?? []),
  );
  return [...applications, ...pairings];
}

/** What `/enllacos` accepts: an address, and the honeypot every public form has. */
export const LostLinksRequest = z.object({
  email: emailAddress(),
  website: z.string().optional(),
});
