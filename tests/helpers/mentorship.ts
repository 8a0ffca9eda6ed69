/** Arranging mentorships through the system itself: applications, a proposal, the mentor's acceptance. */
import { validApplication, waitFor, db } from "./emulator.ts";
import { applyConfirmed, participantLink, proposalLink } from "./links.ts";

/** Two applications and a pairing the secretariat proposes by hand; waits for the proposal link. */
export async function handMadeProposal(id: string, mentee: Record<string, unknown>, mentor: Record<string, unknown>) {
  const menteeId = await applyConfirmed(validApplication("mentee", mentee));
  const mentorId = await applyConfirmed(validApplication("mentor", mentor));
  await db
    .collection("pairings")
    .doc(id)
    .set({
      status: "proposed",
      mentee: { applicationId: menteeId },
      mentor: { applicationId: mentorId },
    });
  return { id, link: await proposalLink(id) };
}

export async function acceptedMentorship(tag = "a") {
  const { id, link } = await handMadeProposal(
    `mentoria-${tag}`,
    { name: `Laia ${tag}`, municipality: "olot" },
    { name: `Marta ${tag}`, municipality: "sabadell" },
  );
  const response = await fetch(link, {
    method: "POST",
    headers: { "content-type": "application/json", accept: "application/json" },
    body: JSON.stringify({ decision: "accept" }),
  });
  if (response.status !== 200) throw new Error(`accept answered ${response.status}`);
  await waitFor(async () => (await db.collection("pairings").doc(id).get()).get("status") === "accepted", "accepted");
  return { id, menteeLink: await participantLink(id, "mentee"), mentorLink: await participantLink(id, "mentor") };
}

/** Posts a participant form as a program would (JSON). */
export async function act(link: string, body: Record<string, unknown>) {
  const response = await fetch(link, {
    method: "POST",
    headers: { "content-type": "application/json", accept: "application/json" },
    body: JSON.stringify(body),
  });
  return { status: response.status, json: (await response.json()) as Record<string, unknown> };
}

export const pairing = async (id: string) => (await db.collection("pairings").doc(id).get()).data()!;
