/** The verification site's pages: one per credential and an index. Everything is escaped. Pure. */
import { escapeMarkup } from "../core/text.js";
import type { CredentialRecord } from "../io/register.js";

const esc = escapeMarkup;

const STYLE = `body{font-family:"Noto Sans",system-ui,sans-serif;max-width:46rem;margin:2rem auto;padding:0 1rem;color:#111;line-height:1.45;overflow-wrap:anywhere}
h1{font-size:1.4rem;color:#1f3a5f}dl{display:grid;grid-template-columns:max-content 1fr;gap:.35rem 1.2rem}dt{color:#555}
.status{font-size:1.2rem;font-weight:bold;padding:.6rem .9rem;border-radius:.3rem;display:inline-block}
.valid{background:#e6f4ea;color:#0b5c25}.revoked{background:#fdecea;color:#8a1c12}footer{margin-top:2rem;color:#666;font-size:.85rem}`;

export interface PageOptions {
  /** Show the learner id (off by default). */
  showLearnerId?: boolean;
  /** Let search engines index the pages (off by default: noindex). */
  indexable?: boolean;
  /** The twins linked from the page, by file name. */
  twins: string[];
  /** Relative path from the page to the site root, e.g. "../". */
  toRoot: string;
}

function head(title: string, indexable?: boolean): string {
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
${indexable ? "" : '<meta name="robots" content="noindex,nofollow">\n'}<title>${esc(title)}</title><style>${STYLE}</style></head>`;
}

export function credentialPage(record: CredentialRecord, options: PageOptions): string {
  const i = record.issued;
  const status = record.revoked
    ? `<p class="status revoked" id="status" data-status="revoked">Revoked on ${esc(record.revoked.at.slice(0, 10))}</p>`
    : `<p class="status valid" id="status" data-status="valid">Valid</p>`;
  const rows: [string, string][] = [
    ["Holder", i.name],
    ["Program", i.programTitle],
    ["ECTS credits", String(i.credits)],
    ...(i.eqfLevel ? ([["EQF level", i.eqfLevel]] as [string, string][]) : []),
    ["Completed", i.completionDate],
    ["Issued", i.issueDate],
    ["Credential id", i.credentialId],
    ...(options.showLearnerId ? ([["Learner id", i.learnerId]] as [string, string][]) : []),
  ];
  const links = options.twins
    .map((t) => `<li><a href="${esc(encodeURIComponent(t))}">${esc(t)}</a></li>`)
    .join("");
  return `${head(`${i.programTitle}: ${i.name}`, options.indexable)}<body>
<h1>Certificate supplement: verification</h1>
${status}
<dl>${rows.map(([k, v]) => `<dt>${esc(k)}</dt><dd>${esc(v)}</dd>`).join("")}</dl>
${links ? `<h2>Machine-readable credential</h2><ul>${links}</ul>` : ""}
<footer>This page is published by the issuer. The supplement itself is signed: check it with
<code>supplement verify</code> or a PDF reader. <a href="${esc(options.toRoot)}index.html">All programs</a></footer>
</body></html>
`;
}

export function indexPage(
  programs: { id: string; title: string; issued: number; revoked: number }[],
  indexable?: boolean,
): string {
  const rows = programs
    .map(
      (p) =>
        `<tr><td>${esc(p.title)}</td><td>${esc(p.id)}</td><td>${p.issued}</td><td>${p.revoked}</td></tr>`,
    )
    .join("");
  return `${head("Credential verification", indexable)}<body>
<h1>Credential verification</h1>
<p>Each certificate supplement names its own page here, through the link and QR code printed on it.</p>
<table><thead><tr><th>Program</th><th>Id</th><th>Issued</th><th>Revoked</th></tr></thead><tbody>${rows}</tbody></table>
</body></html>
`;
}
