#!/usr/bin/python3
"""Reference numbers from numpy for the TypeScript tests.

Writes two files:

  test/fixtures/numpy-random.json  numpy's legacy RandomState: rand, randn
                                   (with its cached second Gaussian), a
                                   dropout-style mask count, the course init.
  test/fixtures/numpy-course.json  the course's 3-layer network, written here
                                   from the formulas with numpy: forward,
                                   cost, backward, L2, dropout, update,
                                   predict, initialization, the 1-D gradient
                                   check.

Run with Debian's numpy:  /usr/bin/python3 scripts/make_fixtures.py
(or `npm run fixtures`). The output is deterministic.

Conventions in the JSON:
  - a matrix is {"rows": r, "cols": c, "data": [row-major values]};
  - floats are written with Python's repr, so they parse back to the same
    double; non-finite values, which JSON cannot hold, are the strings
    "NaN", "Infinity" and "-Infinity";
  - shapes follow the course: X is (nx, m), W[l] is (n[l], n[l-1]),
    b[l] is (n[l], 1), Y and A3 are (1, m).
"""
import json
import math
import os
import platform
import sys

import numpy as np

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
OUT_DIR = os.path.join(ROOT, "test", "fixtures")


# ---------------------------------------------------------------------------
# JSON encoding
# ---------------------------------------------------------------------------

def num(x):
    """A Python float (or int) that JSON can hold; non-finite as a string."""
    if isinstance(x, (bool, np.bool_)):
        return int(x)
    if isinstance(x, (int, np.integer)):
        return int(x)
    x = float(x)
    if math.isnan(x):
        return "NaN"
    if math.isinf(x):
        return "Infinity" if x > 0 else "-Infinity"
    return x


def mat(a):
    """A 2-D array as {rows, cols, data} in row-major order."""
    a = np.asarray(a)
    assert a.ndim == 2, a.shape
    if a.dtype == np.bool_:
        a = a.astype(np.float64)
    return {"rows": int(a.shape[0]), "cols": int(a.shape[1]),
            "data": [num(v) for v in a.ravel(order="C")]}


def mats(d):
    return {k: mat(v) for k, v in d.items()}


def header():
    return {
        "generator": "scripts/make_fixtures.py",
        "numpy": np.__version__,
        "python": platform.python_version(),
        "platform": platform.platform(),
    }


def write(name, obj):
    os.makedirs(OUT_DIR, exist_ok=True)
    path = os.path.join(OUT_DIR, name)
    # json writes floats with float.__repr__ (shortest round-trip form);
    # allow_nan=False proves no bare NaN/Infinity slipped through.
    text = json.dumps(obj, indent=1, allow_nan=False, sort_keys=False)
    with open(path, "w") as f:
        f.write(text + "\n")
    print(f"wrote {os.path.relpath(path, ROOT)} ({len(text)} bytes)")


# ---------------------------------------------------------------------------
# Random fixtures
# ---------------------------------------------------------------------------

SEEDS = [0, 1, 3, 42, 123456789, 2**32 - 1]


def random_fixtures():
    seeds = []
    for s in SEEDS:
        np.random.seed(s)
        sequence = [
            {"call": "rand", "rows": 3, "cols": 4, "value": mat(np.random.rand(3, 4))},
            {"call": "randn", "rows": 5, "cols": 3, "value": mat(np.random.randn(5, 3))},
            {"call": "rand", "rows": 2, "cols": 2, "value": mat(np.random.rand(2, 2))},
            {"call": "randn", "rows": 1, "cols": 1, "value": mat(np.random.randn(1, 1))},
        ]
        # Seeding again must drop the cached second Gaussian.
        np.random.seed(s)
        first = np.random.randn(1, 1)
        np.random.seed(s)
        again = np.random.randn(1, 1)
        seeds.append({"seed": s, "sequence": sequence,
                      "reseed": {"first": mat(first), "again": mat(again)}})

    # A longer run of Gaussians, to count how often V8's log differs from glibc's.
    np.random.seed(2024)
    long_randn = {"seed": 2024, "value": mat(np.random.randn(40, 50))}

    # A dropout-style mask, as the course draws it for keep_prob 0.86.
    np.random.seed(1)
    mask = np.random.rand(20, 211) < 0.86
    mask_count = {"seed": 1, "rows": 20, "cols": 211, "keepProb": 0.86,
                  "count": int(mask.sum()),
                  "firstRow": [int(v) for v in mask[0]]}

    # The course's initialization, drawn by hand: seed 3, randn / sqrt(n_prev).
    dims = [2, 20, 3, 1]
    np.random.seed(3)
    weights = []
    for l in range(1, len(dims)):
        weights.append(mat(np.random.randn(dims[l], dims[l - 1]) / np.sqrt(dims[l - 1])))
    course_init = {"seed": 3, "layersDims": dims, "W": weights}

    return {**header(), "seeds": seeds, "longRandn": long_randn,
            "mask": mask_count, "courseInit": course_init}


# ---------------------------------------------------------------------------
# The course's 3-layer network, from the formulas
# ---------------------------------------------------------------------------

