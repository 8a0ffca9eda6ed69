/**
 * Wires the functions; all behaviour lives in http/, triggers/ and jobs/.
 * Each function loads its own handler on first use, so a cold instance of
 * one function does not load what only the others run (matching, calendars,
 * the Resend SDK). Names say what each function serves or reacts to, and are
 * the names of their handlers: `…Api` and `…Page` answer HTTP, `on…Written`
 * reacts to a Firestore write, a scheduled job is named for what it does.
 * The clock is read here, once per request or event, and passed down.
 */
import { setGlobalOptions } from "firebase-functions/options";
import { onDocumentWritten } from "firebase-functions/firestore";
import { onRequest } from "firebase-functions/https";
import { onSchedule } from "firebase-functions/scheduler";
import { linkSigningKey, region, resendApiKey, resendRequestsPerSecond, resendWebhookSecret } from "./config";
import { withErrorBoundary } from "./http/boundary";

setGlobalOptions({ region, maxInstances: 10 });

/**
 * Each function's handler module, loaded on its first request or event, so a
 * cold instance loads only its own (the bundle puts each in chunks of its own);
 * `npm run bench` measures a function's cold load as the bundle's entry plus this.
 */
export const handlers = {
  applicationsApi: () => import("./http/applications.js"),
  applicantPage: () => import("./http/applicant.js"),
  publicPages: () => import("./http/pages.js"),
  proposalPage: () => import("./http/proposals.js"),
  mentorshipPage: () => import("./http/mentorship.js"),
  lostLinksPage: () => import("./http/lostLinks.js"),
  emailEventsApi: () => import("./http/emailEvents.js"),
  onMatchingRunWritten: () => import("./triggers/matchingRunWritten.js"),
  onPairingWritten: () => import("./triggers/pairingWritten.js"),
  onApplicationWritten: () => import("./triggers/applicationWritten.js"),
  onAdvisoryRequestWritten: () => import("./triggers/advisoryRequestWritten.js"),
  onAdvisoryGroupWritten: () => import("./triggers/advisoryWritten.js"),
  onIncidentWritten: () => import("./triggers/incidentWritten.js"),
  onSessionWritten: () => import("./triggers/sessionWritten.js"),
  onPrivacyRequestWritten: () => import("./triggers/privacyRequestWritten.js"),
  onExportWritten: () => import("./triggers/exportWritten.js"),
  onHoldWritten: () => import("./triggers/holdWritten.js"),
  runDeadlines: () => import("./jobs/deadlines.js"),
  onMailWritten: () => import("./triggers/mailDelivery.js"),
  sendAttentionDigest: () => import("./jobs/attentionDigest.js"),
  sweepMail: () => import("./jobs/mailSweep.js"),
  sweepStuckWork: () => import("./jobs/workSweep.js"),
};

const publicPage = { invoker: "public", memory: "256MiB" } as const;

/**
 * Every Firestore trigger here is idempotent (a claim, a recount or a state
 * check in a transaction), so a failed event is delivered again rather than
 * lost (docs/design.md §14); the sweeps catch what retries do not.
 */
const retried = { retry: true } as const;

export const applicationsApi = onRequest(
  { ...publicPage, secrets: [linkSigningKey] },
  withErrorBoundary(async (req, res) =>
    (await handlers.applicationsApi()).handleApplications(req, res, linkSigningKey.value(), new Date()),
  ),
);

export const applicantPage = onRequest(
  { ...publicPage, secrets: [linkSigningKey] },
  withErrorBoundary(async (req, res) =>
    (await handlers.applicantPage()).handleApplicant(req, res, linkSigningKey.value(), new Date()),
  ),
);

export const publicPages = onRequest(
  publicPage,
  withErrorBoundary(async (req, res) => (await handlers.publicPages()).handlePages(req, res, new Date())),
);

export const proposalPage = onRequest(
  { ...publicPage, secrets: [linkSigningKey] },
  withErrorBoundary(async (req, res) =>
    (await handlers.proposalPage()).handleProposals(req, res, linkSigningKey.value(), new Date()),
  ),
);

export const mentorshipPage = onRequest(
  { ...publicPage, secrets: [linkSigningKey] },
  withErrorBoundary(async (req, res) =>
    (await handlers.mentorshipPage()).handleMentorship(req, res, linkSigningKey.value(), new Date()),
  ),
);

// The lost-links page (docs/design.md §16): its email carries signed links.
export const lostLinksPage = onRequest(
  { ...publicPage, secrets: [linkSigningKey] },
  withErrorBoundary(async (req, res) =>
    (await handlers.lostLinksPage()).handleLostLinks(req, res, linkSigningKey.value(), new Date()),
  ),
);

// Resend's delivery events; answered by signature, not by origin (Resend calls it, not a browser).
export const emailEventsApi = onRequest(
  { ...publicPage, secrets: [resendWebhookSecret] },
  withErrorBoundary(async (req, res) =>
    (await handlers.emailEventsApi()).handleEmailEvents(req, res, resendWebhookSecret.value(), new Date()),
  ),
);

