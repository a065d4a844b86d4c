/**
 * Personal supplements assembled from two printed parts: the learner's own first page and the
 * program's pages, which are the same for every holder of the certificate.
 *
 * Chromium's print time grows with the length of the document it lays out, not with the pages
 * it keeps, so `supplement issue` prints the program part once per run and the personal pages in
 * batches (one page per learner), and joins them here. The result is one tagged PDF per learner:
 * its page tree, structure tree (with parent tree), outline, language and document properties are
 * rebuilt, so screen readers and outlines see one document. The program part's objects are
 * copied and serialized once; per learner only the personal page and the small joining objects
 * are written.
 */
import { createHash } from "node:crypto";
import {
  PDFArray,
  PDFBool,
  type PDFContext,
  PDFDict,
  PDFHexString,
  PDFName,
  PDFNumber,
  type PDFObject,
  PDFRawStream,
  PDFRef,
  PDFStream,
  PDFString,
} from "pdf-lib";
import { type Attachment, attachmentObjects } from "./attachments.js";
import type { PdfMetadata } from "./metadata.js";
import { dict, dictEntries, pdfDate, refTo, scratch } from "./pdf-objects.js";
import { loadPdf, type ParsedPdf } from "./pdf-parse.js";

/** The printed parts do not have the shape the assembler needs; print the whole document instead. */
export class AssembleError extends Error {}

const N = (name: string) => PDFName.of(name);
const K = {
  Type: N("Type"),
  Pg: N("Pg"),
  K: N("K"),
  Parent: N("Parent"),
  Kids: N("Kids"),
  Nums: N("Nums"),
  StructParents: N("StructParents"),
  StructParent: N("StructParent"),
  Resources: N("Resources"),
  First: N("First"),
  Next: N("Next"),
  Count: N("Count"),
  Title: N("Title"),
  Dest: N("Dest"),
  SE: N("SE"),
  C: N("C"),
  F: N("F"),
  Lang: N("Lang"),
  Page: N("Page"),
  StructTreeRoot: N("StructTreeRoot"),
  ParentTree: N("ParentTree"),
  ParentTreeNextKey: N("ParentTreeNextKey"),
  Outlines: N("Outlines"),
};

interface OutlineNode {
  title: PDFObject;
  dest?: PDFObject;
  se?: PDFRef;
  color?: PDFObject;
  flags?: PDFObject;
  open: boolean;
  children: OutlineNode[];
}

/** A parsed PDF with the lookups the assembler needs. */
class Source {
  readonly ctx: PDFContext;
  readonly pages: PDFRef[];
  readonly pageIndex = new Map<PDFRef, number>();
  readonly documentRef: PDFRef | undefined;
  readonly topElements: PDFRef[];
  readonly parentTree: Map<number, PDFObject>;
  readonly nextKey: number;
  readonly outline: { node: OutlineNode; page: number | undefined }[];
  readonly lang: PDFObject | undefined;

  constructor({ context, catalog, pages }: ParsedPdf) {
    this.ctx = context;
    this.pages = pages;
    for (const [i, ref] of this.pages.entries()) this.pageIndex.set(ref, i);
    this.lang = catalog.get(K.Lang);
    const root = catalog.lookupMaybe(K.StructTreeRoot, PDFDict);
    if (!root) throw new AssembleError("the printed part is not tagged");
    const top = root.get(K.K);
    const tops = top instanceof PDFArray ? top.asArray() : top ? [top] : [];
    if (tops.length !== 1 || !(tops[0] instanceof PDFRef))
      throw new AssembleError("the structure tree has no single document element");
    this.documentRef = tops[0];
    const kids = this.ctx.lookup(this.documentRef, PDFDict).get(K.K);
    this.topElements = (kids instanceof PDFArray ? kids.asArray() : kids ? [kids] : []).filter(
      (k): k is PDFRef => k instanceof PDFRef,
    );
    this.parentTree = new Map();
    const tree = root.lookupMaybe(K.ParentTree, PDFDict);
    if (tree) this.readNumberTree(tree, 0);
    const next = root.lookupMaybe(K.ParentTreeNextKey, PDFNumber);
    this.nextKey = next ? next.asNumber() : Math.max(-1, ...[...this.parentTree.keys()]) + 1;
    this.outline = [];
    const outlines = catalog.lookupMaybe(K.Outlines, PDFDict);
    for (const node of outlines ? this.readOutline(outlines.get(K.First)) : [])
      this.outline.push({ node, page: this.destPage(node.dest) });
  }

