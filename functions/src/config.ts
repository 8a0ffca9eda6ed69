/** Deployment configuration, read in one place. */
import { defineInt, defineSecret } from "firebase-functions/params";

/**
 * Functions and Firestore share one EU region (personal data of public
 * employees stays in the EU; Firestore triggers must run where the database
 * is). Change both together: see README, "Desplegament".
 */
export const region = "europe-southwest1";
/** Where that is, as the privacy notice says it (DESIGN §13). */
export const regionLabel = "la Unió Europea (Madrid)";

/** Resend API key; in the emulator it comes from functions/.secret.local. */
export const resendApiKey = defineSecret("RESEND_API_KEY");

/**
 * The team's rate limit at Resend, requests per second (Resend → Settings →
 * Usage shows it; 2 is the lowest default Resend has had). Every function that
 * sends shares it (README, "Email outbox"); in the emulator, functions/.env.
 */
export const resendRequestsPerSecond = defineInt("RESEND_REQUESTS_PER_SECOND", { default: 2 });

export const intakeLimits = {
  rateLimitWindowMs: 60 * 60_000,
  /**
   * X-Forwarded-For entries at the right written by our own infrastructure
   * (README, "Límit de peticions"): Cloud Run's front end appends one; the
   * emulator's Hosting proxy appends none.
   */
  trustedForwardedHops: process.env.FUNCTIONS_EMULATOR === "true" ? 0 : 1,
} as const;

/** Verifies Resend's webhooks (Svix); Resend shows it when the webhook is created (README, "Desplegament"). */
export const resendWebhookSecret = defineSecret("RESEND_WEBHOOK_SECRET");

/** Key that signs the links in emails (HMAC); in the emulator, from functions/.secret.local. */
export const linkSigningKey = defineSecret("LINK_SIGNING_KEY");

/** The project and database the console links of the secretariat's emails point at. */
export const consoleTarget = () => ({
  projectId:
    process.env.GCLOUD_PROJECT ??
    (JSON.parse(process.env.FIREBASE_CONFIG ?? "{}") as { projectId?: string }).projectId ??
    "unknown-project",
  databaseId: "(default)",
});
