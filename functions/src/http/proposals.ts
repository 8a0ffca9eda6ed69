/**
 * GET /proposta/{token}: the proposal, never changing anything (mail
 * scanners open links). POST with decision=accept|decline answers it once.
 */
import type { Request } from "firebase-functions/https";
import type { Response } from "express";
import { z } from "zod";
import { Pairing } from "../domain/pairing";
import { store } from "../store/repository";
import { answerProposal } from "../usecases/proposals";
import { problems } from "../views/pages";
import { linkProblems } from "../views/linkProblems";
import { proposalOutcomePage, proposalPage } from "../views/proposalPage";
import { reply } from "./request";
import { openLinkedRequest } from "./signedLink";

const DecisionBody = z.object({ decision: z.enum(["accept", "decline"]) });

export async function handleProposals(req: Request, res: Response, linkKey: string, now: Date): Promise<void> {
  const opened = await openLinkedRequest(req, res, { purpose: "proposal", linkKey, now });
  if (!opened) return;
  const { claims, token, settings, asPage } = opened;
  const { pairingId } = claims;
  const send = (status: number, json: object, page: string | null) => reply(res, status, json, page);

  if (req.method === "GET" || req.method === "HEAD") {
    const pairing = await store.read("pairings", pairingId, Pairing);
    if (!pairing) return send(404, { error: "not_found" }, linkProblems.proposal.notFound());
    const page =
      pairing.status === "proposed"
        ? proposalPage(pairing, token, settings)
        : proposalOutcomePage(pairing.status, false);
    return send(200, {}, page);
  }
  const body = DecisionBody.safeParse(req.body);
  if (!body.success) {
    return send(
      400,
      { error: "validation", fields: { decision: "Tria si acceptes o declines la proposta." } },
      asPage ? problems.unsupported() : null,
    );
  }
  const answer = await answerProposal(pairingId, body.data.decision, now, { linkKey, settings });
  if (answer.outcome === "not_found")
    return send(404, { error: "not_found" }, asPage ? linkProblems.proposal.notFound() : null);
  if (answer.outcome === "unchanged") {
    return send(
      409,
      { error: "already_decided", status: answer.status },
      asPage ? proposalOutcomePage(answer.status, false) : null,
    );
  }
  if (answer.outcome === "expired") {
    return send(410, { error: "expired_link", status: "expired" }, asPage ? linkProblems.proposal.expired() : null);
  }
  send(200, { status: answer.outcome }, asPage ? proposalOutcomePage(answer.outcome, true) : null);
}