  private readNumberTree(node: PDFDict, depth: number): void {
    if (depth > 32) throw new AssembleError("the parent tree is too deep");
    const nums = node.lookupMaybe(K.Nums, PDFArray);
    if (nums) {
      for (let i = 0; i + 1 < nums.size(); i += 2) {
        const key = nums.lookup(i, PDFNumber).asNumber();
        this.parentTree.set(key, nums.get(i + 1));
      }
    }
    const kids = node.lookupMaybe(K.Kids, PDFArray);
    if (kids)
      for (let i = 0; i < kids.size(); i++) this.readNumberTree(kids.lookup(i, PDFDict), depth + 1);
  }

  private readOutline(first: PDFObject | undefined): OutlineNode[] {
    const out: OutlineNode[] = [];
    const seen = new Set<PDFRef>();
    let ref = first;
    while (ref instanceof PDFRef && !seen.has(ref)) {
      seen.add(ref);
      const item = this.ctx.lookup(ref, PDFDict);
      const count = item.lookupMaybe(K.Count, PDFNumber);
      const se = item.get(K.SE);
      out.push({
        title: item.get(K.Title) ?? PDFString.of(""),
        ...(item.get(K.Dest) ? { dest: item.get(K.Dest) } : {}),
        ...(se instanceof PDFRef ? { se } : {}),
        ...(item.get(K.C) ? { color: item.get(K.C) } : {}),
        ...(item.get(K.F) ? { flags: item.get(K.F) } : {}),
        open: !count || count.asNumber() >= 0,
        children: this.readOutline(item.get(K.First)),
      });
      ref = item.get(K.Next);
    }
    return out;
  }

  /** The index of the page an outline destination points to. */
  destPage(dest: PDFObject | undefined): number | undefined {
    const d = dest instanceof PDFRef ? this.ctx.lookup(dest) : dest;
    const page = d instanceof PDFArray ? d.get(0) : undefined;
    return page instanceof PDFRef ? this.pageIndex.get(page) : undefined;
  }

  /** The pages a structure element's marked content lies on. */
  pagesOf(ref: PDFRef): Set<number> {
    const pages = new Set<number>();
    const seen = new Set<PDFObject>();
    const walk = (obj: PDFObject | undefined, depth: number) => {
      if (obj === undefined || depth > 200 || seen.has(obj)) return;
      seen.add(obj);
      const value = obj instanceof PDFRef ? this.ctx.lookup(obj) : obj;
      if (value instanceof PDFArray) {
        for (let i = 0; i < value.size(); i++) walk(value.get(i), depth + 1);
      } else if (value instanceof PDFDict) {
        const pg = value.get(K.Pg);
        if (pg instanceof PDFRef) {
          const i = this.pageIndex.get(pg);
          if (i !== undefined) pages.add(i);
        }
        walk(value.get(K.K), depth + 1);
      }
    };
    walk(ref, 0);
    return pages;
  }
}

/**
 * Copies objects from a source into an output numbering. Every reference reached is copied once
 * and given the next number, except where a mapping was set in advance (a parent that the
 * output builds itself). Reaching a page that was not asked for is an error: the part would
 * drag another learner's page along.
 */
class Copier {
  readonly objects: [PDFRef, PDFObject][] = [];
  private readonly map = new Map<PDFRef, PDFRef>();
  private readonly queue: [PDFRef, PDFRef][] = [];

  constructor(
    private readonly src: Source,
    private next: number,
    private readonly allowedPages: Set<PDFRef>,
  ) {
    // Pages hang from the assembled page tree, and top-level elements from its document element.
    for (const page of allowedPages) {
      const parent = src.ctx.lookup(page, PDFDict).get(K.Parent);
      if (parent instanceof PDFRef) this.map.set(parent, PAGES);
    }
    if (src.documentRef) this.map.set(src.documentRef, DOCUMENT);
  }

