"""NumPy side of bench/ae-font.ts: the same autoencoder, data, initial parameters and Adam
settings in float64 batched matrix code, with a hand-written Adam over one flat parameter
vector. Reads the job as JSON on stdin, prints its timing as JSON on stdout."""
import json
import sys
import time

import numpy as np


def views(flat, sizes):
    """Per-layer (W, b) views into a flat vector in the latentlab layout (W is inputs x outputs)."""
    out, offset = [], 0
    for n, m in zip(sizes, sizes[1:]):
        out.append((flat[offset:offset + n * m].reshape(n, m), flat[offset + n * m:offset + n * m + m]))
        offset += n * m + m
    return out


def train(job, x, epochs):
    beta1, beta2, lr, eps = job["beta1"], job["beta2"], job["lr"], job["epsilon"]
    params = np.array(job["params"], dtype=np.float64)
    grads, m, v = np.zeros_like(params), np.zeros_like(params), np.zeros_like(params)
    layers, layer_grads = views(params, job["sizes"]), views(grads, job["sizes"])
    for t in range(1, epochs + 1):
        outputs = [x]
        for w, b in layers:
            outputs.append(np.tanh(outputs[-1] @ w + b))
        y = outputs[-1]
        diff = y - x
        loss = np.mean(diff * diff)
        delta = (2.0 / x.size) * diff * (1.0 - y * y)
        for l in range(len(layers) - 1, -1, -1):
            np.dot(outputs[l].T, delta, out=layer_grads[l][0])
            np.sum(delta, axis=0, out=layer_grads[l][1])
            if l > 0:
                delta = (delta @ layers[l][0].T) * (1.0 - outputs[l] * outputs[l])
        m *= beta1
        m += (1.0 - beta1) * grads
        v *= beta2
        v += (1.0 - beta2) * grads * grads
        params -= (lr / (1.0 - beta1 ** t)) * m / (np.sqrt(v / (1.0 - beta2 ** t)) + eps)
    return float(loss)


def main():
    job = json.load(sys.stdin)
    x = np.array(job["inputs"], dtype=np.float64)
    train(job, x, job["warmup"])
    rounds, loss = [], None
    for _ in range(job["rounds"]):
        start = time.perf_counter()
        loss = train(job, x, job["epochs"])
        rounds.append((time.perf_counter() - start) * 1000 / job["epochs"])
    json.dump({"name": "NumPy (f64)", "version": np.__version__, "roundMs": rounds, "finalLoss": loss}, sys.stdout)


main()
