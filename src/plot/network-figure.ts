/**
 * The network drawn as nodes and edges, with the units dropout switched off
 * for one example in one iteration greyed out, together with every edge that
 * touches them (those weights get no gradient from that example in that step).
 */
import { describeValue, type Figure, type PlotlyTrace } from "./figures";
import { finishFigure } from "./finish";

export interface NetworkFigureOptions {
  title?: string;
  /** Names of the layers under the columns; "input", "hidden 1", …, "output" by default. */
  layerNames?: readonly string[];
}

const ON = "#2c7fb8";
const OFF = "#c8c8c8";

/**
 * `layersDims` are the layer sizes, input first (e.g. [2, 20, 3, 1]).
 * `kept[l]` says which units of hidden layer l+1 were kept (1) or dropped (0):
 * one entry per unit, e.g. column j of the mask D(l+1). Traces: kept edges,
 * dropped edges, kept units, dropped units.
 */
export function networkFigure(layersDims: readonly number[], kept: readonly ArrayLike<number>[], options: NetworkFigureOptions = {}): Figure {
  const fn = "networkFigure";
  if (!Array.isArray(layersDims as unknown) || layersDims.length < 2 || !layersDims.every((n) => Number.isInteger(n) && n > 0)) {
    throw new TypeError(`${fn}: layersDims must be at least two positive integer layer sizes, got ${describeValue(layersDims)}`);
  }
  const hidden = layersDims.length - 2;
  if (!Array.isArray(kept as unknown) || kept.length !== hidden) throw new TypeError(`${fn}: kept must hold one mask column per hidden layer (${hidden}), got ${describeValue(kept)}`);
  kept.forEach((k, l) => {
    if (k?.length !== layersDims[l + 1]) throw new RangeError(`${fn}: kept[${l}] must have ${layersDims[l + 1]} entries (the units of hidden layer ${l + 1}), got ${describeValue(k)}`);
  });
  const tallest = Math.max(...layersDims);
  const pos = layersDims.map((n, l) => Array.from({ length: n }, (_, i) => ({ x: l, y: n === 1 ? 0 : ((i / (n - 1)) - 0.5) * Math.min(1, n / tallest) * 2 })));
  const isOn = (l: number, i: number) => l === 0 || l === layersDims.length - 1 || kept[l - 1][i] !== 0;

  const edge = { on: { x: [] as (number | null)[], y: [] as (number | null)[] }, off: { x: [] as (number | null)[], y: [] as (number | null)[] } };
  for (let l = 0; l + 1 < layersDims.length; l++) {
    for (const a of pos[l].keys()) {
      for (const b of pos[l + 1].keys()) {
        const e = isOn(l, a) && isOn(l + 1, b) ? edge.on : edge.off;
        e.x.push(pos[l][a].x, pos[l + 1][b].x, null);
        e.y.push(round(pos[l][a].y), round(pos[l + 1][b].y), null);
      }
    }
  }
  const nodes = (on: boolean): PlotlyTrace => {
    const x: number[] = [];
    const y: number[] = [];
    const text: string[] = [];
    pos.forEach((layer, l) => layer.forEach((p, i) => {
      if (isOn(l, i) !== on) return;
      x.push(p.x);
      y.push(round(p.y));
      text.push(`layer ${l}, unit ${i + 1}${on ? "" : ": dropped"}`);
    }));
    return {
      type: "scatter",
      mode: "markers",
      name: on ? "kept unit" : "dropped unit",
      x,
      y,
      text,
      hoverinfo: "text",
      marker: { size: 16, color: on ? ON : OFF, line: { width: 1, color: on ? "#08306b" : "#999" } },
    };
  };
  const names = options.layerNames ?? layersDims.map((_, l) => (l === 0 ? "input" : l === layersDims.length - 1 ? "output" : `hidden ${l}`));
  const dropped = kept.map((k) => Array.from(k).filter((v) => v === 0).length);
  return finishFigure({
    data: [
      { type: "scatter", mode: "lines", name: "active weight", x: edge.on.x, y: edge.on.y, line: { width: 0.6, color: "#6baed6" }, hoverinfo: "skip" },
      { type: "scatter", mode: "lines", name: "weight of a dropped unit", x: edge.off.x, y: edge.off.y, line: { width: 0.6, color: "#e0e0e0" }, hoverinfo: "skip" },
      nodes(true),
      nodes(false),
    ],
    layout: {
      title: { text: options.title ?? `Dropped units: ${dropped.map((d, l) => `${d} of ${layersDims[l + 1]} in hidden ${l + 1}`).join(", ")}` },
      xaxis: {
        tickmode: "array",
        tickvals: layersDims.map((_, l) => l),
        ticktext: layersDims.map((n, l) => `${names[l]} (${n})`),
        showgrid: false,
        zeroline: false,
        range: [-0.4, layersDims.length - 0.6],
      },
      yaxis: { visible: false, range: [-1.15, 1.15] },
      margin: { t: 60 },
      legend: { orientation: "h", y: -0.12 },
    },
  });
}

function round(v: number): number {
  return Math.round(v * 1e4) / 1e4;
}
