/**
 * Content rules: the six elements the accreditation condition requires, and coherence between
 * them. Each rule has a stable id; findings point at the YAML node at fault or, when something is
 * missing, at the parent that should hold it.
 */
import type { Program } from "../types/program.gen.js";
import type { Diagnostic, Severity } from "./diagnostics.js";
import { compareDeclared, formatNumber, type Workload } from "./ects.js";
import { locate, type SourceFile } from "./source.js";
import { parseEqfLevel } from "./vocab.js";

export interface RuleContext {
  program: Program;
  source: SourceFile;
  /** Undefined when some module has no hours. */
  workload: Workload | undefined;
}

export interface Finding {
  path: (string | number)[];
  message: string;
  hint?: string;
  /** Point at the key rather than the value. */
  key?: boolean;
}

export interface Rule {
  id: string;
  severity: Severity;
  description: string;
  check(ctx: RuleContext): Finding[];
}

const PLACEHOLDER = /^(todo|tbd|tba|n\/?a|none|lorem ipsum.*|xxx+|\.\.\.|-)$/i;

/** A learning outcome that reads as a sentence: several words, not a placeholder. */
export function isRealSentence(text: string): boolean {
  const t = text.trim();
  return !PLACEHOLDER.test(t) && t.split(/\s+/).filter((w) => /\p{L}/u.test(w)).length >= 4;
}

const missing = (path: (string | number)[], message: string, hint: string): Finding => ({
  path,
  message,
  hint,
  key: true,
});

export const RULES: Rule[] = [
  {
    id: "fibaa/learning-outcomes",
    severity: "error",
    description: "The program states at least one learning outcome, each a real sentence.",
    check({ program }) {
      const outcomes = program.learningOutcomes;
      if (!outcomes || outcomes.length === 0) {
        return [
          missing(
            ["learningOutcomes"],
            "no learning outcomes are given",
            "Add `learningOutcomes:` with at least one outcome, e.g. '- Build a web application with …'.",
          ),
        ];
      }
      return outcomes.flatMap((o, i) =>
        isRealSentence(o)
          ? []
          : [
              {
                path: ["learningOutcomes", i],
                message: `learning outcome ${i + 1} is not a sentence: "${o}"`,
                hint: "Write what the learner can do, e.g. 'Design a relational database schema for a web application.'",
              },
            ],
      );
    },
  },
  {
    id: "fibaa/issuer-country",
    severity: "error",
    description: "The issuer's country is given as an ISO 3166-1 alpha-2 code.",
    check({ program }) {
      return program.issuer?.country
        ? []
        : [
            missing(
              ["issuer", "country"],
              "the issuer's country is missing",
              "Add `country:` under `issuer:` as a two-letter code, e.g. US.",
            ),
          ];
    },
  },
  {
    id: "fibaa/workload-ects",
    severity: "error",
    description:
      "The workload can be stated in ECTS credits: every module has hours and the total is worth at least 1 credit.",
    check({ program, workload }) {
      const findings = program.modules
        .map((m, i) => ({ m, i }))
        .filter(({ m }) => m.hours === undefined)
        .map(({ m, i }) =>
          missing(
            ["modules", i],
            `module "${m.title}" has no hours, so the workload cannot be computed`,
            "Add `hours:` with the module's notional learning hours.",
          ),
        );
      if (findings.length === 0 && workload && workload.credits < 1) {
        findings.push({
          path: ["modules"],
          key: true,
          message: `the workload is worth less than 1 ECTS credit (${workload.basis})`,
          hint: "A supplement states at least one credit; check the module hours.",
        });
      }
      return findings;
    },
  },
  {
    id: "fibaa/eqf-level",
    severity: "error",
    description: "The EQF level of the learning experience is given.",
    check({ program }) {
      return program.eqfLevel === undefined
        ? [
            missing(
              ["eqfLevel"],
              "the EQF level is missing",
              "Add `eqfLevel:` with a level from 1 to 8, or a range such as 5-6.",
            ),
          ]
        : [];
    },
  },
  {
    id: "fibaa/assessment-type",
    severity: "error",
    description: "At least one type of assessment is named.",
    check({ program }) {
      return program.assessment?.methods?.length
        ? []
        : [
            missing(
              ["assessment", "methods"],
              "no type of assessment is given",
              "Add `assessment:` with `methods:`, e.g. '- type: auto-graded-quiz'.",
            ),
          ];
    },
  },
  {
    id: "fibaa/mode-of-study",
    severity: "error",
    description:
      "The mode of study is given: delivery (online, onsite, blended) and schedule (full-time, part-time).",
    check({ program }) {
      const mode = program.modeOfStudy;
      if (!mode)
        return [
          missing(
            ["modeOfStudy"],
            "the mode of study is missing",
            "Add `modeOfStudy:` with `delivery:` (online, onsite or blended) and `schedule:` (full-time or part-time).",
          ),
        ];
      const out: Finding[] = [];
      if (!mode.delivery)
        out.push(
          missing(
            ["modeOfStudy", "delivery"],
            "the mode of study does not say whether it is online, onsite or blended",
            "Add `delivery:` under `modeOfStudy:`.",
          ),
        );
      if (!mode.schedule)
        out.push(
          missing(
            ["modeOfStudy", "schedule"],
            "the mode of study does not say whether it is full-time or part-time",
            "Add `schedule:` under `modeOfStudy:`.",
          ),
        );
      return out;
    },
  },
  {
    id: "coherence/declared-totals",
    severity: "error",
    description:
      "Declared total hours and ECTS credits agree with the values computed from the modules.",
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
    id: "coherence/eqf-range",
    severity: "error",
    description: "An EQF range runs from the lower level to the higher one.",
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
    id: "coherence/unique-modules",
    severity: "error",
    description: "No module id or title appears twice within a program.",
    check({ program }) {
      const out: Finding[] = [];
      for (const field of ["id", "title"] as const) {
        const first = new Map<string, number>();
        program.modules.forEach((m, i) => {
          const value = field === "title" ? m.title.trim().toLowerCase() : m.id;
          const earlier = first.get(value);
          if (earlier === undefined) first.set(value, i);
          else
            out.push({
              path: ["modules", i, field],
              message: `module ${field} "${m[field]}" is used twice (also module ${earlier + 1})`,
              hint: "Each module appears once; merge or rename them.",
            });
        });
      }
      return out;
    },
  },
];

/**
 * Runs every rule. The program may have failed the schema: a rule that trips over a value of
 * the wrong shape is skipped, since the schema has already reported that value.
 */
export function runRules(ctx: RuleContext, rules: readonly Rule[] = RULES): Diagnostic[] {
  const out: Diagnostic[] = [];
  for (const rule of rules) {
    let findings: Finding[];
    try {
      findings = rule.check(ctx);
    } catch {
      continue;
    }
    for (const f of findings) {
      out.push({
        code: rule.id,
        severity: rule.severity,
        file: ctx.source.file,
        range: locate(ctx.source, f.path, { key: f.key ?? false }).range,
        message: f.message,
        ...(f.hint ? { hint: f.hint } : {}),
        path: f.path,
      });
    }
  }
  return out;
}
