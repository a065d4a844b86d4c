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

  it("decodes character references before checking, and escapes everything it writes", () => {
    const out = sanitizeSvg(`<svg xmlns="http://www.w3.org/2000/svg">
      <text x="1"><![CDATA[</text><script>alert(1)</script>]]></text>
      <rect width="1" fill="u&#114;l(http://evil.example/a)"/>
      <rect width="2" fill="&#x75;rl(http://evil.example/b)"/>
      <rect width="3" fill="u\\72 l(http://evil.example/c)"/>
      <use href="&#x68;ttp://evil.example/d.svg#x"/>
      <rect width="4" fill='a" onload="alert(2)'/>
    </svg>`);
    expect(out).not.toContain("<script");
    expect(out).toContain("&lt;/text&gt;&lt;script&gt;alert(1)&lt;/script&gt;");
    expect(out).not.toContain("evil");
    expect(out).not.toContain(`onload="`);
    expect(out).toContain('fill="a&quot; onload=&quot;alert(2)"');
  });

  it("keeps text as written: spaces between words, digits, escaped characters", () => {
    const out = sanitizeSvg(
      `<svg xmlns="http://www.w3.org/2000/svg"><text>Since <tspan>1907</tspan> &amp; 007 &#x1F600;</text></svg>`,
    );
    expect(out).toContain("<text>Since <tspan>1907</tspan> &amp; 007 😀</text>");
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
    // An internal entity would be left undefined once the DOCTYPE is dropped: named, not kept.
    expect(() =>
      sanitizeSvg(
        '<!DOCTYPE svg [<!ENTITY x "<script>alert(1)</script>">]><svg xmlns="http://www.w3.org/2000/svg"><text>&x;</text></svg>',
      ),
    ).toThrow(/the entity &x;, which only a DOCTYPE could define/);
    expect(() =>
      sanitizeSvg('<svg xmlns="http://www.w3.org/2000/svg"><text>&#0;</text></svg>'),
    ).toThrow(/invalid character reference/);
  });
});
