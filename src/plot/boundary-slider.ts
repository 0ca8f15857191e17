/**
 * A slider over precomputed decision boundaries: one figure, and each slider
 * step shows another boundary (for instance one per keepProb or per λ) with
 * its accuracies in the title. A plain plotly slider, so it works offline
 * wherever the other charts do.
 */
import { boundaryPanel, type DecisionBoundaryOptions } from "./boundary";
import { COURSE_X_RANGE, COURSE_Y_RANGE, describeValue, type Figure, type PlotlyTrace, type Points, type PredictFn } from "./figures";
import { finishFigure } from "./finish";

export interface BoundaryStep {
  /** The slider's label for this step, e.g. "0.86". */
  label: string;
  predict: PredictFn;
  /** A line shown in the title at this step, e.g. "train 92.9 %, test 95.0 %". */
  note?: string;
}

export interface BoundarySliderOptions extends Omit<DecisionBoundaryOptions, "probabilities"> {
  /** The swept parameter's name on the slider, e.g. "keepProb". */
  parameter: string;
  /** Which step is shown first (0 by default). */
  active?: number;
}

/** The frame-by-frame animation settings of a slider step or a play button: no transition, full redraw. */
export function frameArgs(duration: number): Record<string, unknown> {
  return { mode: "immediate", frame: { duration, redraw: true }, transition: { duration: 0 } };
}

/**
 * Decision boundaries of `steps` over `points`, one at a time, with a slider
 * below the plot. Traces: one contour per distinct boundary (steps with the
 * same boundary share one), then class 0 and class 1 points. Only the active
 * step's contour is visible; a slider step makes its own contour the visible
 * one and sets the title (plotly's "update" method), so every grid is stored
 * once and the points once.
 */
export function boundarySliderFigure(steps: readonly BoundaryStep[], points: Points, options: BoundarySliderOptions): Figure {
  const fn = "boundarySliderFigure";
  if (!Array.isArray(steps as unknown) || steps.length === 0) throw new TypeError(`${fn}: steps must be a non-empty array of {label, predict, note?}, got ${describeValue(steps)}`);
  if (typeof options?.parameter !== "string" || options.parameter === "") {
    throw new TypeError(`${fn}: options.parameter must name the swept parameter, got ${describeValue(options?.parameter)}`);
  }
  const active = options.active ?? 0;
  if (!Number.isInteger(active) || active < 0 || active >= steps.length) throw new RangeError(`${fn}: options.active must be an integer in [0, ${steps.length - 1}], got ${String(active)}`);
  const resolution = options.resolution ?? 100;
  const base = options.title ?? "Decision boundary";
  const titleAt = (k: number) => `${base}<br><sub>${options.parameter} = ${steps[k].label}${steps[k].note ? ` · ${steps[k].note}` : ""}</sub>`;
  const contours = distinctContours(
    steps.map((step, k) => {
      if (typeof step !== "object" || step === null || typeof step.label !== "string") {
        throw new TypeError(`${fn}: steps[${k}] must be {label: string, predict, note?}, got ${describeValue(step)}`);
      }
      return boundaryPanel(`${fn}: steps[${k}]`, step.predict, points, { ...options, resolution }, "x", "y", false)[0];
    }),
  );
  const [, ...scatter] = boundaryPanel(fn, () => new Float64Array(resolution * resolution), points, { ...options, resolution }, "x", "y", true);
  // One visibility per trace, the points' included: plotly cycles a shorter list over the traces.
  const visibleAt = (k: number) => [...contours.traces.map((_, c) => c === contours.of[k]), ...scatter.map(() => true)];
  const data = [...contours.traces.map((t, c) => ({ ...t, visible: c === contours.of[active] })), ...scatter];
  return finishFigure({
    data,
    layout: {
      title: { text: titleAt(active) },
      xaxis: { title: { text: "x1" }, range: [...(options.xRange ?? COURSE_X_RANGE)], zeroline: false },
      yaxis: { title: { text: "x2" }, range: [...(options.yRange ?? COURSE_Y_RANGE)], zeroline: false },
      margin: { t: 80, b: 40 },
      sliders: [
        {
          active,
          currentvalue: { prefix: `${options.parameter} = `, font: { size: 13 } },
          pad: { t: 50 },
          steps: steps.map((s, k) => ({ label: s.label, method: "update", args: [{ visible: visibleAt(k) }, { "title.text": titleAt(k) }] })),
        },
      ],
    },
  });
}

/**
 * The distinct contour traces among `contours` (equal when their z is), and
 * for each input which of them it is.
 */
export function distinctContours(contours: readonly PlotlyTrace[]): { traces: PlotlyTrace[]; of: number[] } {
  const traces: PlotlyTrace[] = [];
  const seen = new Map<string, number>();
  const of = contours.map((t) => {
    const key = JSON.stringify(t.z);
    let c = seen.get(key);
    if (c === undefined) {
      c = traces.length;
      traces.push(t);
      seen.set(key, c);
    }
    return c;
  });
  return { traces, of };
}
