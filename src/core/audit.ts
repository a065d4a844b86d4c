/**
 * Workload audit: per program, where the hours go and whether totals, credits and declared
 * values agree; across the portfolio, totals, how programs overlap, and modules whose hours
 * disagree between programs. Pure: it works on analysed programs and prints nothing.
 */
import type { Program } from "../types/program.gen.js";
import type { Diagnostic } from "./diagnostics.js";
import { type CreditPolicy, creditsFor, formatNumber } from "./ects.js";
import type { ProgramAnalysis } from "./program.js";
import { normaliseTitle } from "./rules/catalog.js";
import { locate } from "./source.js";
import { parseEqfLevel } from "./vocab.js";

export interface AuditModule {
  number: number;
  /** Identity across programs: the module id. */
  key: string;
  id: string;
  title: string;
  hours: number;
  /** Share of the program's total, in percent. */
  share: number;
  cumulative: number;
  /** Other programs of the portfolio that contain the same module. */
  sharedWith: string[];
}

export interface ProgramAudit {
  file: string;
  id: string;
  /** The id, or `id (file)` when another program of the run has the same id: what tables show. */
  label: string;
  title: string;
  eqf: string;
  modules: AuditModule[];
  hours: number;
  credits: number;
  quotient: number;
  hoursPerCredit: number;
  rounding: CreditPolicy["rounding"];
  basis: string;
  declared: { hours?: number; ects?: number; hoursDifference?: number; ectsDifference?: number };
  weekly: { hoursPerWeek?: number; estimatedWeeks?: number; durationWeeks?: number };
  /** The findings of `check` for this program. */
  findings: Diagnostic[];
}

export interface OverlapCell {
  /** The program already completed. */
  from: string;
  /** The program to complete. */
  to: string;
  sharedHours: number;
  sharedModules: string[];
  /** Hours of `to` still to do after `from`. */
  remainingHours: number;
  /** Those hours in credits at `to`'s policy. */
  remainingCredits: number;
  remainingQuotient: number;
}

export interface Inconsistency {
  key: string;
  title: string;
  places: { program: string; file: string; line: number; hours: number }[];
}

export interface PortfolioAudit {
  programs: ProgramAudit[];
  totals: {
    programs: number;
    modules: number;
    distinctModules: number;
    hours: number;
    credits: number;
  };
  /** overlap[i][j]: from programs[i] to programs[j]; the diagonal is the program itself. */
  overlap: OverlapCell[][];
  inconsistencies: Inconsistency[];
  /** Program ids that more than one file of the run uses (a copied program whose id was kept). */
  duplicateIds: { id: string; files: string[] }[];
  /** Files that could not be audited (invalid programs), with their findings. */
  skipped: { file: string; findings: Diagnostic[] }[];
}

const round = (x: number, digits = 1) => Number(x.toFixed(digits));

function auditOne(
  a: ProgramAnalysis,
  program: Program,
): Omit<ProgramAudit, "modules" | "label"> & { modules: Omit<AuditModule, "sharedWith">[] } {
  const workload = a.workload;
  const policy = a.policy;
  if (!workload || !policy) throw new Error(`audit needs a computed workload for ${a.file}`);
  let cumulative = 0;
  const modules = program.modules.map((m, i) => {
    const hours = m.hours ?? 0;
    cumulative = round(cumulative + hours, 3);
    return {
      number: i + 1,
      key: m.id,
      id: m.id,
      title: m.title,
      hours,
      share: workload.hours > 0 ? round((hours / workload.hours) * 100, 1) : 0,
      cumulative,
    };
  });
  const d = program.declared ?? {};
  const mode = program.modeOfStudy ?? {};
  return {
    file: a.file,
    id: program.id,
    title: program.title,
    eqf: parseEqfLevel(program.eqfLevel)?.text ?? "",
    modules,
    hours: workload.hours,
    credits: workload.credits,
    quotient: round(workload.quotient, 4),
    hoursPerCredit: workload.hoursPerCredit,
    rounding: workload.rounding,
    basis: workload.basis,
    declared: {
      ...(d.hours !== undefined
        ? { hours: d.hours, hoursDifference: round(d.hours - workload.hours, 3) }
        : {}),
      ...(d.ects !== undefined
        ? { ects: d.ects, ectsDifference: round(d.ects - workload.credits, 3) }
        : {}),
    },
    weekly: {
      ...(mode.hoursPerWeek
        ? {
            hoursPerWeek: mode.hoursPerWeek,
            estimatedWeeks: round(workload.hours / mode.hoursPerWeek, 1),
          }
        : {}),
      ...(mode.durationWeeks ? { durationWeeks: mode.durationWeeks } : {}),
    },
    findings: a.diagnostics,
  };
}

