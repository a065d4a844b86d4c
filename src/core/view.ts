/**
 * The document's content, ready to print: every field the supplement shows, with labels resolved
 * and a stated reason wherever the program gives no value. Pure; templates only lay it out.
 */
import type { Program } from "../types/program.gen.js";
import type { Workload } from "./ects.js";
import { en } from "./i18n/en.js";
import { eqfDescriptor } from "./i18n/eqf.js";
import { createTranslator, type Lang, type MessageKey } from "./i18n/index.js";
import { type EqfDescriptor, iscedLabel, parseEqfLevel } from "./vocab.js";

/** A printed value, or the reason it is absent (printed in italics). */
export interface Field {
  text: string;
  given: boolean;
}

export const NOT_STATED = en["field.notStated"];
const given = (text: string): Field => ({ text, given: true });
const absent = (reason: string): Field => ({ text: reason, given: false });

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
  /** That the PDF is signed electronically, and by whom (given only when it is). */
  eSignature: Field;
}

/** The images a program names, as data: URIs (src/io/assets.ts); null where one is not given. */
export interface DocumentAssets {
  logo?: string;
  partnerLogos: (string | null)[];
  signatures: (string | null)[];
  seal?: string;
}

export interface SupplementView {
  /** The document's (first) language: the html lang attribute. */
  lang: string;
  /** The document's languages, for the templates' t helper: one, or two when bilingual. */
  i18n: { lang: Lang; alt: Lang | null };
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
  eqf: { level: Field; descriptors: LevelDescriptors[]; note: Field; isRange: boolean };
  workload: {
    modules: ModuleRow[];
    totalHours: string;
    /** "100%", as the locale writes it. */
    totalShare: string;
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
  /** Logos, signatories and seal: the certification block (Diploma Supplement section 7). */
  branding: {
    /** The issuer's logo (data: URI), or null. */
    logo: string | null;
    /** Partners with a logo. */
    partnerLogos: { name: string; src: string }[];
    signatories: { name: string; role: string; signature: string | null }[];
    /** The seal (data: URI), or null. */
    seal: string | null;
    /** Where it is issued; empty when not stated. */
    place: string;
    /** Whether there is a certification block to print (signatories or a seal). */
    signed: boolean;
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
  /** The document's language(s): one, or two for a bilingual document (default English). */
  langs?: readonly Lang[];
  /** The images the program names, loaded and checked (src/io/assets.ts). */
  assets?: DocumentAssets;
}

/** "2025-11-26" → "26 November 2025". */
export function formatDate(iso: string): string {
  return createTranslator(["en"]).date(iso);
}

/** A level's descriptors: the official text in the document's language, or a citation of it. */
export interface LevelDescriptors extends EqfDescriptor {
  /** Set when the official text in this language is not shipped: the sentence that cites it. */
  cite?: string;
}

export function buildView(
  program: Program,
  workload: Workload,
  options: ViewOptions,
): SupplementView {
  const langs = options.langs?.length ? options.langs : (["en"] as const);
  const tr = createTranslator(langs);
  const { t } = tr;
  const n = (x: number, d?: number) => tr.number(x, d);
  const notStated = t("field.notStated");
  const fieldOf = (value: string | undefined | null, reason: string = notStated): Field =>
    value !== undefined && value !== null && value.trim() !== ""
      ? given(value.trim())
      : absent(reason);
  const countryName = program.issuer.country ? tr.country(program.issuer.country) : undefined;
  const countryCode = program.issuer.country?.toUpperCase() ?? "";
  const eqf = parseEqfLevel(program.eqfLevel);
  const descriptors: LevelDescriptors[] = [];
  if (eqf)
    for (let l = eqf.min; l <= eqf.max; l++)
      descriptors.push(
        eqfDescriptor(l, tr.lang) ?? {
          level: l,
          knowledge: "",
          skills: "",
          cite: t("s2.officialElsewhere"),
        },
      );
  const partners = program.issuer.partners ?? [];
  const mode = program.modeOfStudy ?? {};
  const qa = program.qualityAssurance;
  const assessment = program.assessment ?? {};
  const methodLabel = (type: string) => t(`assessment.${type}` as MessageKey);
  const methods = (assessment.methods ?? []).map((m) => ({
    label: methodLabel(m.type),
    purpose: m.purpose
      ? t(`purpose.${m.purpose}` as MessageKey)
      : m.description
        ? t("s5.seeDescription")
        : t("s5.purposeNotStated"),
    description: m.description ?? t("s5.noDescription"),
    described: m.description !== undefined,
  }));
  const summative = (assessment.methods ?? [])
    .filter((m) => m.purpose === "summative")
    .map((m) => methodLabel(m.type));
  const total = workload.hours;
  // "9.2%" in English; "9,2 %" (a no-break space before the sign) in German and French.
  const percent = (x: number) => `${n(x, 1)}${tr.lang === "en" ? "" : "\u00a0"}%`;
  const modules: ModuleRow[] = program.modules.map((m, i) => ({
    number: i + 1,
    id: m.id,
    title: m.title,
    hours: n(m.hours ?? 0),
    share:
      total > 0
        ? `${n(((m.hours ?? 0) / total) * 100, 1)}${tr.lang === "en" ? "" : "\u00a0"}%`
        : "",
    outcomes: m.learningOutcomes ?? [],
  }));
  const duration =
    mode.durationWeeks !== undefined
      ? t("s6.weeks", { weeks: n(mode.durationWeeks) })
      : mode.hoursPerWeek
        ? t("s6.estimate", {
            weeks: n(total / mode.hoursPerWeek, 1),
            perWeek: n(mode.hoursPerWeek),
            total: n(total),
          })
        : undefined;
  const languages = (program.languages ?? []).map((c) => tr.language(c)).join(", ");
  const field = program.fieldOfStudy;
  // ISCED-F labels are shipped in English only: other languages print the code.
  const fieldLabel = tr.lang === "en" ? (iscedLabel(field ?? "") ?? "") : "";
  const creditsText = n(workload.credits);
  const unit = workload.credits === 1 ? t("unit.credit") : t("unit.credits");
  const rounding = t(`rounding.${workload.rounding}` as MessageKey);
  const modeParts = [
    mode.delivery && t(`delivery.${mode.delivery}` as MessageKey),
    mode.schedule && t(`schedule.${mode.schedule}` as MessageKey),
    mode.pace && t(`pace.${mode.pace}` as MessageKey),
  ].filter(Boolean) as string[];
  const declaredParts = [
    program.declared?.hours !== undefined
      ? t("unit.hours", { hours: n(program.declared.hours) })
      : undefined,
    program.declared?.ects !== undefined
      ? `${n(program.declared.ects)} ${program.declared.ects === 1 ? t("unit.credit") : t("unit.credits")}`
      : undefined,
  ].filter(Boolean);
  const eqfText = eqf
    ? eqf.min === eqf.max
      ? t("s2.levelOne", { level: eqf.min })
      : t("s2.levelRange", { min: eqf.min, max: eqf.max })
    : undefined;

  return {
    lang: tr.lang,
    i18n: { lang: tr.lang, alt: tr.alt },
    holder: null,
    meta: {
      title: t("meta.title", { title: program.title }),
      author: program.issuer.name,
      subject: t("meta.subject", { title: program.title, credits: creditsText }),
      keywords: [
        t("meta.keyword"),
        "ECTS",
        `${tr.lang === "de" ? "EQR" : tr.lang === "fr" ? "CEC" : "EQF"} ${eqf?.text ?? ""}`.trim(),
        program.id,
        program.issuer.name,
        ...partners.map((p) => p.name),
      ],
      programId: program.id,
      generatedOn: options.generatedOn,
      generatedOnText: tr.date(options.generatedOn),
      tool: options.tool,
      sourceFile: options.sourceFile,
      sourceDigest: options.sourceDigest,
    },
    program: {
      id: program.id,
      title: program.title,
      credentialType: fieldOf(
        program.credentialType && t(`credential.${program.credentialType}` as MessageKey),
      ),
      description: fieldOf(program.description),
      languages: fieldOf(languages),
      fieldOfStudy: field
        ? given(`${field} ${fieldLabel} (ISCED-F 2013)`.replace(/\s+/g, " "))
        : absent(t("s1.notClassified")),
      prerequisites: fieldOf(program.prerequisites, t("s6.noPrerequisites")),
      stackability: fieldOf(program.stackability, t("s8.noStacking")),
      additionalInformation: fieldOf(program.additionalInformation, t("s8.none")),
    },
    issuer: {
      name: program.issuer.name,
      country: countryName ? given(`${countryName} (${countryCode})`) : absent(notStated),
      countryCode,
      url: fieldOf(program.issuer.url),
      awardingBody: fieldOf(
        program.issuer.awardingBody,
        t("s1.issuerIsAwarding", { issuer: program.issuer.name }),
      ),
      partners: partners.length
        ? given(partners.map((p) => (p.role ? `${p.name} (${p.role})` : p.name)).join("; "))
        : absent(t("s1.noPartners")),
      partnerLine: partners.length
        ? t("s1.partnerLine", { partners: partners.map((p) => p.name).join(", ") })
        : "",
    },
    eqf: {
      level: eqfText ? given(eqfText) : absent(notStated),
      descriptors,
      note: fieldOf(program.eqfNote, ""),
      isRange: !!eqf && eqf.min !== eqf.max,
    },
    workload: {
      modules,
      totalHours: n(total),
      totalShare: percent(100),
      hoursPerCredit: n(workload.hoursPerCredit),
      quotient: n(workload.quotient),
      credits: creditsText,
      creditsLabel: unit,
      rounding,
      basis: t("s3.basisText", {
        hours: n(total),
        perCredit: n(workload.hoursPerCredit),
        quotient: n(workload.quotient),
        rounding,
        credits: creditsText,
        unit,
      }),
      declared: declaredParts.length
        ? given(t("s3.declaredAgree", { totals: declaredParts.join(` ${t("s3.and")} `) }))
        : absent(t("s3.declaredNone")),
    },
    outcomes: {
      program: program.learningOutcomes ?? [],
      hasModuleOutcomes: modules.some((m) => m.outcomes.length > 0),
    },
    assessment: {
      methods,
      summative: summative.length ? given(summative.join(", ")) : absent(t("s5.notMarked")),
      overview: summative.length
        ? given(summative.join(", "))
        : methods.length
          ? given(methods.map((m) => m.label).join(", "))
          : absent(t("s5.noAssessment")),
      description: fieldOf(assessment.description),
      passMark:
        assessment.passMark !== undefined
          ? given(t("s5.passMarkText", { mark: n(assessment.passMark) }))
          : absent(notStated),
      identityVerification: assessment.identityVerification
        ? assessment.identityVerification.required
          ? given(assessment.identityVerification.method ?? t("s5.idRequired"))
          : given(t("s5.idNotRequired"))
        : absent(notStated),
    },
    mode: {
      summary: modeParts.length ? given(modeParts.join(", ")) : absent(notStated),
      delivery: fieldOf(mode.delivery && t(`delivery.${mode.delivery}` as MessageKey)),
      schedule: fieldOf(mode.schedule && t(`schedule.${mode.schedule}` as MessageKey)),
      pace: fieldOf(mode.pace && t(`pace.${mode.pace}` as MessageKey)),
      hoursPerWeek:
        mode.hoursPerWeek !== undefined
          ? given(t("s6.loadText", { hours: n(mode.hoursPerWeek) }))
          : absent(notStated),
      duration: fieldOf(duration),
      start: fieldOf(mode.start),
    },
    branding: {
      logo: options.assets?.logo ?? null,
      partnerLogos: partners.flatMap((p, i) => {
        const src = options.assets?.partnerLogos[i];
        return src ? [{ name: p.name, src }] : [];
      }),
      signatories: (program.signature?.signatories ?? []).map((sig, i) => ({
        name: sig.name,
        role: sig.role,
        signature: options.assets?.signatures[i] ?? null,
      })),
      seal: options.assets?.seal ?? null,
      place: program.signature?.place ?? "",
      signed: !!(program.signature?.signatories?.length || options.assets?.seal),
    },
    qa: {
      given: !!qa,
      type: fieldOf(qa?.type && t(`qa.${qa.type}` as MessageKey)),
      body: fieldOf(qa?.body, t("s7.none")),
      reference: fieldOf(qa?.reference),
      decisionDate: fieldOf(qa?.decisionDate && tr.date(qa.decisionDate)),
      period:
        qa?.validFrom || qa?.validUntil
          ? given(
              t("s7.periodText", {
                from: qa.validFrom ? tr.date(qa.validFrom) : "…",
                until: qa.validUntil ? tr.date(qa.validUntil) : t("s7.openEnd"),
              }),
            )
          : absent(notStated),
      conditions: fieldOf(qa?.conditions, t("s7.noConditions")),
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
  /** The PDF is signed (PAdES) by this identity. */
  signedBy?: { name: string; development: boolean };
}

/** The program's view with a holder block, for one learner, in the view's language. */
export function withHolder(view: SupplementView, h: HolderInput): SupplementView {
  const tr = createTranslator(view.i18n.alt ? [view.i18n.lang, view.i18n.alt] : [view.i18n.lang]);
  return {
    ...view,
    meta: {
      ...view.meta,
      title: tr.t("meta.issuedTo", { title: view.meta.title, name: h.name }),
      keywords: [...view.meta.keywords, h.credentialId],
    },
    holder: {
      name: h.name,
      learnerId: h.learnerId,
      credentialId: h.credentialId,
      completionDate: tr.date(h.completionDate),
      issueDate: tr.date(h.issueDate),
      verifyUrl: h.verifyUrl ? given(h.verifyUrl) : absent(tr.t("holder.noVerification")),
      qrSvg: h.qrSvg ?? "",
      grade: h.grade ? given(h.grade) : absent(tr.t("holder.noGrade")),
      email: h.email ? given(h.email) : absent(""),
      eSignature: h.signedBy
        ? given(
            tr.t(h.signedBy.development ? "holder.signedByDevelopment" : "holder.signedBy", {
              signer: h.signedBy.name,
            }),
          )
        : absent(""),
    },
  };
}
