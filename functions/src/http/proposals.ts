/**
 * GET /proposta/{token}: the proposal, never changing anything (mail
 * scanners open links). POST with decision=accept|decline answers it once.
 */
import type { Request } from "firebase-functions/https";
import type { Response } from "express";
import { z } from "zod";
import { verifyLink } from "../domain/links";
import { Pairing } from "../domain/pairing";
import { db, toPlain } from "../firebase";
import { answerProposal } from "../store/proposals";
import { readSettings } from "../store/programme";
import { problems } from "../views/pages";
import { linkProblems, proposalOutcomePage, proposalPage } from "../views/proposalPage";
import { bodyType, isSameOrigin, wantsHtml } from "./request";

const DecisionBody = z.object({ decision: z.enum(["accept", "decline"]) });

function send(res: Response, status: number, json: object, page: string | null) {
  // Pages carry a personal token: never cached, never sent on as a referrer.
  res.set({ "Cache-Control": "no-store", "Referrer-Policy": "no-referrer" });
  if (page !== null) res.status(status).type("html").send(page);
  else res.status(status).json(json);
}

export async function handleProposals(req: Request, res: Response, linkKey: string, now: Date): Promise<void> {
  const asPage = req.method === "GET" || wantsHtml(req);
  const token = /^\/proposta\/([\w.-]+)$/.exec(req.path)?.[1] ?? "";
  const link = verifyLink(linkKey, token, now);
  if (!link.ok) {
    return link.problem === "expired"
      ? send(res, 410, { error: "expired_link" }, asPage ? linkProblems.expired() : null)
      : send(res, 400, { error: "invalid_link" }, asPage ? linkProblems.invalid() : null);
  }
  const { pairingId } = link.claims;
  const settings = await readSettings();
  if (!settings) return send(res, 503, { error: "not_configured" }, asPage ? problems.unavailable() : null);

  if (req.method === "GET" || req.method === "HEAD") {
    const snap = await db.collection("pairings").doc(pairingId).get();
    if (!snap.exists) return send(res, 404, { error: "not_found" }, linkProblems.notFound());
    const pairing = Pairing.parse(toPlain(snap.data()));
    const page =
      pairing.status === "proposed"
        ? proposalPage(pairing, token, settings.timezone)
        : proposalOutcomePage(pairing.status, false);
    return send(res, 200, {}, page);
  }
  if (req.method !== "POST") {
    res.set("Allow", "GET, POST");
    return send(res, 405, { error: "method_not_allowed" }, asPage ? problems.notFound() : null);
  }
  if (!bodyType(req))
    return send(res, 415, { error: "unsupported_media_type" }, asPage ? problems.unsupported() : null);
  if (!isSameOrigin(req, settings.publicBaseUrl)) {
    return send(res, 403, { error: "forbidden_origin" }, asPage ? problems.forbidden() : null);
  }
  const body = DecisionBody.safeParse(req.body);
  if (!body.success) {
    return send(
      res,
      400,
      { error: "validation", fields: { decision: "Tria si acceptes o declines la proposta." } },
      asPage ? problems.unsupported() : null,
    );
  }
  const answer = await answerProposal(pairingId, body.data.decision, now, linkKey);
  if (answer.outcome === "not_found")
    return send(res, 404, { error: "not_found" }, asPage ? linkProblems.notFound() : null);
  if (answer.outcome === "unchanged") {
    return send(
      res,
      409,
      { error: "already_decided", status: answer.status },
      asPage ? proposalOutcomePage(answer.status, false) : null,
    );
  }
  if (answer.outcome === "expired") {
    return send(res, 410, { error: "expired_link", status: "expired" }, asPage ? linkProblems.expired() : null);
  }
  send(res, 200, { status: answer.outcome }, asPage ? proposalOutcomePage(answer.outcome, true) : null);
}
