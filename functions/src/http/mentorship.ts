/**
 * GET /mentoria/{token}: a participant's page. POST with `action` = meeting,
 * extension, incident, documentation or assessment. Bad input changes nothing.
 */
import type { Request } from "firebase-functions/https";
import type { Response } from "express";
import { checkMeetingDate, participantForms, type ParticipantAction, type Role } from "../domain/mentorship";
import { Pairing } from "../domain/pairing";
import type { ProgrammeSettings } from "../domain/programme";
import { db, toPlain } from "../firebase";
import {
  logMeeting,
  proposeExtension,
  reportIncident,
  submitAssessment,
  submitDocumentation,
  type ActionResult,
} from "../store/mentorship";
import { mentorshipPage, type PageState } from "../views/mentorshipPage";
import { problems } from "../views/pages";
import { linkProblems } from "../views/proposalPage";
import { reply } from "./request";
import { openLinkedRequest } from "./signedLink";

async function render(id: string, role: Role, settings: ProgrammeSettings, now: Date, state: PageState = {}) {
  const [snap, held] = await Promise.all([
    db.collection("pairings").doc(id).get(),
    db.collection("sessions").where("pairingId", "==", id).get(),
  ]);
  if (!snap.exists) return null;
  const sessions = held.docs
    .map((doc) => ({
      date: toPlain(doc.get("date")) as Date,
      mode: String(doc.get("mode")),
      durationMinutes: Number(doc.get("durationMinutes")),
    }))
    .sort((a, b) => a.date.getTime() - b.date.getTime());
  return mentorshipPage(Pairing.parse(toPlain(snap.data())), role, sessions, settings, now, state);
}

async function act(
  id: string,
  role: Role,
  action: ParticipantAction,
  input: Record<string, unknown>,
  now: Date,
): Promise<ActionResult> {
  switch (action) {
    case "meeting":
      return logMeeting(id, role, input as never, (p, date) => checkMeetingDate(p, date, now));
    case "extension":
      return proposeExtension(id, role, String(input.endsOn));
    case "incident":
      return reportIncident(id, role, input.kind as "incident" | "agreedEnd", String(input.text));
    case "documentation":
      if (role !== "mentee")
        return { ok: false, field: "objectives", message: "La fitxa la documenta la persona acompanyada." };
      return submitDocumentation(id, input as never);
    case "assessment":
      return submitAssessment(id, role, Number(input.score), String(input.comments ?? ""));
  }
}

export async function handleMentorship(req: Request, res: Response, linkKey: string, now: Date): Promise<void> {
  const opened = await openLinkedRequest(req, res, { prefix: "mentoria", purpose: "mentorship", linkKey, now });
  if (!opened) return;
  const { settings, asPage } = opened;
  const { pairingId: id, role } = opened.claims;
  const send = (status: number, json: object, page: string | null) => reply(res, status, json, page);

  if (req.method === "GET" || req.method === "HEAD") {
    const page = await render(id, role, settings, now);
    return page ? send(200, {}, page) : send(404, { error: "not_found" }, linkProblems.notFound());
  }
  const body = (req.body && typeof req.body === "object" ? req.body : {}) as Record<string, unknown>;
  const forms = participantForms(settings);
  const action = body.action as ParticipantAction;
  if (!Object.hasOwn(forms, action)) {
    return send(
      400,
      { error: "validation", fields: { action: "Acció desconeguda." } },
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
  const result = await act(id, role, action, parsed.data as Record<string, unknown>, now);
  if (!result.ok) return failed({ [result.field]: result.message });
  send(
    200,
    { ok: true, notice: result.notice },
    asPage ? await render(id, role, settings, now, { notice: result.notice }) : null,
  );
}
