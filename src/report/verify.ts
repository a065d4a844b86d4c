/** `verify` results as text or JSON. Pure. */
import type { Verdict } from "../services/verify.js";

export function formatVerifyText(verdicts: readonly Verdict[]): string {
  const lines: string[] = [];
  for (const v of verdicts) {
    lines.push(`${v.file}: ${v.ok ? "VALID" : "NOT VALID"}`);
    if (v.signer) {
      lines.push(
        `  signer:      ${v.signer.subject}${v.signer.development ? "  [development, not trusted]" : ""}`,
      );
      lines.push(`  fingerprint: ${v.signer.fingerprint} (SHA-256)`);
      if (v.signer.signingTime) lines.push(`  signed at:   ${v.signer.signingTime}`);
    }
    for (const c of v.checks) lines.push(`  ${c.ok ? "✔" : "✘"} ${c.check}: ${c.message}`);
  }
  return lines.join("\n");
}

export function formatVerifyJson(verdicts: readonly Verdict[]): string {
  return JSON.stringify({ files: verdicts }, null, 2);
}
