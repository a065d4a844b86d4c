import { describe, expect, it } from "vitest";
import { en } from "../../src/core/i18n/en.js";
import { eqfDescriptor } from "../../src/core/i18n/eqf.js";
import { CATALOGS, createTranslator, LANGS, parseLangs } from "../../src/core/i18n/index.js";
import {
  ASSESSMENT_TYPES,
  CREDENTIAL_TYPE_LABELS,
  DELIVERY_LABELS,
  PACE_LABELS,
  QA_TYPE_LABELS,
  SCHEDULE_LABELS,
} from "../../src/core/vocab.js";

const params = (text: string) => [...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();

describe("message catalogs", () => {
  for (const lang of LANGS) {
    it(`${lang} has every key, each with text and the same parameters as English`, () => {
      const catalog = CATALOGS[lang] as Record<string, string>;
      expect(Object.keys(catalog).sort()).toEqual(Object.keys(en).sort());
      for (const [key, text] of Object.entries(en)) {
        expect(catalog[key]?.trim(), `${lang} ${key}`).toBeTruthy();
        expect(params(catalog[key] as string), `${lang} ${key}`).toEqual(params(text));
      }
    });
  }

  it("keeps the English vocabulary labels the same as the vocabulary (check and audit use it)", () => {
    const pairs: [string, Record<string, string>][] = [
      ["credential", CREDENTIAL_TYPE_LABELS],
      ["delivery", DELIVERY_LABELS],
      ["schedule", SCHEDULE_LABELS],
      ["pace", PACE_LABELS],
      ["qa", QA_TYPE_LABELS],
      [
        "assessment",
        Object.fromEntries(Object.entries(ASSESSMENT_TYPES).map(([k, v]) => [k, v.label])),
      ],
    ];
    for (const [prefix, labels] of pairs)
      for (const [k, label] of Object.entries(labels))
        expect((en as Record<string, string>)[`${prefix}.${k}`], `${prefix}.${k}`).toBe(label);
  });

  it("formats dates, numbers, countries and languages for the locale", () => {
    const de = createTranslator(["de"]);
    expect(de.date("2026-11-22")).toBe("22. November 2026");
    expect(de.number(16.88)).toBe("16,88");
    expect(de.number(1050)).toBe("1.050");
    expect(de.country("US")).toBe("Vereinigte Staaten");
    expect(de.language("en")).toBe("Englisch");
    const fr = createTranslator(["fr"]);
    expect(fr.date("2026-11-22")).toBe("22 novembre 2026");
    expect(fr.number(16.88)).toBe("16,88");
    expect(fr.country("DE")).toBe("Allemagne");
    expect(fr.language("en")).toBe("anglais");
    const en = createTranslator(["en"]);
    expect([en.date("2026-11-22"), en.number(16.88), en.number(1050)]).toEqual([
      "22 November 2026",
      "16.88",
      "1050",
    ]);
    expect(de.t("s3.totalRow", { count: 12 })).toBe("Summe (12 Module)");
  });

  it("parses --lang and says what it accepts", () => {
    expect(parseLangs("de,en")).toEqual({ langs: ["de", "en"] });
    expect(parseLangs(["fr"])).toEqual({ langs: ["fr"] });
    for (const bad of ["xx", "de,de", "de,en,fr", ""])
      expect(parseLangs(bad)).toHaveProperty("error");
    // A regional tag is read as its language; each mistake is named as what it is.
    expect(parseLangs("de-DE,en_GB")).toEqual({ langs: ["de", "en"] });
    expect(parseLangs("DE")).toEqual({ langs: ["de"] });
    expect(parseLangs("de-AT,de")).toEqual({
      error:
        '"de-AT,de" names the same language twice: give one of en, de, fr, or two for a bilingual document, e.g. de,en',
    });
    expect(parseLangs("de,en,fr")).toEqual({
      error: '"de,en,fr" names 3 languages; a supplement is printed in one, or two (bilingual)',
    });
    expect(parseLangs("de,xx,it")).toMatchObject({
      error: expect.stringMatching(
        /^"xx" and "it" are not languages a supplement can be printed in/,
      ),
    });
    expect(parseLangs(" ")).toMatchObject({
      error: expect.stringMatching(/^no language is given/),
    });
  });

  it("has the official German descriptors for levels 2 and 5 to 8, and cites the others", () => {
    expect(eqfDescriptor(6, "de")?.knowledge).toContain("kritischen Verständnisses von Theorien");
    for (const l of [2, 5, 6, 7, 8]) expect(eqfDescriptor(l, "de")?.skills).toBeTruthy();
    expect(eqfDescriptor(2, "de")?.knowledge).toBe(
      "Grundlegende Faktenkenntnis in einem Arbeits- oder Lernbereich.",
    );
    expect(eqfDescriptor(4, "de")).toBeUndefined();
    expect(eqfDescriptor(6, "fr")).toBeUndefined();
    for (let l = 1; l <= 8; l++) expect(eqfDescriptor(l, "en")?.knowledge).toBeTruthy();
  });
});
