/** Every rule, with its id, default severity, one-line description and explanation. */
import { compareDeclared, formatNumber } from "../ects.js";
import { parseEqfLevel } from "../vocab.js";
import {
  checkAssessment,
  checkCountry,
  checkEqfLevel,
  checkMode,
  checkOutcomes,
  checkQualityAssurance,
  checkWorkload,
} from "./elements.js";
import { I18N_RULES } from "./i18n.js";
import { RENDER_RULES } from "./render.js";
import type { Finding, PortfolioEntry, PortfolioFinding, PortfolioRule, Rule } from "./types.js";

const BOTH = ["fibaa", "eu-microcredential"] as const;

/**
 * Observable action verbs (Bloom's revised taxonomy and the ECTS Users' Guide's advice): an
 * outcome that starts with one of them can be assessed. "Understand", "know", "learn" and
 * "be aware of" cannot be observed and are not in the list.
 */
export const ACTION_VERBS: readonly string[] = [
  "adapt",
  "administer",
  "advise",
  "analyse",
  "analyze",
  "anticipate",
  "apply",
  "appraise",
  "argue",
  "arrange",
  "assemble",
  "assess",
  "audit",
  "automate",
  "build",
  "calculate",
  "categorise",
  "categorize",
  "choose",
  "classify",
  "collaborate",
  "collect",
  "combine",
  "communicate",
  "compare",
  "compile",
  "compose",
  "compute",
  "conduct",
  "configure",
  "connect",
  "construct",
  "contrast",
  "coordinate",
  "create",
  "critique",
  "debug",
  "decide",
  "defend",
  "define",
  "deliver",
  "demonstrate",
  "deploy",
  "describe",
  "design",
  "detect",
  "determine",
  "develop",
  "devise",
  "diagnose",
  "differentiate",
  "discuss",
  "distinguish",
  "document",
  "draft",
  "edit",
  "estimate",
  "evaluate",
  "examine",
  "execute",
  "explain",
  "formulate",
  "generate",
  "handle",
  "identify",
  "illustrate",
  "implement",
  "improve",
  "integrate",
  "interpret",
  "investigate",
  "judge",
  "justify",
  "lead",
  "list",
  "maintain",
  "manage",
  "measure",
  "migrate",
  "mitigate",
  "model",
  "monitor",
  "negotiate",
  "operate",
  "optimise",
  "optimize",
  "organise",
  "organize",
  "outline",
  "perform",
  "plan",
  "predict",
  "prepare",
  "present",
  "prioritise",
  "prioritize",
  "produce",
  "program",
  "propose",
  "protect",
  "prototype",
  "publish",
  "query",
  "recommend",
  "refactor",
  "reflect",
  "report",
  "represent",
  "research",
  "resolve",
  "review",
  "schedule",
  "secure",
  "select",
  "solve",
  "specify",
  "structure",
  "summarise",
  "summarize",
  "support",
  "synthesise",
  "synthesize",
  "test",
  "troubleshoot",
  "use",
  "validate",
  "verify",
  "visualise",
  "visualize",
  "write",
];
const VERB_SET = new Set(ACTION_VERBS);
const NOT_OBSERVABLE = [
  "understand",
  "know",
  "learn",
  "appreciate",
  "be",
  "become",
  "familiarise",
  "familiarize",
  "gain",
  "have",
];

