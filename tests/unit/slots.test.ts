import { describe, expect, it } from "vitest";
import { defaultMatchingWeights, ProgrammeSettings } from "../../functions/src/domain/programme.ts";
import {
  defaultAvailabilitySlots,
  inWeekOrder,
  slotGrid,
  slotLabel,
  slotsPhrase,
} from "../../functions/src/domain/slots.ts";

const required = {
  secretariatEmail: "s@xmess.example",
  senderEmail: "x@xmess.example",
  publicBaseUrl: "https://xmess.example",
};

describe("availability slots in words", () => {
  it("names a slot as people say it", () => {
    expect(slotLabel("dl-mati")).toBe("dilluns al matí");
    expect(slotLabel("dc-tarda")).toBe("dimecres a la tarda");
    expect(slotLabel("ds-vespre")).toBe("dissabte al vespre");
  });

  it("lists slots in the week's order, joined as Catalan joins them", () => {
    expect(slotsPhrase(["dv-mati", "dl-tarda", "dl-mati"])).toBe(
      "dilluns al matí, dilluns a la tarda i divendres al matí",
    );
    expect(slotsPhrase(["dj-tarda"])).toBe("dijous a la tarda");
    expect(inWeekOrder(["dg-mati", "dl-tarda", "dl-tarda"])).toEqual(["dl-tarda", "dg-mati"]);
  });

  it("lays the offered slots out as a table of days and parts of the day", () => {
    expect(slotGrid(defaultAvailabilitySlots)).toMatchObject({
      columns: ["Matí", "Tarda"],
      rows: [
        { day: "dilluns", cells: ["dl-mati", "dl-tarda"] },
        { day: "dimarts" },
        { day: "dimecres" },
        { day: "dijous" },
        { day: "divendres", cells: ["dv-mati", "dv-tarda"] },
      ],
    });
    // A day without a part the others have leaves that cell empty.
    expect(slotGrid(["dl-mati", "dl-tarda", "ds-mati"]).rows).toEqual([
      { day: "dilluns", cells: ["dl-mati", "dl-tarda"] },
      { day: "dissabte", cells: ["ds-mati", null] },
    ]);
  });
});

describe("settings for availability and matching", () => {
  it("defaults to Monday–Friday × morning/afternoon and the documented weights", () => {
    const settings = ProgrammeSettings.parse(required);
    expect(settings.availabilitySlots).toHaveLength(10);
    expect(settings.availabilitySlots[0]).toBe("dl-mati");
    expect(settings.matchingWeights).toEqual({
      sharedTopic: 10,
      sharedMode: 1,
      sharedSlot: 3,
      slotsCounted: 3,
      textSimilarity: 12,
      sameComarca: 4,
      sameProvince: 2,
    });
    expect(defaultMatchingWeights).toEqual(settings.matchingWeights);
  });

  it("fills the weights the secretariat leaves out, and refuses a typo, a fraction or a negative", () => {
    expect(ProgrammeSettings.parse({ ...required, matchingWeights: { sharedSlot: 5 } }).matchingWeights).toEqual({
      ...defaultMatchingWeights,
      sharedSlot: 5,
    });
    for (const matchingWeights of [{ sharedSlots: 5 }, { sharedSlot: 2.5 }, { textSimilarity: -1 }]) {
      expect(ProgrammeSettings.safeParse({ ...required, matchingWeights }).success).toBe(false);
    }
  });

  it("refuses a slot list with an unknown id or a repeated one", () => {
    expect(ProgrammeSettings.safeParse({ ...required, availabilitySlots: ["dilluns"] }).success).toBe(false);
    expect(ProgrammeSettings.safeParse({ ...required, availabilitySlots: ["dl-mati", "dl-mati"] }).success).toBe(false);
    expect(ProgrammeSettings.safeParse({ ...required, availabilitySlots: [] }).success).toBe(false);
  });
});
