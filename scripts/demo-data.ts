/**
 * Data for local runs and tests. The members, topics and settings are the
 * files in demo/ (the same files `npm start` imports with `npm run data`). The
 * topic list is the programme's real list of municipal ESS policy areas; the
 * members are real Catalan municipalities but their membership here is
 * invented (every document the tests seed says `demo: true`).
 */
import { readFileSync } from "node:fs";
import path from "node:path";
import { ports } from "./emulators.ts";
import { readMembers, readTopics, type Member } from "./reference-data.ts";

const demoDir = path.join(import.meta.dirname, "../demo");
const demoFile = (name: string) => readFileSync(path.join(demoDir, name), "utf8");

/** The demo's reference data, read from the files `npm start` imports (demo/): one source for both. */
export const topics: { id: string; label: string }[] = readTopics(demoFile("topics.csv")).rows.filter((t) => t.active);
const demoMembers = readMembers(demoFile("members.csv")).rows;
type DemoMember = { id: string; name: string; comarca: string; province: string };
const asDemo = ({ id, name, comarca, province }: Member) =>
  ({ id, name, comarca: comarca ?? "", province: province ?? "" }) as DemoMember;
export const members: DemoMember[] = demoMembers.filter((m) => m.active).map(asDemo);

/** A member that left the network: its technicians get 403 not_member. */
export const formerMember: DemoMember = asDemo(demoMembers.find((m) => !m.active)!);

/** demo/settings.json, at the site's address (the use-case tier serves each file's site on a port of its own). */
export function demoSettings(publicBaseUrl = `http://127.0.0.1:${ports.hosting}`): Record<string, unknown> {
  const settings = JSON.parse(demoFile("settings.json")) as Record<string, unknown>;
  return { ...settings, publicBaseUrl, demo: true };
}

const days = (n: number) => n * 24 * 60 * 60_000;

/** The current year's cycle with its application window open at `now`. */
export function openCycle(now: Date) {
  const at = (offsetDays: number) => new Date(now.getTime() + days(offsetDays));
  return {
    id: String(now.getUTCFullYear()),
    applicationsOpenAt: at(-7),
    applicationsCloseAt: at(30),
    matchingAt: at(37),
    startsAt: at(60),
    demo: true,
  };
}
