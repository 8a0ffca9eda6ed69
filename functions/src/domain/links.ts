/**
 * Signed links in emails (DESIGN §5): unguessable, bound to one pairing, one
 * role and one purpose, and expiring. HMAC-SHA256 with a secret key.
 */
import { createHmac, timingSafeEqual } from "node:crypto";
import { z } from "zod";

export const LinkClaims = z.object({
  pairingId: z.string().min(1),
  role: z.enum(["mentor", "mentee"]),
  purpose: z.enum(["proposal", "mentorship"]),
  expiresAt: z.number().int(),
});
export type LinkClaims = z.infer<typeof LinkClaims>;

const signature = (key: string, payload: string) => createHmac("sha256", key).update(payload).digest("base64url");

export function signLink(key: string, claims: LinkClaims): string {
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

/** A participant's personal page link lasts the whole mentorship and well beyond (documentation, assessment). */
export const participantLinkLifetimeMs = 3 * 365 * 24 * 60 * 60_000;

/** The page each purpose opens: `/{path}/{token}` on the public site. */
export const linkPaths: Record<LinkClaims["purpose"], string> = { proposal: "proposta", mentorship: "mentoria" };

export function linkUrl(publicBaseUrl: string, key: string, claims: LinkClaims): string {
  return `${publicBaseUrl.replace(/\/$/, "")}/${linkPaths[claims.purpose]}/${signLink(key, claims)}`;
}

/** Both participants' personal page links. */
export function participantLinks(pairingId: string, key: string, publicBaseUrl: string, now: Date) {
  const link = (role: LinkClaims["role"]) =>
    linkUrl(publicBaseUrl, key, {
      pairingId,
      role,
      purpose: "mentorship",
      expiresAt: now.getTime() + participantLinkLifetimeMs,
    });
  return { mentor: link("mentor"), mentee: link("mentee") };
}
