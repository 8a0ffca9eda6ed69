/**
 * Availability slots (docs/design.md §4): when a person can meet, as weekday × part
 * of the day. Ids read `dl-mati` (dilluns al matí) … `dv-tarda`; the list the
 * forms offer is `settings/programme.availabilitySlots`.
 */
import { z } from "zod";

const days = {
  dl: "dilluns",
  dm: "dimarts",
  dc: "dimecres",
  dj: "dijous",
  dv: "divendres",
  ds: "dissabte",
  dg: "diumenge",
};
const parts = { mati: "al matí", tarda: "a la tarda", vespre: "al vespre" };
const partHeadings = { mati: "Matí", tarda: "Tarda", vespre: "Vespre" };
type Day = keyof typeof days;
type Part = keyof typeof parts;

const dayOrder = Object.keys(days) as Day[];
const partOrder = Object.keys(parts) as Part[];

const slotPattern = /^(dl|dm|dc|dj|dv|ds|dg)-(mati|tarda|vespre)$/;
/** A slot id; `message` is what a person reads when theirs is not one. */
export const slotId = (message?: string) => z.string({ error: message }).regex(slotPattern, { error: message });
export const SlotId = slotId();
export type SlotId = z.infer<typeof SlotId>;

export const defaultAvailabilitySlots: SlotId[] = ["dl", "dm", "dc", "dj", "dv"].flatMap((day) => [
  `${day}-mati`,
  `${day}-tarda`,
]);

const split = (slot: string) => slot.split("-") as [Day, Part];

/** "dilluns al matí". */
export const slotLabel = (slot: string): string => {
  const [day, part] = split(slot);
  return `${days[day] ?? day} ${parts[part] ?? part}`;
};

/** Slots in the week's order: Monday morning first. */
export function inWeekOrder(slots: readonly string[]): string[] {
  const rank = (slot: string) => {
    const [day, part] = split(slot);
    return dayOrder.indexOf(day) * partOrder.length + partOrder.indexOf(part);
  };
  return [...new Set(slots)].sort((a, b) => rank(a) - rank(b));
}

/** "dilluns al matí, dimecres a la tarda i divendres al matí". */
export function slotsPhrase(slots: readonly string[]): string {
  const labels = inWeekOrder(slots).map(slotLabel);
  return labels.length <= 1 ? labels.join("") : `${labels.slice(0, -1).join(", ")} i ${labels.at(-1)}`;
}

/**
 * The offered slots as a table: one row per day, one column per part of the
 * day, a cell null where that day has no such slot.
 */
export function slotGrid(offered: readonly string[]) {
  const ordered = inWeekOrder(offered);
  const rowDays = dayOrder.filter((day) => ordered.some((slot) => split(slot)[0] === day));
  const columnParts = partOrder.filter((part) => ordered.some((slot) => split(slot)[1] === part));
  return {
    columns: columnParts.map((part) => partHeadings[part]),
    rows: rowDays.map((day) => ({
      day: days[day],
      cells: columnParts.map((part) => (ordered.includes(`${day}-${part}`) ? `${day}-${part}` : null)),
    })),
  };
}
