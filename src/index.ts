/**
 * The library behind the `supplement` command. Everything the commands do is available here,
 * without printing or exiting.
 */

export type { Diagnostic, Position, Range, Severity } from "./core/diagnostics.js";
export {
  type CreditPolicy,
  computeWorkload,
  creditsFor,
  DEFAULT_CREDIT_POLICY,
  type Rounding,
  type Workload,
} from "./core/ects.js";
export { analyzeProgram, type ProgramAnalysis } from "./core/program.js";
export { ALL_RULES, type ProfileId, type RuleInfo, type RuleSettings } from "./core/rules/index.js";
export { buildView, type SupplementView } from "./core/view.js";
export { ERRORS, ExitCode, SupplementError } from "./errors.js";
export { type Config, findConfigFile, loadConfig, ruleSettings } from "./io/config.js";
export { loadTemplateSet } from "./render/html.js";
export { PdfRenderer, type RendererOptions } from "./render/pdf.js";
export {
  type AnalyzeSetOptions,
  analyzeFiles,
  type SetAnalysis,
  type SetSummary,
} from "./services/analyze.js";
export { type BuildItem, type BuildOptions, buildSupplements } from "./services/build.js";
export type { Program } from "./types/program.gen.js";