export const PROGRAM_RULES: readonly Rule[] = [
  ...RENDER_RULES,
  ...I18N_RULES,
  // FIBAA criterion 3.1.2: the six elements.
  {
    id: "fibaa/learning-outcomes",
    severity: "error",
    profiles: ["fibaa"],
    description: "States at least one learning outcome, each a real sentence.",
    explanation:
      "FIBAA requires the supplement to document the learning outcomes of the course. Give them under `learningOutcomes:`, one sentence each, saying what a learner can do after the program (e.g. 'Design a relational database schema for a web application.'). Placeholders such as TODO or n/a and fragments of fewer than four words are rejected.",
    check: checkOutcomes,
  },
  {
    id: "fibaa/issuer-country",
    severity: "error",
    profiles: ["fibaa"],
    description: "States the issuer's country as an ISO 3166-1 alpha-2 code.",
    explanation:
      "FIBAA requires the country of the issuer. Add `country:` under `issuer:` as a two-letter ISO code (US, DE, FR …). A country written as a name is a schema error with a suggestion (`Germany` → DE).",
    check: checkCountry,
  },
  {
    id: "fibaa/workload-ects",
    severity: "error",
    profiles: ["fibaa"],
    description:
      "The workload can be stated in ECTS credits: hours on every module, at least 1 credit in total.",
    explanation:
      "FIBAA requires the workload needed to achieve the learning outcomes, in ECTS credits. Credits are computed from the module hours, so every module needs `hours:`; a program worth less than one credit under the credit policy cannot state a workload in ECTS.",
    check: checkWorkload,
  },
  {
    id: "fibaa/eqf-level",
    severity: "error",
    profiles: ["fibaa"],
    description: "States the EQF level.",
    explanation:
      'FIBAA requires the EQF level of the learning experience. Add `eqfLevel:` with a level from 1 to 8, or a range written as a string, e.g. "5-6".',
    check: checkEqfLevel,
  },
  {
    id: "fibaa/assessment-type",
    severity: "error",
    profiles: ["fibaa"],
    description: "Names at least one type of assessment.",
    explanation:
      "FIBAA requires the type of assessment needed to obtain the certificate. Add `assessment:` with `methods:`, each with a `type:` from the closed list (auto-graded-quiz, written-examination, capstone-project …) and, ideally, `purpose: summative` or `formative`.",
    check: checkAssessment,
  },
  {
    id: "fibaa/mode-of-study",
    severity: "error",
    profiles: ["fibaa"],
    description:
      "States the mode of study: delivery (online, onsite, blended) and schedule (full-time, part-time).",
    explanation:
      "FIBAA requires the mode of study, e.g. full time, part time, online. Add `modeOfStudy:` with both `delivery:` and `schedule:`.",
    check: checkMode(true),
  },
  {
    id: "fibaa/eqf-bounds",
    severity: "error",
    profiles: ["fibaa"],
    description: "The EQF level lies within the levels FIBAA certifies (5 to 8; configurable).",
    explanation:
      "FIBAA certifies continuing-education courses at EQF levels 5 to 8. A program whose level (or any level of its range) lies outside these bounds cannot be certified as it stands. The bounds are set with `eqfBounds:` in supplement.config.yaml.",
    check({ program, options }) {
      const level = parseEqfLevel(program.eqfLevel);
      if (!level) return [];
      const { min, max } = options.eqfBounds;
      const lo = Math.min(level.min, level.max);
      const hi = Math.max(level.min, level.max);
      if (lo >= min && hi <= max) return [];
      return [
        {
          path: ["eqfLevel"],
          message: `EQF level ${level.text} is outside the certifiable levels ${min} to ${max}`,
          hint: "Check the level against the EQF descriptors, or set other bounds with `eqfBounds:` in supplement.config.yaml.",
        },
      ];
    },
  },

  // EU micro-credentials, Annex I (mandatory elements a program defines).
  {
    id: "eu/learning-outcomes",
    severity: "error",
    profiles: ["eu-microcredential"],
    description: "Annex I element 6: learning outcomes, each a real sentence.",
    explanation:
      "The Recommendation requires the learning outcomes of a micro-credential. See fibaa/learning-outcomes for how to write them.",
    check: checkOutcomes,
  },
  {
    id: "eu/issuer-country",
    severity: "error",
    profiles: ["eu-microcredential"],
    description: "Annex I element 3: the country or region of the issuer.",
    explanation: "Add `country:` under `issuer:` as a two-letter ISO 3166-1 code.",
    check: checkCountry,
  },
  {
    id: "eu/workload",
    severity: "error",
    profiles: ["eu-microcredential"],
    description: "Annex I element 7: the notional workload, in ECTS credits wherever possible.",
    explanation:
      "Every module needs `hours:`; the credits follow from the credit policy and must come to at least one.",
    check: checkWorkload,
  },
  {
    id: "eu/eqf-level",
    severity: "warning",
    profiles: ["eu-microcredential"],
    description: "Annex I element 8: the EQF level, if applicable.",
    explanation:
      "The Recommendation asks for the level 'if applicable', so a missing level is a warning in this profile. Add `eqfLevel:` when the program has one.",
    check: checkEqfLevel,
  },
  {
    id: "eu/assessment-type",
    severity: "error",
    profiles: ["eu-microcredential"],
    description: "Annex I element 9: the type of assessment.",
    explanation: "Add `assessment:` with at least one method under `methods:`.",
    check: checkAssessment,
  },
  {
    id: "eu/form-of-participation",
    severity: "error",
    profiles: ["eu-microcredential"],
    description: "Annex I element 10: the form of participation (online, onsite or blended).",
    explanation:
      "Add `modeOfStudy:` with `delivery:`. The schedule (full-time or part-time) is not required in this profile.",
    check: checkMode(false),
  },
  {
    id: "eu/quality-assurance",
    severity: "error",
    profiles: ["eu-microcredential"],
    description:
      "Annex I element 11: the type of quality assurance used to underpin the micro-credential.",
    explanation:
      "Add `qualityAssurance:` with at least the `body:`, and its `type:`, `reference:` and period where there is one.",
    check: checkQualityAssurance,
  },

  // Coherence: the elements agree with each other ("transparent and coherent manner").
  {
    id: "coherence/declared-totals",
    severity: "error",
    profiles: BOTH,
    description:
      "Declared total hours and ECTS credits agree with the values computed from the modules.",
    explanation:
      "`declared:` records totals stated elsewhere, e.g. in the accreditation report. When a module's hours change and the declared totals do not, the documents disagree. Correct whichever is wrong.",
    check({ program, workload }) {
      if (!workload) return [];
      return compareDeclared(workload, program.declared).map((m) => ({
        path: ["declared", m.field],
        message:
          m.field === "hours"
            ? `declared hours are ${formatNumber(m.declared)}, but the modules add up to ${formatNumber(m.computed)}`
            : `declared ECTS credits are ${formatNumber(m.declared)}, but ${workload.basis}`,
        hint: "Correct the module hours or the declared total so that they agree.",
      }));
    },
  },
  {
    id: "coherence/hours-per-credit",
    severity: "error",
    profiles: BOTH,
    description: "The program's hours per ECTS credit lie within 25 to 30.",
    explanation:
      "The ECTS Users' Guide (2015) defines one credit as 25 to 30 hours of work (60 credits for 1,500 to 1,800 hours). A `creditPolicy.hoursPerCredit` outside that range does not give ECTS credits.",
    check({ program }) {
      const hpc = program.creditPolicy?.hoursPerCredit;
      if (hpc === undefined || (hpc >= 25 && hpc <= 30)) return [];
      return [
        {
          path: ["creditPolicy", "hoursPerCredit"],
          message: `${formatNumber(hpc)} hours per credit is outside the ECTS range of 25 to 30`,
          hint: "Use a value from 25 to 30, or remove it to use the default of 25.",
        },
      ];
    },
  },
  {
    id: "coherence/module-hours",
    severity: "error",
    profiles: BOTH,
    description: "Every module has more than zero hours.",
    explanation:
      "A module with zero or negative hours cannot contribute to the workload. Give its notional learning hours, or remove the module.",
    check({ program }) {
      return program.modules.flatMap((m, i) =>
        typeof m.hours === "number" && m.hours <= 0
          ? [
              {
                path: ["modules", i, "hours"],
                message: `module "${m.title}" has ${formatNumber(m.hours)} hours; a module needs more than zero`,
                hint: "Give the module's notional learning hours.",
              },
            ]
          : [],
      );
    },
  },
  {
    id: "coherence/eqf-range",
    severity: "error",
    profiles: BOTH,
    description: "An EQF range runs from the lower level to the higher one.",
    explanation: 'Write a range lower level first, e.g. "5-6"; "6-5" is taken for a typing error.',
    check({ program }) {
      const level = parseEqfLevel(program.eqfLevel);
      if (!level || level.min <= level.max) return [];
      return [
        {
          path: ["eqfLevel"],
          message: `the EQF range ${program.eqfLevel} runs backwards`,
          hint: `Write it lower level first: ${level.max}-${level.min}.`,
        },
      ];
    },
  },
  {
    id: "coherence/eqf-range-span",
    severity: "warning",
    profiles: BOTH,
    description: "An EQF range spans at most two levels.",
    explanation:
      "A range such as 4-7 says little about the program's level. Ranges of two neighbouring levels (e.g. 5-6) are common for programs between two levels; wider ones usually mean the modules should be levelled separately.",
    check({ program }) {
      const level = parseEqfLevel(program.eqfLevel);
      if (!level || Math.abs(level.max - level.min) + 1 <= 2) return [];
      return [
        {
          path: ["eqfLevel"],
          message: `the EQF range ${level.text} spans ${Math.abs(level.max - level.min) + 1} levels`,
          hint: "Narrow the range to the two levels that fit best, and explain it in `eqfNote:`.",
        },
      ];
    },
  },
  {
    id: "coherence/unique-modules",
    severity: "error",
    profiles: BOTH,
    description: "No module id or title appears twice within a program.",
    explanation:
      "A module listed twice counts its hours twice. Merge the entries or give them distinct ids and titles.",
    check({ program }) {
      const out: Finding[] = [];
      for (const field of ["id", "title"] as const) {
        const first = new Map<string, number>();
        program.modules.forEach((m, i) => {
          const value = field === "title" ? normaliseTitle(m.title) : m.id;
          const earlier = first.get(value);
          if (earlier === undefined) first.set(value, i);
          else {
            out.push({
              path: ["modules", i, field],
              message: `module ${field} "${m[field]}" is used twice (also module ${earlier + 1})`,
              hint: "Each module appears once; merge or rename them.",
            });
          }
        });
      }
      return out;
    },
  },
  {
    id: "coherence/accreditation-expired",
    severity: "error",
    profiles: BOTH,
    description: "The accreditation period has not ended on the day of the check.",
    explanation:
      "A supplement must not cite an accreditation that has run out. The check date is today, or `--date YYYY-MM-DD`. Renew the accreditation and update `qualityAssurance.validUntil`.",
    check({ program, options }) {
      const until = program.qualityAssurance?.validUntil;
      if (!until || until >= options.date) return [];
      return [
        {
          path: ["qualityAssurance", "validUntil"],
          message: `the accreditation ended on ${until}, before the check date ${options.date}`,
          hint: "Renew the accreditation and update `validUntil:`, or remove the expired entry.",
        },
      ];
    },
  },
  {
    id: "coherence/accreditation-period",
    severity: "error",
    profiles: BOTH,
    description:
      "The accreditation period starts before it ends, and the decision precedes its end.",
    explanation:
      "`validFrom` after `validUntil`, or a `decisionDate` after `validUntil`, is a typing error in the dates.",
    check({ program }) {
      const qa = program.qualityAssurance;
      const out: Finding[] = [];
      if (qa?.validFrom && qa.validUntil && qa.validFrom > qa.validUntil) {
        out.push({
          path: ["qualityAssurance", "validFrom"],
          message: `the accreditation period starts (${qa.validFrom}) after it ends (${qa.validUntil})`,
          hint: "Check the two dates.",
        });
      }
      if (qa?.decisionDate && qa.validUntil && qa.decisionDate > qa.validUntil) {
        out.push({
          path: ["qualityAssurance", "decisionDate"],
          message: `the decision (${qa.decisionDate}) is dated after the end of the period (${qa.validUntil})`,
          hint: "Check the two dates.",
        });
      }
      return out;
    },
  },
  {
    id: "coherence/weekly-load",
    severity: "warning",
    profiles: BOTH,
    description:
      "Hours per week times the duration in weeks agrees with the total hours (within 10%).",
    explanation:
      "When `modeOfStudy` gives both `hoursPerWeek` and `durationWeeks`, their product should be close to the total workload; otherwise a reader cannot tell which figure is right.",
    check({ program, workload }) {
      const mode = program.modeOfStudy;
      if (!workload || !mode?.hoursPerWeek || !mode.durationWeeks) return [];
      const implied = mode.hoursPerWeek * mode.durationWeeks;
      if (Math.abs(implied - workload.hours) <= workload.hours * 0.1) return [];
      return [
        {
          path: ["modeOfStudy", "durationWeeks"],
          message: `${formatNumber(mode.hoursPerWeek)} hours per week for ${formatNumber(mode.durationWeeks)} weeks is ${formatNumber(implied)} hours, but the modules add up to ${formatNumber(workload.hours)}`,
          hint: `At ${formatNumber(mode.hoursPerWeek)} hours per week the program takes about ${formatNumber(workload.hours / mode.hoursPerWeek, 1)} weeks.`,
        },
      ];
    },
  },
  {
    id: "coherence/summative-assessment",
    severity: "warning",
    profiles: BOTH,
    description: "At least one assessment method is marked summative.",
    explanation:
      "Credits are awarded only after the learning outcomes are assessed (ECTS Users' Guide). Mark the methods that count towards the certificate with `purpose: summative` so that the supplement can say which assessment is required.",
    check({ program }) {
      const methods = program.assessment?.methods;
      if (!methods?.length || methods.some((m) => m.purpose === "summative")) return [];
      return [
        {
          path: ["assessment", "methods"],
          key: true,
          message: "no assessment method is marked as summative",
          hint: "Add `purpose: summative` to the methods that count towards the certificate.",
        },
      ];
    },
  },

  // Quality: what a quality officer expects beyond the minimum.
  {
    id: "quality/outcome-verb",
    severity: "warning",
    profiles: BOTH,
    description: "Each learning outcome starts with an observable action verb.",
    explanation: `Outcomes that start with an action verb can be assessed; "understand", "know", "learn" or "be aware of" cannot be observed. Accepted verbs: ${ACTION_VERBS.join(", ")}.`,
    check({ program }) {
      return (program.learningOutcomes ?? []).flatMap((o, i) => {
        if (typeof o !== "string") return [];
        const first = (/^\p{L}+/u.exec(o.trim())?.[0] ?? "").toLowerCase();
        if (VERB_SET.has(first)) return [];
        const weak = NOT_OBSERVABLE.includes(first);
        return [
          {
            path: ["learningOutcomes", i],
            message: weak
              ? `learning outcome ${i + 1} starts with "${first}", which cannot be observed or assessed`
              : `learning outcome ${i + 1} does not start with an action verb ("${first}")`,
            hint: "Start with what the learner does, e.g. explain, apply, design, build, evaluate.",
          },
        ];
      });
    },
  },
  {
    id: "quality/pass-mark",
    severity: "warning",
    profiles: BOTH,
    description: "The pass mark is stated.",
    explanation:
      "A reader needs to know what score obtains the certificate. Add `assessment.passMark:` in percent.",
    check({ program }) {
      if (!program.assessment || program.assessment.passMark !== undefined) return [];
      return [
        {
          path: ["assessment"],
          key: true,
          message: "the pass mark is not stated",
          hint: "Add `passMark:` (percent) under `assessment:`.",
        },
      ];
    },
  },
  {
    id: "quality/languages",
    severity: "warning",
    profiles: BOTH,
    description: "The language(s) of instruction and assessment are stated.",
    explanation:
      "The Diploma Supplement states the language of instruction and examination. Add `languages: [en]` (ISO 639-1 codes).",
    check({ program }) {
      return program.languages?.length
        ? []
        : [
            {
              path: ["languages"],
              key: true,
              message: "the language of instruction is not stated",
              hint: "Add `languages:` with ISO 639-1 codes, e.g. [en].",
            },
          ];
    },
  },
  {
    id: "quality/quality-assurance",
    severity: "warning",
    profiles: ["fibaa"],
    description: "The external quality assurance (accreditation or certification) is stated.",
    explanation:
      "A supplement that names its accreditation lets a reader verify it. Add `qualityAssurance:` with the body, reference and period. (The EU profile requires it: eu/quality-assurance.)",
    check: checkQualityAssurance,
  },
  {
    id: "quality/identity-verification",
    severity: "info",
    profiles: BOTH,
    description: "Whether the learner's identity is verified during assessment is stated.",
    explanation:
      "Identity verification is an optional element of the EU Annex I, and readers value it. Add `assessment.identityVerification:` with `required:` and the `method:`.",
    check({ program }) {
      if (!program.assessment || program.assessment.identityVerification) return [];
      return [
        {
          path: ["assessment"],
          key: true,
          message: "identity verification is not stated",
          hint: "Add `identityVerification: {required: true, method: …}` under `assessment:`.",
        },
      ];
    },
  },
];