def sigmoid(z):
    # exp(-z) overflows to inf for z < -709; 1 / inf is then exactly 0.
    with np.errstate(over="ignore"):
        return 1.0 / (1.0 + np.exp(-z))


def relu(z):
    return np.maximum(z, 0.0)


def init_course(dims):
    """seed 3; W[l] = randn(n[l], n[l-1]) / sqrt(n[l-1]); b[l] = 0."""
    np.random.seed(3)
    p = {}
    for l in range(1, len(dims)):
        p[f"W{l}"] = np.random.randn(dims[l], dims[l - 1]) / np.sqrt(dims[l - 1])
        p[f"b{l}"] = np.zeros((dims[l], 1))
    return p


def init_random(dims, rs):
    """Standard normal weights and nonzero biases, so the bias path matters."""
    p = {}
    for l in range(1, len(dims)):
        p[f"W{l}"] = rs.standard_normal((dims[l], dims[l - 1]))
        p[f"b{l}"] = 0.5 * rs.standard_normal((dims[l], 1))
    return p


def forward(X, p, keep_prob=None):
    """Returns A3 and a cache of named arrays. With keep_prob, inverted
    dropout after each hidden layer, masks from np.random.seed(1)."""
    W1, b1, W2, b2, W3, b3 = (p[k] for k in ("W1", "b1", "W2", "b2", "W3", "b3"))
    if keep_prob is not None:
        np.random.seed(1)
    c = {}
    Z1 = W1 @ X + b1
    A1 = relu(Z1)
    if keep_prob is not None:
        D1 = np.random.rand(*A1.shape) < keep_prob
        A1 = A1 * D1 / keep_prob
        c["D1"] = D1
    Z2 = W2 @ A1 + b2
    A2 = relu(Z2)
    if keep_prob is not None:
        D2 = np.random.rand(*A2.shape) < keep_prob
        A2 = A2 * D2 / keep_prob
        c["D2"] = D2
    Z3 = W3 @ A2 + b3
    A3 = sigmoid(Z3)
    c.update(Z1=Z1, A1=A1, W1=W1, b1=b1, Z2=Z2, A2=A2, W2=W2, b2=b2,
             Z3=Z3, A3=A3, W3=W3, b3=b3)
    return A3, c


def cost(A3, Y):
    """(1/m) * nansum of the cross-entropy terms: a 0 * log(0) term is NaN
    and counts as zero; y = 0 with A3 = 1 gives +inf."""
    m = Y.shape[1]
    with np.errstate(divide="ignore", invalid="ignore"):
        terms = -Y * np.log(A3) - (1 - Y) * np.log(1 - A3)
    return (1.0 / m) * np.nansum(terms), terms


def cost_l2(A3, Y, p, lambd):
    m = Y.shape[1]
    penalty = (np.sum(np.square(p["W1"])) + np.sum(np.square(p["W2"]))
               + np.sum(np.square(p["W3"])))
    return cost(A3, Y)[0] + (1.0 / m) * (lambd / 2.0) * penalty


def backward(X, Y, c, lambd=0.0, keep_prob=None):
    """Gradients of the cost; L2 adds (lambd/m) W to each dW; with keep_prob,
    the dropout masks are applied to dA2 and dA1 and rescaled."""
    m = X.shape[1]
    g = {}
    dZ3 = c["A3"] - Y
    dW3 = (1.0 / m) * (dZ3 @ c["A2"].T) + (lambd / m) * c["W3"]
    db3 = (1.0 / m) * np.sum(dZ3, axis=1, keepdims=True)
    dA2 = c["W3"].T @ dZ3
    if keep_prob is not None:
        dA2 = dA2 * c["D2"] / keep_prob
    dZ2 = dA2 * (c["A2"] > 0)
    dW2 = (1.0 / m) * (dZ2 @ c["A1"].T) + (lambd / m) * c["W2"]
    db2 = (1.0 / m) * np.sum(dZ2, axis=1, keepdims=True)
    dA1 = c["W2"].T @ dZ2
    if keep_prob is not None:
        dA1 = dA1 * c["D1"] / keep_prob
    dZ1 = dA1 * (c["A1"] > 0)
    dW1 = (1.0 / m) * (dZ1 @ X.T) + (lambd / m) * c["W1"]
    db1 = (1.0 / m) * np.sum(dZ1, axis=1, keepdims=True)
    g.update(dZ3=dZ3, dW3=dW3, db3=db3, dA2=dA2, dZ2=dZ2, dW2=dW2, db2=db2,
             dA1=dA1, dZ1=dZ1, dW1=dW1, db1=db1)
    return g


def update(p, g, lr):
    return {k: p[k] - lr * g["d" + k] for k in p}


def predict(X, Y, p):
    A3, _ = forward(X, p)
    pred = (A3 > 0.5).astype(np.float64)
    return pred, float(np.mean(pred[0, :] == Y[0, :]))


def gradient_check_1d(x, theta, epsilon):
    """J(theta) = theta * x; centered difference against the exact x."""
    J = lambda t: t * x
    gradapprox = (J(theta + epsilon) - J(theta - epsilon)) / (2 * epsilon)
    grad = x
    difference = abs(grad - gradapprox) / (abs(grad) + abs(gradapprox))
    return {"x": x, "theta": theta, "epsilon": epsilon,
            "gradapprox": gradapprox, "grad": grad, "difference": difference}


