import { describe, expect, it } from "vitest";

import { analyzeProgram } from "../../src/core/program.js";
import {
  countBySeverity,
  formatDiagnostic,
  formatDiagnostics,
} from "../../src/report/diagnostics.js";

const ESC = String.fromCharCode(27);
const TEXT =
  "id: x\ntitle: T\nissuer:\n  name: N\n  country: Germany\neqfLevel: 9\nmodules:\n  - {id: a, title: A, hours: 30}\n";

describe("formatDiagnostic", () => {
  const a = analyzeProgram("programs/x.yaml", TEXT);
  const sources = new Map([["programs/x.yaml", TEXT]]);

  it("prints file:line:col, severity, message and rule, a code frame with a caret under the value, and a hint", () => {
    const country = a.diagnostics.find((d) => d.code === "schema/enum");
    if (!country) throw new Error("expected a finding");
    expect(formatDiagnostic(country, { color: false, sources })).toBe(
      [
        'programs/x.yaml:5:12: error: the text "Germany" is not an ISO 3166-1 alpha-2 country code [schema/enum]',
        "  4 |   name: N",
        "> 5 |   country: Germany",
        "    |            ^^^^^^^",
        "  hint: Did you mean DE?",
      ].join("\n"),
    );
  });

  it("prints no frame when the source is not given, and no colour codes when colour is off", () => {
    const out = formatDiagnostics(a.diagnostics, { color: false });
    expect(out).not.toContain("|");
    expect(out).not.toContain(`${ESC}[`);
    expect(out.split("\n\n")).toHaveLength(a.diagnostics.length);
  });

  it("colours when asked", () => {
    expect(formatDiagnostics(a.diagnostics, { color: true, sources })).toContain(`${ESC}[31m`);
  });

  it("counts by severity", () => {
    const count = (sev: string) => a.diagnostics.filter((d) => d.severity === sev).length;
    expect(count("error")).toBeGreaterThan(1);
    expect(countBySeverity(a.diagnostics)).toEqual({
      errors: count("error"),
      warnings: count("warning"),
      infos: count("info"),
    });
  });

  it("aligns the caret under text that follows a tab", () => {
    const text = "a:\n\tb: 1\n";
    const d = analyzeProgram("t.yaml", text).diagnostics[0];
    if (!d) throw new Error("expected a finding");
    const frame = formatDiagnostic(d, { color: false, sources: new Map([["t.yaml", text]]) }).split(
      "\n",
    );
    expect(frame[2]).toBe("> 2 |   b: 1");
    expect(frame[3]).toBe("    | ^^");
  });
});
