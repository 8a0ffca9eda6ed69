/** Deployment configuration, read in one place. */
import { defineInt, defineSecret } from "firebase-functions/params";

/**
 * Functions and Firestore share one EU region (personal data of public
 * employees stays in the EU; Firestore triggers must run where the database
 * is). Change both together: see docs/operations.md, "Deploying".
 */
export const region = "europe-southwest1";
/** Where that is, as the privacy notice says it (docs/design.md §13). */
export const regionLabel = "la Unió Europea (Madrid)";

/** Resend API key; in the emulator it comes from functions/.secret.local. */
export const resendApiKey = defineSecret("RESEND_API_KEY", {
  label: "Resend API key",
  description:
    "A Resend API key with sending access to the domain of settings/programme.senderEmail (Resend → API Keys). Only the delivery functions are given it.",
});

/**
 * The team's rate limit at Resend, requests per second (Resend → Settings →
 * Usage shows it; 2 is the lowest default Resend has had). Every function that
 * sends shares it (docs/design.md §14); in the emulator, functions/.env.
 */
export const resendRequestsPerSecond = defineInt("RESEND_REQUESTS_PER_SECOND", {
  default: 2,
  label: "Resend requests per second",
  description:
    "The team's API rate limit at Resend (Resend → Settings → Usage). Every sending function shares it; 2 is Resend's lowest default.",
  input: {
    text: {
      validationRegex: "^[1-9][0-9]*$",
      validationErrorMessage: "A whole number of requests per second, 1 or more.",
    },
  },
});

export const intakeLimits = {
  rateLimitWindowMs: 60 * 60_000,
  /**
   * X-Forwarded-For entries at the right written by our own infrastructure
   * (docs/design.md §4a; docs/operations.md, "The client address"): behind
   * Hosting, its edge appends the visitor's address and Google's front end
   * then appends the edge's, so the visitor is the second entry from the
   * right. The emulator's Hosting proxy appends none: the socket's peer is the client.
   */
  trustedForwardedHops: process.env.FUNCTIONS_EMULATOR === "true" ? 0 : 2,
} as const;

/** Verifies Resend's webhooks (Svix); Resend shows it when the webhook is created (docs/operations.md, "Deploying"). */
export const resendWebhookSecret = defineSecret("RESEND_WEBHOOK_SECRET", {
  label: "Resend webhook signing secret",
  description:
    "The signing secret (whsec_…) Resend shows when the webhook to https://<site>/api/email-events is created; see docs/operations.md, Deploying, for the first deploy.",
});

/** Key that signs the links in emails (HMAC); in the emulator, from functions/.secret.local. */
export const linkSigningKey = defineSecret("LINK_SIGNING_KEY", {
  label: "Link signing key",
  description:
    "A random key (openssl rand -base64 32) that signs the links in emails. Changing it revokes every link already sent.",
});

/** The project and database the console links of the secretariat's emails point at. */
export const consoleTarget = () => ({
  projectId:
    process.env.GCLOUD_PROJECT ??
    (JSON.parse(process.env.FIREBASE_CONFIG ?? "{}") as { projectId?: string }).projectId ??
    "unknown-project",
  databaseId: "(default)",
});
