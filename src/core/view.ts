/**
 * The document's content, ready to print: every field the supplement shows, with labels resolved
 * and a stated reason wherever the program gives no value. Pure; templates only lay it out.
 */
import type { Program } from "../types/program.gen.js";
import { formatNumber, ROUNDING_DESCRIPTIONS, type Workload } from "./ects.js";
import {
  ASSESSMENT_TYPES,
  CREDENTIAL_TYPE_LABELS,
  countryByCode,
  DELIVERY_LABELS,
  EQF_DESCRIPTORS,
  type EqfDescriptor,
  iscedLabel,
  LANGUAGE_LABELS,
  PACE_LABELS,
  parseEqfLevel,
  QA_TYPE_LABELS,
  SCHEDULE_LABELS,
} from "./vocab.js";

/** A printed value, or the reason it is absent (printed in italics). */
export interface Field {
  text: string;
  given: boolean;
}

export const NOT_STATED = "Not stated by the issuer in the program definition.";
const given = (text: string): Field => ({ text, given: true });
const absent = (reason: string = NOT_STATED): Field => ({ text: reason, given: false });
const fieldOf = (value: string | undefined | null, reason?: string): Field =>
  value !== undefined && value !== null && value.trim() !== ""
    ? given(value.trim())
    : absent(reason);

export interface ModuleRow {
  number: number;
  id: string;
  title: string;
  hours: string;
  share: string;
  outcomes: string[];
}

/** The learner of an issued supplement (per-learner document). */
export interface HolderView {
  name: string;
  learnerId: string;
  credentialId: string;
  completionDate: string;
  issueDate: string;
  verifyUrl: Field;
  /** An SVG QR code of verifyUrl, generated locally (not user text). */
  qrSvg: string;
  grade: Field;
  email: Field;
}

export interface SupplementView {
  lang: string;
  /** Present on an issued supplement; null on the program-level document. */
  holder: HolderView | null;
  meta: {
    title: string;
    author: string;
    subject: string;
    keywords: string[];
    programId: string;
    generatedOn: string;
    generatedOnText: string;
    tool: string;
    sourceFile: string;
    sourceDigest: string;
  };
  program: {
    id: string;
    title: string;
    credentialType: Field;
    description: Field;
    languages: Field;
    fieldOfStudy: Field;
    prerequisites: Field;
    stackability: Field;
    additionalInformation: Field;
  };
  issuer: {
    name: string;
    country: Field;
    countryCode: string;
    url: Field;
    awardingBody: Field;
    partners: Field;
    partnerLine: string;
  };
  eqf: { level: Field; descriptors: EqfDescriptor[]; note: Field; isRange: boolean };
  workload: {
    modules: ModuleRow[];
    totalHours: string;
    hoursPerCredit: string;
    quotient: string;
    credits: string;
    creditsLabel: string;
    rounding: string;
    basis: string;
    declared: Field;
  };
  outcomes: { program: string[]; hasModuleOutcomes: boolean };
  assessment: {
    methods: { label: string; purpose: string; description: string; described: boolean }[];
    summative: Field;
    /** For the summary: the summative methods, or all methods when none is marked. */
    overview: Field;
    description: Field;
    passMark: Field;
    identityVerification: Field;
  };
  mode: {
    summary: Field;
    delivery: Field;
    schedule: Field;
    pace: Field;
    hoursPerWeek: Field;
    duration: Field;
    start: Field;
  };
  qa: {
    given: boolean;
    type: Field;
    body: Field;
    reference: Field;
    decisionDate: Field;
    period: Field;
    conditions: Field;
    url: Field;
  };
}

export interface ViewOptions {
  /** Date of generation, YYYY-MM-DD (UTC). */
  generatedOn: string;
  tool: string;
  sourceFile: string;
  sourceDigest: string;
}

const MONTH_FORMAT = new Intl.DateTimeFormat("en-GB", {
  day: "numeric",
  month: "long",
  year: "numeric",
  timeZone: "UTC",
});

/** "2025-11-26" → "26 November 2025". */
export function formatDate(iso: string): string {
  const d = new Date(`${iso}T00:00:00Z`);
  return Number.isNaN(d.getTime()) ? iso : MONTH_FORMAT.format(d);
}

const PURPOSE_LABELS = {
  summative: "Summative (graded)",
  formative: "Formative (feedback only)",
} as const;

