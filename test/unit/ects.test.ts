import { describe, expect, it } from "vitest";
import {
  compareDeclared,
  computeWorkload,
  creditsFor,
  DEFAULT_CREDIT_POLICY,
  resolvePolicy,
  sumHours,
} from "../../src/core/ects.js";

// Module hours exactly as in the accreditation report (domain.md).
const PROGRAMS = {
  "full-stack": { hours: [39, 30, 39, 35, 43, 27, 34, 39, 47, 47, 37, 5], total: 422, ects: 16 },
  "back-end": { hours: [39, 30, 43, 27, 39, 47, 47, 37], total: 309, ects: 12 },
  "front-end": { hours: [42, 30, 39, 35, 29, 37], total: 212, ects: 8 },
  "pr-communications": { hours: [26, 32, 28, 28, 22], total: 136, ects: 5 },
};

describe("computeWorkload with the default policy (25 h per credit, floor)", () => {
  for (const [name, p] of Object.entries(PROGRAMS)) {
    it(`reproduces ${name}: ${p.total} h → ${p.ects} ECTS`, () => {
      const w = computeWorkload(p.hours);
      expect(w.hours).toBe(p.total);
      expect(w.credits).toBe(p.ects);
      expect(w.quotient).toBeCloseTo(p.total / 25, 10);
      expect(w.hoursPerCredit).toBe(25);
      expect(w.rounding).toBe("floor");
    });
  }

  it("states its basis in one sentence", () => {
    expect(computeWorkload(PROGRAMS["full-stack"].hours).basis).toBe(
      "422 hours at 25 hours per ECTS credit = 16.88, rounded down: 16 ECTS credits",
    );
    expect(computeWorkload([25]).basis).toBe(
      "25 hours at 25 hours per ECTS credit = 1, rounded down: 1 ECTS credit",
    );
  });

  it("uses the default policy when none is given", () => {
    expect(DEFAULT_CREDIT_POLICY).toEqual({ hoursPerCredit: 25, rounding: "floor" });
  });
});

describe("creditsFor, every rounding policy", () => {
  const cases: [number, number, "floor" | "half-up" | "half-credits", number][] = [
    // floor
    [422, 25, "floor", 16],
    [24.999, 25, "floor", 0],
    [25, 25, "floor", 1],
    [0, 25, "floor", 0],
    [422, 30, "floor", 14],
    // half-up: 16.88 → 17, 12.36 → 12, exactly .5 goes up
    [422, 25, "half-up", 17],
    [309, 25, "half-up", 12],
    [212.5, 25, "half-up", 9],
    [37.5, 25, "half-up", 2],
    [37.49, 25, "half-up", 1],
    [136, 30, "half-up", 5],
    // half-credits: down to a multiple of 0.5
    [422, 25, "half-credits", 16.5],
    [309, 25, "half-credits", 12],
    [212, 25, "half-credits", 8],
    [137.5, 25, "half-credits", 5.5],
    [12.5, 25, "half-credits", 0.5],
    [12.49, 25, "half-credits", 0],
    // decimal policies and hours are exact
    [55, 27.5, "floor", 2],
    [0.1 + 0.2, 0.3, "floor", 1],
  ];
  for (const [hours, hpc, rounding, credits] of cases) {
    it(`${hours} h at ${hpc} h/credit, ${rounding} → ${credits}`, () => {
      expect(creditsFor(hours, { hoursPerCredit: hpc, rounding })).toBe(credits);
    });
  }

  it("rejects impossible inputs", () => {
    expect(() => creditsFor(10, { hoursPerCredit: 0, rounding: "floor" })).toThrow(RangeError);
    expect(() => creditsFor(-1, { hoursPerCredit: 25, rounding: "floor" })).toThrow(RangeError);
  });

  it("describes each rounding in the basis", () => {
    expect(computeWorkload([422], { hoursPerCredit: 25, rounding: "half-up" }).basis).toContain(
      "rounded to the nearest credit (halves up): 17 ECTS credits",
    );
    expect(
      computeWorkload([422], { hoursPerCredit: 25, rounding: "half-credits" }).basis,
    ).toContain("rounded down to half credits: 16.5 ECTS credits");
  });
});

describe("sumHours", () => {
  it("adds decimal hours without floating-point drift", () => {
    expect(sumHours([0.1, 0.2])).toBe(0.3);
    expect(sumHours([])).toBe(0);
  });
});

describe("compareDeclared", () => {
  const w = computeWorkload(PROGRAMS["full-stack"].hours);
  it("accepts agreeing totals", () => {
    expect(compareDeclared(w, { hours: 422, ects: 16 })).toEqual([]);
    expect(compareDeclared(w, undefined)).toEqual([]);
  });
  it("reports each disagreeing total", () => {
    expect(compareDeclared(w, { hours: 420, ects: 17 })).toEqual([
      { field: "hours", declared: 420, computed: 422 },
      { field: "ects", declared: 17, computed: 16 },
    ]);
  });
});

describe("resolvePolicy", () => {
  it("layers default < config < program, field by field", () => {
    expect(resolvePolicy()).toEqual({ hoursPerCredit: 25, rounding: "floor" });
    expect(resolvePolicy({ hoursPerCredit: 30 })).toEqual({
      hoursPerCredit: 30,
      rounding: "floor",
    });
    expect(
      resolvePolicy({ hoursPerCredit: 30, rounding: "half-up" }, { rounding: "half-credits" }),
    ).toEqual({
      hoursPerCredit: 30,
      rounding: "half-credits",
    });
  });
});