  get nextNumber(): number {
    return this.next;
  }

  /** Takes over another copier's objects (as already copied), e.g. the resources of a batch. */
  inherit(other: Copier): void {
    for (const [from, to] of other.map) this.map.set(from, to);
  }

  mapped(ref: PDFRef): PDFRef | undefined {
    return this.map.get(ref);
  }

  ref(from: PDFRef): PDFRef {
    const known = this.map.get(from);
    if (known) return known;
    if (this.src.pageIndex.has(from) && !this.allowedPages.has(from))
      throw new AssembleError("a part refers to a page outside it");
    const to = refTo(this.next++);
    this.map.set(from, to);
    this.queue.push([from, to]);
    return to;
  }

  clone(obj: PDFObject): PDFObject {
    if (obj instanceof PDFRef) return this.ref(obj);
    if (obj instanceof PDFDict) {
      const out = new Map<PDFName, PDFObject>();
      for (const [key, value] of dictEntries(obj)) out.set(key, this.clone(value));
      return PDFDict.fromMapWithContext(out, scratch);
    }
    if (obj instanceof PDFArray) {
      const out = PDFArray.withContext(scratch);
      for (let i = 0; i < obj.size(); i++) out.push(this.clone(obj.get(i)));
      return out;
    }
    if (obj instanceof PDFRawStream) {
      return PDFRawStream.of(this.clone(obj.dict) as PDFDict, obj.contents);
    }
    // Names, numbers, strings, booleans and null are immutable and shared.
    return obj;
  }

  /** An outline entry and its children, with destinations and structure elements in the output numbering. */
  outline(node: OutlineNode): OutlineNode {
    const se = node.se && this.map.get(node.se);
    const { se: _, ...rest } = node;
    return {
      ...rest,
      ...(node.dest ? { dest: this.clone(node.dest) } : {}),
      ...(se ? { se } : {}),
      children: node.children.map((c) => this.outline(c)),
    };
  }

  /** Copies everything still queued; `edit` may change a copy before it is kept. */
  drain(edit?: (from: PDFRef, copy: PDFObject) => PDFObject): void {
    for (let item = this.queue.shift(); item; item = this.queue.shift()) {
      const [from, to] = item;
      const copy = this.clone(this.src.ctx.lookup(from) ?? PDFNumber.of(0));
      this.objects.push([to, edit ? edit(from, copy) : copy]);
    }
  }
}

const ID = N("ID");
const A = N("A");
const HEADERS = N("Headers");

/**
 * Gives the structure elements' IDs (and the table header cells' /Headers that name them) new
 * values in the order the objects are written: `prefix` and a count. Chromium numbers them after
 * its accessibility tree, whose count depends on how often the page was laid out, which depends
 * on when fonts arrived: the same learner would otherwise get different bytes from run to run.
 */
function renumberIds(objects: readonly [PDFRef, PDFObject][], prefix: string): void {
  const ids = new Map<string, PDFString>();
  for (const [, obj] of objects) {
    const id = obj instanceof PDFDict ? obj.get(ID) : undefined;
    if (id instanceof PDFString || id instanceof PDFHexString) {
      const key = id.asString();
      if (!ids.has(key)) ids.set(key, PDFString.of(`${prefix}${ids.size + 1}`));
    }
  }
  if (!ids.size) return;
  const renamed = (v: PDFObject) =>
    v instanceof PDFString || v instanceof PDFHexString ? (ids.get(v.asString()) ?? v) : v;
  const fixHeaders = (attr: PDFObject | undefined) => {
    if (!(attr instanceof PDFDict)) return;
    const headers = attr.get(HEADERS);
    if (headers instanceof PDFArray)
      for (let i = 0; i < headers.size(); i++) headers.set(i, renamed(headers.get(i)));
  };
  for (const [, obj] of objects) {
    if (!(obj instanceof PDFDict)) continue;
    const id = obj.get(ID);
    if (id) obj.set(ID, renamed(id));
    const attrs = obj.get(A);
    if (attrs instanceof PDFArray) for (const a of attrs.asArray()) fixHeaders(a);
    else fixHeaders(attrs);
  }
}

