/**
 * The register: the issuer's data of record of every credential `issue` writes, as an
 * append-only JSON Lines ledger beside the PDFs, each batch of lines written with one write()
 * and fsync'd. Issuing is two-phase: an "issued" entry with the files' SHA-256 is made durable
 * before the files are renamed into place, and a "committed" line after. A reader counts an entry
 * as issued when it is committed, or when its files are on disk with those digests (a kill came
 * between the rename and the commit); otherwise it never happened (a kill came before the
 * rename). So at any moment of a `kill -9` the register agrees with the files, with no entry
 * lost or counted twice. A torn last line is ignored and cut off before the next append.
 * Each shard keeps its own file (register.shard-k-of-n.jsonl), so shards need no coordination;
 * readers merge them.
 */
import { createHash } from "node:crypto";
import {
  closeSync,
  existsSync,
  fsync,
  fsyncSync,
  ftruncateSync,
  openSync,
  readdirSync,
  readFileSync,
  statSync,
  write,
  writeSync,
} from "node:fs";
import { join } from "node:path";

export interface IssuedEntry {
  type: "issued";
  credentialId: string;
  learnerId: string;
  programId: string;
  /** SHA-256 of the program as checked (catalog modules written out). */
  programDigest: string;
  /** SHA-256 of what the learner's row puts on the supplement (core/learners holderDigest); absent in older registers. */
  holderDigest?: string;
  issueDate: string;
  /** SHA-256 of each file written, by name. */
  files: Record<string, string>;
  /** The credential's place in its status list, when the run had a verification address. */
  statusList?: string;
  statusIndex?: number;
  /** Holder facts for the verification page (the name; never the e-mail). */
  name: string;
  completionDate: string;
  programTitle: string;
  credits: number;
  eqfLevel?: string;
  verifyUrl?: string;
  at: string;
}

export interface RevokedEntry {
  type: "revoked";
  credentialId: string;
  reason: string;
  at: string;
}

export interface CommittedEntry {
  type: "committed";
  credentialId: string;
  at: string;
}

export type RegisterEntry = IssuedEntry | RevokedEntry | CommittedEntry;

const linesOf = (entries: RegisterEntry[]) => entries.map((e) => `${JSON.stringify(e)}\n`).join("");

export function registerFileName(shard?: { index: number; count: number }): string {
  return shard ? `register.shard-${shard.index}-of-${shard.count}.jsonl` : "register.jsonl";
}

/** The complete lines of a register (a torn last line, from a kill, is left out). */
export function readRegister(path: string): RegisterEntry[] {
  if (!existsSync(path)) return [];
  const text = readFileSync(path, "utf8");
  const out: RegisterEntry[] = [];
  const lines = text.split("\n");
  // The last element is "" after a complete last line, or a torn line.
  for (const line of lines.slice(0, -1)) {
    if (!line.trim()) continue;
    try {
      out.push(JSON.parse(line) as RegisterEntry);
    } catch {
      // a line cut by a crash in the middle of the file cannot happen with append-only writes
    }
  }
  return out;
}

/** An open register: appends are single writes, each fsync'd before append returns. */
export class Register {
  private fd: number;
  constructor(readonly path: string) {
    this.fd = openSync(path, "a+", 0o644);
    // A torn last line (a kill in the middle of a write) is cut off, so the next line starts clean.
    const bytes = readFileSync(path);
    const end = bytes.lastIndexOf(0x0a) + 1;
    if (end !== bytes.length) ftruncateSync(this.fd, end);
  }

  /** Appends entries with one write, made durable (fsync) before it returns. */
  append(...entries: RegisterEntry[]): void {
    if (!entries.length) return;
    writeSync(this.fd, linesOf(entries));
    fsyncSync(this.fd);
  }

  /**
   * The same, off the main thread: durable once the promise resolves. `issue` appends twice per
   * batch; a synchronous fsync (about 2 ms each here) held up the whole pipeline meanwhile.
   * Appends of one register may overlap: each is one write to a file opened for appending.
   */
  async appendDurably(...entries: RegisterEntry[]): Promise<void> {
    if (!entries.length) return;
    const fd = this.fd;
    await new Promise<void>((resolve, reject) =>
      write(fd, linesOf(entries), null, "utf8", (e) => (e ? reject(e) : resolve())),
    );
    await new Promise<void>((resolve, reject) => fsync(fd, (e) => (e ? reject(e) : resolve())));
  }

  close(): void {
    if (this.fd >= 0) closeSync(this.fd);
    this.fd = -1;
  }
}

/** Every register file in a folder, or below it (a site's sources), merged. */
export function findRegisters(dir: string, depth = 4): string[] {
  const out: string[] = [];
  const walk = (d: string, level: number) => {
    let entries: string[];
    try {
      entries = readdirSync(d);
    } catch {
      return;
    }
    for (const name of entries.sort()) {
      const full = join(d, name);
      if (/^register(\.shard-\d+-of-\d+)?\.jsonl$/.test(name)) out.push(full);
      else if (level < depth && !name.startsWith(".")) {
        try {
          if (statSync(full).isDirectory()) walk(full, level + 1);
        } catch {
          // gone
        }
      }
    }
  };
  walk(dir, 0);
  return out;
}

export interface CredentialRecord {
  issued: IssuedEntry;
  /** The register file that holds it. */
  file: string;
  revoked?: RevokedEntry;
}

/** Whether an uncommitted entry's files are on disk as it recorded them (the kill came after the rename). */
function onDisk(entry: IssuedEntry, dir: string): boolean {
  return Object.entries(entry.files).every(([name, digest]) => {
    const path = join(dir, name);
    return existsSync(path) && sha256File(path) === digest;
  });
}

/** The credentials of several registers: the latest issue of each, and its revocation. */
export function mergeRegisters(files: readonly string[]): Map<string, CredentialRecord> {
  const records = new Map<string, CredentialRecord>();
  const revocations = new Map<string, RevokedEntry>();
  for (const file of files) {
    const entries = readRegister(file);
    const committed = new Set<string>();
    // An issue is committed by a later "committed" line for the same credential.
    const pending = new Map<string, IssuedEntry>();
    for (const entry of entries) {
      if (entry.type === "issued") pending.set(entry.credentialId, entry);
      else if (entry.type === "committed") {
        const issued = pending.get(entry.credentialId);
        if (issued) {
          records.set(entry.credentialId, { issued, file });
          committed.add(entry.credentialId);
          pending.delete(entry.credentialId);
        }
      } else if (entry.type === "revoked") revocations.set(entry.credentialId, entry);
    }
    const dir = join(file, "..");
    for (const [id, issued] of pending) if (onDisk(issued, dir)) records.set(id, { issued, file });
  }
  for (const [id, r] of revocations) {
    const record = records.get(id);
    if (record && r.at >= record.issued.at) record.revoked = r;
  }
  return records;
}

export function sha256File(path: string): string {
  return createHash("sha256").update(readFileSync(path)).digest("hex");
}
