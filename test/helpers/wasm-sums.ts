/**
 * weight_gradients' order of summation (src/kernels/wat/weight-gradients.wat),
 * written out in JavaScript, so tests can hold the WebAssembly kernel to it
 * bit for bit (the JavaScript backend sums sequentially, which rounds
 * differently).
 *
 * For dW[i][p] = Σ_j dZ[i][j]·A_prev[p][j] / m and db[i] = Σ_j dZ[i][j] / m,
 * with m2 = m rounded down to even and k4 = k rounded down to a multiple of 4:
 * - rows p < k4 of A_prev: two lanes, lane 0 summing the even columns j < m2
 *   in order and lane 1 the odd ones, then lane 0 + lane 1, then the product
 *   of an odd last column;
 * - rows p >= k4: four lanes, columns j ≡ 0, 1 (mod 4) and j ≡ 2, 3 in two
 *   pairs of lanes, except that when m2 is not a multiple of 4 the last two
 *   columns below m2 go to the first pair; the pairs are added lane by lane,
 *   then the lanes, then the odd last column;
 * - db[i] the same way as dW[i][0] with dZ alone (sequentially when k = 0).
 * Every result is multiplied by 1/m. Each sum starts from +0.
 */
import { matrix, type Matrix } from "../../src/matrix";

/** Σ_j g[j]·a[j] (a = null: Σ_j g[j]) over j < m, in weight_gradients' order: two lanes or four. */
function laneSum(g: Float64Array, go: number, a: Float64Array | null, ao: number, m: number, fourLanes: boolean): number {
  const term = (j: number) => (a === null ? g[go + j] : g[go + j] * a[ao + j]);
  const m2 = m & ~1;
  // lanes[0], lanes[1]: the first pair; lanes[2], lanes[3]: the second.
  const lanes = [0, 0, 0, 0];
  let j = 0;
  if (fourLanes) {
    for (; j + 4 <= m2; j += 4) {
      lanes[0] += term(j);
      lanes[1] += term(j + 1);
      lanes[2] += term(j + 2);
      lanes[3] += term(j + 3);
    }
  }
  for (; j < m2; j += 2) {
    lanes[0] += term(j);
    lanes[1] += term(j + 1);
  }
  const first = fourLanes ? lanes[0] + lanes[2] : lanes[0];
  const second = fourLanes ? lanes[1] + lanes[3] : lanes[1];
  let s = first + second;
  if (m2 < m) s += term(m2);
  return s;
}

/** dW (n, k) and db (n, 1) of dZ (n, m) and A_prev (k, m), summed as the WebAssembly kernel sums them. */
export function weightGradientsInWasmOrder(dZ: Matrix, Aprev: Matrix): { dW: Matrix; db: Matrix } {
  const n = dZ.rows, m = dZ.cols, k = Aprev.rows;
  const dW = matrix(n, k), db = matrix(n, 1);
  const scale = 1 / m;
  const k4 = k & ~3;
  for (let i = 0; i < n; i++) {
    for (let p = 0; p < k; p++) {
      dW.data[i * k + p] = scale * laneSum(dZ.data, i * m, Aprev.data, p * m, m, p >= k4);
    }
    if (k === 0) {
      let s = 0;
      for (let j = 0; j < m; j++) s += dZ.data[i * m + j];
      db.data[i] = scale * s;
    } else {
      db.data[i] = scale * laneSum(dZ.data, i * m, null, 0, m, k4 === 0);
    }
  }
  return { dW, db };
}
