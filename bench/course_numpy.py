"""The numpy peer for `npm run bench`: the course's three-layer network written
the way the course writes it (np.dot, parameter and gradient dictionaries, a
tuple cache, a fresh np.random.rand mask per hidden layer per iteration).

It is a small server so the benchmark can interleave runs with the
TypeScript library without paying numpy's import time per run:

    stdin:  one JSON request per line, e.g.
            {"variant": "plain", "iterations": 30000}
            {"variant": "l2", "lambd": 0.7}
            {"variant": "dropout", "keep_prob": 0.86, "masks": "course"}
            {"variant": "init"}  (the course's initial parameters, seed 3)
            {"variant": "plain", "dims": [2, 40, 20, 10, 1]}  (another network:
            the same steps for L layers, as the course's deep-network assignment
            writes them; no regularization)
    stdout: one JSON reply per line:
            {"seconds": ..., "final_cost": ..., "costs": [...], "iterations": N, "max_rss_kb": ...}
            or {"parameters": {"W1": [[...]], ...}} for "init"

The first line printed is {"ready": true, "numpy": ..., "blas": ..., "data": ...}.

Data: the course's .mat file (argv[1], read with scipy.io.loadmat), or, when
argv[1] is a .json file, {"X": [[...], [...]], "Y": [[...]]} with examples in
columns (the benchmark writes the built-in default dataset this way). An
optional argv[2] names such a JSON copy to use when scipy is not installed.

Masks: "course" re-seeds np.random.seed(1) at the top of every forward pass,
as the course's graded function does; "fresh" seeds once (seed 1) before
training and draws new masks every iteration.
"""
import json
import resource
import sys
import time

import numpy as np


def load(path, fallback=None):
    """X (nx, m) and Y (1, m): from a .mat with scipy, else from the JSON `fallback`."""
    if path.endswith(".mat"):
        try:
            import scipy.io
        except ImportError:
            if fallback is None:
                raise
            path = fallback  # the same values, as the benchmark read them
        else:
            mat = scipy.io.loadmat(path)
            return mat["X"].T.astype(np.float64), mat["y"].reshape(1, -1).astype(np.float64)
    with open(path) as f:
        d = json.load(f)
    return np.array(d["X"], dtype=np.float64), np.array(d["Y"], dtype=np.float64)


def blas_info():
    """Which BLAS numpy uses and, for OpenBLAS, which kernel it picked."""
    try:
        from threadpoolctl import threadpool_info

        return [{k: v for k, v in d.items() if k in ("internal_api", "version", "architecture", "num_threads")}
                for d in threadpool_info()]
    except ImportError:
        pass
    import ctypes

    info = {}
    with open("/proc/self/maps") as f:
        libs = sorted({line.split()[-1] for line in f if "blas" in line.lower() and "/" in line})
    info["libraries"] = libs
    for lib in libs:
        try:
            h = ctypes.CDLL(lib)
            h.openblas_get_corename.restype = ctypes.c_char_p
            h.openblas_get_config.restype = ctypes.c_char_p
            info["corename"] = h.openblas_get_corename().decode()
            info["config"] = h.openblas_get_config().decode()
            info["threads"] = h.openblas_get_num_threads()
            break
        except (OSError, AttributeError):
            continue
    return info


# --- the network, in the course's formulation --------------------------------

def initialize_parameters(layer_dims):
    np.random.seed(3)
    parameters = {}
    for l in range(1, len(layer_dims)):
        parameters["W" + str(l)] = np.random.randn(layer_dims[l], layer_dims[l - 1]) / np.sqrt(layer_dims[l - 1])
        parameters["b" + str(l)] = np.zeros((layer_dims[l], 1))
    return parameters


def relu(z):
    return np.maximum(0, z)


def sigmoid(z):
    return 1 / (1 + np.exp(-z))


