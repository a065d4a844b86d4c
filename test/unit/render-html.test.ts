import { createHash } from "node:crypto";
import { appendFileSync, cpSync, mkdtempSync, readdirSync, readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { analyzeProgram } from "../../src/core/program.js";
import { buildView, formatDate, NOT_STATED, withHolder } from "../../src/core/view.js";
import { SupplementError } from "../../src/errors.js";
import { cssString, loadTemplateSet } from "../../src/render/html.js";
import type { Program } from "../../src/types/program.gen.js";

const options = {
  generatedOn: "2026-11-22",
  tool: "supplement test",
  sourceFile: "p.yaml",
  sourceDigest: "abc",
};
const fullStack = () => {
  const a = analyzeProgram(
    "full-stack.yaml",
    readFileSync(join(import.meta.dirname, "../fixtures/valid/full-stack.yaml"), "utf8"),
  );
  if (!a.program || !a.workload) throw new Error("fixture invalid");
  return { program: a.program, workload: a.workload };
};
const minimal: Program = {
  id: "minimal",
  title: "Minimal program",
  issuer: { name: "Issuer" },
  modules: [{ id: "a", title: "A", hours: 50 }],
};

describe("buildView", () => {
  it("states the six elements of the Full Stack program", () => {
    const { program, workload } = fullStack();
    const v = buildView(program, workload, options);
    expect(v.issuer.country).toEqual({ text: "United States (US)", given: true });
    expect(v.workload.totalHours).toBe("422");
    expect(v.workload.credits).toBe("16");
    expect(v.eqf.level.text).toBe("EQF level 6");
    expect(v.eqf.descriptors.map((d) => d.level)).toEqual([6]);
    expect(v.mode.summary.text).toBe("Online, Part-time, Self-paced");
    expect(v.assessment.summative.text).toBe("Auto-graded quiz");
    expect(v.outcomes.program).toHaveLength(7);
    expect(v.mode.duration.text).toContain("About 42.2 weeks at 10 hours per week");
    expect(v.qa.period.text).toBe("26 November 2025 to 25 November 2030");
  });

  it("gives every descriptor of an EQF range", () => {
    const v = buildView(
      { ...minimal, eqfLevel: "5-6" },
      { hours: 50, hoursPerCredit: 25, rounding: "floor", quotient: 2, credits: 2, basis: "" },
      options,
    );
    expect(v.eqf.level.text).toBe("EQF levels 5 to 6");
    expect(v.eqf.descriptors.map((d) => d.level)).toEqual([5, 6]);
  });

  it("never leaves an empty field blank: it says why", () => {
    const v = buildView(
      minimal,
      { hours: 50, hoursPerCredit: 25, rounding: "floor", quotient: 2, credits: 2, basis: "b" },
      options,
    );
    const fields = [
      v.program.credentialType,
      v.program.description,
      v.program.languages,
      v.program.fieldOfStudy,
      v.program.prerequisites,
      v.issuer.country,
      v.issuer.url,
      v.issuer.partners,
      v.eqf.level,
      v.assessment.summative,
      v.assessment.passMark,
      v.assessment.identityVerification,
      v.mode.delivery,
      v.mode.schedule,
      v.mode.duration,
      v.qa.body,
      v.qa.period,
    ];
    for (const f of fields) {
      expect(f.given).toBe(false);
      expect(f.text.length).toBeGreaterThan(3);
    }
    expect(v.issuer.country.text).toBe(NOT_STATED);
    expect(v.issuer.awardingBody).toEqual({
      text: "The issuer, Issuer, is also the awarding body.",
      given: false,
    });
  });

  it("formats dates as an official document does", () => {
    expect(formatDate("2025-11-26")).toBe("26 November 2025");
  });
});

describe("HTML", () => {
  const templates = loadTemplateSet();

  it("escapes everything user-supplied, in the body and in the CSS running headers", () => {
    const hostile: Program = {
      ...minimal,
      title: '<script>alert("x")</script> & <b>bold</b>',
      issuer: { name: 'Evil "Corp" </style><script>alert(1)</script>' },
      learningOutcomes: ["<img src=x onerror=alert(1)> outcomes are escaped properly here"],
    };
    const html = templates.render(
      buildView(
        hostile,
        { hours: 50, hoursPerCredit: 25, rounding: "floor", quotient: 2, credits: 2, basis: "b" },
        options,
      ),
    );
    expect(html).not.toContain("<script>");
    expect(html).not.toContain("<img src=x");
    expect(html).toContain(
      "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &lt;b&gt;bold&lt;/b&gt;",
    );
    // Only the template's own two </style> (static and per-document styles) close style elements.
    expect(html.match(/<\/style>/g)).toHaveLength(2);
  });

  it("escapes CSS strings so text cannot leave the string or the style element", () => {
    expect(cssString('a"b\\c</style>\n')).toBe('"a\\22 b\\5c c\\3c /style\\3e \\a "');
  });

  it("loads no external resource and runs no script", () => {
    const { program, workload } = fullStack();
    const html = templates.render(buildView(program, workload, options));
    expect(html).not.toMatch(/<script|<link|<img|<iframe|url\((?!data:)/i);
    expect(html).toMatch(/@font-face/);
    expect(html).toContain('<html lang="en">');
  });

  it("gives a batch page the characters of its own in a copy of the face; shares faces without data-page", async () => {
    const { program, workload } = fullStack();
    const base = buildView(program, workload, options);
    const views = ["Ingrid Ødegård", "Anna Lee", "Lee Anna"].map((name, i) =>
      withHolder(base, {
        name,
        learnerId: `L${i}`,
        credentialId: `C-${i}`,
        completionDate: "2026-10-01",
        issueDate: "2026-11-22",
      }),
    );
    const part = { kind: "personal" as const, views, pageTotal: 5 };
    const { html } = templates.compose(views[0] as (typeof views)[number], part);
    // Only the first page prints Ø and å: its copies draw just its own characters, under a family
    // of its own that its stacks put before the shared one; the other pages keep the shared faces.
    const copies = html.match(/@font-face\{font-family:"s\d [^"]+"[^}]*\}/g) ?? [];
    expect(copies.length).toBeGreaterThan(0);
    for (const rule of copies) {
      expect(rule).toMatch(/^@font-face\{font-family:"s0 /);
      expect(rule).toContain("src:url(https://fonts.supplement.invalid/s0/");
      expect(rule).toMatch(/unicode-range:[^}]*U\+d8/);
    }
    expect(html).toContain(
      '[data-page="learner-0"][data-page] { --font-serif: "s0 Noto Serif", "Noto Serif"',
    );
    expect(html).not.toContain('[data-page="learner-1"]');
    // A template whose personal pages carry no data-page: faces shared, as before.
    const { mkdtempSync, mkdirSync, writeFileSync, rmSync } = await import("node:fs");
    const { tmpdir } = await import("node:os");
    const dir = mkdtempSync(join(tmpdir(), "supplement-tpl-"));
    try {
      mkdirSync(join(dir, "partials"));
      writeFileSync(
        join(dir, "partials", "personal.hbs"),
        '<article class="personal" style="page: {{#if pageName}}{{pageName}}{{else}}personal{{/if}}">{{holder.name}}</article>',
      );
      const plain = loadTemplateSet(dir).compose(views[0] as (typeof views)[number], part).html;
      expect(plain).toContain("Ingrid Ødegård");
      expect(plain).not.toMatch(/font-family:"s\d /);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it("lets a custom template folder override one partial and inherit the rest", async () => {
    const { mkdtempSync, mkdirSync, writeFileSync } = await import("node:fs");
    const { tmpdir } = await import("node:os");
    const dir = mkdtempSync(join(tmpdir(), "supplement-tpl-"));
    mkdirSync(join(dir, "partials"));
    writeFileSync(
      join(dir, "partials", "section-certification.hbs"),
      '<section id="custom">Custom {{program.id}}</section>',
    );
    const { program, workload } = fullStack();
    const html = loadTemplateSet(dir).render(buildView(program, workload, options));
    expect(html).toContain('<section id="custom">Custom ms-full-stack</section>');
    expect(html).toContain("Workload and credits");
  });

  it("names the template file, line and column of a template error, before or while filling it in", async () => {
    const { mkdtempSync, mkdirSync, writeFileSync } = await import("node:fs");
    const { tmpdir } = await import("node:os");
    const withIntro = (text: string) => {
      const dir = mkdtempSync(join(tmpdir(), "supplement-tpl-"));
      mkdirSync(join(dir, "partials"));
      writeFileSync(join(dir, "partials", "intro.hbs"), text);
      return { dir, file: join(dir, "partials", "intro.hbs") };
    };
    const error = (f: () => unknown) => {
      try {
        f();
      } catch (e) {
        return e as SupplementError;
      }
      throw new Error("no error");
    };
    const { program, workload } = fullStack();
    const view = buildView(program, workload, options);
    // A block never closed: found when the folder is loaded, not in the middle of a run.
    const open = withIntro("<p>\n{{#if program.title}}\n<b>x</b>\n");
    const syntax = error(() => loadTemplateSet(open.dir));
    expect(syntax).toBeInstanceOf(SupplementError);
    expect(syntax.code).toBe("TEMPLATE_INVALID");
    expect(syntax.message).toMatch(
      new RegExp(`^template ${open.file}:4: the file ends inside a block: a \\{\\{#…\\}\\} has no`),
    );
    // A misspelt name (strict mode) and a partial that does not exist: found when filled in.
    const misspelt = withIntro("<p>ok</p>\n<h1>{{program.titel}}</h1>");
    expect(error(() => loadTemplateSet(misspelt.dir).render(view)).message).toBe(
      `template ${misspelt.file}:2:7: "titel" is not defined here (templates run in strict mode: a misspelt name is an error, not an empty field)`,
    );
    const missing = withIntro("{{> no-such-partial}}");
    expect(error(() => loadTemplateSet(missing.dir).render(view)).message).toBe(
      `template ${missing.file}: The partial no-such-partial could not be found`,
    );
  });
});

describe("precompiled templates", () => {
  it("make the same HTML as the same templates compiled when loaded, in every part", () => {
    const { program, workload } = fullStack();
    const view = buildView(program, workload, options);
    const holder = withHolder(view, {
      name: "Ada Lovelace",
      learnerId: "L1",
      credentialId: "c-1",
      completionDate: "2026-06-01",
      issueDate: "2026-11-22",
    });
    for (const name of ["default", "compact"]) {
      const builtIn = join(import.meta.dirname, "../../templates", name);
      // A copy with a comment added to every file: no precompiled spec matches its text.
      const copy = mkdtempSync(join(tmpdir(), "supplement-template-"));
      cpSync(builtIn, copy, { recursive: true });
      for (const file of readdirSync(copy, { recursive: true, encoding: "utf8" }))
        if (file.endsWith(".hbs")) appendFileSync(join(copy, file), "{{!-- compiled at load --}}");
      const precompiled = loadTemplateSet(builtIn);
      const compiled = loadTemplateSet(copy);
      const html = (set: typeof precompiled) => [
        set.compose(view).html,
        set.compose(holder).html,
        ...(set.supportsParts
          ? [
              set.compose(view, { kind: "program" }).html,
              set.compose(holder, { kind: "personal", views: [holder, holder], pageTotal: 5 }).html,
            ]
          : []),
      ];
      expect(html(precompiled), name).toEqual(html(compiled));
    }
  });

  it("are there for every built-in template file, keyed by its text (npm run build makes them)", () => {
    const specs = createRequire(import.meta.url)(
      join(import.meta.dirname, "../../dist/templates/precompiled.cjs"),
    ) as Record<string, unknown>;
    const root = join(import.meta.dirname, "../../templates");
    const files = readdirSync(root, { recursive: true, encoding: "utf8" }).filter((f) =>
      f.endsWith(".hbs"),
    );
    expect(files.length).toBeGreaterThan(10);
    for (const file of files) {
      const hash = createHash("sha256")
        .update(readFileSync(join(root, file), "utf8"))
        .digest("hex");
      expect(specs[hash], file).toBeDefined();
    }
  });
});
