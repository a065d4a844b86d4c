/** Runs the rules of a profile with the configured severities. */
import type { Diagnostic, Severity } from "../diagnostics.js";
import { locate } from "../source.js";
import { PORTFOLIO_RULES, PROGRAM_RULES } from "./catalog.js";
import type {
  Finding,
  PortfolioEntry,
  ProfileId,
  RuleContext,
  RuleInfo,
  RuleSettings,
  SeveritySetting,
} from "./types.js";

export { ACTION_VERBS, PORTFOLIO_RULES, PROGRAM_RULES } from "./catalog.js";
export { isRealSentence } from "./elements.js";
export * from "./types.js";

export const ALL_RULES: readonly RuleInfo[] = [...PROGRAM_RULES, ...PORTFOLIO_RULES];

export const DEFAULT_SETTINGS: RuleSettings = Object.freeze({
  profile: "fibaa",
  severities: {},
  options: { date: new Date().toISOString().slice(0, 10), eqfBounds: { min: 5, max: 8 } },
});

/** Annex I elements that belong to an issued, per-learner credential rather than to the program. */
export const SET_AT_ISSUE_TIME = [
  { element: 1, name: "Identification of the learner" },
  { element: 5, name: "Date of issuing" },
] as const;

/** How each Annex I element is checked in the eu-microcredential profile. */
export const EU_ANNEX_ELEMENTS: readonly { element: number; name: string; checkedBy: string }[] = [
  { element: 1, name: "Identification of the learner", checkedBy: "set at issue time" },
  { element: 2, name: "Title of the micro-credential", checkedBy: "schema: `title` is required" },
  { element: 3, name: "Country/region of the issuer", checkedBy: "eu/issuer-country" },
  {
    element: 4,
    name: "Awarding body",
    checkedBy: "schema: `issuer.name` is required (`issuer.awardingBody` when it differs)",
  },
  { element: 5, name: "Date of issuing", checkedBy: "set at issue time" },
  { element: 6, name: "Learning outcomes", checkedBy: "eu/learning-outcomes" },
  { element: 7, name: "Notional workload (ECTS wherever possible)", checkedBy: "eu/workload" },
  { element: 8, name: "Level (EQF), if applicable", checkedBy: "eu/eqf-level" },
  { element: 9, name: "Type of assessment", checkedBy: "eu/assessment-type" },
  { element: 10, name: "Form of participation", checkedBy: "eu/form-of-participation" },
  { element: 11, name: "Type of quality assurance", checkedBy: "eu/quality-assurance" },
];

export function rulesOfProfile(profile: ProfileId): RuleInfo[] {
  return ALL_RULES.filter((r) => r.profiles.includes(profile));
}

/** The severity a rule runs with, or "off". */
export function effectiveSeverity(rule: RuleInfo, settings: RuleSettings): SeveritySetting {
  if (!rule.profiles.includes(settings.profile)) return "off";
  return settings.severities[rule.id] ?? rule.severity;
}

function toDiagnostic(
  rule: RuleInfo,
  severity: Severity,
  f: Finding,
  ctx: Pick<RuleContext, "source">,
): Diagnostic {
  return {
    code: rule.id,
    severity,
    file: ctx.source.file,
    range: locate(ctx.source, f.path, { key: f.key ?? false }).range,
    message: f.message,
    ...(f.hint ? { hint: f.hint } : {}),
    path: f.path,
  };
}

/**
 * Runs every program rule of the profile. The program may have failed the schema: a rule that
 * trips over a value of the wrong shape is skipped, since the schema has reported that value.
 */
export function runRules(ctx: RuleContext, settings: RuleSettings): Diagnostic[] {
  const out: Diagnostic[] = [];
  for (const rule of PROGRAM_RULES) {
    const severity = effectiveSeverity(rule, settings);
    if (severity === "off") continue;
    let findings: Finding[];
    try {
      findings = rule.check(ctx);
    } catch {
      continue;
    }
    for (const f of findings) out.push(toDiagnostic(rule, severity, f, ctx));
  }
  return out;
}

/** Runs the rules that compare the programs of one run with each other. */
export function runPortfolioRules(
  entries: readonly PortfolioEntry[],
  settings: RuleSettings,
): Diagnostic[] {
  const out: Diagnostic[] = [];
  for (const rule of PORTFOLIO_RULES) {
    const severity = effectiveSeverity(rule, settings);
    if (severity === "off") continue;
    for (const f of rule.checkPortfolio(entries))
      out.push(toDiagnostic(rule, severity, f, f.entry));
  }
  return out;
}
