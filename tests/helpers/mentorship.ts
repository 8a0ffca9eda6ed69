/** Arranging mentorships through the system itself: applications, a proposal, the mentor's acceptance. */
import { validApplication, waitFor, db, withTriggersPaused } from "./emulator.ts";
import { application, pairing as pairingFixture } from "./fixtures.ts";
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

/**
 * `n` mentorships in course in `cycle`, written as the console would (no trigger
 * sees them): applications `e{i}` and `m{i}`, pairings `mentoria-{i}`.
 */
export async function mentorshipsInCourse(n: number, cycle: string): Promise<string[]> {
  return withTriggersPaused(async () => {
    const ids: string[] = [];
    for (let i = 0; i < n; i++) {
      const mentee = application("mentee", `olot${i}`, { cycle, status: "matched" });
      const mentor = application("mentor", `vic${i}`, { cycle });
      const party = (id: string, app: typeof mentee) => ({
        applicationId: id,
        name: app.person.name,
        email: app.person.email,
        municipality: app.municipality,
      });
      const id = `mentoria-${i}`;
      await db.doc(`applications/e${i}`).set(mentee);
      await db.doc(`applications/m${i}`).set(mentor);
      await db.doc(`pairings/${id}`).set(
        pairingFixture(`e${i}`, `m${i}`, "accepted", {
          cycle,
          mentee: party(`e${i}`, mentee),
          mentor: party(`m${i}`, mentor),
          proposedAt: new Date(),
          acceptedAt: new Date(),
        }),
      );
      ids.push(id);
    }
    return ids;
  });
}
