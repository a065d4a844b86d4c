import { describe, expect, it } from "vitest";
import { SvgError, sanitizeSvg } from "../../src/core/svg.js";

const HOSTILE = `<?xml version="1.0"?>
<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" viewBox="0 0 10 10" onload="alert(1)">
  <script>alert(2)</script>
  <style>@import url(http://evil.example/x.css)</style>
  <foreignObject><iframe src="http://evil.example"/></foreignObject>
  <image href="http://evil.example/i.png"/>
  <a href="javascript:alert(3)"><rect width="5" height="5"/></a>
  <defs><linearGradient id="g"><stop offset="0" stop-color="#123"/></linearGradient></defs>
  <rect width="10" height="10" fill="url(#g)" onclick="x()" style="fill:url(http://evil.example)"/>
  <circle r="1" fill="url(http://evil.example/#x)"/>
  <use xlink:href="http://evil.example/s.svg#a"/>
  <use href="#g"/>
  <text x="1" y="9">Logo</text>
</svg>`;

describe("SVG sanitising", () => {
  it("removes scripts, handlers, styles, foreign content and every outside reference", () => {
    const out = sanitizeSvg(HOSTILE);
    for (const bad of [
      "script",
      "alert",
      "onload",
      "onclick",
      "style",
      "@import",
      "foreignObject",
      "iframe",
      "<image",
      "evil",
      "javascript",
      "<a ",
      "ENTITY",
      "passwd",
    ])
      expect(out, bad).not.toContain(bad);
    // What draws stays.
    expect(out).toContain('fill="url(#g)"');
    expect(out).toContain('<use href="#g"');
    expect(out).toContain("linearGradient");
    expect(out).toMatch(/^<svg /);
  });

  it("refuses what is not an SVG", () => {
    expect(() => sanitizeSvg("<html><body>x</body></html>")).toThrow(SvgError);
    expect(() => sanitizeSvg("not xml <<<")).toThrow(SvgError);
    // An external entity (XXE) is refused, not resolved.
    expect(() =>
      sanitizeSvg(
        '<!DOCTYPE svg [<!ENTITY x SYSTEM "file:///etc/passwd">]><svg xmlns="http://www.w3.org/2000/svg"><text>&x;</text></svg>',
      ),
    ).toThrow(/External entities/);
  });
});
