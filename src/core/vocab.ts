/** Closed vocabularies: labels for the document, and their EU (ELM/Europass) equivalents. */
import { createRequire } from "node:module";
import countryData from "../data/countries.json" with { type: "json" };
import iscedData from "../data/isced-f.json" with { type: "json" };
import type {
  AssessmentMethod,
  ModeOfStudy,
  Program,
  QualityAssurance,
} from "../types/program.gen.js";
import { closest } from "./suggest.js";

interface CountryEntry {
  alpha3: string;
  name: string;
  nal?: string;
}
const COUNTRIES = countryData as Record<string, CountryEntry>;
const ISCED = iscedData as Record<string, string>;

export function countryByCode(code: string): (CountryEntry & { alpha2: string }) | undefined {
  const c = COUNTRIES[code];
  return c ? { alpha2: code, ...c } : undefined;
}

let nameIndex: ((name: string) => string | undefined) | undefined;
/** Finds the ISO alpha-2 code a user probably meant: "Germany", "Deutschland", "DEU", "de", "GR" typo … */
export function suggestCountryCode(input: string): string | undefined {
  const value = input.trim();
  if (COUNTRIES[value.toUpperCase()]) return value.toUpperCase();
  const byAlpha3 = Object.entries(COUNTRIES).find(([, c]) => c.alpha3 === value.toUpperCase());
  if (byAlpha3) return byAlpha3[0];
  if (!nameIndex) {
    const require = createRequire(import.meta.url);
    const lib = require("i18n-iso-countries") as typeof import("i18n-iso-countries");
    lib.registerLocale(require("i18n-iso-countries/langs/en.json"));
    lib.registerLocale(require("i18n-iso-countries/langs/de.json"));
    lib.registerLocale(require("i18n-iso-countries/langs/fr.json"));
    nameIndex = (name) =>
      lib.getAlpha2Code(name, "en") ??
      lib.getAlpha2Code(name, "de") ??
      lib.getAlpha2Code(name, "fr");
  }
  const byName = nameIndex(value);
  if (byName) return byName;
  const names = Object.entries(COUNTRIES).map(([code, c]) => [c.name, code] as const);
  const near = closest(
    value,
    names.map(([n]) => n),
  );
  return near ? names.find(([n]) => n === near)?.[1] : undefined;
}

export function iscedLabel(code: string): string | undefined {
  return ISCED[code];
}

export const CREDENTIAL_TYPE_LABELS: Record<NonNullable<Program["credentialType"]>, string> = {
  "professional-certificate": "Professional certificate",
  "micro-credential": "Micro-credential",
  "certificate-program": "Certificate programme",
  course: "Course",
  "short-learning-programme": "Short learning programme",
  module: "Module",
  "degree-programme": "Degree programme",
  other: "Other",
};

