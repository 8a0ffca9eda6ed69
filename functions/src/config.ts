/** Deployment configuration, read in one place. */
import { defineSecret } from "firebase-functions/params";

/**
 * Functions and Firestore share one EU region (personal data of public
 * employees stays in the EU; Firestore triggers must run where the database
 * is). Change both together: see README, "Desplegament".
 */
export const region = "europe-southwest1";

/** Resend API key; in the emulator it comes from functions/.secret.local. */
export const resendApiKey = defineSecret("RESEND_API_KEY");

export const intakeLimits = {
  rateLimitWindowMs: 60 * 60_000,
  /**
   * X-Forwarded-For entries at the right written by our own infrastructure
   * (README, "Límit de peticions"): Cloud Run's front end appends one; the
   * emulator's Hosting proxy appends none.
   */
  trustedForwardedHops: process.env.FUNCTIONS_EMULATOR === "true" ? 0 : 1,
} as const;

/** Key that signs the links in emails (HMAC); in the emulator, from functions/.secret.local. */
export const linkSigningKey = defineSecret("LINK_SIGNING_KEY");
