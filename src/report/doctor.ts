/** Formats a doctor report: one line per check with ✔ or ✖ (or ! for what does not block), and the fix. Pure. */
import { Chalk } from "chalk";
import type { DoctorReport } from "../services/doctor.js";

export function formatDoctorText(report: DoctorReport, options: { color: boolean }): string {
  const c = new Chalk({ level: options.color ? 1 : 0 });
  const width = Math.max(...report.checks.map((k) => k.title.length));
  const lines = report.checks.map((k) => {
    const mark = k.ok ? c.green("✔") : k.blocks ? c.red("✖") : c.yellow("!");
    const line = `${mark} ${k.title.padEnd(width)}  ${k.detail}`;
    return k.ok || !k.fix ? line : `${line}\n  ${" ".repeat(width)}  fix: ${k.fix}`;
  });
  const failed = report.checks.filter((k) => !k.ok && k.blocks).length;
  lines.push(
    "",
    report.ok
      ? c.green("Nothing blocks a build.")
      : c.red(
          `${failed} problem${failed === 1 ? "" : "s"} block${failed === 1 ? "s" : ""} a build; see the fixes above.`,
        ),
  );
  return lines.join("\n");
}

export function formatDoctorJson(report: DoctorReport): string {
  return JSON.stringify(report, null, 2);
}
