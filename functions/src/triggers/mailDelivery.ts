/** A written `mail` document that asks for delivery is delivered (DESIGN §8). */
import type { DocumentSnapshot } from "firebase-admin/firestore";
import type { Change, FirestoreEvent } from "firebase-functions/firestore";
import { deliverMail, wantsDeliveryNow } from "../usecases/mailDelivery";

export async function onMailWritten(
  event: FirestoreEvent<Change<DocumentSnapshot> | undefined, { id: string }>,
  apiKey: string,
  perSecond: number,
): Promise<void> {
  const after = event.data?.after;
  if (after && wantsDeliveryNow(after, new Date())) await deliverMail(after.id, apiKey, perSecond);
}
