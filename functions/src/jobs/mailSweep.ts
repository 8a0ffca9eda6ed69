/**
 * Every minute: picks up what the delivery trigger left — automatic
 * retries now due, and messages stuck in PROCESSING after a crash.
 */
export { sweepMail } from "../usecases/mailDelivery";