export function buildView(
  program: Program,
  workload: Workload,
  options: ViewOptions,
): SupplementView {
  const country = program.issuer.country ? countryByCode(program.issuer.country) : undefined;
  const eqf = parseEqfLevel(program.eqfLevel);
  const descriptors: EqfDescriptor[] = [];
  if (eqf)
    for (let l = eqf.min; l <= eqf.max; l++) descriptors.push(EQF_DESCRIPTORS[l] as EqfDescriptor);
  const partners = program.issuer.partners ?? [];
  const mode = program.modeOfStudy ?? {};
  const qa = program.qualityAssurance;
  const assessment = program.assessment ?? {};
  const methods = (assessment.methods ?? []).map((m) => ({
    label: ASSESSMENT_TYPES[m.type].label,
    purpose: m.purpose
      ? PURPOSE_LABELS[m.purpose]
      : m.description
        ? "See description"
        : "Not stated",
    description: m.description ?? "No description given.",
    described: m.description !== undefined,
  }));
  const summative = (assessment.methods ?? [])
    .filter((m) => m.purpose === "summative")
    .map((m) => ASSESSMENT_TYPES[m.type].label);
  const total = workload.hours;
  const modules: ModuleRow[] = program.modules.map((m, i) => ({
    number: i + 1,
    id: m.id,
    title: m.title,
    hours: formatNumber(m.hours ?? 0),
    share: total > 0 ? `${formatNumber(((m.hours ?? 0) / total) * 100, 1)}%` : "",
    outcomes: m.learningOutcomes ?? [],
  }));
  const duration =
    mode.durationWeeks !== undefined
      ? `${formatNumber(mode.durationWeeks)} weeks`
      : mode.hoursPerWeek
        ? `About ${formatNumber(total / mode.hoursPerWeek, 1)} weeks at ${formatNumber(mode.hoursPerWeek)} hours per week (${formatNumber(total)} hours in total); learners may go faster or slower.`
        : undefined;
  const languages = (program.languages ?? [])
    .map((c) => LANGUAGE_LABELS[c] ?? c.toUpperCase())
    .join(", ");
  const field = program.fieldOfStudy;
  const creditsText = formatNumber(workload.credits);
  const modeParts = [
    mode.delivery && DELIVERY_LABELS[mode.delivery],
    mode.schedule && SCHEDULE_LABELS[mode.schedule],
    mode.pace && PACE_LABELS[mode.pace],
  ].filter(Boolean) as string[];
  const declaredParts = [
    program.declared?.hours !== undefined
      ? `${formatNumber(program.declared.hours)} hours`
      : undefined,
    program.declared?.ects !== undefined
      ? `${formatNumber(program.declared.ects)} ECTS credits`
      : undefined,
  ].filter(Boolean);

  return {
    lang: program.languages?.[0] ?? "en",
    holder: null,
    meta: {
      title: `Certificate Supplement: ${program.title}`,
      author: program.issuer.name,
      subject: `ECTS/EQF certificate supplement for ${program.title}: learning outcomes, workload (${creditsText} ECTS credits), EQF level, assessment and mode of study.`,
      keywords: [
        "certificate supplement",
        "ECTS",
        `EQF ${eqf?.text ?? ""}`.trim(),
        program.id,
        program.issuer.name,
        ...partners.map((p) => p.name),
      ],
      programId: program.id,
      generatedOn: options.generatedOn,
      generatedOnText: formatDate(options.generatedOn),
      tool: options.tool,
      sourceFile: options.sourceFile,
      sourceDigest: options.sourceDigest,
    },
    program: {
      id: program.id,
      title: program.title,
      credentialType: fieldOf(
        program.credentialType && CREDENTIAL_TYPE_LABELS[program.credentialType],
      ),
      description: fieldOf(program.description),
      languages: fieldOf(languages),
      fieldOfStudy: field
        ? given(`${field} ${iscedLabel(field) ?? ""} (ISCED-F 2013)`.replace(/\s+/g, " "))
        : absent("Not classified by the issuer."),
      prerequisites: fieldOf(program.prerequisites, "No prerequisites are stated by the issuer."),
      stackability: fieldOf(
        program.stackability,
        "No arrangements for recognition or stacking are stated by the issuer.",
      ),
      additionalInformation: fieldOf(program.additionalInformation, "None."),
    },
    issuer: {
      name: program.issuer.name,
      country: country ? given(`${country.name} (${country.alpha2})`) : absent(),
      countryCode: country?.alpha2 ?? "",
      url: fieldOf(program.issuer.url),
      awardingBody: fieldOf(
        program.issuer.awardingBody,
        `The issuer, ${program.issuer.name}, is also the awarding body.`,
      ),
      partners: partners.length
        ? given(partners.map((p) => (p.role ? `${p.name} (${p.role})` : p.name)).join("; "))
        : absent("The program has no content or delivery partners."),
      partnerLine: partners.length ? `with ${partners.map((p) => p.name).join(", ")}` : "",
    },
    eqf: {
      level: eqf
        ? given(
            eqf.min === eqf.max ? `EQF level ${eqf.min}` : `EQF levels ${eqf.min} to ${eqf.max}`,
          )
        : absent(),
      descriptors,
      note: fieldOf(program.eqfNote, ""),
      isRange: !!eqf && eqf.min !== eqf.max,
    },
    workload: {
      modules,
      totalHours: formatNumber(total),
      hoursPerCredit: formatNumber(workload.hoursPerCredit),
      quotient: formatNumber(workload.quotient),
      credits: creditsText,
      creditsLabel: workload.credits === 1 ? "ECTS credit" : "ECTS credits",
      rounding: ROUNDING_DESCRIPTIONS[workload.rounding],
      basis: workload.basis,
      declared: declaredParts.length
        ? given(`${declaredParts.join(" and ")}, in agreement with the computed values.`)
        : absent("No totals are declared; the values above are computed from the module hours."),
    },
    outcomes: {
      program: program.learningOutcomes ?? [],
      hasModuleOutcomes: modules.some((m) => m.outcomes.length > 0),
    },
    assessment: {
      methods,
      summative: summative.length
        ? given(summative.join(", "))
        : absent(
            "The issuer does not mark which assessments are summative; see the methods below.",
          ),
      overview: summative.length
        ? given(summative.join(", "))
        : methods.length
          ? given(methods.map((m) => m.label).join(", "))
          : absent("No assessment is stated."),
      description: fieldOf(assessment.description),
      passMark:
        assessment.passMark !== undefined
          ? given(`${formatNumber(assessment.passMark)}% on graded items`)
          : absent(),
      identityVerification: assessment.identityVerification
        ? assessment.identityVerification.required
          ? given(
              assessment.identityVerification.method ??
                "Required before the certificate is issued.",
            )
          : given("Not required.")
        : absent(),
    },
    mode: {
      summary: modeParts.length ? given(modeParts.join(", ")) : absent(),
      delivery: fieldOf(mode.delivery && DELIVERY_LABELS[mode.delivery]),
      schedule: fieldOf(mode.schedule && SCHEDULE_LABELS[mode.schedule]),
      pace: fieldOf(mode.pace && PACE_LABELS[mode.pace]),
      hoursPerWeek:
        mode.hoursPerWeek !== undefined
          ? given(`About ${formatNumber(mode.hoursPerWeek)} hours per week`)
          : absent(),
      duration: fieldOf(duration),
      start: fieldOf(mode.start),
    },
    qa: {
      given: !!qa,
      type: fieldOf(qa?.type && QA_TYPE_LABELS[qa.type]),
      body: fieldOf(
        qa?.body,
        "The program is not externally quality assured, or the issuer does not state it.",
      ),
      reference: fieldOf(qa?.reference),
      decisionDate: fieldOf(qa?.decisionDate && formatDate(qa.decisionDate)),
      period:
        qa?.validFrom || qa?.validUntil
          ? given(
              `${qa.validFrom ? formatDate(qa.validFrom) : "…"} to ${qa.validUntil ? formatDate(qa.validUntil) : "open end"}`,
            )
          : absent(),
      conditions: fieldOf(qa?.conditions, "None stated."),
      url: fieldOf(qa?.url),
    },
  };
}

export interface HolderInput {
  name: string;
  learnerId: string;
  credentialId: string;
  completionDate: string;
  issueDate: string;
  verifyUrl?: string;
  qrSvg?: string;
  grade?: string;
  /** Printed only when the configuration allows it. */
  email?: string;
}

/** The program's view with a holder block, for one learner. */
export function withHolder(view: SupplementView, h: HolderInput): SupplementView {
  return {
    ...view,
    meta: {
      ...view.meta,
      title: `${view.meta.title}, issued to ${h.name}`,
      keywords: [...view.meta.keywords, h.credentialId],
    },
    holder: {
      name: h.name,
      learnerId: h.learnerId,
      credentialId: h.credentialId,
      completionDate: formatDate(h.completionDate),
      issueDate: formatDate(h.issueDate),
      verifyUrl: h.verifyUrl
        ? given(h.verifyUrl)
        : absent("No verification service is configured for this issuer."),
      qrSvg: h.qrSvg ?? "",
      grade: h.grade ? given(h.grade) : absent("Pass (no grade is recorded)."),
      email: h.email ? given(h.email) : absent(""),
    },
  };
}
