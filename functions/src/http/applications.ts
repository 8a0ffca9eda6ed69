/**
 * POST /api/applications (docs/design.md §4, §4a, contract): validates, checks the
 * programme's data, and stores the submission to wait for its owner's
 * confirmation. Every valid submission gets the same `202`, new or repeated,
 * honeypot or not, so nobody learns whether an address has applied.
 */
import type { Request } from "firebase-functions/https";
import type { Response } from "express";
import {
  applicationId,
  ApplicationKind,
  checkEligibility,
  fromFormBody,
  parseApplication,
  submittedFields,
  type FieldErrors,
} from "../domain/application";
import { applicationWindow, type ProgrammeSettings } from "../domain/programme";
import { logs } from "../logs";
import { readActiveTopics, readMember, readUpcomingCycles } from "../store/programme";
import { storeApplication } from "../usecases/intake";
import { applicationForm } from "./pages";
import { checkYourInboxPage, problems } from "../views/pages";
import { openPublicPost, overClientLimit } from "./publicPost";
import { reply as send, wantsHtml } from "./request";

async function formWithErrors(
  body: Record<string, unknown>,
  fields: FieldErrors,
  settings: ProgrammeSettings,
  now: Date,
) {
  const kind = ApplicationKind.safeParse(body.kind);
  if (!kind.success) return problems.unsupported();
  return applicationForm(kind.data, settings, now, { values: body, errors: fields });
}

export async function handleApplications(req: Request, res: Response, linkKey: string, now: Date): Promise<void> {
  const asPage = wantsHtml(req);
  if (req.method !== "POST") {
    res.set("Allow", "POST");
    return send(res, 405, { error: "method_not_allowed" }, asPage ? problems.unsupported() : null);
  }
  const opened = await openPublicPost(req, res, asPage, () =>
    logs.applicationRejected("forbidden_origin", req.headers.origin ?? req.headers.referer),
  );
  if (!opened) return;
  const { type, settings } = opened;
  const raw = (req.body && typeof req.body === "object" ? req.body : {}) as Record<string, unknown>;
  const parsed = parseApplication(type === "form" ? fromFormBody(raw) : raw);
  if (!parsed.ok) {
    return send(
      res,
      400,
      { error: "validation", fields: parsed.fields },
      asPage ? await formWithErrors(raw, parsed.fields, settings, now) : null,
    );
  }
  const { input } = parsed;
  const [member, topics, cycles] = await Promise.all([
    readMember(input.municipality),
    readActiveTopics(),
    readUpcomingCycles(now),
  ]);
  const eligibility = checkEligibility(input, { member, topics, settings, window: applicationWindow(cycles, now) });
  if (!eligibility.ok) {
    logs.applicationRejected(eligibility.error);
    if (eligibility.error === "validation") {
      const fields = eligibility.fields;
      return send(
        res,
        400,
        { error: "validation", fields },
        asPage ? await formWithErrors(raw, fields, settings, now) : null,
      );
    }
    if (eligibility.error === "not_member") {
      return send(res, 403, { error: "not_member" }, asPage ? problems.notMember(input.kind) : null);
    }
    const next = eligibility.next;
    return send(
      res,
      409,
      { error: "closed", ...(next ? { nextOpensAt: next.applicationsOpenAt.toISOString() } : {}) },
      asPage ? problems.closed(input.kind, next, settings.timezone) : null,
    );
  }

  // Only a valid submission counts: junk posts write nothing and cannot lock the form for anyone.
  if (await overClientLimit(req, res, { linkKey, settings, now, asPage })) return;

  const { cycle } = eligibility;
  const accepted = (id: string) =>
    send(res, 202, { id, status: "unconfirmed" }, asPage ? checkYourInboxPage(id, input.email, settings) : null);
  if (input.website) {
    logs.applicationRejected("honeypot");
    return accepted(applicationId(input, cycle));
  }
  const submitted = submittedFields(input, member!, topics);
  const stored = await storeApplication(applicationId(input, cycle), submitted, cycle, { settings, linkKey, now });
  logs.applicationStored(stored.id, stored.action, stored.emailed);
  accepted(stored.id);
}
