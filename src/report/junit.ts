/**
 * JUnit XML: one <testsuite> per file, one <testcase> per rule and program. Findings at or
 * above --fail-on are <failure>s; others are listed in <system-out>. Pure.
 */
import { atOrAbove, type Diagnostic } from "../core/diagnostics.js";
import type { CheckReport } from "./model.js";

/** Characters XML 1.0 does not allow at all (even escaped): removed. */
// biome-ignore lint/suspicious/noControlCharactersInRegex: the point is to match control characters XML forbids.
const NOT_XML_CHAR = /[^\u0009\u000A\u000D\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu;

export function xmlEscape(text: string): string {
  return text
    .replace(NOT_XML_CHAR, "")
    .replace(/&/g, "&amp;")
    .replace(/</g, "&lt;")
    .replace(/>/g, "&gt;")
    .replace(/"/g, "&quot;")
    .replace(/'/g, "&apos;");
}

const line = (d: Diagnostic) =>
  `${d.file}:${d.range.start.line}:${d.range.start.col}: ${d.severity}: ${d.message}${d.hint ? ` (hint: ${d.hint})` : ""}`;

export function formatJunit(report: CheckReport): string {
  const out: string[] = ['<?xml version="1.0" encoding="UTF-8"?>'];
  let totalTests = 0;
  let totalFailures = 0;
  const suites: string[] = [];
  for (const f of report.files) {
    // Structural problems first (yaml/*, schema/*), then every rule that ran.
    const ids = ["schema", ...report.rules.map((r) => r.id)];
    const byCase = new Map<string, Diagnostic[]>(ids.map((id) => [id, []]));
    for (const d of f.diagnostics) {
      const id = d.code.startsWith("yaml/") || d.code.startsWith("schema/") ? "schema" : d.code;
      (byCase.get(id) ?? byCase.set(id, []).get(id))?.push(d);
    }
    const classname = xmlEscape(f.programId ?? f.file);
    const cases: string[] = [];
    let failures = 0;
    for (const [id, found] of byCase) {
      const failing = found.filter((d) => atOrAbove(d.severity, report.failOn));
      const rest = found.filter((d) => !atOrAbove(d.severity, report.failOn));
      let body = "";
      if (failing.length) {
        failures++;
        body += `\n      <failure message="${xmlEscape(failing[0]?.message ?? "")}" type="${failing[0]?.severity}">${xmlEscape(failing.map(line).join("\n"))}</failure>`;
      }
      if (rest.length)
        body += `\n      <system-out>${xmlEscape(rest.map(line).join("\n"))}</system-out>`;
      cases.push(
        `    <testcase classname="${classname}" name="${xmlEscape(id)}" file="${xmlEscape(f.file)}">${body}${body ? "\n    " : ""}</testcase>`,
      );
    }
    totalTests += cases.length;
    totalFailures += failures;
    suites.push(
      `  <testsuite name="${xmlEscape(f.file)}" tests="${cases.length}" failures="${failures}" errors="0" skipped="0">\n${cases.join("\n")}\n  </testsuite>`,
    );
  }
  out.push(
    `<testsuites name="supplement check (${xmlEscape(report.settings.profile)})" tests="${totalTests}" failures="${totalFailures}" errors="0">`,
  );
  out.push(...suites, "</testsuites>");
  return out.join("\n");
}
