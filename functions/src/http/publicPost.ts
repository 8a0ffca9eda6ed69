/**
 * What every public form post shares (the application form, `/enllacos`): the checks
 * before its body is read, and the client's hourly limit once it is valid.
 */
import type { Request } from "firebase-functions/https";
import type { Response } from "express";
import { intakeLimits } from "../config";
import type { ProgrammeSettings } from "../domain/programme";
import { readSettings } from "../store/programme";
import { countRequest } from "../store/rateLimit";
import { problems } from "../views/pages";
import { bodyType, clientAddress, isSameOrigin, isTooLarge, reply as send, type BodyType } from "./request";

/**
 * A POST with a body we read, small enough, with valid settings, from our own site;
 * otherwise answered (415, 413, 503, 403) and null. `onForeignOrigin` is told of a 403.
 */
export async function openPublicPost(
  req: Request,
  res: Response,
  asPage: boolean,
  onForeignOrigin: () => void = () => {},
): Promise<{ type: BodyType; settings: ProgrammeSettings } | null> {
  const type = bodyType(req);
  if (!type) {
    send(res, 415, { error: "unsupported_media_type" }, asPage ? problems.unsupported() : null);
    return null;
  }
  if (isTooLarge(req)) {
    send(res, 413, { error: "too_large" }, asPage ? problems.tooLarge() : null);
    return null;
  }
  const settings = await readSettings();
  if (!settings) {
    send(res, 503, { error: "not_configured" }, asPage ? problems.unavailable() : null);
    return null;
  }
  if (!isSameOrigin(req, settings.publicBaseUrl)) {
    onForeignOrigin();
    send(res, 403, { error: "forbidden_origin" }, asPage ? problems.forbidden() : null);
    return null;
  }
  return { type, settings };
}

/**
 * Counts a valid post against its client's hourly limit (docs/design.md §4a); past it,
 * answers 429 and returns true. Only valid posts count: junk cannot lock anyone out.
 */
export async function overClientLimit(
  req: Request,
  res: Response,
  context: { linkKey: string; settings: ProgrammeSettings; now: Date; asPage: boolean },
): Promise<boolean> {
  const client = clientAddress(req, intakeLimits.trustedForwardedHops);
  const rate = await countRequest(context.linkKey, client, context.now, intakeLimits.rateLimitWindowMs);
  if (rate.count <= context.settings.intakeRateLimitPerHour) return false;
  res.set("Retry-After", String(rate.retryAfterSeconds));
  send(res, 429, { error: "rate_limited" }, context.asPage ? problems.tooMany() : null);
  return true;
}