export function normaliseTitle(title: string): string {
  return String(title).trim().toLowerCase().replace(/\s+/g, " ");
}

export const PORTFOLIO_RULES: readonly PortfolioRule[] = [
  {
    id: "portfolio/unique-ids",
    severity: "error",
    profiles: BOTH,
    description: "No two programs of the run have the same id.",
    explanation:
      "A program's id names its credentials, its register entries, its twins and its pages on the verification site. Two programs with one id mix their learners and overwrite each other's pages. The usual cause is a program file copied from another whose `id:` was kept; give it its own.",
    checkPortfolio(entries: readonly PortfolioEntry[]): PortfolioFinding[] {
      const first = new Map<string, PortfolioEntry>();
      const out: PortfolioFinding[] = [];
      for (const entry of entries) {
        const earlier = first.get(entry.program.id);
        if (!earlier) {
          first.set(entry.program.id, entry);
          continue;
        }
        out.push({
          entry,
          path: ["id"],
          message: `the program id "${entry.program.id}" is already the id of ${earlier.file}:${lineOf(earlier, ["id"])}`,
          hint: "Give each program its own id: it names the program's credentials, register entries and verification pages.",
        });
      }
      return out;
    },
  },
  {
    id: "portfolio/module-hours",
    severity: "error",
    profiles: BOTH,
    description:
      "A module with the same id or title has the same hours in every program of the run.",
    explanation:
      "Modules shared between programs (stackability) are the same module, so their hours must agree everywhere; otherwise the credits of the programs cannot be compared and recognition of prior learning is wrong. Modules are matched by id, and by title (ignoring case and spacing).",
    checkPortfolio(entries: readonly PortfolioEntry[]): PortfolioFinding[] {
      type Place = { entry: PortfolioEntry; index: number; hours: number };
      const groups = new Map<string, Place[]>();
      for (const entry of entries) {
        entry.program.modules.forEach((m, index) => {
          if (typeof m.hours !== "number") return;
          for (const key of [`id:${m.id}`, `title:${normaliseTitle(m.title)}`]) {
            const list = groups.get(key) ?? [];
            list.push({ entry, index, hours: m.hours });
            groups.set(key, list);
          }
        });
      }
      const out: PortfolioFinding[] = [];
      const reported = new Set<string>();
      for (const places of groups.values()) {
        const first = places[0];
        if (!first || places.every((p) => p.hours === first.hours)) continue;
        for (const p of places) {
          const where = `${p.entry.file}#${p.index}`;
          if (reported.has(where)) continue;
          reported.add(where);
          const others = places
            .filter((o) => o !== p && o.hours !== p.hours)
            .map((o) => `${formatNumber(o.hours)} h in ${o.entry.file}:${lineOfModule(o)}`);
          const m = p.entry.program.modules[p.index];
          out.push({
            entry: p.entry,
            path: ["modules", p.index, "hours"],
            message: `module "${m?.title}" has ${formatNumber(p.hours)} hours here but ${others.join(", ")}`,
            hint: "A shared module has one workload; correct the hours in every program, or give the modules different ids and titles.",
          });
        }
      }
      return out;
    },
  },
];

function lineOfModule(place: { entry: PortfolioEntry; index: number }): number {
  return lineOf(place.entry, ["modules", place.index, "hours"]);
}

function lineOf(entry: PortfolioEntry, path: (string | number)[]): number {
  const node = entry.source.doc.getIn(path, true) as { range?: number[] } | undefined;
  const offset = node?.range?.[0] ?? 0;
  return entry.source.lines.linePos(offset).line;
}