const ELM_ASSESSMENT = "http://data.europa.eu/snb/assessment/";
/** Label for each assessment type, with the Europass assessment concept it corresponds to. */
export const ASSESSMENT_TYPES: Record<AssessmentMethod["type"], { label: string; elm: string }> = {
  "auto-graded-quiz": { label: "Auto-graded quiz", elm: `${ELM_ASSESSMENT}b1b68f6735` },
  "practice-quiz": { label: "Practice quiz", elm: `${ELM_ASSESSMENT}b1b68f6735` },
  "in-video-quiz": { label: "In-video quiz", elm: `${ELM_ASSESSMENT}b1b68f6735` },
  quiz: { label: "Quiz", elm: `${ELM_ASSESSMENT}b1b68f6735` },
  "hands-on-lab": { label: "Hands-on lab", elm: `${ELM_ASSESSMENT}6a4db9f11d` },
  "hands-on-project": { label: "Hands-on project", elm: `${ELM_ASSESSMENT}795dac4096` },
  "capstone-project": { label: "Capstone project", elm: `${ELM_ASSESSMENT}795dac4096` },
  "project-work": { label: "Project work", elm: `${ELM_ASSESSMENT}795dac4096` },
  "peer-review": { label: "Peer review", elm: `${ELM_ASSESSMENT}812e3b0ae1` },
  "peer-reviewed-assignment": {
    label: "Peer-reviewed assignment",
    elm: `${ELM_ASSESSMENT}812e3b0ae1`,
  },
  "peer-assessment": { label: "Peer assessment", elm: `${ELM_ASSESSMENT}19a2e5e671` },
  "self-review": { label: "Self-review against an exemplar", elm: `${ELM_ASSESSMENT}3484bd7e51` },
  "marked-assignment": { label: "Marked assignment", elm: `${ELM_ASSESSMENT}2939dae15f` },
  "written-examination": { label: "Written examination", elm: `${ELM_ASSESSMENT}6e6cb2cc78` },
  "oral-examination": { label: "Oral examination", elm: `${ELM_ASSESSMENT}d30284d7df` },
  "practical-assessment": { label: "Practical assessment", elm: `${ELM_ASSESSMENT}6a4db9f11d` },
  portfolio: { label: "Portfolio", elm: `${ELM_ASSESSMENT}4f03b91c0e` },
  "continuous-evaluation": { label: "Continuous evaluation", elm: `${ELM_ASSESSMENT}3484bd7e51` },
  "group-performance": { label: "Group performance", elm: `${ELM_ASSESSMENT}56539a6507` },
  "problem-based-learning": { label: "Problem-based learning", elm: `${ELM_ASSESSMENT}c4256a2726` },
  "artefact-assessment": { label: "Artefact assessment", elm: `${ELM_ASSESSMENT}de4d165a6c` },
  "level-of-attendance": { label: "Level of attendance", elm: `${ELM_ASSESSMENT}7331eb4762` },
};

export const DELIVERY_LABELS: Record<NonNullable<ModeOfStudy["delivery"]>, string> = {
  online: "Online",
  onsite: "On site (presential)",
  blended: "Blended (online and on site)",
};
export const SCHEDULE_LABELS: Record<NonNullable<ModeOfStudy["schedule"]>, string> = {
  "full-time": "Full-time",
  "part-time": "Part-time",
};
export const PACE_LABELS: Record<NonNullable<ModeOfStudy["pace"]>, string> = {
  "self-paced": "Self-paced",
  "instructor-paced": "Instructor-paced",
  "cohort-based": "Cohort-based",
};
export const QA_TYPE_LABELS: Record<NonNullable<QualityAssurance["type"]>, string> = {
  "program-accreditation": "Programme accreditation",
  "program-certification": "Programme certification",
  "institutional-accreditation": "Institutional accreditation",
  "institutional-quality-assurance": "Institutional quality assurance",
  internal: "Internal quality assurance",
};

export const LANGUAGE_LABELS: Record<string, string> = {
  en: "English",
  de: "German",
  fr: "French",
  es: "Spanish",
  it: "Italian",
  nl: "Dutch",
  pt: "Portuguese",
  pl: "Polish",
  sv: "Swedish",
  da: "Danish",
  fi: "Finnish",
  cs: "Czech",
  el: "Greek",
  hu: "Hungarian",
  ro: "Romanian",
  bg: "Bulgarian",
  hr: "Croatian",
  sk: "Slovak",
  sl: "Slovenian",
  et: "Estonian",
  lv: "Latvian",
  lt: "Lithuanian",
  ga: "Irish",
  mt: "Maltese",
  no: "Norwegian",
  tr: "Turkish",
  uk: "Ukrainian",
  ru: "Russian",
  ar: "Arabic",
  zh: "Chinese",
  ja: "Japanese",
  ko: "Korean",
  hi: "Hindi",
};

export interface EqfDescriptor {
  level: number;
  knowledge: string;
  skills: string;
  autonomy?: string;
}

