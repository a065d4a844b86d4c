/** The rule engine's vocabulary: profiles, rules, their settings and findings. */
import type { Program } from "../../types/program.gen.js";
import type { Severity } from "../diagnostics.js";
import type { CreditPolicy, Workload } from "../ects.js";
import type { SourceFile } from "../source.js";
import type { Untranslated } from "../text.js";

export type ProfileId = "fibaa" | "eu-microcredential";

export const PROFILES: Record<ProfileId, { title: string; description: string }> = {
  fibaa: {
    title: "FIBAA criterion 3.1.2",
    description:
      "Certificate supplements that document learning outcomes, the issuer's country, the workload in ECTS credits, the EQF level, the type of assessment and the mode of study, in a transparent and coherent manner.",
  },
  "eu-microcredential": {
    title: "EU Council Recommendation on micro-credentials (2022/C 243/02), Annex I",
    description:
      "The mandatory elements of a micro-credential that a program defines: title, country, awarding body, learning outcomes, notional workload, level, type of assessment, form of participation and quality assurance.",
  },
};

export type SeveritySetting = Severity | "off";

export interface CheckOptions {
  /** The day the check is made (YYYY-MM-DD): accreditation periods are compared with it. */
  date: string;
  /** EQF levels a certifiable program may have (FIBAA: 5 to 8). */
  eqfBounds: { min: number; max: number };
  /** The characters the supplement's fonts can draw; render/missing-glyph is skipped without it. */
  glyphs?: [number, number][];
}

export interface RuleContext {
  program: Program;
  source: SourceFile;
  /** Undefined when a module has no usable hours. */
  workload: Workload | undefined;
  policy: CreditPolicy;
  options: CheckOptions;
  /** The program with its text in the language asked for (`program` is in its own language). */
  translated?: Program;
  /** Text fields without the language asked for (see core/text.ts). */
  untranslated?: Untranslated[];
}

export interface Finding {
  path: (string | number)[];
  message: string;
  hint?: string;
  /** Point at the key rather than the value. */
  key?: boolean;
}

export interface RuleInfo {
  id: string;
  severity: Severity;
  /** One line. */
  description: string;
  /** Why the rule exists and how to fix a finding (Markdown, a paragraph or two). */
  explanation: string;
  profiles: readonly ProfileId[];
}

export interface Rule extends RuleInfo {
  check(ctx: RuleContext): Finding[];
}

/** One program of the run, as a portfolio rule sees it. */
export interface PortfolioEntry {
  file: string;
  source: SourceFile;
  program: Program;
}

export interface PortfolioFinding extends Finding {
  /** Which program of the run the finding belongs to. */
  entry: PortfolioEntry;
}

export interface PortfolioRule extends RuleInfo {
  checkPortfolio(entries: readonly PortfolioEntry[]): PortfolioFinding[];
}

export interface RuleSettings {
  profile: ProfileId;
  /** Overrides of the default severities, by rule id. */
  severities: Readonly<Record<string, SeveritySetting>>;
  options: CheckOptions;
}
