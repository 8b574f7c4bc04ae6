"""NumPy side of bench/vae-emoji.ts: the same VAE, data, initial parameters, noise and Adam
settings in float64 batched matrix code, with a hand-written backward pass and Adam over one
flat parameter vector. Reads the job as JSON on stdin, prints its timing as JSON on stdout."""
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


def forward(layers, x):
    """Activations of every layer: tanh hidden, identity output."""
    outputs = [x]
    for i, (w, b) in enumerate(layers):
        z = outputs[-1] @ w + b
        outputs.append(np.tanh(z) if i < len(layers) - 1 else z)
    return outputs


def backward(layers, grads, outputs, delta, input_gradient):
    """Fills the parameter gradients from dLoss/d(output); returns dLoss/d(input) when asked."""
    for l in range(len(layers) - 1, -1, -1):
        np.dot(outputs[l].T, delta, out=grads[l][0])
        np.sum(delta, axis=0, out=grads[l][1])
        if l > 0 or input_gradient:
            delta = delta @ layers[l][0].T
            if l > 0:
                delta *= 1.0 - outputs[l] * outputs[l]
    return delta


def train(job, x, eps, epochs):
    beta1, beta2, lr, adam_eps, beta = job["beta1"], job["beta2"], job["lr"], job["epsilon"], job["beta"]
    latent, rows = job["latent"], x.shape[0]
    params = np.array(job["encoderParams"] + job["decoderParams"], dtype=np.float64)
    split = len(job["encoderParams"])
    grads, m, v = np.zeros_like(params), np.zeros_like(params), np.zeros_like(params)
    encoder, decoder = views(params[:split], job["encoderSizes"]), views(params[split:], job["decoderSizes"])
    encoder_grads, decoder_grads = views(grads[:split], job["encoderSizes"]), views(grads[split:], job["decoderSizes"])
    for t in range(1, epochs + 1):
        noise = eps[(t - 1) % eps.shape[0]]
        enc = forward(encoder, x)
        mean, log_variance = enc[-1][:, :latent], enc[-1][:, latent:]
        std = np.exp(0.5 * log_variance)
        z = mean + std * noise
        dec = forward(decoder, z)
        logits = dec[-1]
        reconstruction = np.sum(np.maximum(logits, 0) - x * logits + np.log1p(np.exp(-np.abs(logits)))) / rows
        kl = -0.5 * np.sum(1 + log_variance - mean * mean - std * std) / rows
        loss = reconstruction + beta * kl
        delta = (1.0 / (1.0 + np.exp(-logits)) - x) / rows
        dz = backward(decoder, decoder_grads, dec, delta, True)
        heads = np.concatenate([dz + beta * mean / rows, 0.5 * dz * noise * std + 0.5 * beta * (std * std - 1) / rows], axis=1)
        backward(encoder, encoder_grads, enc, heads, False)
        m *= beta1
        m += (1.0 - beta1) * grads
        v *= beta2
        v += (1.0 - beta2) * grads * grads
        params -= (lr / (1.0 - beta1 ** t)) * m / (np.sqrt(v / (1.0 - beta2 ** t)) + adam_eps)
    return float(loss)


def main():
    job = json.load(sys.stdin)
    x = np.array(job["inputs"], dtype=np.float64)
    eps = np.array(job["eps"], dtype=np.float64)
    check_loss = train(job, x, eps, job["checkEpochs"])
    train(job, x, eps, job["warmup"])
    rounds, loss = [], None
    for _ in range(job["rounds"]):
        start = time.perf_counter()
        loss = train(job, x, eps, job["epochs"])
        rounds.append((time.perf_counter() - start) * 1000 / job["epochs"])
    json.dump({"name": "NumPy (f64)", "version": np.__version__, "roundMs": rounds, "finalLoss": loss, "checkLoss": check_loss}, sys.stdout)


main()
