/**
 * `/sollicitud/{token}` (docs/design.md §4a): the applicant's own page. GET shows
 * the application and never changes anything (mail scanners open links);
 * POST with `action=confirm|update|withdraw|discard` is the owner acting on it,
 * and `action=renew` on last cycle's page makes this cycle's (docs/design.md §17).
 */
import type { Request } from "firebase-functions/https";
import type { Response } from "express";
import { z } from "zod";
import {
  checkEligibility,
  fromFormBody,
  parseApplication,
  pendingVersion,
  submittedFields,
  type FieldErrors,
  type StoredApplication,
} from "../domain/application";
import { applicationLink, linkPaths } from "../domain/links";
import { Cycle } from "../domain/programme";
import { logs } from "../logs";
import { readActiveMembers, readActiveTopics, readMember } from "../store/programme";
import { store } from "../store/repository";
import { ownerAction, readOwnApplication, type OwnerOutcome } from "../usecases/intake";
import { renewalOffer, renewApplication } from "../usecases/renewal";
import {
  applicantPage,
  ownerActionMessages,
  ownerActions,
  renewalMessages,
  withdrawQuestionPage,
} from "../views/applicantPage";
import { linkProblems } from "../views/linkProblems";
import { problems } from "../views/pages";
import { reply } from "./request";
import { openLinkedRequest, type LinkedRequest } from "./signedLink";

const ActionBody = z.object({
  action: z.enum(ownerActions),
  sure: z.literal("yes").optional().catch(undefined),
  /** Which pending change the page showed (`pendingVersion`): only that one is confirmed. */
  pending: z.string().max(20).optional().catch(undefined),
});

export async function handleApplicant(req: Request, res: Response, linkKey: string, now: Date): Promise<void> {
  const opened = await openLinkedRequest(req, res, { purpose: "application", linkKey, now });
  if (!opened) return;
  const { claims, settings, asPage } = opened;
  const id = claims.applicationId;
  const path = `/${linkPaths.application}/${opened.token}`;
  const send = (status: number, json: object, page: string | null) => reply(res, status, json, page);
  const gone = () => send(404, { error: "not_found" }, asPage ? linkProblems.application.notFound() : null);

  const context = { settings, linkKey, now };
  /** The page of `shown` (this link's application, or the one a renewal made). */
  const render = async (
    application: StoredApplication,
    status: number,
    extra: { notice?: string; values?: Record<string, unknown>; errors?: FieldErrors } = {},
    shown: { id: string; path: string } = { id, path },
  ) => {
    const [members, topics, cycle] = await Promise.all([
      readActiveMembers(),
      readActiveTopics(),
      application.cycle ? store.read("cycles", application.cycle, Cycle) : Promise.resolve(null),
    ]);
    const renewal =
      asPage && shown.id === id && application.cycle
        ? await renewalOffer({ ...application, id }, topics, context)
        : null;
    const json = {
      id: shown.id,
      status: application.status,
      ...(application.pendingChange ? { pending: pendingVersion(application.pendingChange) } : {}),
      ...(extra.errors ? { error: "validation", fields: extra.errors } : {}),
    };
    const offered =
      renewal && renewal.outcome !== "notOffered"
        ? {
            cycle: renewal.cycle,
            renewedLink: renewal.outcome === "exists" ? linkTo(renewal.id, renewal.application) : null,
          }
        : undefined;
    send(
      status,
      json,
      asPage
        ? applicantPage({ ...shown, application, settings, cycle, members, topics, renewal: offered, ...extra })
        : null,
    );
  };
  const linkTo = (target: string, application: StoredApplication) =>
    applicationLink({ ...application, id: target }, linkKey, settings.publicBaseUrl, now);

  if (req.method === "GET" || req.method === "HEAD") {
    const application = await readOwnApplication(id, now);
    return application ? render(application, 200) : gone();
  }

  const raw = (req.body && typeof req.body === "object" ? req.body : {}) as Record<string, unknown>;
  if (raw.action === "renew") {
    const renewed = await renewApplication(id, context);
    logs.applicationOwnerAction(id, "renew", renewed.outcome);
    if (renewed.outcome === "notOffered") {
      const current = await readOwnApplication(id, now);
      if (!current) return gone();
      return asPage
        ? render(current, 409, { notice: renewalMessages.notOffered })
        : send(409, { error: "not_allowed", status: current.status }, null);
    }
    const target = { id: renewed.id, path: new URL(linkTo(renewed.id, renewed.application)).pathname };
    return render(
      renewed.application,
      renewed.outcome === "created" ? 201 : 200,
      {
        notice: renewalMessages[renewed.outcome](renewed.cycle.id),
      },
      target,
    );
  }
  const body = ActionBody.safeParse(raw);
  if (!body.success) {
    return send(
      400,
      { error: "validation", fields: { action: ownerActionMessages.chooseAction } },
      asPage ? problems.unsupported() : null,
    );
  }
  const { action } = body.data;
  const current = await readOwnApplication(id, now);
  if (!current) return gone();

  if (action === "withdraw" && !body.data.sure && asPage) {
    return send(200, { id, status: current.status }, withdrawQuestionPage({ id, application: current, path }));
  }
  let outcome: OwnerOutcome;
  if (action === "update") {
    const correction = await readCorrection(raw, current, settings);
    if (!correction.ok) return render(current, 400, { values: raw, errors: correction.fields });
    outcome = await ownerAction(id, { action, submitted: correction.submitted }, { settings, linkKey, now });
  } else if (action === "confirm") {
    outcome = await ownerAction(id, { action, shown: body.data.pending }, { settings, linkKey, now });
  } else {
    outcome = await ownerAction(id, { action }, { settings, linkKey, now });
  }
  logs.applicationOwnerAction(id, action, outcome.outcome);
  if (outcome.outcome === "gone") return gone();
  if (outcome.outcome === "refused") {
    return asPage
      ? render(outcome.application, 409, { notice: ownerActionMessages.refused[action] })
      : send(409, { error: "not_allowed", status: outcome.application.status }, null);
  }
  if (outcome.outcome === "stale") {
    return asPage
      ? render(outcome.application, 409, { notice: ownerActionMessages.stale })
      : send(409, { error: "stale", status: outcome.application.status }, null);
  }
  await render(outcome.application, 200, { notice: ownerActionMessages.done[action][outcome.outcome] });
}

/**
 * A correction is the public form's fields, checked the same way; the
 * address and the kind are the stored ones, and the application window does
 * not apply (a person may fix a typo after the call has closed).
 */
async function readCorrection(
  raw: Record<string, unknown>,
  current: StoredApplication,
  settings: LinkedRequest<"application">["settings"],
) {
  const parsed = parseApplication({
    ...fromFormBody(raw),
    kind: current.kind,
    email: current.person.email,
    consent: true,
  });
  if (!parsed.ok) return { ok: false as const, fields: parsed.fields };
  const [member, topics] = await Promise.all([readMember(parsed.input.municipality), readActiveTopics()]);
  const eligibility = checkEligibility(parsed.input, { member, topics, settings });
  if (!eligibility.ok) {
    const fields: FieldErrors =
      eligibility.error === "validation" ? eligibility.fields : { municipality: ownerActionMessages.notMember };
    return { ok: false as const, fields };
  }
  return { ok: true as const, submitted: submittedFields(parsed.input, member!, topics) };
}
