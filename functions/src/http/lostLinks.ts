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
import { logs } from "../logs";
import { sendLostLinks } from "../usecases/personLinks";
import { lostLinksForm, lostLinksSentPage } from "../views/lostLinksPage";
import { problems } from "../views/pages";
import { openPublicPost, overClientLimit } from "./publicPost";
import { reply as send, wantsHtml } from "./request";

export async function handleLostLinks(req: Request, res: Response, linkKey: string, now: Date): Promise<void> {
  const asPage = wantsHtml(req);
  if (req.method === "GET" || req.method === "HEAD") return send(res, 200, {}, lostLinksForm());
  if (req.method !== "POST") {
    res.set("Allow", "GET, POST");
    return send(res, 405, { error: "method_not_allowed" }, asPage ? problems.unsupported() : null);
  }
  const opened = await openPublicPost(req, res, asPage);
  if (!opened) return;
  const { settings } = opened;
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
  if (await overClientLimit(req, res, { linkKey, settings, now, asPage })) return;
  const emailed = parsed.data.website ? false : await sendLostLinks(parsed.data.email, { linkKey, settings, now });
  logs.lostLinksAsked(emailed);
  send(res, 202, { status: "accepted" }, asPage ? lostLinksSentPage() : null);
}
