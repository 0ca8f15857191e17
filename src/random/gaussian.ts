/**
 * Standard normals from a uniform source by Marsaglia's polar method, keeping
 * the second value of each pair for the next call, as numpy's legacy_gauss
 * does. Both of the library's generators draw their normals this way.
 */
export abstract class PolarGaussian {
  private gauss = 0;
  private hasGauss = false;

  /** A uniform double in [0, 1). */
  abstract random(): number;

  normal(): number {
    if (this.hasGauss) {
      this.hasGauss = false;
      const g = this.gauss;
      this.gauss = 0;
      return g;
    }
    let x1: number, x2: number, r2: number;
    do {
      x1 = 2 * this.random() - 1;
      x2 = 2 * this.random() - 1;
      r2 = x1 * x1 + x2 * x2;
    } while (r2 >= 1 || r2 === 0);
    const f = Math.sqrt((-2 * Math.log(r2)) / r2);
    this.gauss = f * x1;
    this.hasGauss = true;
    return f * x2;
  }

  /** Forgets the kept second value (a re-seed must). */
  protected dropGaussian(): void {
    this.hasGauss = false;
    this.gauss = 0;
  }
}
