/**
 * A slider over precomputed decision boundaries: one figure, one contour,
 * and each slider step swaps in another boundary (for instance one per
 * keepProb or per λ) with its accuracies in the title. Plain plotly frames and
 * a slider, so it works offline wherever the other charts do.
 */
import { boundaryPanel, type DecisionBoundaryOptions } from "./boundary";
import { COURSE_X_RANGE, COURSE_Y_RANGE, describeValue, type Figure, type Points, type PredictFn } from "./figures";

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
 * below the plot. Traces: the contour of the active step, class 0 and class 1
 * points; frame k replaces the contour (trace 0) and the title.
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
  const frames = steps.map((step, k) => {
    if (typeof step !== "object" || step === null || typeof step.label !== "string") {
      throw new TypeError(`${fn}: steps[${k}] must be {label: string, predict, note?}, got ${describeValue(step)}`);
    }
    const [contour] = boundaryPanel(`${fn}: steps[${k}]`, step.predict, points, { ...options, resolution }, "x", "y", false);
    return { name: step.label, data: [{ z: contour.z }], traces: [0], layout: { title: { text: titleAt(k) } } };
  });
  // The points and grid axes are stored once; only z changes from frame to frame. The active
  // step's z is in the figure and in its frame too: plotly needs the frame to come back to it.
  const data = boundaryPanel(fn, () => new Float64Array(resolution * resolution), points, { ...options, resolution }, "x", "y", true);
  data[0].z = frames[active].data[0].z;
  return {
    data,
    frames,
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
          steps: steps.map((s) => ({ label: s.label, method: "animate", args: [[s.label], frameArgs(0)] })),
        },
      ],
    },
  };
}