/** Object numbers every assembled file uses for the objects that join the parts. */
const CATALOG = PDFRef.of(1);
const PAGES = PDFRef.of(2);
const STRUCT_ROOT = PDFRef.of(3);
const DOCUMENT = PDFRef.of(4);
const PARENT_TREE = PDFRef.of(5);
const OUTLINES = PDFRef.of(6);
const INFO = PDFRef.of(7);
const FIRST_FREE = 8;

const encoder = new TextEncoder();

/**
 * An object's text, as pdf-lib writes it (dictionaries one entry a line, arrays spaced), built as
 * one string: pdf-lib's own writer measures every object before copying it byte by byte, and
 * lists each dictionary's entries anew for both, which was a fifth of the assembler's time.
 * Streams are written by `serialize`, their contents as they are.
 */
function objectText(obj: PDFObject): string {
  if (obj instanceof PDFDict) {
    let text = "<<\n";
    for (const [key, value] of dictEntries(obj)) text += `${key.toString()} ${objectText(value)}\n`;
    return `${text}>>`;
  }
  if (obj instanceof PDFArray) {
    let text = "[ ";
    for (let i = 0, n = obj.size(); i < n; i++) text += `${objectText(obj.get(i))} `;
    return `${text}]`;
  }
  if (obj instanceof PDFStream) throw new Error("a stream inside an object");
  // Names, numbers, strings, references, booleans, null: their text is what pdf-lib writes.
  return obj.toString();
}

/** "n 0 obj … endobj", bytes as pdf-lib writes them (its strings are bytes, one per character). */
function serialize(ref: PDFRef, obj: PDFObject): Uint8Array {
  const head = `${ref.objectNumber} 0 obj\n`;
  if (!(obj instanceof PDFStream))
    return Buffer.from(`${head}${objectText(obj)}\nendobj\n`, "latin1");
  // As pdf-lib writes a stream: /Length set from the contents first.
  obj.updateDict();
  const before = Buffer.from(`${head}${objectText(obj.dict)}\nstream\n`, "latin1");
  const contents = obj.getContents();
  const after = Buffer.from("\nendstream\nendobj\n", "latin1");
  const out = new Uint8Array(before.length + contents.length + after.length);
  out.set(before, 0);
  out.set(contents, before.length);
  out.set(after, before.length + contents.length);
  return out;
}

/** Objects written one after another, with each one's offset from the start of the block. */
export class Block {
  readonly chunks: Uint8Array[] = [];
  readonly offsets: [number, number][] = [];
  size = 0;

  private joined: Uint8Array | undefined;

  add(ref: PDFRef, obj: PDFObject): void {
    this.addSerialized(ref.objectNumber, serialize(ref, obj));
  }

  /** An object already serialized (as `serialize` writes it), e.g. shared by several blocks. */
  addSerialized(objectNumber: number, bytes: Uint8Array): void {
    this.offsets.push([objectNumber, this.size]);
    this.chunks.push(bytes);
    this.size += bytes.length;
    this.joined = undefined;
  }

  /** All objects as one buffer (kept: the program part's block is written for every learner). */
  bytes(): Uint8Array {
    this.joined ??= concatChunks(this.chunks);
    return this.joined;
  }
}

/** The program's pages, printed once after a one-page placeholder, ready to join to any personal page. */
export class ProgramPart {
  readonly pageCount: number;
  /** The copied objects, serialized once. */
  private readonly block: Block;
  private readonly pageRefs: PDFRef[];
  private readonly topElements: PDFRef[];
  private readonly parentEntries: [number, PDFObject][];
  /** Outline entries of the placeholder's heading, adopted by the personal page's last heading. */
  readonly adoptedOutline: OutlineNode[];
  /** Top-level outline entries after the placeholder's. */
  readonly topOutline: OutlineNode[];
  readonly firstFree: number;
  readonly nextKey: number;
  /** The parent-tree key the placeholder page had, free for the personal page. */
  readonly pageKey: number | undefined;
  /** The cross-reference entries of the part's objects, the same in every file (see writeFile). */
  private xref: { from: number; to: number; bytes: Uint8Array } | undefined;