export function auditPortfolio(analyses: readonly ProgramAnalysis[]): PortfolioAudit {
  const usable = analyses.filter((a) => a.program && a.workload && a.policy);
  const skipped = analyses
    .filter((a) => !usable.includes(a))
    .map((a) => ({ file: a.file, findings: a.diagnostics }));
  const filesById = new Map<string, string[]>();
  for (const a of usable) {
    const id = (a.program as Program).id;
    filesById.set(id, [...(filesById.get(id) ?? []), a.file]);
  }
  const duplicateIds = [...filesById]
    .filter(([, files]) => files.length > 1)
    .map(([id, files]) => ({ id, files }));
  const base = usable.map((a) => {
    const p = auditOne(a, a.program as Program);
    const shared = (filesById.get(p.id)?.length ?? 0) > 1;
    return { ...p, label: shared ? `${p.id} (${p.file})` : p.id };
  });

  // Which programs contain each module (by id).
  const holders = new Map<string, Set<string>>();
  for (const p of base)
    for (const m of p.modules)
      (holders.get(m.key) ?? holders.set(m.key, new Set()).get(m.key))?.add(p.label);
  const programs: ProgramAudit[] = base.map((p) => ({
    ...p,
    modules: p.modules.map((m) => ({
      ...m,
      sharedWith: [...(holders.get(m.key) ?? [])].filter((label) => label !== p.label),
    })),
  }));

  const overlap = programs.map((from) =>
    programs.map((to) => {
      const inFrom = new Set(from.modules.map((m) => m.key));
      const shared = to.modules.filter((m) => inFrom.has(m.key));
      const sharedHours = round(
        shared.reduce((s, m) => s + m.hours, 0),
        3,
      );
      const remainingHours = round(to.hours - sharedHours, 3);
      const policy = { hoursPerCredit: to.hoursPerCredit, rounding: to.rounding };
      return {
        from: from.label,
        to: to.label,
        sharedHours,
        sharedModules: shared.map((m) => m.title),
        remainingHours,
        remainingCredits: creditsFor(Math.max(0, remainingHours), policy),
        remainingQuotient: round(Math.max(0, remainingHours) / to.hoursPerCredit, 4),
      };
    }),
  );

  // Modules that appear with different hours: matched by id, or else by normalised title.
  const places = new Map<string, Inconsistency["places"]>();
  const titles = new Map<string, string>();
  for (const [k, a] of usable.entries()) {
    const program = a.program as Program;
    const label = base[k]?.label ?? program.id;
    program.modules.forEach((m, i) => {
      for (const key of [`id:${m.id}`, `title:${normaliseTitle(m.title)}`]) {
        const line = locate(a.source, ["modules", i, "hours"]).range.start.line;
        (places.get(key) ?? places.set(key, []).get(key))?.push({
          program: label,
          file: a.file,
          line,
          hours: m.hours ?? 0,
        });
        titles.set(key, m.title);
      }
    });
  }
  const inconsistencies: Inconsistency[] = [];
  const seen = new Set<string>();
  for (const [key, list] of places) {
    if (new Set(list.map((p) => p.hours)).size < 2) continue;
    const signature = list
      .map((p) => `${p.file}:${p.line}`)
      .sort()
      .join("|");
    if (seen.has(signature)) continue;
    seen.add(signature);
    inconsistencies.push({
      key: key.replace(/^(id|title):/, ""),
      title: titles.get(key) ?? key,
      places: list,
    });
  }

  const distinct = new Set(programs.flatMap((p) => p.modules.map((m) => m.key)));
  return {
    programs,
    totals: {
      programs: programs.length,
      modules: programs.reduce((s, p) => s + p.modules.length, 0),
      distinctModules: distinct.size,
      hours: round(
        programs.reduce((s, p) => s + p.hours, 0),
        3,
      ),
      credits: programs.reduce((s, p) => s + p.credits, 0),
    },
    overlap,
    inconsistencies,
    duplicateIds,
    skipped,
  };
}

/** "Front-End → Full Stack: 104 h shared, 318 h to go (12 ECTS at the policy)". */
export function describeOverlap(
  cell: OverlapCell,
  names: ReadonlyMap<string, string> = new Map(),
): string {
  const from = names.get(cell.from) ?? cell.from;
  const to = names.get(cell.to) ?? cell.to;
  return `${from} → ${to}: ${formatNumber(cell.sharedHours)} h shared, ${formatNumber(cell.remainingHours)} h to go (${formatNumber(cell.remainingCredits)} ECTS at the policy)`;
}
