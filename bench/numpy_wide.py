"""NumPy side of bench/ae-wide.ts: the same wide autoencoder, data, initial parameters, row order
and Adam settings in batched matrix code of the dtype the job asks for (float32 or float64), with a
hand-written Adam over one flat parameter vector. Reads the job as JSON on stdin (data and
parameters as float64 files), prints its timing as JSON on stdout."""
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


def main():
    job = json.load(sys.stdin)
    dtype = np.dtype(job["dtype"])
    sizes, batch = job["sizes"], job["batchSize"]
    beta1, beta2, lr, eps = job["beta1"], job["beta2"], job["lr"], job["epsilon"]
    x = np.fromfile(job["inputs"], dtype=np.float64).astype(dtype).reshape(-1, sizes[0])
    params = np.fromfile(job["params"], dtype=np.float64).astype(dtype)
    grads, m, v = np.zeros_like(params), np.zeros_like(params), np.zeros_like(params)
    layers, layer_grads = views(params, sizes), views(grads, sizes)
    rows, step = x.shape[0], 0

    def epoch():
        nonlocal step
        total = 0.0
        for start in range(0, rows, batch):
            xb = x[start:start + batch]
            outputs = [xb]
            for w, b in layers:
                outputs.append(np.tanh(outputs[-1] @ w + b))
            y = outputs[-1]
            diff = y - xb
            total += float(np.mean(diff * diff)) * xb.shape[0]
            delta = (2.0 / diff.size) * diff * (1.0 - y * y)
            for l in range(len(layers) - 1, -1, -1):
                np.dot(outputs[l].T, delta, out=layer_grads[l][0])
                np.sum(delta, axis=0, out=layer_grads[l][1])
                if l > 0:
                    delta = (delta @ layers[l][0].T) * (1.0 - outputs[l] * outputs[l])
            step += 1
            m[:] = beta1 * m + (1.0 - beta1) * grads
            v[:] = beta2 * v + (1.0 - beta2) * grads * grads
            params[:] -= (lr / (1.0 - beta1 ** step)) * m / (np.sqrt(v / (1.0 - beta2 ** step)) + eps)
        return total / rows

    for _ in range(job["warmup"]):
        epoch()
    rounds, cpu, loss = [], [], None
    for _ in range(job["rounds"]):
        start, start_cpu = time.perf_counter(), time.process_time()
        for _ in range(job["epochs"]):
            loss = epoch()
        rounds.append((time.perf_counter() - start) * 1000 / job["epochs"])
        cpu.append((time.process_time() - start_cpu) * 1000 / job["epochs"])
    name = f"NumPy ({'f32' if dtype == np.float32 else 'f64'}, {job['threads']} thread{'s' if job['threads'] > 1 else ''})"
    json.dump({"name": name, "version": np.__version__, "roundMs": rounds, "cpuMs": cpu, "finalLoss": loss}, sys.stdout)


main()
