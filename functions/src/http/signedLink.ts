/**
 * What the pages behind signed email links share: the token in the path, the
 * settings, and the checks every POST passes before its body is read.
 */
import type { Request } from "firebase-functions/https";
import type { Response } from "express";
import { verifyLink, type LinkClaims } from "../domain/links";
import type { ProgrammeSettings } from "../domain/programme";
import { readSettings } from "../store/programme";
import { problems } from "../views/pages";
import { linkProblems } from "../views/linkProblems";
import { bodyType, isSameOrigin, reply, wantsHtml } from "./request";

export interface LinkedRequest {
  claims: LinkClaims;
  token: string;
  settings: ProgrammeSettings;
  asPage: boolean;
}

/**
 * Opens `/{prefix}/{token}` for a link of `purpose`. When the request cannot
 * go on (bad or expired link, no settings, wrong method or body, another
 * site), it answers it and returns null.
 */
export async function openLinkedRequest(
  req: Request,
  res: Response,
  options: { prefix: string; purpose: LinkClaims["purpose"]; linkKey: string; now: Date },
): Promise<LinkedRequest | null> {
  const asPage = req.method === "GET" || wantsHtml(req);
  const token = new RegExp(`^/${options.prefix}/([\\w.-]+)$`).exec(req.path)?.[1] ?? "";
  const link = verifyLink(options.linkKey, token, options.now);
  if (!link.ok || link.claims.purpose !== options.purpose) {
    if (!link.ok && link.problem === "expired") {
      reply(res, 410, { error: "expired_link" }, asPage ? linkProblems[options.purpose].expired() : null);
    } else reply(res, 400, { error: "invalid_link" }, asPage ? linkProblems[options.purpose].invalid() : null);
    return null;
  }
  const settings = await readSettings();
  if (!settings) {
    reply(res, 503, { error: "not_configured" }, asPage ? problems.unavailable() : null);
    return null;
  }
  if (req.method === "GET" || req.method === "HEAD") return { claims: link.claims, token, settings, asPage };
  if (req.method !== "POST") {
    res.set("Allow", "GET, POST");
    reply(res, 405, { error: "method_not_allowed" }, asPage ? problems.notFound() : null);
    return null;
  }
  if (!bodyType(req)) {
    reply(res, 415, { error: "unsupported_media_type" }, asPage ? problems.unsupported() : null);
    return null;
  }
  if (!isSameOrigin(req, settings.publicBaseUrl)) {
    reply(res, 403, { error: "forbidden_origin" }, asPage ? problems.forbidden() : null);
    return null;
  }
  return { claims: link.claims, token, settings, asPage };
}
