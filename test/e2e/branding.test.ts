/**
 * Logos, signatories and seal: local image files checked with positions, SVGs sanitised,
 * embedded in the page, and printed in the title block and the certification block.
 */
import { cpSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterEach, beforeAll, describe, expect, it } from "vitest";
import { assertBuilt, runCli } from "../helpers/cli.js";
import { flat, glyphCounts, pdftotext } from "../helpers/pdf.js";
import { expectNothingLeftBehind, TEST_TMP } from "../helpers/processes.js";
import { ROOT } from "../helpers/programs.js";

beforeAll(assertBuilt);
afterEach(expectNothingLeftBehind);

const EXAMPLE = join(ROOT, "programs/examples");

/** A copy of the example in a fresh folder, with its program text changed. */
function example(change: (text: string) => string = (t) => t): { dir: string; file: string } {
  const dir = mkdtempSync(join(TEST_TMP, "brand-"));
  cpSync(EXAMPLE, dir, { recursive: true });
  const file = join(dir, "branded.yaml");
  writeFileSync(file, change(readFileSync(file, "utf8")));
  return { dir, file };
}

const svgsIn = (html: string) =>
  [...html.matchAll(/src="data:image\/svg\+xml;base64,([^"]+)"/g)].map((m) =>
    Buffer.from((m[1] as string).replaceAll("&#x3D;", "="), "base64").toString("utf8"),
  );

describe("logos, signatories and seal", () => {
  it("prints the logos and the certification block, with the images embedded", () => {
    const { dir, file } = example();
    const r = runCli(["build", file, "-o", dir, "--html", "--date", "2026-11-22"]);
    expect(r.code, r.stderr).toBe(0);
    const html = readFileSync(join(dir, "branded.html"), "utf8");
    expect(svgsIn(html)).toHaveLength(4); // logo, partner logo, signature, seal
    const text = flat(pdftotext(join(dir, "branded.pdf")));
    expect(text).toContain("Certification Berlin, 22 November 2026");
    expect(text).toContain("Dr. Maria Beispiel Registrar");
    expect(glyphCounts(join(dir, "branded.pdf")).notdef).toBe(0);
    const de = runCli(["build", file, "-o", join(dir, "de"), "--lang", "de"]);
    expect(de.code, de.stderr).toBe(0);
    expect(flat(pdftotext(join(dir, "de", "branded.pdf")))).toContain("Leiterin des Prüfungsamts");
  });

  it("sanitises a hostile SVG: no script, handler, style or outside reference reaches the page", () => {
    const { dir, file } = example();
    writeFileSync(
      join(dir, "assets/logo.svg"),
      `<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" onload="alert(1)">
        <script>alert(2)</script><style>@import url(https://evil.example/a.css);</style>
        <foreignObject><iframe src="https://evil.example/"/></foreignObject>
        <image href="https://evil.example/i.png"/><use xlink:href="https://evil.example/s.svg#x"/>
        <rect width="40" height="20" fill="url(https://evil.example/#p)" onclick="x()"/><circle r="5" fill="#123"/>
      </svg>`,
    );
    const r = runCli(["build", file, "-o", dir, "--html"]);
    expect(r.code, r.stderr).toBe(0);
    const logo = svgsIn(readFileSync(join(dir, "branded.html"), "utf8"))[0] as string;
    for (const bad of [
      "script",
      "alert",
      "onload",
      "onclick",
      "style",
      "iframe",
      "foreignObject",
      "evil.example",
      "<image",
    ])
      expect(logo, bad).not.toContain(bad);
    expect(logo).toContain("<circle");
  });

  it("reports each image it cannot use at the field that names it", () => {
    const { dir, file } = example((t) =>
      t
        .replace("logo: assets/logo.svg", "logo: https://cdn.example.org/logo.png")
        .replace("logo: assets/partner.svg", "logo: assets/nowhere.png")
        .replace("signature: assets/signature.svg", "signature: assets/not-an-image.png")
        .replace("seal: assets/seal.svg", "seal: assets/huge.png"),
    );
    writeFileSync(join(dir, "assets/not-an-image.png"), "just text, not a PNG");
    writeFileSync(join(dir, "assets/huge.png"), Buffer.alloc(1024 * 1024 + 1, 0x89));
    const text = readFileSync(file, "utf8").split("\n");
    const line = (needle: string) => text.findIndex((l) => l.includes(needle)) + 1;
    const r = runCli(["check", file, "-f", "stylish"]);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(
      new RegExp(
        `${line("cdn.example.org")}:\\d+\\s+error\\s+the image "https://cdn.example.org/logo.png" is a web address\\s+asset/remote`,
      ),
    );
    expect(r.stdout).toMatch(
      new RegExp(`${line("nowhere.png")}:\\d+\\s+error\\s+no image file at "assets/nowhere.png"`),
    );
    expect(r.stdout).toMatch(
      new RegExp(
        `${line("not-an-image.png")}:\\d+\\s+error\\s+"assets/not-an-image.png" is not an SVG, PNG or JPEG image`,
      ),
    );
    expect(r.stdout).toMatch(
      new RegExp(
        `${line("huge.png")}:\\d+\\s+error\\s+the image "assets/huge.png" has 1048577 bytes, more than 1 MB`,
      ),
    );
    expect(runCli(["build", file, "-o", dir]).code).toBe(1);
  });

  it("takes the logo and certification block from the configuration for programs without their own", () => {
    const dir = mkdtempSync(join(TEST_TMP, "brand-config-"));
    cpSync(join(EXAMPLE, "assets"), join(dir, "brand"), { recursive: true });
    writeFileSync(
      join(dir, "supplement.config.yaml"),
      [
        "branding:",
        "  logo: brand/logo.svg",
        "  signature:",
        "    place: Hamburg",
        "    signatories:",
        "      - {name: Prof. Erika Muster, role: Dean, signature: brand/signature.svg}",
        "    seal: brand/seal.svg",
        "",
      ].join("\n"),
    );
    cpSync(join(ROOT, "programs/pr-communications.yaml"), join(dir, "pr.yaml"));
    const r = runCli(["build", "pr.yaml", "-o", "out", "--html"], { cwd: dir });
    expect(r.code, r.stderr).toBe(0);
    expect(svgsIn(readFileSync(join(dir, "out/pr.html"), "utf8"))).toHaveLength(3);
    expect(flat(pdftotext(join(dir, "out/pr.pdf")))).toContain("Prof. Erika Muster Dean");

    // An image the configuration cannot use stops the run with its place in the file.
    writeFileSync(join(dir, "supplement.config.yaml"), "branding:\n  logo: brand/none.svg\n");
    const bad = runCli(["check", "pr.yaml"], { cwd: dir });
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain(
      `supplement.config.yaml:2:9: error: no image file at "brand/none.svg"`,
    );
  });
});