  private constructor(src: Source) {
    if (src.pages.length < 2)
      throw new AssembleError("the program part has no pages after the placeholder");
    const placeholder = src.pages[0] as PDFRef;
    const kept = src.pages.slice(1);
    const copier = new Copier(src, FIRST_FREE, new Set(kept));
    for (const page of kept) copier.ref(page);
    this.topElements = [];
    for (const el of src.topElements) {
      const pages = src.pagesOf(el);
      if (pages.has(0)) {
        if (pages.size > 1)
          throw new AssembleError("the placeholder page shares an element with the program");
        continue;
      }
      this.topElements.push(copier.ref(el));
    }
    const placeholderKey = src.ctx
      .lookup(placeholder, PDFDict)
      .lookupMaybe(K.StructParents, PDFNumber)
      ?.asNumber();
    copier.drain();
    this.parentEntries = [];
    for (const [key, value] of src.parentTree) {
      if (key === placeholderKey) continue;
      this.parentEntries.push([key, copier.clone(value)]);
    }
    copier.drain();
    this.pageRefs = kept.map((p) => copier.mapped(p) as PDFRef);
    // Outline: the placeholder's heading stands for the personal page's.
    this.adoptedOutline = [];
    this.topOutline = [];
    for (const { node, page } of src.outline) {
      if (page === 0) this.adoptedOutline.push(...node.children.map((n) => copier.outline(n)));
      else this.topOutline.push(copier.outline(node));
    }
    copier.drain();
    renumberIds(copier.objects, "p");
    this.block = new Block();
    for (const [ref, obj] of copier.objects.sort((a, b) => a[0].objectNumber - b[0].objectNumber))
      this.block.add(ref, obj);
    this.firstFree = copier.nextNumber;
    this.nextKey = src.nextKey;
    this.pageKey = placeholderKey;
    this.pageCount = kept.length;
  }

  /** The program part's objects as written into every file. */
  bytes(): Uint8Array {
    return this.block.bytes();
  }

  /** From a PDF printed from the whole document with a one-page placeholder in place of the personal page. */
  static async load(pdf: Uint8Array): Promise<ProgramPart> {
    return new ProgramPart(new Source(await loadPdf(pdf)));
  }

