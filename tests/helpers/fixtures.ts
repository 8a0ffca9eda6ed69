/** Stored documents for the unit tests of pure rules, as the schemas read them. */
import { StoredApplication } from "../../functions/src/domain/application.ts";
import { Pairing, type PairingStatus } from "../../functions/src/domain/pairing.ts";

export const fixtureNow = new Date("2026-11-23T09:00:00Z");

/** An application of cycle 2026 whose id, municipality and address derive from `municipality`. */
export function application(kind: "mentee" | "mentor", municipality: string, fields: Record<string, unknown> = {}) {
  return StoredApplication.parse({
    kind,
    cycle: "2026",
    person: { name: `P ${municipality}`, email: `${municipality}@x.example`, position: "Tècnica" },
    municipality: { id: municipality, name: municipality },
    topics: ["a"],
    description: "d",
    modes: ["presencial"],
    status: "received",
    createdAt: fixtureNow,
    updatedAt: fixtureNow,
    ...(kind === "mentor" ? { capacity: 1 } : {}),
    ...fields,
  });
}

export function pairing(mentee: string, mentor: string, status: PairingStatus, fields: Record<string, unknown> = {}) {
  return Pairing.parse({
    cycle: "2026",
    mentor: { applicationId: mentor, name: "Marta", email: "r@x.example", municipality: { id: mentor, name: mentor } },
    mentee: { applicationId: mentee, name: "Laia", email: "e@x.example", municipality: { id: mentee, name: mentee } },
    status,
    ...fields,
  });
}