const linked = () => ({ now: new Date(), linkKey: linkSigningKey.value() });
const mailSender = () => ({
  apiKey: resendApiKey.value(),
  perSecond: resendRequestsPerSecond.value(),
  clock: () => new Date(),
});

// Matching a cycle reads it whole; runs are rare, so one at a time.
export const onMatchingRunWritten = onDocumentWritten(
  {
    ...retried,
    document: "matchingRuns/{id}",
    secrets: [linkSigningKey],
    timeoutSeconds: 300,
    memory: "512MiB",
    maxInstances: 1,
  },
  async (event) => (await handlers.onMatchingRunWritten()).onMatchingRunWritten(event, linked()),
);

export const onPairingWritten = onDocumentWritten(
  { ...retried, document: "pairings/{id}", secrets: [linkSigningKey] },
  async (event) => (await handlers.onPairingWritten()).onPairingWritten(event, linked()),
);

export const onApplicationWritten = onDocumentWritten(
  { ...retried, document: "applications/{id}", secrets: [linkSigningKey] },
  async (event) => (await handlers.onApplicationWritten()).onApplicationWritten(event, linked()),
);

// Grouping reads every open group: one request at a time, no contention.
export const onAdvisoryRequestWritten = onDocumentWritten(
  { ...retried, document: "applications/{id}", secrets: [linkSigningKey], maxInstances: 1 },
  async (event) => (await handlers.onAdvisoryRequestWritten()).onAdvisoryRequestWritten(event, linked()),
);

export const onAdvisoryGroupWritten = onDocumentWritten(
  { ...retried, document: "advisoryGroups/{id}", secrets: [linkSigningKey] },
  async (event) => (await handlers.onAdvisoryGroupWritten()).onAdvisoryGroupWritten(event, linked()),
);

export const onIncidentWritten = onDocumentWritten(
  { ...retried, document: "incidents/{id}", secrets: [linkSigningKey] },
  async (event) => (await handlers.onIncidentWritten()).onIncidentWritten(event, linked()),
);

export const onSessionWritten = onDocumentWritten({ ...retried, document: "sessions/{id}" }, async (event) =>
  (await handlers.onSessionWritten()).onSessionWritten(event, { now: new Date() }),
);

// Erasure and access, a page at a time; one request at a time keeps each person's steps in order.
export const onPrivacyRequestWritten = onDocumentWritten(
  { ...retried, document: "privacyRequests/{id}", timeoutSeconds: 300, maxInstances: 1 },
  async (event) => (await handlers.onPrivacyRequestWritten()).onPrivacyRequestWritten(event, { now: new Date() }),
);

// A whole collection may be read: more memory, one at a time.
export const onExportWritten = onDocumentWritten(
  { ...retried, document: "exports/{id}", timeoutSeconds: 300, memory: "512MiB", maxInstances: 1 },
  async (event) => (await handlers.onExportWritten()).onExportWritten(event, { now: new Date() }),
);

// A mass change's held mail and runs are few and decided rarely: one decision at a time.
export const onHoldWritten = onDocumentWritten(
  { ...retried, document: "holds/{id}", timeoutSeconds: 300, maxInstances: 1 },
  async (event) => (await handlers.onHoldWritten()).onHoldWritten(event, { now: new Date() }),
);

export const runDeadlines = onSchedule(
  {
    schedule: "every day 08:00",
    timeZone: "Europe/Madrid",
    secrets: [linkSigningKey],
    timeoutSeconds: 540,
    maxInstances: 1,
  },
  async () => {
    await (await handlers.runDeadlines()).runDeadlines(new Date(), linkSigningKey.value());
  },
);

// One message per instance at a time, and a bounded number of instances: each
// holds its message while it waits for a turn in the team's shared send budget
// (at most a minute); a burst beyond that waits in Firestore for the sweep.
export const onMailWritten = onDocumentWritten(
  {
    ...retried,
    document: "mail/{id}",
    secrets: [resendApiKey],
    timeoutSeconds: 300,
    concurrency: 1,
    maxInstances: 20,
  },
  async (event) => (await handlers.onMailWritten()).onMailWritten(event, mailSender()),
);

// Its own function, so the secretariat can run it by hand (Cloud Scheduler → Force run).
export const sendAttentionDigest = onSchedule(
  { schedule: "every monday 08:00", timeZone: "Europe/Madrid", timeoutSeconds: 300, maxInstances: 1 },
  async () => {
    await (await handlers.sendAttentionDigest()).sendAttentionDigest(new Date());
  },
);

export const sweepMail = onSchedule(
  {
    schedule: "every 1 minutes",
    timeZone: "Europe/Madrid",
    secrets: [resendApiKey],
    timeoutSeconds: 540,
    maxInstances: 1,
  },
  async () => {
    await (await handlers.sweepMail()).sweepMail(mailSender());
  },
);

export const sweepStuckWork = onSchedule(
  {
    schedule: "every 10 minutes",
    timeZone: "Europe/Madrid",
    secrets: [linkSigningKey],
    timeoutSeconds: 540,
    maxInstances: 1,
  },
  async () => {
    await (await handlers.sweepStuckWork()).sweepStuckWork(new Date(), linkSigningKey.value());
  },
);