  /** Joins a personal page to the program's pages: one complete, tagged PDF, in chunks to write one after another. */
  assemble(
    personal: PersonalPage,
    meta: PdfMetadata,
    attachments: readonly Attachment[] = [],
  ): Uint8Array[] {
    const perLearner = new Block();
    for (const [ref, obj] of personal.objects) perLearner.add(ref, obj);

    // Page tree: the personal page, then the program's.
    const kids = PDFArray.withContext(scratch);
    kids.push(personal.page);
    for (const p of this.pageRefs) kids.push(p);
    perLearner.add(PAGES, dict({ Type: N("Pages"), Kids: kids, Count: PDFNumber.of(kids.size()) }));

    // Structure tree: one document element over both parts.
    const elements = PDFArray.withContext(scratch);
    for (const e of personal.topElements) elements.push(e);
    for (const e of this.topElements) elements.push(e);
    const lang = PDFString.of(meta.language);
    perLearner.add(
      DOCUMENT,
      dict({ Type: N("StructElem"), S: N("Document"), Lang: lang, P: STRUCT_ROOT, K: elements }),
    );
    const nums = PDFArray.withContext(scratch);
    const entries = [...personal.parentEntries, ...this.parentEntries].sort((a, b) => a[0] - b[0]);
    for (const [key, value] of entries) {
      nums.push(PDFNumber.of(key));
      nums.push(value);
    }
    perLearner.add(PARENT_TREE, dict({ Type: N("ParentTree"), Nums: nums }));
    perLearner.add(
      STRUCT_ROOT,
      dict({
        Type: N("StructTreeRoot"),
        K: DOCUMENT,
        ParentTree: PARENT_TREE,
        ParentTreeNextKey: PDFNumber.of(Math.max(this.nextKey, personal.nextKey)),
      }),
    );

    // Outline: the personal page's headings; the program's sections under its last heading.
    const top = personal.outline.map((n) => ({ ...n, children: [...n.children] }));
    const last = top[top.length - 1];
    if (last) last.children.push(...this.adoptedOutline);
    else top.push(...this.adoptedOutline);
    top.push(...this.topOutline);
    let next = Math.max(this.firstFree, personal.firstFree);
    const outlineCount = writeOutline(top, OUTLINES, perLearner, () => refTo(next++));
    perLearner.add(
      OUTLINES,
      top.length
        ? dict({
            Type: N("Outlines"),
            First: outlineCount.first as PDFRef,
            Last: outlineCount.last as PDFRef,
            Count: PDFNumber.of(outlineCount.visible),
          })
        : dict({ Type: N("Outlines"), Count: PDFNumber.of(0) }),
    );

    perLearner.add(INFO, infoDict(meta));
    // The learner's own twins, as associated files.
    const carried = attachments.length
      ? attachmentObjects(attachments, meta.date, () => refTo(next++))
      : undefined;
    for (const [ref, obj] of carried?.objects ?? []) perLearner.add(ref, obj);
    perLearner.add(
      CATALOG,
      dict({
        ...(carried ? { Names: carried.names, AF: carried.af } : {}),
        Type: N("Catalog"),
        Pages: PAGES,
        MarkInfo: dict({ Type: N("MarkInfo"), Marked: PDFBool.True }),
        StructTreeRoot: STRUCT_ROOT,
        Outlines: OUTLINES,
        ViewerPreferences: dict({ Type: N("ViewerPreferences"), DisplayDocTitle: PDFBool.True }),
        Lang: lang,
      }),
    );
    this.xref ??= {
      from: FIRST_FREE,
      to: this.firstFree,
      bytes: xrefLines(this.block, FIRST_FREE, this.firstFree),
    };
    return writeFile([this.block, personal.common, perLearner], next, meta, this.xref);
  }
}

/** A learner's page cut out of a printed batch, numbered to follow a program part. */
export interface PersonalPage {
  page: PDFRef;
  /**
   * The batch's resources (fonts above all) that this page uses: each serialized once for the
   * batch, but only those this learner's objects reach are written into its file.
   */
  common: Block;
  objects: [PDFRef, PDFObject][];
  topElements: PDFRef[];
  parentEntries: [number, PDFObject][];
  outline: OutlineNode[];
  firstFree: number;
  nextKey: number;
}

/**
 * Splits a printed batch (one page per learner, in order) into personal pages numbered to
 * follow `part`. Fails when the batch has another number of pages (a personal page ran over).
 */
