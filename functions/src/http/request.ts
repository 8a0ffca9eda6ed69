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

/**
 * The client as Google's front end reports it. Behind Firebase Hosting the
 * first X-Forwarded-For entry is the browser's address.
 */
export function clientAddress(req: Request): string {
  const forwarded = req.headers["x-forwarded-for"];
  const first = (Array.isArray(forwarded) ? forwarded[0] : forwarded)?.split(",")[0]?.trim();
  return first || req.ip || "unknown";
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
 * Answers with a page (browsers) or JSON (programs). Never cached, and never
 * passed on as a referrer: some of these URLs carry a personal token.
 */
export function reply(res: Response, status: number, json: object, page: string | null): void {
  res.set({ "Cache-Control": "no-store", "Referrer-Policy": "no-referrer" });
  if (page !== null) res.status(status).type("html").send(page);
  else res.status(status).json(json);
}
