/**
 * GET /mentoria/{token}: a participant's page. POST with `action` = meeting,
 * extension, agreement, incident, documentation or assessment. Bad input changes nothing;
 * an action the page does not offer is refused.
 */
import type { Request } from "firebase-functions/https";
import type { Response } from "express";
import { participantForms, type ActionOutcome, type ParticipantAction, type Role } from "../domain/mentorship";
import type { ProgrammeSettings } from "../domain/programme";
import {
  logMeeting,
  proposeExtension,
  readMentorship,
  reportIncident,
  saveAgreement,
  submitAssessment,
  submitDocumentation,
  type AgreementInput,
  type DocumentationInput,
  type MeetingInput,
} from "../usecases/mentorship";
import { linkProblems } from "../views/linkProblems";
import { actionNotice, mentorshipPage, refusalFields, unknownAction, type PageState } from "../views/mentorshipPage";
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
  }
}

export async function handleMentorship(req: Request, res: Response, linkKey: string, now: Date): Promise<void> {
  const opened = await openLinkedRequest(req, res, { purpose: "mentorship", linkKey, now });
  if (!opened) return;
  const { settings, asPage } = opened;
  const { pairingId: id, role } = opened.claims;
  const send = (status: number, json: object, page: string | null) => reply(res, status, json, page);

  if (req.method === "GET" || req.method === "HEAD") {
    const page = await render(id, role, settings, now);
    return page ? send(200, {}, page) : send(404, { error: "not_found" }, linkProblems.mentorship.notFound());
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
  send(200, { ok: true, notice }, asPage ? await render(id, role, settings, now, { notice }) : null);
}
