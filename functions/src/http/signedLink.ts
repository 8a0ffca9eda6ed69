/**
 * What the pages behind signed email links share: the token in the path, the
 * settings, revocation, and the checks every POST passes before its body is read.
 */
import type { Request } from "firebase-functions/https";
import type { Response } from "express";
import {
  isRevoked,
  linkedCollection,
  LinkVersioned,
  linkedDocumentId,
  linkPaths,
  verifyLink,
  type ClaimsOf,
  type LinkPurpose,
} from "../domain/links";
import type { ProgrammeSettings } from "../domain/programme";
import { readSettings } from "../store/programme";
import { store } from "../store/repository";
import { problems } from "../views/pages";
import { linkProblems } from "../views/linkProblems";
import { bodyType, hideReferrer, isLinkPagePost, isTooLarge, reply, wantsHtml } from "./request";

export interface LinkedRequest<P extends LinkPurpose> {
  claims: ClaimsOf<P>;
  token: string;
  settings: ProgrammeSettings;
  asPage: boolean;
}

/**
 * Opens `/{path}/{token}` for a link of `purpose`. When the request cannot go
 * on (bad, expired or revoked link, no settings, wrong method or body, another
 * site), it answers it and returns null.
 */
export async function openLinkedRequest<P extends LinkPurpose>(
  req: Request,
  res: Response,
  options: { purpose: P; linkKey: string; now: Date },
): Promise<LinkedRequest<P> | null> {
  const { purpose } = options;
  hideReferrer(res);
  const asPage = req.method === "GET" || req.method === "HEAD" || wantsHtml(req);
  const token = new RegExp(`^/${linkPaths[purpose]}/([\\w.-]+)$`).exec(req.path)?.[1] ?? "";
  const link = verifyLink(options.linkKey, token, options.now);
  if (!link.ok || link.claims.purpose !== purpose) {
    if (!link.ok && link.problem === "expired") {
      reply(res, 410, { error: "expired_link" }, asPage ? linkProblems[purpose].expired() : null);
    } else reply(res, 400, { error: "invalid_link" }, asPage ? linkProblems[purpose].invalid() : null);
    return null;
  }
  const claims = link.claims as ClaimsOf<P>;
  if (req.method !== "GET" && req.method !== "HEAD") {
    if (req.method !== "POST") {
      res.set("Allow", "GET, POST");
      reply(res, 405, { error: "method_not_allowed" }, asPage ? problems.notFound() : null);
      return null;
    }
    if (isTooLarge(req)) {
      reply(res, 413, { error: "too_large" }, asPage ? problems.tooLarge() : null);
      return null;
    }
    if (!bodyType(req)) {
      reply(res, 415, { error: "unsupported_media_type" }, asPage ? problems.unsupported() : null);
      return null;
    }
  }
  const [settings, linked] = await Promise.all([
    readSettings(),
    store.read(linkedCollection[purpose], linkedDocumentId(claims), LinkVersioned),
  ]);
  if (!settings) {
    reply(res, 503, { error: "not_configured" }, asPage ? problems.unavailable() : null);
    return null;
  }
  if (linked && isRevoked(claims, linked)) {
    reply(res, 410, { error: "revoked_link" }, asPage ? linkProblems[purpose].revoked() : null);
    return null;
  }
  if (req.method === "POST" && !isLinkPagePost(req, settings.publicBaseUrl)) {
    reply(res, 403, { error: "forbidden_origin" }, asPage ? problems.forbidden() : null);
    return null;
  }
  return { claims, token, settings, asPage };
}
