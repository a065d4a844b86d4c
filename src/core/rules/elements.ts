/**
 * Checks for the elements a supplement must state. FIBAA and the EU Annex I share most of them;
 * each profile gives them its own rule ids so that a finding names the requirement it fails.
 */
import type { Finding, RuleContext } from "./types.js";

const PLACEHOLDER = /^(todo|tbd|tba|n\/?a|none|lorem ipsum.*|xxx+|\.\.\.|-)$/i;

/** A learning outcome that reads as a sentence: four words or more, not a placeholder. */
export function isRealSentence(text: string): boolean {
  const t = text.trim();
  return !PLACEHOLDER.test(t) && (t.match(WORD) ?? []).length >= 4;
}

/** A run of letters (any script). */
const WORD = /\p{L}[\p{L}\p{M}'’-]*/gu;

export const missing = (path: (string | number)[], message: string, hint: string): Finding => ({
  path,
  message,
  hint,
  key: true,
});

export function checkOutcomes({ program }: RuleContext): Finding[] {
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
    typeof o === "string" && isRealSentence(o)
      ? []
      : [
          {
            path: ["learningOutcomes", i],
            message: `learning outcome ${i + 1} is not a sentence: "${o}"`,
            hint: "Write what the learner can do, e.g. 'Design a relational database schema for a web application.'",
          },
        ],
  );
}

export function checkCountry({ program }: RuleContext): Finding[] {
  return program.issuer?.country
    ? []
    : [
        missing(
          ["issuer", "country"],
          "the issuer's country is missing",
          "Add `country:` under `issuer:` as a two-letter code, e.g. US.",
        ),
      ];
}

export function checkWorkload({ program, workload }: RuleContext): Finding[] {
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
}

export function checkEqfLevel({ program }: RuleContext): Finding[] {
  return program.eqfLevel === undefined
    ? [
        missing(
          ["eqfLevel"],
          "the EQF level is missing",
          "Add `eqfLevel:` with a level from 1 to 8, or a range such as 5-6.",
        ),
      ]
    : [];
}

export function checkAssessment({ program }: RuleContext): Finding[] {
  return program.assessment?.methods?.length
    ? []
    : [
        missing(
          ["assessment", "methods"],
          "no type of assessment is given",
          "Add `assessment:` with `methods:`, e.g. '- type: auto-graded-quiz'.",
        ),
      ];
}

export function checkMode(needSchedule: boolean) {
  return ({ program }: RuleContext): Finding[] => {
    const mode = program.modeOfStudy;
    if (!mode) {
      return [
        missing(
          ["modeOfStudy"],
          "the mode of study is missing",
          needSchedule
            ? "Add `modeOfStudy:` with `delivery:` (online, onsite or blended) and `schedule:` (full-time or part-time)."
            : "Add `modeOfStudy:` with `delivery:` (online, onsite or blended).",
        ),
      ];
    }
    const out: Finding[] = [];
    if (!mode.delivery) {
      out.push(
        missing(
          ["modeOfStudy", "delivery"],
          "the mode of study does not say whether it is online, onsite or blended",
          "Add `delivery:` under `modeOfStudy:`.",
        ),
      );
    }
    if (needSchedule && !mode.schedule) {
      out.push(
        missing(
          ["modeOfStudy", "schedule"],
          "the mode of study does not say whether it is full-time or part-time",
          "Add `schedule:` under `modeOfStudy:`.",
        ),
      );
    }
    return out;
  };
}

export function checkQualityAssurance({ program }: RuleContext): Finding[] {
  return program.qualityAssurance
    ? []
    : [
        missing(
          ["qualityAssurance"],
          "no quality assurance is stated",
          "Add `qualityAssurance:` with the `body:` that accredits or certifies the program, its `reference:` and period.",
        ),
      ];
}
