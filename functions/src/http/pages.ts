/** GET pages rendered from Firestore data: landing, privacy, the library, the three forms, 404. */
import type { Request } from "firebase-functions/https";
import type { Response } from "express";
import { applicationKinds, type ApplicationKind } from "../domain/application";
import { applicationWindow, type ProgrammeSettings } from "../domain/programme";
import { readActiveMembers, readActiveTopics, readSettings, readUpcomingCycles } from "../store/programme";
import { applicationFormPage, type FormView } from "../views/applicationForm";
import { kindLabels } from "../views/labels";
import { landingPage, problems } from "../views/pages";
import { privacyPage } from "../views/privacyPage";
import { readLibrary, readPublishedMaterial } from "../store/library";
import { atomFeed, libraryPage, materialPage } from "../views/library";
import { regionLabel } from "../config";

const kindBySlug = new Map(applicationKinds.map((kind) => [kindLabels[kind].slug, kind]));

/** Pages that do not depend on the request: Hosting's CDN may serve them this long after a change. */
const cdnSeconds = 300;

function reply(res: Response, status: number, body: string, cacheSeconds: number, type = "html") {
  // Hosting's CDN may keep a page for a few minutes; errors are never cached.
  res.set("Cache-Control", cacheSeconds > 0 ? `public, max-age=60, s-maxage=${cacheSeconds}` : "no-store");
  res.status(status).type(type).send(body);
}

/** The library (docs/design.md §12): the list, its feed, one material. Unpublished is not found. */
async function handleLibrary(req: Request, res: Response, path: string, now: Date): Promise<void> {
  const settings = await readSettings();
  if (!settings) return reply(res, 503, problems.unavailable(), 0);
  if (path === "/materials/feed.xml") {
    const feed = atomFeed(await readLibrary(null), settings.publicBaseUrl, settings.timezone, now);
    return reply(res, 200, feed, cdnSeconds, "application/atom+xml; charset=utf-8");
  }
  if (path === "/materials") {
    const topics = await readActiveTopics();
    const wanted = typeof req.query.tema === "string" ? req.query.tema : "";
    const selected = topics.find((t) => t.id === wanted) ?? null;
    if (wanted && !selected) return reply(res, 404, problems.notFound(), 0);
    return reply(res, 200, libraryPage(await readLibrary(selected), topics, selected, settings.timezone), cdnSeconds);
  }
  let id = "";
  try {
    id = decodeURIComponent(path.slice("/materials/".length));
  } catch {
    // A malformed escape names no material.
  }
  const material = await readPublishedMaterial(id);
  if (!material) return reply(res, 404, problems.notFound(), 0);
  reply(res, 200, materialPage(material, settings.timezone), cdnSeconds);
}

export async function handlePages(req: Request, res: Response, now: Date): Promise<void> {
  if (req.method !== "GET" && req.method !== "HEAD") {
    res.set("Allow", "GET, HEAD");
    return reply(res, 405, problems.notFound(), 0);
  }
  const path = req.path.replace(/\/+$/, "") || "/";
  if (path === "/materials" || path.startsWith("/materials/")) return handleLibrary(req, res, path, now);
  if (path === "/" || path === "/privacitat") {
    const settings = await readSettings();
    if (!settings) return reply(res, 503, problems.unavailable(), 0);
    return reply(res, 200, path === "/" ? landingPage(settings) : privacyPage(settings, regionLabel), cdnSeconds);
  }
  const kind = kindBySlug.get(path.replace(/^\/sollicitud\//, ""));
  if (!path.startsWith("/sollicitud/") || !kind) return reply(res, 404, problems.notFound(), 0);

  const settings = await readSettings();
  if (!settings) return reply(res, 503, problems.unavailable(), 0);
  reply(res, 200, await applicationForm(kind, settings, now), cdnSeconds);
}

/** A form as its page shows it, and again with the person's values and errors after a refused post. */
export async function applicationForm(
  kind: ApplicationKind,
  settings: ProgrammeSettings,
  now: Date,
  state: Pick<FormView, "values" | "errors"> = {},
): Promise<string> {
  const [members, topics, cycles, answers] = await Promise.all([
    readActiveMembers(),
    readActiveTopics(),
    readUpcomingCycles(now),
    kind === "advisory" ? readLibrary(null) : [],
  ]);
  return applicationFormPage({
    kind,
    settings,
    members,
    topics,
    modes: settings.meetingModes,
    slots: settings.availabilitySlots,
    window: applicationWindow(cycles, now),
    answers,
    ...state,
  });
}
