/**
 * SVG images from the user (logos, signatures, seals), made safe to embed: the document is parsed
 * (fast-xml-parser) and rebuilt from an allowlist of drawing elements and attributes. Scripts,
 * event attributes, style sheets, foreign content and every reference to anything outside the
 * image itself (href, url() other than "#id") are removed. Pure.
 */
import { XMLBuilder, XMLParser } from "fast-xml-parser";

/** Elements that draw, group or define paint; everything else goes with its content. */
const ELEMENTS = new Set([
  "svg",
  "g",
  "defs",
  "title",
  "desc",
  "path",
  "rect",
  "circle",
  "ellipse",
  "line",
  "polyline",
  "polygon",
  "text",
  "tspan",
  "textPath",
  "linearGradient",
  "radialGradient",
  "stop",
  "clipPath",
  "mask",
  "pattern",
  "symbol",
  "use",
  "marker",
]);

/** Attributes that may reference something: kept only when they point inside the image. */
const REFERENCES = new Set(["href", "xlink:href"]);

const INTERNAL_URL = /^url\(\s*['"]?#[^)'"]*['"]?\s*\)$/;

function safeAttribute(name: string, value: string): boolean {
  const lower = name.toLowerCase();
  if (lower.startsWith("on")) return false; // event handlers
  if (lower === "style") return false; // may @import or url() anything
  if (REFERENCES.has(lower)) return value.trim().startsWith("#");
  // url(...) in a presentation attribute (fill, clip-path, mask, …) must name an element here.
  if (/url\s*\(/i.test(value)) return INTERNAL_URL.test(value.trim());
  if (/javascript:|data:/i.test(value)) return false;
  return true;
}

type Node = Record<string, unknown>;

function clean(nodes: Node[]): Node[] {
  const out: Node[] = [];
  for (const node of nodes) {
    if ("#text" in node) {
      out.push(node);
      continue;
    }
    const name = Object.keys(node).find((k) => k !== ":@");
    if (!name || !ELEMENTS.has(name)) continue; // script, style, foreignObject, a, image, …
    const attrs = (node[":@"] ?? {}) as Record<string, string>;
    const kept: Record<string, string> = {};
    for (const [key, value] of Object.entries(attrs)) {
      const attr = key.replace(/^@_/, "");
      if (safeAttribute(attr, String(value))) kept[key] = String(value);
    }
    const children = clean((node[name] as Node[]) ?? []);
    out.push({ [name]: children, ...(Object.keys(kept).length ? { ":@": kept } : {}) });
  }
  return out;
}

export class SvgError extends Error {}

/** The sanitised SVG, or an SvgError when the text is not an SVG image. */
export function sanitizeSvg(text: string): string {
  const options = {
    preserveOrder: true,
    ignoreAttributes: false,
    attributeNamePrefix: "@_",
    allowBooleanAttributes: true,
    processEntities: false,
    ignoreDeclaration: true,
    ignorePiTags: true,
    commentPropName: false as const,
  };
  let parsed: Node[];
  try {
    parsed = new XMLParser(options).parse(text) as Node[];
  } catch (e) {
    throw new SvgError(`the SVG cannot be read: ${(e as Error).message}`);
  }
  // <!DOCTYPE> with entities could expand or reach outside; the parser keeps none, and only the
  // root svg element is kept.
  const root = parsed.filter((n) => Object.keys(n).includes("svg"));
  if (root.length !== 1) throw new SvgError("the file has no <svg> root element");
  const cleaned = clean(root);
  return new XMLBuilder({ ...options, suppressEmptyNode: true }).build(cleaned) as string;
}
