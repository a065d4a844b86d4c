/**
 * `site`: a static verification site built from the register(s): one page per credential at the
 * path its verification address names, the twins beside it, the status lists, and an index. No
 * server code: any static host serves it.
 */
import { copyFileSync, existsSync, mkdirSync, rmSync } from "node:fs";
import { dirname, join, relative } from "node:path";
import { statusListCredential, statusListUrl } from "../core/status-list.js";
import { SupplementError } from "../errors.js";
import { writeFileAtomic } from "../io/atomic.js";
import { ensureWritableDir } from "../io/fs.js";
import { type CredentialRecord, findRegisters, mergeRegisters } from "../io/register.js";
import type { Signer } from "../render/signer.js";
import { credentialPage, indexPage } from "../render/site-html.js";

export interface SiteOptions {
  /** Where the registers are (searched below it). */
  registerDir: string;
  outDir: string;
  showLearnerId?: boolean;
  indexable?: boolean;
  /** Signs the status lists (VC-JWT) when signing is on. */
  signer?: Pick<Signer, "secure">;
}

export interface SiteSummary {
  pages: number;
  revoked: number;
  statusLists: string[];
  registers: string[];
}

/** The page's file inside the site for a verification address (…/X → X/index.html). */
export function pagePath(record: CredentialRecord): string {
  const url = record.issued.verifyUrl;
  let path = url ? decodeURIComponent(new URL(url).pathname) : `/${record.issued.credentialId}`;
  if (path.includes("..")) path = `/${record.issued.credentialId}`;
  if (path.endsWith("/")) return `${path.slice(1)}index.html`;
  return /\.html?$/.test(path) ? path.slice(1) : `${path.slice(1)}/index.html`;
}

export async function buildSite(options: SiteOptions): Promise<SiteSummary> {
  const registers = findRegisters(options.registerDir);
  if (!registers.length)
    throw new SupplementError("USAGE", {
      message: `no register (register.jsonl) was found in ${options.registerDir} or below it`,
      hint: "`supplement issue` writes one beside the PDFs; name their folder with --register.",
    });
  const records = mergeRegisters(registers);
  ensureWritableDir(options.outDir);
  // The status lists are written afresh: a list no register names any more does not linger.
  rmSync(join(options.outDir, "status"), { recursive: true, force: true });
  const lists = new Map<string, { url: string; issuer: string; revoked: number[] }>();
  const programs = new Map<
    string,
    { id: string; title: string; issued: number; revoked: number }
  >();
  let revoked = 0;
  for (const record of records.values()) {
    const i = record.issued;
    const page = join(options.outDir, pagePath(record));
    const pageDir = dirname(page);
    mkdirSync(pageDir, { recursive: true });
    // The twins, copied beside the page (the PDF stays with the holder).
    const twins: string[] = [];
    for (const name of Object.keys(i.files)) {
      if (name.endsWith(".pdf")) continue;
      const source = join(dirname(record.file), name);
      if (!existsSync(source)) continue;
      copyFileSync(source, join(pageDir, name));
      twins.push(name);
    }
    const toRoot = relative(pageDir, options.outDir);
    await writeFileAtomic(
      page,
      credentialPage(record, {
        twins,
        toRoot: toRoot ? `${toRoot}/` : "",
        ...(options.showLearnerId ? { showLearnerId: true } : {}),
        ...(options.indexable ? { indexable: true } : {}),
      }),
    );
    if (record.revoked) revoked++;
    const p = programs.get(i.programId) ?? {
      id: i.programId,
      title: i.programTitle,
      issued: 0,
      revoked: 0,
    };
    p.issued++;
    if (record.revoked) p.revoked++;
    programs.set(i.programId, p);
    if (i.statusList !== undefined && i.statusIndex !== undefined && i.verifyUrl) {
      const list = lists.get(i.statusList) ?? {
        url: statusListUrl(i.verifyUrl, i.statusList),
        issuer: new URL(i.verifyUrl).origin,
        revoked: [],
      };
      if (record.revoked) list.revoked.push(i.statusIndex);
      lists.set(i.statusList, list);
    }
  }
  const validFrom = `${new Date().toISOString().slice(0, 19)}Z`;
  if (lists.size) mkdirSync(join(options.outDir, "status"), { recursive: true });
  for (const [name, list] of lists) {
    const credential = statusListCredential({ ...list, validFrom });
    const text = `${JSON.stringify(credential, null, 2)}\n`;
    await writeFileAtomic(join(options.outDir, "status", `${name}.json`), text);
    if (options.signer) {
      const secured = await options.signer.secure({ kind: "ob3", name: `${name}.json`, text });
      await writeFileAtomic(join(options.outDir, "status", secured.name), secured.text);
    }
  }
  await writeFileAtomic(
    join(options.outDir, "index.html"),
    indexPage([...programs.values()], options.indexable),
  );
  return { pages: records.size, revoked, statusLists: [...lists.keys()], registers };
}
