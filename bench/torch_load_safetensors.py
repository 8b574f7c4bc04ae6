#!/usr/bin/env python3
"""Loads a latentlab safetensors export into PyTorch and checks its reconstruction against latentlab's.

    latentlab export --model run/model.json --format safetensors --out /tmp/e/model.safetensors
    latentlab export --model run/model.json --format csv --out /tmp/e     # images.json: images + reconstructions
    /usr/bin/python3 bench/torch_load_safetensors.py /tmp/e/model.safetensors /tmp/e/images.json

Reads the format by hand (Debian has no python3-safetensors): an 8-byte little-endian header
length, a JSON header, raw little-endian float32/float64. A pip user would write
`safetensors.torch.load_file(path)` instead of read_safetensors (the metadata: safe_open(...).metadata()).
Prints the largest absolute difference between PyTorch's reconstruction and latentlab's.
"""
import json
import struct
import sys

import torch

ACTIVATIONS = {
    'identity': torch.nn.Identity,
    'tanh': torch.nn.Tanh,
    'sigmoid': torch.nn.Sigmoid,
    'relu': torch.nn.ReLU,
    'leaky-relu': lambda: torch.nn.LeakyReLU(0.01),
}
DTYPES = {'F32': torch.float32, 'F64': torch.float64}


def read_safetensors(path):
    """(tensors by name, metadata) of a safetensors file."""
    with open(path, 'rb') as f:
        blob = f.read()
    (length,) = struct.unpack('<Q', blob[:8])
    header = json.loads(blob[8:8 + length])
    metadata = header.pop('__metadata__', {})
    data = blob[8 + length:]
    tensors = {}
    for name, entry in header.items():
        begin, end = entry['data_offsets']
        flat = torch.frombuffer(bytearray(data[begin:end]), dtype=DTYPES[entry['dtype']])
        tensors[name] = flat.reshape(entry['shape'])
    return tensors, metadata


def sequential(tensors, activations, prefix):
    """The nn.Sequential of the layers `<prefix>.<n>`: Linear, then its activation."""
    layers = sorted({int(name.split('.')[1]) for name in tensors if name.startswith(prefix + '.')})
    modules = []
    for n in layers:
        weight = tensors[f'{prefix}.{n}.weight']
        linear = torch.nn.Linear(weight.shape[1], weight.shape[0]).double()
        with torch.no_grad():
            linear.weight.copy_(weight)
            linear.bias.copy_(tensors[f'{prefix}.{n}.bias'])
        modules += [linear, ACTIVATIONS[activations[f'{prefix}.{n}']]()]
    return torch.nn.Sequential(*modules)


def main(model_path, images_path):
    tensors, metadata = read_safetensors(model_path)
    activations = json.loads(metadata['activations'])
    kind = metadata['kind']
    encoder = sequential(tensors, activations, 'encoder')
    decoder = sequential(tensors, activations, 'decoder')
    with open(images_path) as f:
        images = json.load(f)
    x = torch.tensor(images['images'], dtype=torch.float64)
    expected = torch.tensor(images['reconstructions'], dtype=torch.float64)
    with torch.no_grad():
        code = encoder(x)
        if kind == 'vae':
            latent = code.shape[1] // 2
            code = code[:, :latent]  # the means; code[:, latent:] are the log-variances
            out = torch.sigmoid(decoder(code))  # the decoder gives pixel logits
        else:
            out = decoder(code)
    print(f'{kind}: {len(tensors)} tensors, {x.shape[0]} images of {x.shape[1]} pixels')
    print(torch.nn.Sequential(encoder, decoder))
    print(f'max abs difference from latentlab reconstruction: {(out - expected).abs().max().item():.3g}')
    if kind != 'vae' and ((x == 0) | (x == 1)).all():
        wrong = ((out >= 0.5).double() != x).sum(dim=1)
        print(f'wrong pixels per glyph: max {int(wrong.max())}, total {int(wrong.sum())}')


if __name__ == '__main__':
    if len(sys.argv) != 3:
        sys.exit('usage: torch_load_safetensors.py MODEL.safetensors IMAGES.json')
    main(sys.argv[1], sys.argv[2])
