/**
 * `/enllacos` (docs/design.md §16): GET shows one field, the address; POST answers every
 * valid address with the same page, and emails the address its working links if it
 * has any (within its mailbox's daily cap). Counted against the client's hourly limit
 * like the intake, so it cannot be used to probe or to flood anyone.
 */
import type { Request } from "firebase-functions/https";
import type { Response } from "express";
import { fieldErrors } from "../domain/fields";
import { LostLinksRequest } from "../domain/personLinks";
import { intakeLimits } from "../config";
import { logs } from "../logs";
import { readSettings } from "../store/programme";
import { countRequest } from "../store/rateLimit";
import { sendLostLinks } from "../usecases/personLinks";
import { lostLinksForm, lostLinksSentPage } from "../views/lostLinksPage";
import { problems } from "../views/pages";
import { bodyType, clientAddress, isSameOrigin, isTooLarge, reply as send, wantsHtml } from "./request";

export async function handleLostLinks(req: Request, res: Response, linkKey: string, now: Date): Promise<void> {
  const asPage = wantsHtml(req);
  if (req.method === "GET" || req.method === "HEAD") return send(res, 200, {}, lostLinksForm());
  if (req.method !== "POST") {
    res.set("Allow", "GET, POST");
    return send(res, 405, { error: "method_not_allowed" }, asPage ? problems.unsupported() : null);
  }
  if (!bodyType(req))
    return send(res, 415, { error: "unsupported_media_type" }, asPage ? problems.unsupported() : null);
  if (isTooLarge(req)) return send(res, 413, { error: "too_large" }, asPage ? problems.tooLarge() : null);
  const settings = await readSettings();
  if (!settings) return send(res, 503, { error: "not_configured" }, asPage ? problems.unavailable() : null);
  if (!isSameOrigin(req, settings.publicBaseUrl)) {
    return send(res, 403, { error: "forbidden_origin" }, asPage ? problems.forbidden() : null);
  }
  const raw = (req.body && typeof req.body === "object" ? req.body : {}) as Record<string, unknown>;
  const parsed = LostLinksRequest.safeParse(raw);
  if (!parsed.success) {
    const fields = fieldErrors(parsed.error.issues);
    return send(
      res,
      400,
      { error: "validation", fields },
      asPage ? lostLinksForm({ values: raw, errors: fields }) : null,
    );
  }
  const client = clientAddress(req, intakeLimits.trustedForwardedHops);
  const rate = await countRequest(linkKey, client, now, intakeLimits.rateLimitWindowMs);
  if (rate.count > settings.intakeRateLimitPerHour) {
    res.set("Retry-After", String(rate.retryAfterSeconds));
    return send(res, 429, { error: "rate_limited" }, asPage ? problems.tooMany() : null);
  }
  const emailed = parsed.data.website ? false : await sendLostLinks(parsed.data.email, { linkKey, settings, now });
  logs.lostLinksAsked(emailed);
  send(res, 202, { status: "accepted" }, asPage ? lostLinksSentPage() : null);
}
