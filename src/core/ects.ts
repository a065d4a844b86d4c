/** Workload → ECTS credits. Pure: no I/O, no defaults hidden elsewhere. */

export type Rounding = "floor" | "half-up" | "half-credits";

export interface CreditPolicy {
  /** Hours of learning per ECTS credit; the ECTS Users' Guide allows 25 to 30. */
  hoursPerCredit: number;
  rounding: Rounding;
}

/** 25 hours per credit, rounded down: reproduces the accreditation report's figures. */
export const DEFAULT_CREDIT_POLICY: Readonly<CreditPolicy> = Object.freeze({
  hoursPerCredit: 25,
  rounding: "floor",
});

export const ROUNDING_DESCRIPTIONS: Record<Rounding, string> = {
  floor: "rounded down",
  "half-up": "rounded to the nearest credit (halves up)",
  "half-credits": "rounded down to half credits",
};

export interface Workload {
  /** Sum of the module hours. */
  hours: number;
  hoursPerCredit: number;
  rounding: Rounding;
  /** hours / hoursPerCredit, unrounded. */
  quotient: number;
  /** The credits awarded under the policy. */
  credits: number;
  /** One sentence that states the basis, e.g. "422 hours at 25 hours per ECTS credit, rounded down: 16 ECTS credits". */
  basis: string;
}

export interface DeclaredTotals {
  hours?: number;
  ects?: number;
}

export interface TotalsMismatch {
  field: "hours" | "ects";
  declared: number;
  computed: number;
}

/** Works in thousandths so that e.g. 0.1 + 0.2 hours or 27.5 h/credit round exactly. */
const SCALE = 1000;
const scaled = (x: number) => Math.round(x * SCALE);

export function sumHours(hours: readonly number[]): number {
  return hours.reduce((total, h) => total + scaled(h), 0) / SCALE;
}

export function creditsFor(hours: number, policy: CreditPolicy): number {
  if (!(policy.hoursPerCredit > 0))
    throw new RangeError(`hoursPerCredit must be positive, got ${policy.hoursPerCredit}`);
  if (!(hours >= 0)) throw new RangeError(`hours must be zero or more, got ${hours}`);
  const h = scaled(hours);
  const p = scaled(policy.hoursPerCredit);
  switch (policy.rounding) {
    case "floor":
      return Math.floor(h / p);
    case "half-up":
      return Math.floor((2 * h + p) / (2 * p));
    case "half-credits":
      return Math.floor((2 * h) / p) / 2;
  }
}

export function formatNumber(x: number, maxDecimals = 2): string {
  return Number.isInteger(x) ? String(x) : x.toFixed(maxDecimals).replace(/\.?0+$/, "");
}

export function computeWorkload(
  moduleHours: readonly number[],
  policy: CreditPolicy = DEFAULT_CREDIT_POLICY,
): Workload {
  const hours = sumHours(moduleHours);
  const credits = creditsFor(hours, policy);
  const quotient = hours / policy.hoursPerCredit;
  const unit = credits === 1 ? "ECTS credit" : "ECTS credits";
  const basis = `${formatNumber(hours)} hours at ${formatNumber(policy.hoursPerCredit)} hours per ECTS credit = ${formatNumber(quotient)}, ${ROUNDING_DESCRIPTIONS[policy.rounding]}: ${formatNumber(credits)} ${unit}`;
  return {
    hours,
    hoursPerCredit: policy.hoursPerCredit,
    rounding: policy.rounding,
    quotient,
    credits,
    basis,
  };
}

/** Declared totals that disagree with the computed ones. */
export function compareDeclared(
  workload: Workload,
  declared: DeclaredTotals | undefined,
): TotalsMismatch[] {
  const out: TotalsMismatch[] = [];
  if (declared?.hours !== undefined && scaled(declared.hours) !== scaled(workload.hours)) {
    out.push({ field: "hours", declared: declared.hours, computed: workload.hours });
  }
  if (declared?.ects !== undefined && scaled(declared.ects) !== scaled(workload.credits)) {
    out.push({ field: "ects", declared: declared.ects, computed: workload.credits });
  }
  return out;
}

/** Program setting over config over default; each field independently. */
export function resolvePolicy(...layers: (Partial<CreditPolicy> | undefined)[]): CreditPolicy {
  const policy: CreditPolicy = { ...DEFAULT_CREDIT_POLICY };
  for (const layer of layers) {
    if (layer?.hoursPerCredit !== undefined) policy.hoursPerCredit = layer.hoursPerCredit;
    if (layer?.rounding !== undefined) policy.rounding = layer.rounding;
  }
  return policy;
}