export async function splitBatch(
  pdf: Uint8Array,
  learners: number,
  part: ProgramPart,
): Promise<PersonalPage[]> {
  const src = new Source(await loadPdf(pdf));
  if (src.pages.length !== learners)
    throw new AssembleError(
      `${learners} personal pages were expected, ${src.pages.length} were printed`,
    );
  const byPage = new Map<number, PDFRef[]>();
  for (const el of src.topElements) {
    const pages = [...src.pagesOf(el)];
    if (pages.length > 1) throw new AssembleError("a structure element spans two personal pages");
    const page = pages[0];
    if (page === undefined) continue; // an element with no content on any page
    byPage.set(page, [...(byPage.get(page) ?? []), el]);
  }
  // The pages' resources (fonts above all) are numbered once for the whole batch and each is
  // serialized once. A learner's file carries only those its own page reaches: a font that only
  // another learner's page uses (the Arabic face of another holder's name, say) would carry that
  // learner's characters, in its glyphs and its ToUnicode map, into this learner's file.
  const resources = new Copier(src, part.firstFree, new Set());
  for (const pageRef of src.pages) {
    const res = src.ctx.lookup(pageRef, PDFDict).get(K.Resources);
    if (res) resources.clone(res);
  }
  resources.drain();
  const shared = new Map<number, { obj: PDFObject; bytes?: Uint8Array }>();
  for (const [ref, obj] of resources.objects) shared.set(ref.objectNumber, { obj });
  const out: PersonalPage[] = [];
  for (let i = 0; i < learners; i++) {
    const pageRef = src.pages[i] as PDFRef;
    const copier = new Copier(src, resources.nextNumber, new Set([pageRef]));
    copier.inherit(resources);
    const page = copier.ref(pageRef);
    const topElements = (byPage.get(i) ?? []).map((el) => copier.ref(el));
    const pageDict = src.ctx.lookup(pageRef, PDFDict);
    const oldKey = pageDict.lookupMaybe(K.StructParents, PDFNumber)?.asNumber();
    // The page takes the placeholder page's key in the parent tree; annotations follow the part's keys.
    let nextKey = part.nextKey;
    const pageKey = part.pageKey ?? nextKey++;
    const keys = new Map<number, number>();
    if (oldKey !== undefined) keys.set(oldKey, pageKey);
    copier.drain((_from, copy) => {
      if (copy instanceof PDFDict) {
        if (copy.get(K.Type) === K.Page && oldKey !== undefined)
          copy.set(K.StructParents, PDFNumber.of(pageKey));
        const sp = copy.get(K.StructParent);
        if (sp instanceof PDFNumber) {
          const key = nextKey++;
          keys.set(sp.asNumber(), key);
          copy.set(K.StructParent, PDFNumber.of(key));
        }
      }
      return copy;
    });
    const parentEntries: [number, PDFObject][] = [];
    for (const [from, to] of keys) {
      const value = src.parentTree.get(from);
      if (value !== undefined) parentEntries.push([to, copier.clone(value)]);
    }
    const outline = src.outline.filter((o) => o.page === i).map((o) => copier.outline(o.node));
    copier.drain();
    renumberIds(copier.objects, "h");
    const common = new Block();
    for (const n of sharedReached(copier.objects, shared)) {
      const entry = shared.get(n) as { obj: PDFObject; bytes?: Uint8Array };
      entry.bytes ??= serialize(refTo(n), entry.obj);
      common.addSerialized(n, entry.bytes);
    }
    out.push({
      page,
      common,
      objects: copier.objects,
      topElements,
      parentEntries,
      outline,
      firstFree: copier.nextNumber,
      nextKey,
    });
  }
  return out;
}

/**
 * The numbers of the shared objects that `own` objects refer to, directly or through other shared
 * objects, in ascending order.
 */
function sharedReached(
  own: readonly [PDFRef, PDFObject][],
  shared: ReadonlyMap<number, { obj: PDFObject }>,
): number[] {
  const reached = new Set<number>();
  const stack: PDFObject[] = own.map(([, obj]) => obj);
  for (let obj = stack.pop(); obj !== undefined; obj = stack.pop()) {
    if (obj instanceof PDFRef) {
      const target = shared.get(obj.objectNumber);
      if (target && !reached.has(obj.objectNumber)) {
        reached.add(obj.objectNumber);
        stack.push(target.obj);
      }
    } else if (obj instanceof PDFDict) {
      for (const [, value] of dictEntries(obj)) stack.push(value);
    } else if (obj instanceof PDFArray) {
      for (let i = 0; i < obj.size(); i++) stack.push(obj.get(i));
    } else if (obj instanceof PDFRawStream) {
      stack.push(obj.dict);
    }
  }
  return [...reached].sort((a, b) => a - b);
}

/** Writes outline items (depth first) and returns the first, last and visible count. */
function writeOutline(
  nodes: OutlineNode[],
  parent: PDFRef,
  block: Block,
  allocate: () => PDFRef,
): { first?: PDFRef; last?: PDFRef; visible: number } {
  const refs = nodes.map(() => allocate());
  let visible = nodes.length;
  nodes.forEach((node, i) => {
    const ref = refs[i] as PDFRef;
    const entries: Record<string, PDFObject> = { Title: node.title, Parent: parent };
    if (node.dest) entries.Dest = node.dest;
    if (node.se) entries.SE = node.se;
    if (node.color) entries.C = node.color;
    if (node.flags) entries.F = node.flags;
    if (i > 0) entries.Prev = refs[i - 1] as PDFRef;
    if (i < refs.length - 1) entries.Next = refs[i + 1] as PDFRef;
    if (node.children.length) {
      const sub = writeOutline(node.children, ref, block, allocate);
      entries.First = sub.first as PDFRef;
      entries.Last = sub.last as PDFRef;
      entries.Count = PDFNumber.of(node.open ? sub.visible : -sub.visible);
      if (node.open) visible += sub.visible;
    }
    block.add(ref, dict(entries));
  });
  return {
    ...(refs[0] ? { first: refs[0] } : {}),
    ...(refs.length ? { last: refs[refs.length - 1] as PDFRef } : {}),
    visible,
  };
}

