"""PyTorch side of bench/vae-emoji.ts: the same VAE, data, initial parameters, noise and Adam
settings, float32, one thread, a plain training loop. Reads the job as JSON on stdin, prints its
timing as JSON on stdout."""
import json
import sys
import time

import torch


def mlp(sizes, params):
    """tanh hidden layers, identity output; weights from the flat latentlab layout (W is inputs x outputs)."""
    layers, offset = [], 0
    for i, (n, m) in enumerate(zip(sizes, sizes[1:])):
        linear = torch.nn.Linear(n, m)
        with torch.no_grad():
            linear.weight.copy_(torch.tensor(params[offset:offset + n * m]).reshape(n, m).T)
            linear.bias.copy_(torch.tensor(params[offset + n * m:offset + n * m + m]))
        offset += n * m + m
        layers.append(linear)
        if i < len(sizes) - 2:
            layers.append(torch.nn.Tanh())
    return torch.nn.Sequential(*layers)


def train(job, x, eps, epochs):
    encoder = mlp(job["encoderSizes"], job["encoderParams"])
    decoder = mlp(job["decoderSizes"], job["decoderParams"])
    latent, rows = job["latent"], x.shape[0]
    optimizer = torch.optim.Adam([*encoder.parameters(), *decoder.parameters()], lr=job["lr"], betas=(job["beta1"], job["beta2"]), eps=job["epsilon"])
    for epoch in range(epochs):
        optimizer.zero_grad()
        heads = encoder(x)
        mean, log_variance = heads[:, :latent], heads[:, latent:]
        z = mean + torch.exp(0.5 * log_variance) * eps[epoch % eps.shape[0]]
        reconstruction = torch.nn.functional.binary_cross_entropy_with_logits(decoder(z), x, reduction="sum") / rows
        kl = -0.5 * torch.sum(1 + log_variance - mean * mean - torch.exp(log_variance)) / rows
        loss = reconstruction + job["beta"] * kl
        loss.backward()
        optimizer.step()
    return loss.item()


def main():
    job = json.load(sys.stdin)
    torch.set_num_threads(1)
    x = torch.tensor(job["inputs"], dtype=torch.float32)
    eps = torch.tensor(job["eps"], dtype=torch.float32)
    check_loss = train(job, x, eps, job["checkEpochs"])
    train(job, x, eps, job["warmup"])
    rounds, loss = [], None
    for _ in range(job["rounds"]):
        start = time.perf_counter()
        loss = train(job, x, eps, job["epochs"])
        rounds.append((time.perf_counter() - start) * 1000 / job["epochs"])
    json.dump({"name": "PyTorch (f32, 1 thread)", "version": torch.__version__, "roundMs": rounds, "finalLoss": loss, "checkLoss": check_loss}, sys.stdout)


main()
