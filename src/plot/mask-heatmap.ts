/**
 * Dropout masks as pictures: each panel a heatmap of one layer's mask, hidden
 * units down and examples across, a dark cell where the unit was dropped.
 * Panels in a grid (rows, e.g. mask modes; columns, e.g. iterations) make "the
 * same mask every iteration" visible at a glance.
 */
import type { Matrix } from "../matrix";
import { int8Grid } from "./compact";
import { finishFigure } from "./finish";
import { describeValue, panelTitle, type Figure, type PlotlyTrace } from "./figures";

export interface MaskPanel {
  /** Shown above the panel, e.g. "course masks, iteration 2". */
  title: string;
  /** A layer's mask D (units, examples): 0 where dropped, anything else kept. */
  mask: Matrix;
}

const KEPT = "#f2f2f2";
const DROPPED = "#253494";

/**
 * A grid of mask heatmaps, `columns` panels per row (3 by default). All masks
 * must have the same shape. Each panel's title gets the share of entries kept.
 */
export function maskHeatmapFigure(panels: readonly MaskPanel[], options: { title?: string; columns?: number; panelHeight?: number } = {}): Figure {
  const fn = "maskHeatmapFigure";
  if (!Array.isArray(panels as unknown) || panels.length === 0) throw new TypeError(`${fn}: panels must be a non-empty array of {title, mask}, got ${describeValue(panels)}`);
  const columns = options.columns ?? Math.min(3, panels.length);
  if (!Number.isInteger(columns) || columns < 1) throw new RangeError(`${fn}: options.columns must be an integer >= 1, got ${String(columns)}`);
  const { rows: units, cols: examples } = panels[0].mask ?? { rows: 0, cols: 0 };
  const rows = Math.ceil(panels.length / columns);
  const gapX = 0.06;
  const gapY = rows > 1 ? 0.45 / rows : 0;
  const w = (1 - gapX * (columns - 1)) / columns;
  const h = (1 - gapY * (rows - 1)) / rows;
  const data: PlotlyTrace[] = [];
  const annotations: Record<string, unknown>[] = [];
  const layout: Record<string, unknown> = {
    title: { text: `${options.title ?? "Dropout masks"}<br><sub>dark: dropped · light: kept · ${units} units × ${examples} examples</sub>` },
    height: Math.round((options.panelHeight ?? 200) * rows + 120),
    margin: { t: 100, l: 60, r: 20, b: 50 },
  };
  panels.forEach((p, k) => {
    if (typeof p !== "object" || p === null || typeof p.title !== "string" || typeof p.mask?.rows !== "number") {
      throw new TypeError(`${fn}: panels[${k}] must be {title: string, mask: Matrix}, got ${describeValue(p)}`);
    }
    if (p.mask.rows !== units || p.mask.cols !== examples) {
      throw new RangeError(`${fn}: panels[${k}].mask is (${p.mask.rows}, ${p.mask.cols}); panels[0].mask is (${units}, ${examples}): all masks need one shape`);
    }
    let kept = 0;
    const z = int8Grid(units, examples, (u, j) => {
      const on = p.mask.data[u * examples + j] !== 0 ? 1 : 0;
      kept += on;
      return on;
    });
    const s = k === 0 ? "" : String(k + 1);
    const row = Math.floor(k / columns);
    const col = k % columns;
    const x0 = col * (w + gapX);
    const y1 = 1 - row * (h + gapY);
    data.push({
      type: "heatmap",
      name: p.title,
      z,
      zmin: 0,
      zmax: 1,
      colorscale: [
        [0, DROPPED],
        [0.5, DROPPED],
        [0.5, KEPT],
        [1, KEPT],
      ],
      showscale: false,
      xaxis: `x${s}`,
      yaxis: `y${s}`,
      hovertemplate: "example %{x}, unit %{y}: %{z}<extra></extra>",
    });
    const small = { font: { size: 11 }, standoff: 2 };
    layout[`xaxis${s}`] = { domain: [round(x0), round(Math.min(1, x0 + w))], anchor: `y${s}`, title: { text: "example", ...small }, showgrid: false, zeroline: false };
    layout[`yaxis${s}`] = {
      domain: [round(Math.max(0, y1 - h)), round(y1)],
      anchor: `x${s}`,
      title: { text: "unit", ...small },
      autorange: "reversed",
      showgrid: false,
      zeroline: false,
    };
    annotations.push(panelTitle(`${p.title} · ${((100 * kept) / (units * examples)).toFixed(1)}% kept`, x0 + w / 2, y1, 12));
  });
  layout.annotations = annotations;
  // Equal masks (the course's, iteration after iteration) are stored once.
  return finishFigure({ data, layout });
}

function round(v: number): number {
  return Math.round(v * 1e6) / 1e6;
}
