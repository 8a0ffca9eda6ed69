/** Reads signed links the way a person does: from the captured email. */
import { readFileSync } from "node:fs";
import path from "node:path";
import { root } from "../../scripts/emulators.ts";
import { capturedFor } from "./mail.ts";
import { waitFor } from "./emulator.ts";

/** The key the emulator signs links with (functions/.secret.local). */
export function linkSigningKey(): string {
  const secrets = readFileSync(path.join(root, "functions/.secret.local"), "utf8");
  return /^LINK_SIGNING_KEY=(.+)$/m.exec(secrets)![1]!;
}

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
