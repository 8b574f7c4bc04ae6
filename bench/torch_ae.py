"""PyTorch side of bench/ae-font.ts: the same autoencoder, data, initial parameters and Adam
settings, float32, one thread, a plain training loop. Reads the job as JSON on stdin, prints
its timing as JSON on stdout."""
import json
import sys
import time

import torch


def build(job):
    """tanh after every layer; weights from the flat latentlab layout (W is inputs x outputs)."""
    layers, offset = [], 0
    params = job["params"]
    for n, m in zip(job["sizes"], job["sizes"][1:]):
        linear = torch.nn.Linear(n, m)
        with torch.no_grad():
            linear.weight.copy_(torch.tensor(params[offset:offset + n * m]).reshape(n, m).T)
            linear.bias.copy_(torch.tensor(params[offset + n * m:offset + n * m + m]))
        offset += n * m + m
        layers += [linear, torch.nn.Tanh()]
    return torch.nn.Sequential(*layers)


def train(job, x, epochs):
    model = build(job)
    optimizer = torch.optim.Adam(model.parameters(), lr=job["lr"], betas=(job["beta1"], job["beta2"]), eps=job["epsilon"])
    for _ in range(epochs):
        optimizer.zero_grad()
        loss = torch.nn.functional.mse_loss(model(x), x)
        loss.backward()
        optimizer.step()
    return loss.item()


def main():
    job = json.load(sys.stdin)
    torch.set_num_threads(1)
    x = torch.tensor(job["inputs"], dtype=torch.float32)
    train(job, x, job["warmup"])
    rounds, loss = [], None
    for _ in range(job["rounds"]):
        start = time.perf_counter()
        loss = train(job, x, job["epochs"])
        rounds.append((time.perf_counter() - start) * 1000 / job["epochs"])
    json.dump({"name": "PyTorch (f32, 1 thread)", "version": torch.__version__, "roundMs": rounds, "finalLoss": loss}, sys.stdout)


main()
