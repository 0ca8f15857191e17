#!/usr/bin/python3
"""Reference numbers from numpy for the assignment: the np helpers, numpy's
printing, and the graded functions' test cases.

Writes test/fixtures/numpy-assignment.json:

  np        inputs and numpy's results for the numpy-named helpers (src/np.ts);
  format    str(array) for a few arrays, as numpy prints them
            (src/matrix-format.ts);
  cases     the test cases of src/check/: the course's (built as the course's
            testCases.py builds them: np.random.seed(1), then randn draws in
            its order) and a second, differently shaped case per function,
            with the outputs numpy computes for them from the formulas;
  printed   the expected outputs the course prints for its test cases
            (8 decimals), to show that the checks show the same numbers.

Run with Debian's numpy:  /usr/bin/python3 scripts/make_assignment_fixtures.py
(part of `npm run fixtures`). Same JSON conventions as make_fixtures.py.
"""
import os
import sys

import numpy as np

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import make_fixtures as mf  # noqa: E402  (shared formulas and JSON encoding)

mat, mats, num = mf.mat, mf.mats, mf.num


# ---------------------------------------------------------------------------
# np helpers
# ---------------------------------------------------------------------------

def np_fixtures():
    rs = np.random.RandomState(7)
    a = rs.randn(3, 4)
    b = rs.randn(3, 4)
    col = rs.randn(3, 1)
    row = rs.randn(1, 4)
    pos = rs.rand(3, 4) + 0.1
    w = rs.randn(4, 2)
    a[1, 2] = b[1, 2]  # one tie, for the comparisons
    out = {}
    binaries = {"add": np.add, "subtract": np.subtract, "multiply": np.multiply,
                "divide": np.divide, "maximum": np.maximum, "minimum": np.minimum,
                "greater": np.greater, "less": np.less, "greaterEqual": np.greater_equal,
                "lessEqual": np.less_equal, "equal": np.equal}
    pairs = {"matrix": b, "column": col, "row": row, "scalar": 0.5}
    for name, f in binaries.items():
        out[name] = {}
        for kind, other in pairs.items():
            out[name][kind] = mat(f(a, other).astype(np.float64))
            out[name][kind + "Left"] = mat(f(other, a).astype(np.float64))
    return {
        "a": mat(a), "b": mat(b), "column": mat(col), "row": mat(row), "scalar": 0.5,
        "positive": mat(pos), "w": mat(w),
        "binary": out,
        "dot": mat(np.dot(a, w)),
        "transpose": mat(np.transpose(a)),
        "square": mat(np.square(a)),
        "sqrt": mat(np.sqrt(pos)),
        "log": mat(np.log(pos)),
        "exp": mat(np.exp(a)),
        "abs": mat(np.abs(a)),
        "sum": num(np.sum(a)),
        "sumAxis0": mat(np.sum(a, axis=0, keepdims=True)),
        "sumAxis1": mat(np.sum(a, axis=1, keepdims=True)),
        "sumAxis1Flat": mat(np.sum(a, axis=1)[None, :]),
        "randSeed1": mat(np.random.RandomState(1).rand(2, 3)),
        "randnSeed1": mat(np.random.RandomState(1).randn(2, 3)),
    }


# ---------------------------------------------------------------------------
# numpy's printing
# ---------------------------------------------------------------------------

def format_fixtures():
    rs = np.random.RandomState(1)
    arrays = [
        np.array([[0.36974721, 0.00305176, 0.04565099, 0.49683389, 0.36974721]]),
        np.array([[0.36544439, 0.0, -0.00188233, 0.0, -0.17408748], [0.65515713, 0.0, -0.00337459, 0.0, -0.0]]),
        np.array([[1.0, 0.0, 1.0], [0.0, 1.0, 1.0]]),
        np.array([[1.5e-5, 1000.0], [3.0, -2.5e-3]]),
        np.array([[0.5, 0.25, np.nan], [np.inf, -np.inf, 1.0]]),
        np.array([[123456789.0, 1.0]]),
        np.array([[1.78648594516]]),
        rs.randn(20, 3),
        rs.rand(3, 20),
        rs.randn(40, 30),
        rs.randn(2, 600),
    ]
    return [{"matrix": mat(x), "text": str(x)} for x in arrays]


# ---------------------------------------------------------------------------
# The graded functions' test cases
# ---------------------------------------------------------------------------

def draw_parameters(dims):
    """W1, b1, W2, b2, W3, b3 drawn with randn in that order, from the global state."""
    p = {}
    for l in range(1, len(dims)):
        p[f"W{l}"] = np.random.randn(dims[l], dims[l - 1])
        p[f"b{l}"] = np.random.randn(dims[l], 1)
    return p


# The course's hard-coded A3 of its cost test case (8 decimals).
COURSE_COST_A3 = [[0.40682402, 0.01629284, 0.16722898, 0.10118111, 0.40682402]]