def forward(X, parameters, keep_prob=1.0, reseed=False):
    W1, b1 = parameters["W1"], parameters["b1"]
    W2, b2 = parameters["W2"], parameters["b2"]
    W3, b3 = parameters["W3"], parameters["b3"]
    if reseed:
        np.random.seed(1)
    Z1 = np.dot(W1, X) + b1
    A1 = relu(Z1)
    D1 = None
    if keep_prob < 1:
        D1 = np.random.rand(A1.shape[0], A1.shape[1]) < keep_prob
        A1 = A1 * D1 / keep_prob
    Z2 = np.dot(W2, A1) + b2
    A2 = relu(Z2)
    D2 = None
    if keep_prob < 1:
        D2 = np.random.rand(A2.shape[0], A2.shape[1]) < keep_prob
        A2 = A2 * D2 / keep_prob
    Z3 = np.dot(W3, A2) + b3
    A3 = sigmoid(Z3)
    return A3, (Z1, D1, A1, W1, b1, Z2, D2, A2, W2, b2, Z3, A3, W3, b3)


def compute_cost(A3, Y, parameters, lambd):
    m = Y.shape[1]
    logprobs = np.multiply(-np.log(A3), Y) + np.multiply(-np.log(1 - A3), 1 - Y)
    cost = 1.0 / m * np.nansum(logprobs)
    if lambd > 0:
        squares = sum(np.sum(np.square(parameters["W" + str(l)])) for l in (1, 2, 3))
        cost += 1.0 / m * lambd / 2 * squares
    return cost


def backward(X, Y, cache, keep_prob=1.0, lambd=0.0):
    m = X.shape[1]
    (Z1, D1, A1, W1, b1, Z2, D2, A2, W2, b2, Z3, A3, W3, b3) = cache
    dZ3 = A3 - Y
    dW3 = 1.0 / m * np.dot(dZ3, A2.T)
    if lambd > 0:
        dW3 = dW3 + lambd / m * W3
    db3 = 1.0 / m * np.sum(dZ3, axis=1, keepdims=True)
    dA2 = np.dot(W3.T, dZ3)
    if D2 is not None:
        dA2 = dA2 * D2 / keep_prob
    dZ2 = np.multiply(dA2, np.int64(A2 > 0))
    dW2 = 1.0 / m * np.dot(dZ2, A1.T)
    if lambd > 0:
        dW2 = dW2 + lambd / m * W2
    db2 = 1.0 / m * np.sum(dZ2, axis=1, keepdims=True)
    dA1 = np.dot(W2.T, dZ2)
    if D1 is not None:
        dA1 = dA1 * D1 / keep_prob
    dZ1 = np.multiply(dA1, np.int64(A1 > 0))
    dW1 = 1.0 / m * np.dot(dZ1, X.T)
    if lambd > 0:
        dW1 = dW1 + lambd / m * W1
    db1 = 1.0 / m * np.sum(dZ1, axis=1, keepdims=True)
    return {"dZ3": dZ3, "dW3": dW3, "db3": db3, "dA2": dA2, "dZ2": dZ2, "dW2": dW2, "db2": db2,
            "dA1": dA1, "dZ1": dZ1, "dW1": dW1, "db1": db1}


def update_parameters(parameters, grads, learning_rate):
    L = len(parameters) // 2
    for k in range(L):
        parameters["W" + str(k + 1)] = parameters["W" + str(k + 1)] - learning_rate * grads["dW" + str(k + 1)]
        parameters["b" + str(k + 1)] = parameters["b" + str(k + 1)] - learning_rate * grads["db" + str(k + 1)]
    return parameters


# --- any depth, without regularization (the course's L-layer formulation) ------

def forward_deep(X, parameters):
    L = len(parameters) // 2
    caches = []
    A = X
    for l in range(1, L):
        A_prev = A
        Z = np.dot(parameters["W" + str(l)], A_prev) + parameters["b" + str(l)]
        A = relu(Z)
        caches.append((A_prev, Z))
    ZL = np.dot(parameters["W" + str(L)], A) + parameters["b" + str(L)]
    AL = sigmoid(ZL)
    caches.append((A, ZL))
    return AL, caches


