/** A source of uniform doubles in [0, 1). */
export interface RandomSource {
  random(): number;
}

/** A uniform source that also draws standard normals. */
export interface RandomStream extends RandomSource {
  normal(): number;
}