function infoDict(meta: PdfMetadata): PDFDict {
  return dict({
    Title: PDFHexString.fromText(meta.title),
    Author: PDFHexString.fromText(meta.author),
    Subject: PDFHexString.fromText(meta.subject),
    Keywords: PDFHexString.fromText(meta.keywords.join(", ")),
    Creator: PDFHexString.fromText(meta.creator),
    Producer: PDFHexString.fromText(`${meta.creator} (Chromium, pdf-lib)`),
    CreationDate: pdfDate(meta.date),
    ModDate: pdfDate(meta.date),
  });
}

const HEADER = new Uint8Array([...encoder.encode("%PDF-1.7\n%"), 0xe2, 0xe3, 0xcf, 0xd3, 10]);

/** One cross-reference entry: the object's offset in the file, or a free entry (-1). */
const xrefLine = (at: number) =>
  at < 0 ? "0000000000 65535 f \n" : `${String(at).padStart(10, "0")} 00000 n \n`;

/**
 * The cross-reference entries of objects `from` to `to - 1` of a block written first after the
 * header, as one string: the program part's are the same in every learner's file.
 */
function xrefLines(block: Block, from: number, to: number): Uint8Array {
  const offsets = new Map<number, number>();
  for (const [n, at] of block.offsets) offsets.set(n, HEADER.length + at);
  let text = "";
  for (let n = from; n < to; n++) text += xrefLine(offsets.get(n) ?? -1);
  return encoder.encode(text);
}

/**
 * Header, the blocks of objects, cross-reference table and trailer. `first`: the entries of the
 * first block's objects (numbers `from` to `to - 1`) made once, when no other block has one of them.
 */
function writeFile(
  blocks: Block[],
  size: number,
  meta: PdfMetadata,
  first?: { from: number; to: number; bytes: Uint8Array },
): Uint8Array[] {
  const offsets = new Array<number>(size).fill(-1);
  let start = HEADER.length;
  let fixed = first;
  for (const [i, block] of blocks.entries()) {
    for (const [n, at] of block.offsets) {
      offsets[n] = start + at;
      if (i > 0 && fixed && n >= fixed.from && n < fixed.to) fixed = undefined;
    }
    start += block.size;
  }
  const xrefAt = start;
  const xref: Uint8Array[] = [];
  let lines: string[] = [`xref\n0 ${size}\n0000000000 65535 f \n`];
  for (let n = 1; n < size; n++) {
    if (fixed && n === fixed.from && fixed.to <= size) {
      xref.push(encoder.encode(lines.join("")), fixed.bytes);
      lines = [];
      n = fixed.to - 1;
      continue;
    }
    lines.push(xrefLine(offsets[n] ?? -1));
  }
  const idHex = createHash("md5")
    .update(`${meta.title}|${meta.keywords.join(",")}|${meta.date.toISOString()}`)
    .digest("hex");
  lines.push(
    `trailer\n<<\n/Size ${size}\n/Root 1 0 R\n/Info 7 0 R\n/ID [<${idHex}> <${idHex}>]\n>>\nstartxref\n${xrefAt}\n%%EOF\n`,
  );
  return [HEADER, ...blocks.map((b) => b.bytes()), ...xref, encoder.encode(lines.join(""))];
}

/** The chunks of an assembled PDF as one array (for tests and callers that want one buffer). */
export function concatChunks(chunks: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(chunks.reduce((n, c) => n + c.length, 0));
  let at = 0;
  for (const c of chunks) {
    out.set(c, at);
    at += c.length;
  }
  return out;
}
