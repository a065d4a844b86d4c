/** `validate` results as text or JSON. Pure. */
import type { ValidatedTwin, ValidationRun } from "../services/validate.js";

const STANDARD: Record<ValidatedTwin["format"], string> = {
  elm: "ELM (EU shapes EDC-generic-full)",
  ob3: "Open Badges 3.0 (1EdTech schema)",
};

function label(t: ValidatedTwin): string {
  return t.embedded ? `${t.file} » ${t.embedded}` : t.file;
}

export function formatValidationText(run: ValidationRun): string {
  const lines: string[] = [];
  for (const t of run.twins) {
    const n = t.violations.length;
    lines.push(
      `${label(t)}: ${STANDARD[t.format]}: ${n === 0 ? "valid" : `${n} violation${n === 1 ? "" : "s"}`}`,
    );
    for (const v of t.violations) lines.push(`  ${v.path}: ${v.message} (${v.constraint})`);
  }
  for (const file of run.empty)
    lines.push(`${file}: the PDF carries no ELM or Open Badges 3.0 file (nothing to validate)`);
  return lines.join("\n");
}

export function formatValidationJson(run: ValidationRun): string {
  return JSON.stringify(
    {
      documents: run.twins.map((t) => ({
        file: t.file,
        ...(t.embedded ? { embedded: t.embedded } : {}),
        format: t.format,
        valid: t.violations.length === 0,
        violations: t.violations,
      })),
      emptyPdfs: run.empty,
      errors: run.errors.map((e) => ({ code: e.code, message: e.message })),
    },
    null,
    2,
  );
}
