/**
 * The audit report's charts, rendered to static SVG by Vega in Node (no JavaScript when the
 * report is viewed). Vega is loaded only when a chart is drawn.
 */
import type { PortfolioAudit } from "../core/audit.js";

const FONT = "Noto Sans, sans-serif";
const NAVY = "#1c2e52";
const BASE = {
  $schema: "https://vega.github.io/schema/vega/v6.json",
  padding: 8,
  background: "white",
  config: {
    text: { font: FONT },
    axis: {
      labelFont: FONT,
      titleFont: FONT,
      labelFontSize: 10,
      titleFontSize: 10,
      labelColor: "#1a202c",
      titleColor: "#1a202c",
      domainColor: "#8a94a8",
      tickColor: "#8a94a8",
      gridColor: "#e3e7ee",
    },
    legend: { labelFont: FONT, titleFont: FONT, labelFontSize: 9, titleFontSize: 10 },
    title: { font: FONT, fontSize: 11, anchor: "start", color: NAVY },
  },
};

/** Scales and axes of a horizontal bar chart: one band per program, a linear value axis. */
function barsByProgram(
  audit: PortfolioAudit,
  data: string,
  field: string,
  title: string,
  padding: number,
) {
  return {
    scales: [
      {
        name: "x",
        type: "linear",
        domain: { data, field },
        range: "width",
        nice: true,
        zero: true,
      },
      {
        name: "y",
        type: "band",
        domain: audit.programs.map((p) => p.label),
        range: "height",
        padding,
      },
    ],
    axes: [
      { orient: "bottom", scale: "x", title, grid: true, tickMinStep: 1 },
      { orient: "left", scale: "y" },
    ],
  };
}

async function toSvg(spec: Record<string, unknown>): Promise<string> {
  const vega = await import("vega");
  const view = new vega.View(vega.parse(spec as never), { renderer: "none" });
  return view.toSVG();
}

/** One stacked bar per program; one segment per module; a shared module has the same colour everywhere. */
export async function hoursChart(audit: PortfolioAudit): Promise<string> {
  const values = audit.programs.flatMap((p) => {
    let start = 0;
    return p.modules.map((m) => {
      const row = {
        program: p.label,
        module: m.title,
        key: m.key,
        hours: m.hours,
        start,
        end: start + m.hours,
      };
      start += m.hours;
      return row;
    });
  });
  const bars = barsByProgram(audit, "modules", "end", "hours", 0.25);
  return toSvg({
    ...BASE,
    width: 520,
    height: Math.max(60, audit.programs.length * 34),
    title: {
      text: "Hours per module, by program (a shared module has the same colour in every program)",
    },
    data: [{ name: "modules", values }],
    scales: [
      ...bars.scales,
      {
        name: "color",
        type: "ordinal",
        domain: { data: "modules", field: "key", sort: true },
        range: { scheme: "tableau20" },
      },
    ],
    axes: bars.axes,
    marks: [
      {
        type: "rect",
        name: "module-bars",
        from: { data: "modules" },
        encode: {
          enter: {
            x: { scale: "x", field: "start" },
            x2: { scale: "x", field: "end" },
            y: { scale: "y", field: "program" },
            height: { scale: "y", band: 1 },
            fill: { scale: "color", field: "key" },
            stroke: { value: "white" },
            strokeWidth: { value: 0.75 },
            description: {
              signal: "datum.program + ': ' + datum.module + ', ' + datum.hours + ' h'",
            },
          },
        },
      },
    ],
  });
}

export async function creditsChart(audit: PortfolioAudit): Promise<string> {
  const values = audit.programs.map((p) => ({
    program: p.label,
    credits: p.credits,
    hours: p.hours,
  }));
  const bars = barsByProgram(audit, "programs", "credits", "ECTS credits", 0.3);
  return toSvg({
    ...BASE,
    width: 520,
    height: Math.max(60, audit.programs.length * 26),
    title: { text: "ECTS credits per program (at each program's policy)" },
    data: [{ name: "programs", values }],
    scales: bars.scales,
    axes: bars.axes,
    marks: [
      {
        type: "rect",
        name: "credit-bars",
        from: { data: "programs" },
        encode: {
          enter: {
            x: { scale: "x", value: 0 },
            x2: { scale: "x", field: "credits" },
            y: { scale: "y", field: "program" },
            height: { scale: "y", band: 1 },
            fill: { value: NAVY },
          },
        },
      },
      {
        type: "text",
        from: { data: "programs" },
        encode: {
          enter: {
            x: { scale: "x", field: "credits", offset: 4 },
            y: { scale: "y", field: "program", band: 0.5 },
            baseline: { value: "middle" },
            fontSize: { value: 10 },
            fill: { value: "#1a202c" },
            text: { signal: "datum.credits + ' ECTS (' + datum.hours + ' h)'" },
          },
        },
      },
    ],
  });
}

/** Rows: the program completed; columns: the program to complete; colour and label: hours shared. */
export async function overlapChart(audit: PortfolioAudit): Promise<string> {
  const values = audit.overlap.flat().map((c) => ({
    from: c.from,
    to: c.to,
    shared: c.from === c.to ? null : c.sharedHours,
    label: c.from === c.to ? "—" : `${c.sharedHours} h / ${c.remainingHours} h to go`,
  }));
  const ids = audit.programs.map((p) => p.label);
  const size = Math.max(60, ids.length * 44);
  return toSvg({
    ...BASE,
    width: Math.max(240, ids.length * 120),
    height: size,
    title: { text: "Overlap: hours shared (row completed → column to do)" },
    data: [{ name: "cells", values }],
    scales: [
      { name: "x", type: "band", domain: ids, range: "width", padding: 0.04 },
      { name: "y", type: "band", domain: ids, range: "height", padding: 0.04 },
      {
        name: "color",
        type: "linear",
        domain: [0, Math.max(1, ...values.map((v) => v.shared ?? 0))],
        range: ["#f3f5f9", "#2f5597"],
      },
    ],
    axes: [
      { orient: "top", scale: "x", labelAngle: 0, labelLimit: 110 },
      { orient: "left", scale: "y" },
    ],
    marks: [
      {
        type: "rect",
        name: "overlap-cells",
        from: { data: "cells" },
        encode: {
          enter: {
            x: { scale: "x", field: "to" },
            width: { scale: "x", band: 1 },
            y: { scale: "y", field: "from" },
            height: { scale: "y", band: 1 },
            fill: [
              { test: "datum.shared === null", value: "#ffffff" },
              { scale: "color", field: "shared" },
            ],
            stroke: { value: "#c9d0dc" },
          },
        },
      },
      {
        type: "text",
        from: { data: "cells" },
        encode: {
          enter: {
            x: { scale: "x", field: "to", band: 0.5 },
            y: { scale: "y", field: "from", band: 0.5 },
            align: { value: "center" },
            baseline: { value: "middle" },
            fontSize: { value: 9 },
            fill: [{ test: "datum.shared > 150", value: "white" }, { value: "#1a202c" }],
            text: { field: "label" },
          },
        },
      },
    ],
  });
}
