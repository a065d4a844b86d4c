/**
 * The picture of a credential that an EDC carries for each display language (DisplayDetail): an
 * SVG card with the facts of the holder page, in that language. Made in code, so that it costs
 * microseconds per learner. Pure.
 */
import { createTranslator, type Lang } from "../i18n/index.js";
import type { Learner } from "../learners.js";
import { escapeMarkup } from "../text.js";

export interface CardFacts {
  title: string;
  issuer: string;
  learner: Learner;
  credits: number;
  eqf?: string;
  issueDate: string;
}

const esc = escapeMarkup;

/** Splits text into lines of at most `width` characters, at spaces. */
function wrap(text: string, width: number, maxLines: number): string[] {
  const lines: string[] = [];
  let line = "";
  for (const word of text.split(/\s+/)) {
    if (line && `${line} ${word}`.length > width) {
      lines.push(line);
      line = word;
    } else line = line ? `${line} ${word}` : word;
  }
  if (line) lines.push(line);
  if (lines.length > maxLines) {
    const kept = lines.slice(0, maxLines);
    kept[maxLines - 1] = `${kept[maxLines - 1]}…`;
    return kept;
  }
  return lines;
}

export function displayCard(facts: CardFacts, lang: Lang): string {
  const tr = createTranslator([lang]);
  const rows: [string, string][] = [
    [tr.t("holder.credentialId"), facts.learner.credentialId],
    [tr.t("holder.completion"), tr.date(facts.learner.completionDate)],
    [tr.t("holder.issue"), tr.date(facts.issueDate)],
    [tr.t("s3.credits"), tr.number(facts.credits)],
    ...(facts.eqf ? ([[tr.t("s2.level"), facts.eqf]] as [string, string][]) : []),
    ...(facts.learner.grade
      ? ([[tr.t("holder.result"), facts.learner.grade]] as [string, string][])
      : []),
  ];
  const title = wrap(facts.title, 52, 3);
  let y = 150;
  const parts = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="800" height="560" viewBox="0 0 800 560" font-family="Noto Sans, Noto Sans CJK SC, Arial, sans-serif" lang="${lang}">`,
    `<rect width="800" height="560" fill="#ffffff" stroke="#1f3a5f" stroke-width="6"/>`,
    `<text x="40" y="60" font-size="20" fill="#1f3a5f" letter-spacing="2">${esc(tr.t("doc.type").toUpperCase())}</text>`,
    `<text x="40" y="92" font-size="16" fill="#555">${esc(facts.issuer)}</text>`,
  ];
  for (const line of title) {
    parts.push(
      `<text x="40" y="${y}" font-size="26" font-weight="bold" fill="#111">${esc(line)}</text>`,
    );
    y += 34;
  }
  y += 24;
  parts.push(`<text x="40" y="${y}" font-size="16" fill="#555">${esc(tr.t("holder.name"))}</text>`);
  y += 40;
  parts.push(
    `<text x="40" y="${y}" font-size="32" fill="#111" direction="ltr" unicode-bidi="plaintext">${esc(facts.learner.name)}</text>`,
  );
  y += 44;
  for (const [label, value] of rows) {
    parts.push(
      `<text x="40" y="${y}" font-size="16" fill="#555">${esc(label)}</text>`,
      `<text x="430" y="${y}" font-size="16" fill="#111">${esc(value)}</text>`,
    );
    y += 28;
  }
  parts.push("</svg>");
  return parts.join("\n");
}