/** EQF level descriptors, 2017 Council Recommendation, Annex II (levels 1-3: knowledge only). */
export const EQF_DESCRIPTORS: Record<number, EqfDescriptor> = {
  1: {
    level: 1,
    knowledge: "Basic general knowledge.",
    skills: "Basic skills required to carry out simple tasks.",
    autonomy: "Work or study under direct supervision in a structured context.",
  },
  2: {
    level: 2,
    knowledge: "Basic factual knowledge of a field of work or study.",
    skills:
      "Basic cognitive and practical skills required to use relevant information in order to carry out tasks and to solve routine problems using simple rules and tools.",
    autonomy: "Work or study under supervision with some autonomy.",
  },
  3: {
    level: 3,
    knowledge:
      "Knowledge of facts, principles, processes and general concepts, in a field of work or study.",
    skills:
      "A range of cognitive and practical skills required to accomplish tasks and solve problems by selecting and applying basic methods, tools, materials and information.",
    autonomy:
      "Take responsibility for completion of tasks in work or study; adapt own behaviour to circumstances in solving problems.",
  },
  4: {
    level: 4,
    knowledge:
      "Factual and theoretical knowledge in broad contexts within a field of work or study.",
    skills:
      "A range of cognitive and practical skills required to generate solutions to specific problems in a field of work or study.",
    autonomy:
      "Exercise self-management within the guidelines of work or study contexts that are usually predictable, but are subject to change; supervise the routine work of others, taking some responsibility for the evaluation and improvement of work or study activities.",
  },
  5: {
    level: 5,
    knowledge:
      "Comprehensive, specialised, factual and theoretical knowledge within a field of work or study and an awareness of the boundaries of that knowledge.",
    skills:
      "A comprehensive range of cognitive and practical skills required to develop creative solutions to abstract problems.",
    autonomy:
      "Exercise management and supervision in contexts of work or study activities where there is unpredictable change; review and develop performance of self and others.",
  },
  6: {
    level: 6,
    knowledge:
      "Advanced knowledge of a field of work or study, involving a critical understanding of theories and principles.",
    skills:
      "Advanced skills, demonstrating mastery and innovation, required to solve complex and unpredictable problems in a specialised field of work or study.",
    autonomy:
      "Manage complex technical or professional activities or projects, taking responsibility for decision-making in unpredictable work or study contexts; take responsibility for managing professional development of individuals and groups.",
  },
  7: {
    level: 7,
    knowledge:
      "Highly specialised knowledge, some of which is at the forefront of knowledge in a field of work or study, as the basis for original thinking and/or research; critical awareness of knowledge issues in a field and at the interface between different fields.",
    skills:
      "Specialised problem-solving skills required in research and/or innovation in order to develop new knowledge and procedures and to integrate knowledge from different fields.",
    autonomy:
      "Manage and transform work or study contexts that are complex, unpredictable and require new strategic approaches; take responsibility for contributing to professional knowledge and practice and/or for reviewing the strategic performance of teams.",
  },
  8: {
    level: 8,
    knowledge:
      "Knowledge at the most advanced frontier of a field of work or study and at the interface between fields.",
    skills:
      "The most advanced and specialised skills and techniques, including synthesis and evaluation, required to solve critical problems in research and/or innovation and to extend and redefine existing knowledge or professional practice.",
    autonomy:
      "Demonstrate substantial authority, innovation, autonomy, scholarly and professional integrity and sustained commitment to the development of new ideas or processes at the forefront of work or study contexts including research.",
  },
};

export interface EqfLevel {
  min: number;
  max: number;
  /** "6" or "5-6". */
  text: string;
}

/** Reads `6` or `"5-6"`; undefined for anything else (the schema reports those). */
export function parseEqfLevel(value: unknown): EqfLevel | undefined {
  if (typeof value === "number" && Number.isInteger(value) && value >= 1 && value <= 8) {
    return { min: value, max: value, text: String(value) };
  }
  if (typeof value === "string") {
    const m = /^([1-8])\s*[-–]\s*([1-8])$/.exec(value.trim());
    if (m) {
      const min = Number(m[1]);
      const max = Number(m[2]);
      return { min, max, text: min === max ? String(min) : `${min}-${max}` };
    }
  }
  return undefined;
}
