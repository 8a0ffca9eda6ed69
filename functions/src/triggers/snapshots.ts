/** What the triggers read off an event's snapshots, in one place. */
import type { DocumentSnapshot } from "firebase-admin/firestore";
import { cycleOfDate } from "../usecases/reports";

/** A document's `status` as written (a missing side has none). */
export const statusOf = (snap: DocumentSnapshot | undefined) => snap?.get("status") as unknown;

/** Whether any of these fields differs between the two sides of a write (a missing side has none). */
export const fieldsChanged = (
  before: DocumentSnapshot | undefined,
  after: DocumentSnapshot | undefined,
  fields: readonly string[],
) => fields.some((field) => JSON.stringify(before?.get(field) ?? null) !== JSON.stringify(after?.get(field) ?? null));

/** The secretariat raised `linkVersion` (docs/design.md §16): every link issued before is retired. */
export const linkVersionRaised = (before: DocumentSnapshot | undefined, after: DocumentSnapshot | undefined) =>
  !!before && !!after && Number(after.get("linkVersion") ?? 0) > Number(before.get("linkVersion") ?? 0);

/**
 * The cycle whose report a document counts in: its own `cycle`, or — advisory
 * requests and groups have none — the cycle it was created in.
 */
export async function reportCycleOf(snap: DocumentSnapshot | undefined): Promise<string | null> {
  if (!snap?.exists) return null;
  const cycle = snap.get("cycle") as unknown;
  if (typeof cycle === "string") return cycle;
  return cycleOfDate((snap.get("createdAt") as { toDate?: () => Date } | undefined)?.toDate?.());
}
