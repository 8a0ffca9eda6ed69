/**
 * The running use-case harness of this test file, if any: its site, its
 * capture server and its trigger pump (tests/helpers/useCaseTier.setup.ts
 * starts it). The shared helpers ask it where to send things; in the
 * journeys tier there is none and they use the emulator suite.
 */
import { deleteApp, getApps } from "firebase-admin/app";
import { startMailCapture } from "../../scripts/mail-capture.ts";
import { localResendRateLimit, localSecrets } from "../../scripts/emulators.ts";
import { runScheduled, startSite, triggerRoutes, TriggerPump } from "./inProcess.ts";

export interface Harness {
  siteUrl: string;
  mailUrl: string;
  pump: TriggerPump;
  runScheduled: (name: string) => Promise<void>;
  close: () => Promise<void>;
}

let current: Harness | null = null;

export const harness = (): Harness | null => current;

export async function startHarness(): Promise<Harness> {
  // The functions' own Firestore client first: it configures itself before anything uses it.
  const { db } = await import("../../functions/src/firebase.ts");
  const functions = (await import("../../functions/src/index.ts")) as Record<string, unknown>;
  const site = await startSite(functions);
  const mail = await startMailCapture(0, {
    requestsPerSecond: localResendRateLimit,
    webhook: { url: `${site.url}/api/email-events`, secret: localSecrets().RESEND_WEBHOOK_SECRET!, enabled: false },
  });
  const mailUrl = `http://127.0.0.1:${mail.port}`;
  process.env.RESEND_BASE_URL = mailUrl;
  const pump = new TriggerPump(db, triggerRoutes(functions));
  await pump.start();
  current = {
    siteUrl: site.url,
    mailUrl,
    pump,
    runScheduled: (name) => runScheduled(functions, name),
    close: async () => {
      await pump.stop();
      await Promise.all([site.close(), mail.close()]);
      // Firebase Admin lives as long as the worker process, which runs other files next:
      // the next file's code must make an app of its own, on its own project.
      await Promise.all(getApps().map((app) => deleteApp(app)));
      current = null;
    },
  };
  return current;
}
