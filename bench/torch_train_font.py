#!/usr/bin/env python3
"""Trains a tiny MLP autoencoder on the font in PyTorch and saves it in latentlab's safetensors layout.

    latentlab train --preset ae-font --out /tmp/ae && latentlab export --model /tmp/ae/model.json --format csv --out /tmp/e
    /usr/bin/python3 bench/torch_train_font.py /tmp/e/images.json /tmp/torch-font.safetensors
    latentlab import --format safetensors /tmp/torch-font.safetensors --data font-3 --out /tmp/torch-font.json
    latentlab eval --model /tmp/torch-font.json

The layout latentlab imports: an nn.Sequential `encoder` (Linear, activation, ...; its last Linear
gives the code) and `decoder`, so the state dict names are encoder.0.weight, encoder.0.bias,
encoder.2.weight, ... (PyTorch numbers the activation modules too; latentlab takes the Linear
layers in order). Metadata required: kind ("autoencoder") and activations (JSON: layer -> name).
Without a `data` entry, `latentlab import` needs --data. Written by hand here (no
python3-safetensors in Debian); with pip's safetensors: save_file(state_dict, path, metadata).
"""
import json
import struct
import sys

import torch


def save_safetensors(tensors, metadata, path):
    header = {'__metadata__': metadata}
    offset = 0
    blobs = []
    for name, tensor in tensors.items():
        data = tensor.detach().contiguous().float().numpy().astype('<f4').tobytes()
        header[name] = {'dtype': 'F32', 'shape': list(tensor.shape), 'data_offsets': [offset, offset + len(data)]}
        offset += len(data)
        blobs.append(data)
    text = json.dumps(header).encode()
    text += b' ' * (-len(text) % 8)
    with open(path, 'wb') as f:
        f.write(struct.pack('<Q', len(text)) + text + b''.join(blobs))


def main(images_path, out_path):
    with open(images_path) as f:
        x = torch.tensor(json.load(f)['images'], dtype=torch.float32)
    torch.manual_seed(1)
    pixels = x.shape[1]
    model = torch.nn.Module()
    model.encoder = torch.nn.Sequential(torch.nn.Linear(pixels, 32), torch.nn.Tanh(), torch.nn.Linear(32, 2))
    model.decoder = torch.nn.Sequential(torch.nn.Linear(2, 32), torch.nn.Tanh(), torch.nn.Linear(32, pixels), torch.nn.Sigmoid())
    optimizer = torch.optim.Adam(model.parameters(), lr=0.01)
    for epoch in range(3000):
        optimizer.zero_grad()
        out = model.decoder(model.encoder(x))
        loss = torch.nn.functional.binary_cross_entropy(out, x, reduction='sum') / x.shape[0]
        loss.backward()
        optimizer.step()
    wrong = ((out >= 0.5).float() != x).sum().item()
    print(f'PyTorch: loss {loss.item():.4f} after 3000 epochs, {int(wrong)} wrong pixels in all')
    activations = {'encoder.0': 'tanh', 'encoder.2': 'identity', 'decoder.0': 'tanh', 'decoder.2': 'sigmoid'}
    save_safetensors(model.state_dict(), {'kind': 'autoencoder', 'activations': json.dumps(activations)}, out_path)
    print(f'saved {out_path}')


if __name__ == '__main__':
    if len(sys.argv) != 3:
        sys.exit('usage: torch_train_font.py IMAGES.json OUT.safetensors')
    main(sys.argv[1], sys.argv[2])
