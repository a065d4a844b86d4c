/**
 * Concepts of the EU controlled vocabularies as ELM embeds them: every value is a `Concept` with
 * its `inScheme` (the EU shapes check the scheme, see standards/shacl.ts), and a label. Pure.
 */

export const SNB = "http://data.europa.eu/snb/";
export const NAL = "http://publications.europa.eu/resource/authority/";

export interface Concept {
  id: string;
  type: "Concept";
  inScheme: { id: string; type: "ConceptScheme" };
  prefLabel?: Record<string, string>;
  notation?: string;
}

/** A concept of a Europass vocabulary, e.g. snb("eqf", "6", "Level 6"). Its scheme is …/<list>/25831c2. */
export function snb(list: string, code: string, label?: string): Concept {
  return {
    id: `${SNB}${list}/${code}`,
    type: "Concept",
    inScheme: { id: `${SNB}${list}/25831c2`, type: "ConceptScheme" },
    ...(label ? { prefLabel: { en: label } } : {}),
  };
}

/** A concept of a Publications Office authority table, e.g. nal("country", "DEU", "Germany"). */
export function nal(table: string, code: string, label?: string): Concept {
  return {
    id: `${NAL}${table}/${code}`,
    type: "Concept",
    inScheme: { id: `${NAL}${table}`, type: "ConceptScheme" },
    notation: table,
    ...(label ? { prefLabel: { en: label } } : {}),
  };
}

/** ISO 639-1 → the EU language authority table (three letters). */
const LANGUAGE_NAL: Record<string, string> = {
  en: "ENG",
  de: "DEU",
  fr: "FRA",
  es: "SPA",
  it: "ITA",
  nl: "NLD",
  pt: "POR",
  pl: "POL",
  sv: "SWE",
  da: "DAN",
  fi: "FIN",
  cs: "CES",
  el: "ELL",
  hu: "HUN",
  ro: "RON",
  bg: "BUL",
  hr: "HRV",
  sk: "SLK",
  sl: "SLV",
  et: "EST",
  lv: "LAV",
  lt: "LIT",
  ga: "GLE",
  mt: "MLT",
  no: "NOR",
  tr: "TUR",
  uk: "UKR",
  ru: "RUS",
  ar: "ARA",
  zh: "ZHO",
  ja: "JPN",
  ko: "KOR",
  hi: "HIN",
};

export function languageConcept(code: string, label?: string): Concept | undefined {
  const nalCode = LANGUAGE_NAL[code];
  return nalCode ? nal("language", nalCode, label) : undefined;
}

export const ECTS = snb("education-credit", "6fcec5c5af", "European Credit Transfer System");
