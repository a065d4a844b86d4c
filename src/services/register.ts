/** `revoke` and `status`: the register's credentials, and revocations appended to it. */
import { SupplementError } from "../errors.js";
import { type CredentialRecord, findRegisters, mergeRegisters, Register } from "../io/register.js";

function recordsUnder(dir: string): Map<string, CredentialRecord> {
  const files = findRegisters(dir);
  if (!files.length)
    throw new SupplementError("USAGE", {
      message: `no register (register.jsonl) was found in ${dir} or below it`,
      hint: "`supplement issue` writes one beside the PDFs; name their folder with --register.",
    });
  return mergeRegisters(files);
}

export function credentialStatus(dir: string, credentialId?: string): CredentialRecord[] {
  const records = recordsUnder(dir);
  if (credentialId === undefined) return [...records.values()];
  const record = records.get(credentialId);
  if (!record)
    throw new SupplementError("USAGE", {
      message: `no credential ${credentialId} in the registers under ${dir}`,
      hint: "`supplement status` lists them.",
    });
  return [record];
}

/** Appends a revocation to the register that holds the credential; the site shows it once rebuilt. */
export function revokeCredential(
  dir: string,
  credentialId: string,
  reason: string,
  at: Date = new Date(),
): CredentialRecord {
  const [record] = credentialStatus(dir, credentialId) as [CredentialRecord];
  if (record.revoked)
    throw new SupplementError("USAGE", {
      message: `${credentialId} was revoked already, on ${record.revoked.at.slice(0, 10)} (${record.revoked.reason})`,
      hint: "Nothing was changed. `supplement site` publishes the revocation, if the site does not show it yet.",
    });
  const register = new Register(record.file);
  try {
    const entry = { type: "revoked" as const, credentialId, reason, at: at.toISOString() };
    register.append(entry);
    record.revoked = entry;
  } finally {
    register.close();
  }
  return record;
}
