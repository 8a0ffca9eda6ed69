/** GET pages rendered from Firestore data: landing, privacy, the three forms, 404. */
import type { Request } from "firebase-functions/https";
import type { Response } from "express";
import { applicationKinds } from "../domain/application";
import { applicationWindow } from "../domain/programme";
import { readActiveMembers, readActiveTopics, readSettings, readUpcomingCycles } from "../store/programme";
import { applicationFormPage } from "../views/applicationForm";
import { kindLabels } from "../views/labels";
import { landingPage, privacyPage, problems } from "../views/pages";

const kindBySlug = new Map(applicationKinds.map((kind) => [kindLabels[kind].slug, kind]));

/** Pages that do not depend on the request: Hosting's CDN may serve them this long after a change. */
const cdnSeconds = 300;

function reply(res: Response, status: number, body: string, cacheSeconds: number) {
  // Hosting's CDN may keep a page for a few minutes; errors are never cached.
  res.set("Cache-Control", cacheSeconds > 0 ? `public, max-age=60, s-maxage=${cacheSeconds}` : "no-store");
  res.status(status).type("html").send(body);
}

export async function handlePages(req: Request, res: Response, now: Date): Promise<void> {
  if (req.method !== "GET" && req.method !== "HEAD") {
    res.set("Allow", "GET, HEAD");
    return reply(res, 405, problems.notFound(), 0);
  }
  const path = req.path.replace(/\/+$/, "") || "/";
  if (path === "/privacitat") return reply(res, 200, privacyPage(), cdnSeconds);
  if (path === "/") {
    const settings = await readSettings();
    return settings ? reply(res, 200, landingPage(settings), cdnSeconds) : reply(res, 503, problems.unavailable(), 0);
  }
  const kind = kindBySlug.get(path.replace(/^\/sollicitud\//, ""));
  if (!path.startsWith("/sollicitud/") || !kind) return reply(res, 404, problems.notFound(), 0);

  const [settings, members, topics, cycles] = await Promise.all([
    readSettings(),
    readActiveMembers(),
    readActiveTopics(),
    readUpcomingCycles(now),
  ]);
  if (!settings) return reply(res, 503, problems.unavailable(), 0);
  const page = applicationFormPage({
    kind,
    settings,
    members,
    topics,
    modes: settings.meetingModes,
    slots: settings.availabilitySlots,
    window: applicationWindow(cycles, now),
  });
  reply(res, 200, page, cdnSeconds);
}