LAMBDS = [0.7, 0.1]
KEEP_PROBS = [0.7, 0.86]
LEARNING_RATE = 0.3


def labels(rs, m):
    """(1, m) of 0/1; both classes when m > 1."""
    while True:
        Y = rs.randint(0, 2, size=(1, m)).astype(np.float64)
        if m == 1 or 0 < Y.sum() < m:
            return Y


def full_case(name, dims, X, Y, p, notes=None):
    A3, c = forward(X, p)
    J, terms = cost(A3, Y)
    g = backward(X, Y, c)
    pred, acc = predict(X, Y, p)
    case = {
        "name": name,
        "layersDims": dims,
        "m": int(X.shape[1]),
        "X": mat(X),
        "Y": mat(Y),
        "parameters": mats(p),
        "forward": {"A3": mat(A3), "cache": mats(c)},
        "cost": num(J),
        "costNaNTerms": int(np.isnan(terms).sum()),
        "backward": mats(g),
        "regularization": [
            {"lambd": lam, "cost": num(cost_l2(A3, Y, p, lam)),
             "grads": mats(backward(X, Y, c, lambd=lam))}
            for lam in LAMBDS
        ],
        "dropout": [],
        "update": {"learningRate": LEARNING_RATE, "from": "backward",
                   "parameters": mats(update(p, g, LEARNING_RATE))},
        "predict": {"predictions": mat(pred), "accuracy": acc},
    }
    for kp in KEEP_PROBS:
        A3d, cd = forward(X, p, keep_prob=kp)
        gd = backward(X, Y, cd, keep_prob=kp)
        case["dropout"].append({"keepProb": kp, "A3": mat(A3d), "cache": mats(cd),
                                "cost": num(cost(A3d, Y)[0]), "grads": mats(gd)})
    if notes:
        case["notes"] = notes
    return case


def saturated_cases():
    """A3 exactly 1.0 or 0.0 on purpose. Layer dims [2, 2, 2, 1], identity
    hidden weights, so Z3 = w * relu(relu(X)) + b3 is set by hand."""
    dims = [2, 2, 2, 1]
    X = np.array([[3.0, 0.1, -1.0, 2.0, -2.0],
                  [0.0, 0.05, -1.0, 1.0, 0.5]])
    p = {
        "W1": np.eye(2), "b1": np.zeros((2, 1)),
        "W2": np.eye(2), "b2": np.zeros((2, 1)),
        "W3": np.array([[20.0, 20.0]]), "b3": np.array([[0.0]]),
    }
    # Z3 per column: 60, 3, 0, 60, 10; A3[0] and A3[3] are exactly 1.0.
    p_neg = dict(p, W3=np.array([[-300.0, -300.0]]))
    # Z3 per column: -900, -45, 0, -900, -150; A3[0] and A3[3] are exactly 0.0.
    out = []
    out.append(full_case(
        "saturated-nan-terms", dims, X, np.array([[1.0, 0.0, 1.0, 1.0, 1.0]]), p,
        notes="A3 == 1.0 exactly where y == 1: (1-y)*log(1-A3) = 0*(-inf) = NaN, "
              "which nansum counts as zero; the cost stays finite."))
    out.append(full_case(
        "saturated-zero-nan-terms", dims, X, np.array([[0.0, 1.0, 0.0, 0.0, 1.0]]), p_neg,
        notes="A3 == 0.0 exactly where y == 0: y*log(A3) = 0*(-inf) = NaN, counted as zero."))
    out.append(full_case(
        "saturated-inf", dims, X, np.array([[0.0, 0.0, 1.0, 1.0, 1.0]]), p,
        notes="A3 == 1.0 exactly where y == 0: -log(1 - A3) = +inf, so the cost is +inf."))
    return out


def course_fixtures():
    cases = []
    specs = [([2, 20, 3, 1], 7, 1001), ([3, 5, 4, 1], 6, 1002), ([2, 2, 2, 1], 1, 1003)]
    for dims, m, seed in specs:
        rs = np.random.RandomState(seed)
        X = rs.standard_normal((dims[0], m))
        Y = labels(rs, m)
        tag = "x".join(map(str, dims)) + f"-m{m}"
        cases.append(full_case(f"{tag}-course-init", dims, X, Y, init_course(dims)))
        cases.append(full_case(f"{tag}-random-params", dims, X, Y, init_random(dims, rs)))
    cases.extend(saturated_cases())

    inits = [{"layersDims": dims, "parameters": mats(init_course(dims))}
             for dims in ([2, 20, 3, 1], [3, 5, 4, 1], [2, 2, 2, 1])]

    return {**header(), "cases": cases, "initializeParameters": inits,
            "gradientCheck": gradient_check_1d(2.0, 4.0, 1e-7)}


def main():
    write("numpy-random.json", random_fixtures())
    write("numpy-course.json", course_fixtures())


if __name__ == "__main__":
    main()
