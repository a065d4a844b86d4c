/** From a program's text to a validated program, its workload and every finding, in one pass. */
import { readSchema } from "../paths.js";
import type { Program } from "../types/program.gen.js";
import { type Diagnostic, hasErrors } from "./diagnostics.js";
import { type CreditPolicy, computeWorkload, resolvePolicy, type Workload } from "./ects.js";
import { RULES, type Rule, runRules } from "./rules.js";
import { parseYamlSource, type SourceFile } from "./source.js";
import { createValidator, type Validator } from "./validate.js";

export interface ProgramAnalysis {
  file: string;
  source: SourceFile;
  /** Present when the program passed the schema (it may still have rule findings). */
  program: Program | undefined;
  policy: CreditPolicy | undefined;
  workload: Workload | undefined;
  diagnostics: Diagnostic[];
  /** True when no finding is an error. */
  ok: boolean;
}

export interface AnalyzeOptions {
  /** Credit policy from the configuration; the program's own `creditPolicy` overrides it. */
  policy?: Partial<CreditPolicy>;
  rules?: readonly Rule[];
}

let programValidator: Validator | undefined;
export function validateProgramValue(value: unknown, source: SourceFile): Diagnostic[] {
  programValidator ??= createValidator(readSchema("program.schema.json"));
  return programValidator(value, source);
}

export function analyzeProgram(
  file: string,
  text: string,
  options: AnalyzeOptions = {},
): ProgramAnalysis {
  const parsed = parseYamlSource(file, text);
  const result: ProgramAnalysis = {
    file,
    source: parsed.source,
    program: undefined,
    policy: undefined,
    workload: undefined,
    diagnostics: parsed.diagnostics,
    ok: false,
  };
  if (hasErrors(parsed.diagnostics) || parsed.value === undefined) return result;

  const schemaFindings = validateProgramValue(parsed.value, parsed.source);
  result.diagnostics.push(...schemaFindings);
  if (schemaFindings.length > 0) return result;

  const program = parsed.value as Program;
  result.program = program;
  result.policy = resolvePolicy(options.policy, program.creditPolicy);
  const hours = program.modules.map((m) => m.hours);
  if (hours.every((h): h is number => typeof h === "number")) {
    result.workload = computeWorkload(hours, result.policy);
  }
  result.diagnostics.push(
    ...runRules(
      { program, source: parsed.source, workload: result.workload },
      options.rules ?? RULES,
    ),
  );
  result.ok = !hasErrors(result.diagnostics);
  return result;
}