def backward_deep(AL, Y, caches, parameters):
    m = Y.shape[1]
    L = len(caches)
    grads = {}
    dZ = AL - Y
    for l in reversed(range(1, L + 1)):
        A_prev, _ = caches[l - 1]
        grads["dW" + str(l)] = 1.0 / m * np.dot(dZ, A_prev.T)
        grads["db" + str(l)] = 1.0 / m * np.sum(dZ, axis=1, keepdims=True)
        if l > 1:
            dA_prev = np.dot(parameters["W" + str(l)].T, dZ)
            dZ = np.multiply(dA_prev, np.int64(caches[l - 2][1] > 0))
    return grads


def model_deep(X, Y, dims, learning_rate=0.3, num_iterations=30000):
    parameters = initialize_parameters(dims)
    costs = []
    cost = float("nan")
    for i in range(num_iterations):
        AL, caches = forward_deep(X, parameters)
        cost = compute_cost(AL, Y, parameters, 0.0)
        grads = backward_deep(AL, Y, caches, parameters)
        parameters = update_parameters(parameters, grads, learning_rate)
        if i % 1000 == 0:
            costs.append(cost)
    return parameters, costs, cost


def model(X, Y, learning_rate=0.3, num_iterations=30000, lambd=0.0, keep_prob=1.0, masks="fresh"):
    parameters = initialize_parameters([X.shape[0], 20, 3, 1])
    np.random.seed(1)  # the fresh-mask stream; "course" re-seeds in every forward pass instead
    costs = []
    cost = float("nan")
    for i in range(num_iterations):
        A3, cache = forward(X, parameters, keep_prob, reseed=(keep_prob < 1 and masks == "course"))
        cost = compute_cost(A3, Y, parameters, lambd)
        grads = backward(X, Y, cache, keep_prob, lambd)
        parameters = update_parameters(parameters, grads, learning_rate)
        if i % 1000 == 0:
            costs.append(cost)
    return parameters, costs, cost


def main():
    # log(0) in the cost once the dropout run saturates: the course lets numpy
    # warn; silence it once here rather than per call (np.errstate costs time).
    np.seterr(divide="ignore", invalid="ignore")
    X, Y = load(sys.argv[1], sys.argv[2] if len(sys.argv) > 2 else None)
    print(json.dumps({"ready": True, "numpy": np.__version__, "python": sys.version.split()[0],
                      "blas": blas_info(), "data": {"nx": X.shape[0], "m": X.shape[1]}}), flush=True)
    for line in sys.stdin:
        if not line.strip():
            continue
        req = json.loads(line)
        variant = req.get("variant", "plain")
        dims = req.get("dims")
        if variant == "init":
            dims = dims or [X.shape[0], 20, 3, 1]
            print(json.dumps({"parameters": {k: v.tolist() for k, v in initialize_parameters(dims).items()}}), flush=True)
            continue
        lambd = float(req.get("lambd", 0.7 if variant == "l2" else 0.0))
        keep_prob = float(req.get("keep_prob", 0.86 if variant == "dropout" else 1.0))
        iterations = int(req.get("iterations", 30000))
        start = time.perf_counter()
        if dims is not None and dims != [X.shape[0], 20, 3, 1]:
            parameters, costs, cost = model_deep(X, Y, dims, num_iterations=iterations)
        else:
            parameters, costs, cost = model(X, Y, num_iterations=iterations, lambd=lambd, keep_prob=keep_prob,
                                            masks=req.get("masks", "fresh"))
        seconds = time.perf_counter() - start
        reply = {"seconds": seconds, "final_cost": float(cost), "costs": [float(c) for c in costs],
                 "iterations": iterations,
                 "max_rss_kb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss}
        if req.get("parameters"):
            reply["parameters"] = {k: v.tolist() for k, v in parameters.items()}
        print(json.dumps(reply), flush=True)


if __name__ == "__main__":
    main()