def case_inputs(kind):
    """X, Y, parameters of one case. "course": seed 1, X randn(3, 5), layers
    [3, 2, 3, 1], Y = [1, 1, 0, 1, 0]. "other": seed 2, X randn(4, 7),
    layers [4, 5, 5, 1] (two hidden layers of one size, so that a mask used for the wrong layer still fits), then Y = rand(1, 7) > 0.5."""
    if kind == "course":
        np.random.seed(1)
        X = np.random.randn(3, 5)
        p = draw_parameters([3, 2, 3, 1])
        Y = np.array([[1.0, 1.0, 0.0, 1.0, 0.0]])
    else:
        np.random.seed(2)
        X = np.random.randn(4, 7)
        p = draw_parameters([4, 5, 5, 1])
        Y = (np.random.rand(1, 7) > 0.5).astype(np.float64)
    return X, Y, p


def grads_out(g, keys):
    return mats({k: g[k] for k in keys})


def case_fixtures():
    cases = {}
    # computeCostWithRegularization. The course's case draws only the
    # parameters (no X) after np.random.seed(1) and uses a hard-coded A3.
    np.random.seed(1)
    p = draw_parameters([3, 2, 3, 1])
    A3 = np.array(COURSE_COST_A3)
    Y = np.array([[1.0, 1.0, 0.0, 1.0, 0.0]])
    cost_cases = [{"name": "course", "A3": mat(A3), "Y": mat(Y), "parameters": mats(p), "lambd": 0.1,
                   "cost": num(mf.cost_l2(A3, Y, p, 0.1))}]
    X, Y, p = case_inputs("other")
    A3, _ = mf.forward(X, p)
    cost_cases.append({"name": "other", "A3": mat(A3), "Y": mat(Y), "parameters": mats(p), "lambd": 0.3,
                       "cost": num(mf.cost_l2(A3, Y, p, 0.3))})
    cases["computeCostWithRegularization"] = cost_cases

    grad_keys = ["dZ3", "dW3", "db3", "dA2", "dZ2", "dW2", "db2", "dA1", "dZ1", "dW1", "db1"]
    reg = []
    for kind, lambd in (("course", 0.7), ("other", 0.4)):
        X, Y, p = case_inputs(kind)
        _, c = mf.forward(X, p)
        reg.append({"name": kind, "X": mat(X), "Y": mat(Y), "parameters": mats(p), "lambd": lambd,
                    "cache": mats(c), "grads": grads_out(mf.backward(X, Y, c, lambd=lambd), grad_keys)})
    cases["backwardPropagationWithRegularization"] = reg

    fwd = []
    for kind, kp in (("course", 0.7), ("other", 0.6)):
        X, Y, p = case_inputs(kind)
        A3, c = mf.forward(X, p, keep_prob=kp)
        fwd.append({"name": kind, "X": mat(X), "parameters": mats(p), "keepProb": kp, "A3": mat(A3), "cache": mats(c)})
    cases["forwardPropagationWithDropout"] = fwd

    # The course makes its backward case's cache with keep_prob 0.5 and then
    # calls the backward pass with keep_prob 0.8; its printed numbers are those.
    bwd = []
    for kind, kp_forward, kp in (("course", 0.5, 0.8), ("other", 0.75, 0.75)):
        X, Y, p = case_inputs(kind)
        _, c = mf.forward(X, p, keep_prob=kp_forward)
        bwd.append({"name": kind, "X": mat(X), "Y": mat(Y), "parameters": mats(p), "cacheKeepProb": kp_forward,
                    "keepProb": kp, "cache": mats(c), "grads": grads_out(mf.backward(X, Y, c, keep_prob=kp), grad_keys)})
    cases["backwardPropagationWithDropout"] = bwd
    return cases


# What the course prints as the expected output of its four test cases.
PRINTED = {
    "computeCostWithRegularization": {"cost": 1.78648594516},
    "backwardPropagationWithRegularization": {
        "dW1": [[-0.25604646, 0.12298827, -0.28297129], [-0.17706303, 0.34536094, -0.4410571]],
        "dW2": [[0.79276486, 0.85133918], [-0.0957219, -0.01720463], [-0.13100772, -0.03750433]],
        "dW3": [[-1.77691347, -0.11832879, -0.09397446]],
    },
    "forwardPropagationWithDropout": {
        "A3": [[0.36974721, 0.00305176, 0.04565099, 0.49683389, 0.36974721]],
    },
    "backwardPropagationWithDropout": {
        "dA1": [[0.36544439, 0.0, -0.00188233, 0.0, -0.17408748], [0.65515713, 0.0, -0.00337459, 0.0, -0.0]],
        "dA2": [[0.58180856, 0.0, -0.00299679, 0.0, -0.27715731], [0.0, 0.53159854, -0.0, 0.53159854, -0.34089673],
                [0.0, 0.0, -0.00292733, 0.0, -0.0]],
    },
}


def main():
    obj = {"header": dict(mf.header(), generator="scripts/make_assignment_fixtures.py"),
           "np": np_fixtures(), "format": format_fixtures(), "cases": case_fixtures(),
           "printed": {k: {n: (mat(np.array(v)) if isinstance(v, list) else v) for n, v in d.items()}
                       for k, d in PRINTED.items()}}
    mf.write("numpy-assignment.json", obj)


if __name__ == "__main__":
    main()
