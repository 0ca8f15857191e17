/**
 * The last step of every figure builder: axis defaults that make drawing
 * cheaper without changing the picture, and each repeated array stored once.
 */
import type { Figure } from "./figures";
import { shareRepeatedArrays } from "./share";

/**
 * Plotly's default for numeric axes, `ticklabeloverflow: "hide past div"`,
 * measures every tick label against every other each time one is placed (a
 * layout of the page per measurement: 15 % of plotly's time when the live
 * Notebook opens notebook 01, by a CPU profile). Every tick label of these
 * figures lies inside its figure, so "allow" draws the same labels. Set for all
 * axes at once through the layout's template (`template.layout.xaxis` applies
 * to xaxis2, xaxis3, … too).
 */
const AXIS_DEFAULTS = { ticklabeloverflow: "allow" };

/** `figure` with the axis defaults above in its template and its repeated arrays shared (`shareRepeatedArrays`). */
export function finishFigure(figure: Figure): Figure {
  const shared = shareRepeatedArrays(figure);
  const template = { ...((shared.layout.template as Record<string, unknown> | undefined) ?? {}) };
  const layout = { ...((template.layout as Record<string, unknown> | undefined) ?? {}) };
  layout.xaxis = { ...AXIS_DEFAULTS, ...((layout.xaxis as object | undefined) ?? {}) };
  layout.yaxis = { ...AXIS_DEFAULTS, ...((layout.yaxis as object | undefined) ?? {}) };
  template.layout = layout;
  return { ...shared, layout: { ...shared.layout, template } };
}
