/** A written `mail` document that asks for delivery is delivered (docs/design.md §8). */
import { deliverMail, wantsDeliveryNow, type MailSender } from "../usecases/mailDelivery";
import { writtenOf, type WrittenEvent } from "./reactions";

export async function onMailWritten(event: WrittenEvent, sender: MailSender): Promise<void> {
  const after = writtenOf(event)?.after;
  if (after && wantsDeliveryNow(after, sender.clock())) await deliverMail(after.id, sender);
}
