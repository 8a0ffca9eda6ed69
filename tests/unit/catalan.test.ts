import { describe, expect, it } from "vitest";
import { atTime, counted, longDate, monthsPhrase, ofPlace, onDate } from "../../functions/src/domain/catalan.ts";

const tz = "Europe/Madrid";
// Noon UTC is the same day in Madrid all year.
const day = (iso: string) => new Date(`${iso}T12:00:00Z`);

describe("Catalan dates", () => {
  it("elides the month after de: d'octubre, d'abril, d'agost; de setembre", () => {
    expect(longDate(day("2026-10-15"), tz)).toBe("15 d'octubre de 2026");
    expect(longDate(day("2026-04-03"), tz)).toBe("3 d'abril de 2026");
    expect(longDate(day("2026-08-20"), tz)).toBe("20 d'agost de 2026");
    expect(longDate(day("2026-09-15"), tz)).toBe("15 de setembre de 2026");
  });

  it("reads the day in the programme's time zone", () => {
    // 23:30 UTC on 31 August is already 1 September in Madrid.
    expect(longDate(new Date("2026-08-31T23:30:00Z"), tz)).toBe("1 de setembre de 2026");
  });

  it("takes l' before 1 and 11, el before the rest", () => {
    expect(onDate(day("2026-09-01"), tz)).toBe("l'1 de setembre de 2026");
    expect(onDate(day("2026-10-11"), tz)).toBe("l'11 d'octubre de 2026");
    expect(onDate(day("2026-09-15"), tz)).toBe("el 15 de setembre de 2026");
    expect(onDate(day("2026-09-10"), tz)).toBe("el 10 de setembre de 2026");
  });

  it("contracts de and a with el, and not with l'", () => {
    expect(onDate(day("2026-09-15"), tz, "de")).toBe("del 15 de setembre de 2026");
    expect(onDate(day("2026-10-11"), tz, "de")).toBe("de l'11 d'octubre de 2026");
    expect(onDate(day("2026-09-15"), tz, "fins a")).toBe("fins al 15 de setembre de 2026");
    expect(onDate(day("2026-09-01"), tz, "fins a")).toBe("fins a l'1 de setembre de 2026");
    expect(onDate(day("2026-09-15"), tz, "abans de")).toBe("abans del 15 de setembre de 2026");
    expect(onDate(day("2026-11-01"), tz, "abans de")).toBe("abans de l'1 de novembre de 2026");
    expect(onDate(day("2026-10-02"), tz, "cap a")).toBe("cap al 2 d'octubre de 2026");
  });

  it("says the clock time in the zone with its article", () => {
    expect(atTime(new Date("2026-11-24T09:00:00Z"), tz)).toBe("a les 10:00");
    expect(atTime(new Date("2026-07-14T07:30:00Z"), tz)).toBe("a les 9:30");
    expect(atTime(new Date("2026-11-24T00:15:00Z"), tz)).toBe("a la 1:15");
  });

  it("never shows an ISO date or a typographic apostrophe", () => {
    for (let d = 1; d <= 31; d++) {
      const text = onDate(day(`2026-10-${String(d).padStart(2, "0")}`), tz, "fins a");
      expect(text).not.toMatch(/\d{4}-\d{2}/);
      expect(text).not.toContain("’");
    }
  });
});

describe("Catalan places and numbers", () => {
  it("joins de with the comarca's own article", () => {
    expect(ofPlace("Osona")).toBe("d'Osona");
    expect(ofPlace("el Vallès Occidental")).toBe("del Vallès Occidental");
    expect(ofPlace("la Garrotxa")).toBe("de la Garrotxa");
    expect(ofPlace("l'Alt Empordà")).toBe("de l'Alt Empordà");
    expect(ofPlace("les Garrigues")).toBe("de les Garrigues");
    expect(ofPlace("Barcelona")).toBe("de Barcelona");
  });

  it("says small numbers in words, with gender", () => {
    expect(counted(2, "trobada", "trobades")).toBe("dues trobades");
    expect(counted(1, "trobada", "trobades")).toBe("una trobada");
    expect(counted(2, "sessió", "sessions")).toBe("dues sessions");
    expect(counted(2, "hora", "hores")).toBe("dues hores");
    expect(counted(4, "hora", "hores")).toBe("quatre hores");
    expect(counted(25, "hora", "hores")).toBe("25 hores");
    expect(monthsPhrase(12)).toBe("un any");
    expect(monthsPhrase(24)).toBe("dos anys");
    expect(monthsPhrase(18)).toBe("18 mesos");
  });
});
