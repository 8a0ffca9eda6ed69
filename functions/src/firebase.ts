/** The one place Firebase Admin is initialised. */
import { getApps, initializeApp } from "firebase-admin/app";
import { getFirestore, Timestamp } from "firebase-admin/firestore";

const app = getApps()[0] ?? initializeApp();
export const db = getFirestore(app);
// Domain objects leave optional fields undefined; Firestore would reject them.
db.settings({ ignoreUndefinedProperties: true });

/** Firestore Timestamps become Dates, so domain schemas read plain data. */
export function toPlain(value: unknown): unknown {
  if (value instanceof Timestamp) return value.toDate();
  if (Array.isArray(value)) return value.map(toPlain);
  if (value && typeof value === "object" && Object.getPrototypeOf(value) === Object.prototype) {
    return Object.fromEntries(Object.entries(value).map(([key, v]) => [key, toPlain(v)]));
  }
  return value;
}
