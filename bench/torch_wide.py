"""PyTorch side of bench/ae-wide.ts: the same wide autoencoder (tanh after every layer, MSE),
data, initial parameters, row order and Adam settings, float32, mini-batches, with the thread
count the job asks for. Reads the job as JSON on stdin (data and parameters as float64 files),
prints its timing as JSON on stdout."""
import json
import sys
import time

import numpy as np
import torch


def build(sizes, params):
    """tanh after every layer; weights from the flat latentlab layout (W is inputs x outputs)."""
    layers, offset = [], 0
    for n, m in zip(sizes, sizes[1:]):
        linear = torch.nn.Linear(n, m)
        with torch.no_grad():
            linear.weight.copy_(torch.from_numpy(params[offset:offset + n * m].reshape(n, m).T.copy()))
            linear.bias.copy_(torch.from_numpy(params[offset + n * m:offset + n * m + m].copy()))
        offset += n * m + m
        layers += [linear, torch.nn.Tanh()]
    return torch.nn.Sequential(*layers)


def main():
    job = json.load(sys.stdin)
    torch.set_num_threads(job["threads"])
    sizes, batch = job["sizes"], job["batchSize"]
    x = torch.from_numpy(np.fromfile(job["inputs"], dtype=np.float64).astype(np.float32).reshape(-1, sizes[0]))
    params = np.fromfile(job["params"], dtype=np.float64).astype(np.float32)
    model = build(sizes, params)
    optimizer = torch.optim.Adam(model.parameters(), lr=job["lr"], betas=(job["beta1"], job["beta2"]), eps=job["epsilon"])
    rows = x.shape[0]

    def epoch():
        total = 0.0
        for start in range(0, rows, batch):
            xb = x[start:start + batch]
            optimizer.zero_grad()
            loss = torch.nn.functional.mse_loss(model(xb), xb)
            loss.backward()
            optimizer.step()
            total += loss.item() * xb.shape[0]
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
    name = f"PyTorch (f32, {job['threads']} thread{'s' if job['threads'] > 1 else ''})"
    json.dump({"name": name, "version": torch.__version__, "roundMs": rounds, "cpuMs": cpu, "finalLoss": loss}, sys.stdout)


main()
