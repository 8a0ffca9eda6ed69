/** Wires the functions; all behaviour lives in http/, triggers/ and jobs/. */
import { setGlobalOptions } from "firebase-functions";
import { onDocumentWritten } from "firebase-functions/firestore";
import { onRequest } from "firebase-functions/https";
import { onSchedule } from "firebase-functions/scheduler";
import { linkSigningKey, region, resendApiKey } from "./config";
import { handleApplications } from "./http/applications";
import { handlePages } from "./http/pages";
import { handleProposals } from "./http/proposals";
import { runDeadlines } from "./jobs/deadlines";
import { sweepMail } from "./jobs/mailSweep";
import { onMailWritten } from "./triggers/mailDelivery";
import { onMatchingRunWritten } from "./triggers/matchingRunWritten";
import { onPairingWritten } from "./triggers/pairingWritten";
import { onSessionWritten } from "./triggers/sessionWritten";
import { onAdvisoryGroupWritten, onApplicationWritten } from "./triggers/advisoryWritten";
import { handleMentorship } from "./http/mentorship";

setGlobalOptions({ region, maxInstances: 10 });

export const applications = onRequest({ invoker: "public", memory: "256MiB" }, (req, res) =>
  handleApplications(req, res, new Date()),
);

export const pages = onRequest({ invoker: "public", memory: "256MiB" }, (req, res) =>
  handlePages(req, res, new Date()),
);

export const proposals = onRequest({ invoker: "public", memory: "256MiB", secrets: [linkSigningKey] }, (req, res) =>
  handleProposals(req, res, linkSigningKey.value(), new Date()),
);

// Matching a cycle reads it whole; runs are rare, so one at a time.
export const matchingRuns = onDocumentWritten(
  { document: "matchingRuns/{id}", timeoutSeconds: 300, memory: "512MiB", maxInstances: 1 },
  onMatchingRunWritten,
);

export const pairingProposals = onDocumentWritten({ document: "pairings/{id}", secrets: [linkSigningKey] }, (event) =>
  onPairingWritten(event, linkSigningKey.value()),
);

export const advisoryRequests = onDocumentWritten("applications/{id}", onApplicationWritten);

export const advisoryGroups = onDocumentWritten("advisoryGroups/{id}", onAdvisoryGroupWritten);

export const sessionCounts = onDocumentWritten("sessions/{id}", onSessionWritten);

export const mentorship = onRequest({ invoker: "public", memory: "256MiB", secrets: [linkSigningKey] }, (req, res) =>
  handleMentorship(req, res, linkSigningKey.value(), new Date()),
);

export const deadlines = onSchedule(
  {
    schedule: "every day 08:00",
    timeZone: "Europe/Madrid",
    secrets: [linkSigningKey],
    timeoutSeconds: 540,
    maxInstances: 1,
  },
  async () => {
    await runDeadlines(new Date(), linkSigningKey.value());
  },
);

// Few instances: together they must stay under Resend's per-team rate limit.
export const mailDelivery = onDocumentWritten(
  { document: "mail/{id}", secrets: [resendApiKey], timeoutSeconds: 300, maxInstances: 2 },
  (event) => onMailWritten(event, resendApiKey.value()),
);

export const mailSweep = onSchedule(
  {
    schedule: "every 5 minutes",
    timeZone: "Europe/Madrid",
    secrets: [resendApiKey],
    timeoutSeconds: 540,
    maxInstances: 1,
  },
  async () => {
    await sweepMail(new Date(), resendApiKey.value());
  },
);
