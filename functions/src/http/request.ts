/** What every public HTTP function needs to know about a request. */
import type { Request } from "firebase-functions/https";
import type { Response } from "express";

export type BodyType = "json" | "form";

export function bodyType(req: Request): BodyType | null {
  if (req.is("application/json")) return "json";
  if (req.is("application/x-www-form-urlencoded")) return "form";
  return null;
}

export function bodySize(req: Request): number {
  return req.rawBody?.length ?? Number(req.headers["content-length"] ?? 0);
}

/** Largest accepted request body: the longest honest form is about 6 KB. */
const maxBodyBytes = 32 * 1024;

/**
 * The client as the platform reports it, never as the client says
 * (docs/design.md §4a, "Rate limit"). Each proxy *appends* the address that
 * connected to it to X-Forwarded-For; every entry to the left of what our own
 * infrastructure wrote arrived with the request and may be forged.
 * `trustedHops` is how many entries at the right our infrastructure wrote:
 * 2 behind Hosting (its edge, then Google's front end), 0 in the emulator
 * (its Hosting proxy passes the header on untouched), where the socket's
 * peer is the only address nobody can set. Fastly-Client-IP is not used: a
 * client can send it and the edge may pass it on.
 */
export function clientAddress(req: Request, trustedHops: number): string {
  const header = req.headers["x-forwarded-for"];
  const entries = (Array.isArray(header) ? header.join(",") : (header ?? ""))
    .split(",")
    .map((entry) => entry.trim())
    .filter(Boolean);
  const reported = trustedHops > 0 ? entries[entries.length - trustedHops] : undefined;
  return reported ?? req.socket?.remoteAddress ?? "unknown";
}

/**
 * Refuses a body by its declared or received size before anything reads it
 * as data; the framework's own parser stops at 10 MB long before this matters.
 */
export function isTooLarge(req: Request): boolean {
  return Math.max(bodySize(req), Number(req.headers["content-length"] ?? 0)) > maxBodyBytes;
}

/** A browser form navigation wants a page; a program (fetch, curl) wants JSON. */
export function wantsHtml(req: Request): boolean {
  return req.accepts(["json", "html"]) === "html";
}

/**
 * Only pages of our own site may post. Browsers send Origin (old ones at
 * least Referer) on a cross-site POST; programs that send neither are
 * allowed, as they cannot ride on a person's browser.
 */
export function isSameOrigin(req: Request, publicBaseUrl: string): boolean {
  const allowed = new URL(publicBaseUrl).origin;
  const origin = req.headers.origin;
  if (origin && origin !== "null") return origin === allowed;
  const referer = req.headers.referer;
  if (referer) {
    try {
      return new URL(referer).origin === allowed;
    } catch {
      return false;
    }
  }
  return origin !== "null";
}

/**
 * A POST to a page behind a signed link. Those pages send no referrer, so a
 * browser posts their forms with `Origin: null`; the token in the URL is the
 * CSRF secret there (another site cannot know it). A real other origin, or a
 * browser that says the request is cross-site, is still refused.
 */
export function isLinkPagePost(req: Request, publicBaseUrl: string): boolean {
  if (req.headers["sec-fetch-site"] === "cross-site") return false;
  if (req.headers.origin === "null") return true;
  return isSameOrigin(req, publicBaseUrl);
}

/**
 * What every response of ours carries, the same as firebase.json's
 * `hosting.headers` (a test compares them): whichever of the two a deploy
 * lets win, the browser gets the same policy. No inline script or style
 * anywhere, so `default-src 'self'` holds.
 */
export const securityHeaders = {
  "Content-Security-Policy":
    "default-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'; object-src 'none'",
  "X-Content-Type-Options": "nosniff",
  "X-Frame-Options": "DENY",
  // Pages of the public site keep their origin on a form post (the public
  // form refuses `Origin: null`); pages behind a token send no referrer.
  "Referrer-Policy": "same-origin",
} as const;

/** For a page whose URL holds a personal token: nothing of it leaves the page. */
export function hideReferrer(res: Response): void {
  res.set({ "Referrer-Policy": "no-referrer" });
}

/** Answers with a page (browsers) or JSON (programs), never cached: some of these carry a personal token. */
export function reply(res: Response, status: number, json: object, page: string | null): void {
  res.set({ "Cache-Control": "no-store" });
  if (page !== null) res.status(status).type("html").send(page);
  else res.status(status).json(json);
}
