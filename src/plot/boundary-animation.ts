/**
 * The decision boundary as it evolves during training: animation frames over
 * snapshots of the parameters, with play/pause buttons and a slider over the
 * iterations. Several runs (course masks, fresh masks) play side by side.
 */
import { distinctContours, frameArgs } from "./boundary-slider";
import { boundaryPanel, type DecisionBoundaryOptions } from "./boundary";
import { finishFigure } from "./finish";
import { COURSE_X_RANGE, COURSE_Y_RANGE, describeValue, type Figure, type PlotlyTrace, type Points, type PredictFn } from "./figures";

export interface BoundarySnapshot {
  /** The iteration the snapshot was taken after. */
  iteration: number;
  /** The classifier with the parameters of that moment. */
  predict: PredictFn;
}

export interface AnimatedRun {
  /** The panel's title, e.g. "course masks". */
  name: string;
  /** Snapshots in training order; every run needs the same iterations. */
  snapshots: readonly BoundarySnapshot[];
}

export interface BoundaryAnimationOptions extends Omit<DecisionBoundaryOptions, "probabilities"> {
  /** Milliseconds per frame when playing (400 by default). */
  frameDuration?: number;
}

/**
 * One panel per run (side by side), each its contours and the points; frame
 * k shows every run's boundary after `snapshots[k].iteration` iterations. Each
 * panel holds one contour trace per distinct boundary of its run, and a frame
 * only switches which one is visible; the points are stored once for all
 * panels (`finishFigure`). A Play and a Pause button and a slider over
 * the iterations sit below.
 */
export function boundaryAnimationFigure(runs: readonly AnimatedRun[], points: Points, options: BoundaryAnimationOptions = {}): Figure {
  const fn = "boundaryAnimationFigure";
  if (!Array.isArray(runs as unknown) || runs.length === 0) throw new TypeError(`${fn}: runs must be a non-empty array of {name, snapshots}, got ${describeValue(runs)}`);
  const iterations = runs[0]?.snapshots?.map((s) => s.iteration);
  runs.forEach((r, k) => {
    if (typeof r !== "object" || r === null || typeof r.name !== "string" || !Array.isArray(r.snapshots as unknown) || r.snapshots.length === 0) {
      throw new TypeError(`${fn}: runs[${k}] must be {name: string, snapshots: [{iteration, predict}, ...]}, got ${describeValue(r)}`);
    }
    const its = r.snapshots.map((s) => s.iteration);
    if (its.length !== iterations.length || its.some((v, i) => v !== iterations[i])) {
      throw new RangeError(`${fn}: runs[${k}] has snapshots at iterations ${its.join(", ")}; runs[0] has them at ${iterations.join(", ")}`);
    }
  });
  const resolution = options.resolution ?? 80;
  const opts = { ...options, resolution };
  const duration = options.frameDuration ?? 400;
  const n = runs.length;
  const gap = 0.06;
  const w = (1 - gap * (n - 1)) / n;

  const layout: Record<string, unknown> = {
    title: { text: options.title ?? "Decision boundary during training" },
    margin: { t: 90, b: 40 },
    legend: { orientation: "v", x: 1.02, xanchor: "left", y: 1, yanchor: "top" },
  };
  const annotations: Record<string, unknown>[] = [];
  // Every run's contours first, then each panel's points: a frame then lists the contours in trace order and needs no indices.
  const contours: PlotlyTrace[] = [];
  const panelPoints: PlotlyTrace[] = [];
  /** shownAt[k]: the contour (its index in `contours`) each run shows at snapshot k. */
  const shownAt: number[][] = iterations.map(() => []);
  runs.forEach((run, r) => {
    const s = r === 0 ? "" : String(r + 1);
    const distinct = distinctContours(run.snapshots.map((snap, k) => boundaryPanel(`${fn}: runs[${r}].snapshots[${k}]`, snap.predict, points, opts, `x${s}`, `y${s}`, false)[0]));
    distinct.of.forEach((c, k) => shownAt[k].push(contours.length + c));
    contours.push(...distinct.traces);
    panelPoints.push(...boundaryPanel(fn, () => new Float64Array(resolution * resolution), points, opts, `x${s}`, `y${s}`, r === 0).slice(1));
    const x0 = r * (w + gap);
    layout[`xaxis${s}`] = { domain: [x0, Math.min(1, x0 + w)], anchor: `y${s}`, range: [...(options.xRange ?? COURSE_X_RANGE)], zeroline: false, title: { text: "x1" } };
    layout[`yaxis${s}`] = { domain: [0, 1], anchor: `x${s}`, range: [...(options.yRange ?? COURSE_Y_RANGE)], zeroline: false, title: { text: "x2", standoff: 2 } };
    annotations.push({ text: run.name, xref: "paper", yref: "paper", x: x0 + w / 2, y: 1, xanchor: "center", yanchor: "bottom", showarrow: false, font: { size: 13 } });
  });
  layout.annotations = annotations;
  const data: PlotlyTrace[] = [...contours.map((t, c) => ({ ...t, visible: shownAt[0].includes(c) })), ...panelPoints];
  const label = (it: number) => String(it);
  // A frame only says which contours are visible (the first traces, in order): the grids are stored once, in the traces.
  const frames = iterations.map((it, k) => ({ name: label(it), data: contours.map((_, c) => ({ visible: shownAt[k].includes(c) })) }));
  layout.updatemenus = [
    {
      type: "buttons",
      direction: "left",
      showactive: false,
      x: 0,
      xanchor: "left",
      y: 0,
      yanchor: "top",
      pad: { t: 60, r: 10 },
      buttons: [
        { label: "Play", method: "animate", args: [null, { ...frameArgs(duration), fromcurrent: true }] },
        { label: "Pause", method: "animate", args: [[null], frameArgs(0)] },
      ],
    },
  ];
  layout.sliders = [
    {
      active: 0,
      x: 0.15,
      len: 0.85,
      pad: { t: 50 },
      currentvalue: { prefix: "after iteration ", font: { size: 13 } },
      steps: iterations.map((it) => ({ label: label(it), method: "animate", args: [[label(it)], frameArgs(0)] })),
    },
  ];
  return finishFigure({ data, layout, frames });
}
