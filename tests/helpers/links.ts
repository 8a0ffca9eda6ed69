/** Reads signed links the way a person does: from the captured email. */
import { readFileSync } from "node:fs";
import path from "node:path";
import { root } from "../../scripts/emulators.ts";
import { capturedFor } from "./mail.ts";
import { FieldPath } from "firebase-admin/firestore";
import { db, postApplication, validApplication, waitFor } from "./emulator.ts";

/** A secret the emulator's functions read from functions/.secret.local. */
export function localSecret(name: "LINK_SIGNING_KEY" | "RESEND_WEBHOOK_SECRET"): string {
  const secrets = readFileSync(path.join(root, "functions/.secret.local"), "utf8");
  return new RegExp(`^${name}=(.+)$`, "m").exec(secrets)![1]!;
}

/** The key the emulator signs links with. */
export const linkSigningKey = () => localSecret("LINK_SIGNING_KEY");

export async function proposalLink(pairingId: string): Promise<string> {
  const [email] = await waitFor(async () => {
    const found = await capturedFor(`proposal-${pairingId}`);
    return found.length > 0 ? found : null;
  }, `the proposal email for ${pairingId}`);
  return /https?:\/\/\S+\/proposta\/[\w.-]+/.exec(email!.text ?? "")![0];
}

/** A participant's personal page link, from the email they got when the proposal was accepted. */
export async function participantLink(pairingId: string, role: "mentor" | "mentee"): Promise<string> {
  const [email] = await waitFor(async () => {
    const found = await capturedFor(`pairing-${pairingId}-accepted-${role}`);
    return found.length > 0 ? found : null;
  }, `the acceptance email to the ${role}`);
  return /https?:\/\/\S+\/mentoria\/[\w.-]+/.exec(email!.text ?? "")![0];
}

/**
 * The applicant's page link from the newest confirmation email queued for an
 * application. The outbox document is written with the application, so it is
 * there as soon as the 202 is.
 */
export async function applicantLink(applicationId: string): Promise<string> {
  const prefix = `application-${applicationId}-confirm-`;
  const snap = await db
    .collection("mail")
    .where(FieldPath.documentId(), ">=", prefix)
    .where(FieldPath.documentId(), "<", `${prefix}\uf8ff`)
    .get();
  const newest = snap.docs.sort((a, b) => a.get("createdAt").toMillis() - b.get("createdAt").toMillis()).at(-1);
  if (!newest) throw new Error(`no confirmation email for ${applicationId}`);
  return /https?:\/\/\S+\/sollicitud\/[\w.-]+/.exec(String(newest.get("text")))![0];
}

/** What the owner does on their page, as a program would (JSON). */
export async function ownerPost(link: string, body: Record<string, unknown>, headers: Record<string, string> = {}) {
  const response = await fetch(link, {
    method: "POST",
    headers: { "content-type": "application/json", accept: "application/json", ...headers },
    body: JSON.stringify(body),
  });
  return { status: response.status, json: (await response.json()) as Record<string, unknown> };
}

/** Applies through the public form and confirms through the link, as an applicant does; returns the id. */
export async function applyConfirmed(
  body: Record<string, unknown>,
  options: Parameters<typeof postApplication>[1] = {},
) {
  const response = await postApplication(body, options);
  if (response.status !== 202) throw new Error(`application answered ${response.status}: ${response.text}`);
  const id = response.json!.id as string;
  const confirmed = await ownerPost(await applicantLink(id), { action: "confirm" });
  if (confirmed.status !== 200) throw new Error(`confirmation answered ${confirmed.status}`);
  return id;
}

/** A person of `municipality` applies as `kind` on `topics`, from `{name}@{municipality}.example`, and confirms. */
export const applyAs = (kind: "mentee" | "mentor", name: string, municipality: string, topics: string[]) =>
  applyConfirmed(
    validApplication(kind, {
      name,
      municipality,
      topics,
      email: `${name.toLowerCase()}@${municipality}.example`,
      ...(kind === "mentor" ? { capacity: 1 } : {}),
    }),
  );
