/**
 * Signed links in emails (docs/design.md §4a, §5): unguessable, bound to one document
 * (a pairing and a role, or an application) and one purpose, expiring, and
 * revocable: each carries the `linkVersion` its document had when it was
 * issued, and raising that field in the console retires every older link.
 */
import { createHmac, timingSafeEqual } from "node:crypto";
import { z } from "zod";

const issued = {
  expiresAt: z.number().int(),
  /** The document's `linkVersion` when the link was issued (absent = 0). */
  version: z.number().int().min(0).default(0),
};
const PairingLink = { pairingId: z.string().min(1), role: z.enum(["mentor", "mentee"]), ...issued };

export const LinkClaims = z.discriminatedUnion("purpose", [
  z.object({ purpose: z.literal("proposal"), ...PairingLink }),
  z.object({ purpose: z.literal("mentorship"), ...PairingLink }),
  z.object({ purpose: z.literal("application"), applicationId: z.string().min(1), ...issued }),
]);
export type LinkClaims = z.infer<typeof LinkClaims>;
export type LinkClaimsInput = z.input<typeof LinkClaims>;
export type LinkPurpose = LinkClaims["purpose"];
export type ClaimsOf<P extends LinkPurpose> = Extract<LinkClaims, { purpose: P }>;

const version = z.number().int().min(0).optional();

/** What one participant's links add to a pairing's `linkVersion`, raised when only their address changed. */
export const RoleLinkVersions = z.object({ mentor: version, mentee: version });

/** The fields of a linked document that links depend on; anything else in it is ignored. */
export const LinkVersioned = z.object({
  linkVersion: version.catch(undefined),
  roleLinkVersions: RoleLinkVersions.optional().catch(undefined),
});
export type LinkVersioned = z.infer<typeof LinkVersioned>;

/**
 * The version a link issued now carries: the document's `linkVersion`, plus,
 * for a pairing link, its participant's own (so correcting one person's
 * address retires their links and leaves the other participant's working).
 */
export function currentLinkVersion(doc: LinkVersioned, role?: "mentor" | "mentee"): number {
  return (doc.linkVersion ?? 0) + (role ? (doc.roleLinkVersions?.[role] ?? 0) : 0);
}

/** The collection holding the document a link of each purpose is bound to. */
export const linkedCollection = { proposal: "pairings", mentorship: "pairings", application: "applications" } as const;

export function linkedDocumentId(claims: LinkClaims): string {
  return claims.purpose === "application" ? claims.applicationId : claims.pairingId;
}

/** A link issued before the document's current version (for its role) has been revoked. */
export function isRevoked(claims: LinkClaims, linked: LinkVersioned): boolean {
  return claims.version < currentLinkVersion(linked, claims.purpose === "application" ? undefined : claims.role);
}

const signature = (key: string, payload: string) => createHmac("sha256", key).update(payload).digest("base64url");

export function signLink(key: string, claims: LinkClaimsInput): string {
  const payload = Buffer.from(JSON.stringify(claims)).toString("base64url");
  return `${payload}.${signature(key, payload)}`;
}

export type LinkCheck = { ok: true; claims: LinkClaims } | { ok: false; problem: "invalid" | "expired" };

export function verifyLink(key: string, token: string, now: Date): LinkCheck {
  const [payload, signed, extra] = token.split(".");
  if (!payload || !signed || extra !== undefined) return { ok: false, problem: "invalid" };
  const expected = Buffer.from(signature(key, payload));
  const given = Buffer.from(signed);
  if (expected.length !== given.length || !timingSafeEqual(expected, given)) return { ok: false, problem: "invalid" };
  let decoded: unknown;
  try {
    decoded = JSON.parse(Buffer.from(payload, "base64url").toString("utf8"));
  } catch {
    return { ok: false, problem: "invalid" };
  }
  const claims = LinkClaims.safeParse(decoded);
  if (!claims.success) return { ok: false, problem: "invalid" };
  if (claims.data.expiresAt <= now.getTime()) return { ok: false, problem: "expired" };
  return { ok: true, claims: claims.data };
}

/**
 * A personal page link (participant, applicant) lasts the whole mentorship
 * and well beyond (documentation, assessment); revoking it is `linkVersion`'s job.
 */
export const personalLinkLifetimeMs = 3 * 365 * 24 * 60 * 60_000;

/** The page each purpose opens: `/{path}/{token}` on the public site. */
export const linkPaths: Record<LinkPurpose, string> = {
  proposal: "proposta",
  mentorship: "mentoria",
  application: "sollicitud",
};

/** A signed link's page and token, wherever it stands in a text. */
const signedLinkInText = new RegExp(`/(${Object.values(linkPaths).join("|")})/[\\w-]+\\.[\\w-]+`, "g");

/**
 * A text with every signed link's token replaced by `mark`: in a log line or
 * a forwarded report, a token is a key to someone's page.
 */
export const withoutSignedLinks = (text: string, mark: string) => text.replace(signedLinkInText, `/$1/${mark}`);

/** A request path fit for a log line. */
export const pathWithoutToken = (path: string) => withoutSignedLinks(path, "[token]");

export function linkUrl(publicBaseUrl: string, key: string, claims: LinkClaimsInput): string {
  return `${publicBaseUrl.replace(/\/$/, "")}/${linkPaths[claims.purpose]}/${signLink(key, claims)}`;
}

/** Both participants' personal page links, each at its current version. */
export function participantLinks(
  pairing: LinkVersioned & { id: string },
  key: string,
  publicBaseUrl: string,
  now: Date,
) {
  const link = (role: "mentor" | "mentee") =>
    linkUrl(publicBaseUrl, key, {
      pairingId: pairing.id,
      role,
      purpose: "mentorship",
      expiresAt: now.getTime() + personalLinkLifetimeMs,
      version: currentLinkVersion(pairing, role),
    });
  return { mentor: link("mentor"), mentee: link("mentee") };
}

/** The applicant's own page (`/sollicitud/{token}`), at the application's current `linkVersion`. */
export function applicationLink(
  application: { id: string; linkVersion?: number | undefined },
  key: string,
  publicBaseUrl: string,
  now: Date,
): string {
  return linkUrl(publicBaseUrl, key, {
    purpose: "application",
    applicationId: application.id,
    expiresAt: now.getTime() + personalLinkLifetimeMs,
    version: application.linkVersion ?? 0,
  });
}
