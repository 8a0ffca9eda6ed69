/**
 * GET /mentoria/{token}: a participant's page. POST with `action` = meeting,
 * extension, agreement, incident, documentation or assessment. Bad input changes nothing;
 * an action the page does not offer is refused.
 */
import type { Request } from "firebase-functions/https";
import type { Response } from "express";
import { z } from "zod";
import { CheckInAnswer } from "../domain/checkIns";
import { linkPaths } from "../domain/links";
import {
  allowedActions,
  participantForms,
  type ActionOutcome,
  type ParticipantAction,
  type Role,
} from "../domain/mentorship";
import { isoDay } from "../domain/time";
import type { ProgrammeSettings } from "../domain/programme";
import {
  answerCheckIn,
  logMeeting,
  proposeExtension,
  readMentorship,
  reportIncident,
  saveAgreement,
  submitAssessment,
  submitDocumentation,
  type AgreementInput,
  type CheckInInput,
  type DocumentationInput,
  type MeetingInput,
} from "../usecases/mentorship";
import { linkProblems } from "../views/linkProblems";
import {
  actionNotice,
  checkInAnswerPage,
  mentorshipPage,
  refusalFields,
  unknownAction,
  type PageState,
} from "../views/mentorshipPage";
import { problems } from "../views/pages";
import { reply } from "./request";
import { openLinkedRequest } from "./signedLink";

async function render(id: string, role: Role, settings: ProgrammeSettings, now: Date, state: PageState = {}) {
  const found = await readMentorship(id);
  return found ? mentorshipPage(found.pairing, role, found.sessions, settings, now, state) : null;
}

function act(
  id: string,
  role: Role,
  action: ParticipantAction,
  input: Record<string, unknown>,
  settings: ProgrammeSettings,
  now: Date,
): Promise<ActionOutcome> {
  switch (action) {
    case "meeting":
      return logMeeting(id, role, input as MeetingInput, settings, now);
    case "extension":
      return proposeExtension(id, role, String(input.endsOn), settings, now);
    case "incident":
      return reportIncident(
        id,
        role,
        { kind: input.kind as "incident" | "agreedEnd", text: String(input.text), endsOn: String(input.endsOn ?? "") },
        settings,
        now,
      );
    case "documentation":
      return submitDocumentation(id, role, input as DocumentationInput, now);
    case "agreement":
      return saveAgreement(id, role, input as AgreementInput, settings, now);
    case "assessment":
      return submitAssessment(id, role, Number(input.score), String(input.comments ?? ""), now);
    case "checkIn":
      return answerCheckIn(id, role, input as CheckInInput, settings, now);
  }
}

/** A check-in link's query: `?seguiment={month}&resposta={answer}` (views/mentorshipEmails.ts). */
const CheckInQuery = z.object({ seguiment: z.coerce.number().int().min(1), resposta: CheckInAnswer });

export async function handleMentorship(req: Request, res: Response, linkKey: string, now: Date): Promise<void> {
  const opened = await openLinkedRequest(req, res, { purpose: "mentorship", linkKey, now });
  if (!opened) return;
  const { settings, asPage } = opened;
  const { pairingId: id, role } = opened.claims;
  const send = (status: number, json: object, page: string | null) => reply(res, status, json, page);

  if (req.method === "GET" || req.method === "HEAD") {
    const found = await readMentorship(id);
    if (!found) return send(404, { error: "not_found" }, linkProblems.mentorship.notFound());
    const asked = CheckInQuery.safeParse(req.query);
    // A check-in link shows one button; a question not sent, or a mentorship no longer in course, shows the page.
    if (
      asked.success &&
      found.pairing.checkIns[String(asked.data.seguiment)] &&
      allowedActions(found.pairing, role, now).has("checkIn")
    ) {
      const path = `/${linkPaths.mentorship}/${opened.token}`;
      return send(200, {}, checkInAnswerPage(asked.data.seguiment, asked.data.resposta, path));
    }
    return send(200, {}, mentorshipPage(found.pairing, role, found.sessions, settings, now));
  }
  const body = (req.body && typeof req.body === "object" ? req.body : {}) as Record<string, unknown>;
  const forms = participantForms(settings);
  const action = body.action as ParticipantAction;
  if (!Object.hasOwn(forms, action)) {
    return send(
      400,
      { error: "validation", fields: { action: unknownAction } },
      asPage ? problems.unsupported() : null,
    );
  }
  const parsed = forms[action].safeParse(body);
  const failed = async (fields: Record<string, string>) =>
    send(
      400,
      { error: "validation", fields },
      asPage ? await render(id, role, settings, now, { errors: { action, fields }, values: body }) : null,
    );
  if (!parsed.success) {
    const fields: Record<string, string> = {};
    for (const issue of parsed.error.issues) fields[String(issue.path[0])] ??= issue.message;
    return failed(fields);
  }
  const result = await act(id, role, action, parsed.data as Record<string, unknown>, settings, now);
  if (!result.ok) return failed(refusalFields(result));
  const notice = actionNotice(result, settings.timezone);
  // «Ens hem trobat» leads to the meeting form, dated today (docs/design.md §17).
  const initial =
    result.done === "checkInAnswered" && result.answer === "met"
      ? { meeting: { date: isoDay(now, settings.timezone) } }
      : undefined;
  send(
    200,
    { ok: true, notice },
    asPage ? await render(id, role, settings, now, { notice, ...(initial ? { initial } : {}) }) : null,
  );
}
