import { execFile } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { promisify } from 'node:util';
import { PNG } from 'pngjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { latentlabIn } from './latentlab.js';

/**
 * Bad input, as a new user types it, across every command: each must exit with code 1 and one line
 * on stderr ("latentlab: ...") that names the field, flag or file, with no stack trace, and leave
 * no file behind in the folder it ran in.
 */

const bin = join(import.meta.dirname, '../../bin/latentlab.js');
const fixtures = join(import.meta.dirname, '../fixtures');
let folder: string;

/** [what, arguments, what the message must say] */
type Case = [string, string[], RegExp];

const cases: Case[] = [
  // Commands and flags
  ['a mistyped command', ['evl', '--model', 'ae.json'], /unknown command 'evl'; did you mean 'eval'\?/],
  ['another mistyped command', ['swep', 'spec.json'], /unknown command 'swep'; did you mean 'sweep'\?/],
  ['a word that is no command', ['frobnicate'], /unknown command 'frobnicate'/],
  ['an unknown flag of train', ['train', '--range', '3'], /unknown option '--range'/],
  ['a mistyped flag', ['train', '--epoch', '3'], /unknown option '--epoch'.*--epochs/],
  ['a flag of another command', ['eval', '--model', 'ae.json', '--steps', '3'], /unknown option '--steps'/],
  ['a missing required flag', ['eval'], /--model/],
  ['a flag without its value', ['train', '--epochs'], /--epochs/],
  // train: numbers
  ['epochs not a number', ['train', '--epochs', 'many'], /--epochs.*"many"/],
  ['epochs not whole', ['train', '--epochs', '2.5'], /--epochs.*2\.5/],
  ['epochs zero', ['train', '--epochs', '0'], /training\.epochs/],
  ['epochs negative', ['train', '--epochs', '-3'], /training\.epochs/],
  ['epochs beyond memory', ['train', '--epochs', '100000000000'], /memory.*lower training\.epochs \(--epochs\)/],
  ['epochs beyond one model file', ['train', '--epochs', '100000000'], /model file.*lower training\.epochs/],
  ['learning rate zero', ['train', '--lr', '0'], /training\.optimizer\.lr/],
  ['learning rate not a number', ['train', '--lr', 'fast'], /--lr.*"fast"/],
  ['learning rate infinite', ['train', '--lr', 'Infinity'], /lr/],
  ['batch size zero', ['train', '--batch-size', '0'], /batchSize/],
  ['seed negative', ['train', '--seed', '-1'], /training\.seed/],
  ['threads zero', ['train', '--threads', '0'], /--threads.*1\.\.64/],
  ['threads 1000', ['train', '--threads', '1000'], /--threads.*1\.\.64/],
  ['stop-at negative', ['train', '--stop-at', '-1'], /stopAtWrongPixels/],
  ['checkpoint-every zero', ['train', '--checkpoint-every', '0', '--epochs', '3'], /--checkpoint-every/],
  // train: names
  ['an unknown preset', ['train', '--preset', 'ae-fnot'], /--preset.*ae-fnot/],
  ['an unknown activation', ['train', '--activation', 'swish'], /--activation.*swish/],
  ['an unknown optimizer', ['train', '--optimizer', 'sgd2'], /--optimizer.*sgd2/],
  ['an unknown loss', ['train', '--loss', 'l1'], /--loss.*l1/],
  ['an unknown engine', ['train', '--engine', 'gpu'], /--engine.*gpu/],
  ['a VAE flag on an autoencoder', ['train', '--beta', '2'], /--beta \(vae\): not for an autoencoder preset/],
  ['an autoencoder flag on a VAE', ['train', '--preset', 'vae-emoji', '--loss', 'bce'], /--loss \(autoencoder\): not for a vae preset/],
  // train: layers
  ['layers with a word', ['train', '--layers', '35,x,35'], /--layers.*"x"/],
  ['layers with a zero', ['train', '--layers', '35,0,35'], /--layers.*"0"/],
  ['layers too few', ['train', '--layers', '35,35'], /--layers needs input, code and output/],
  ['layers of the wrong size', ['train', '--layers', '30,20,2,20,30'], /--layers must start and end with the data's 35 pixels/],
  ['layers with two narrowest', ['train', '--layers', '35,40,60,40,35'], /--layers 35,40,60,40,35: .*40 appears 2 times/],
  ['layers beyond memory', ['train', '--layers', '35,2000000,2,2000000,35'], /lower the layer widths \(--layers\)/],
  // train: data
  ['an unknown dataset name', ['train', '--data', 'emoji-9'], /unknown dataset "emoji-9"/],
  ['a missing font.h file', ['train', '--data', 'nofile.h'], /nofile\.h.*ENOENT/],
  ['a font.h with garbage', ['train', '--data', 'font-garbage.h'], /font-garbage\.h/],
  ['a font.h without arrays', ['train', '--data', 'font-no-arrays.h'], /font-no-arrays\.h/],
  ['a font.h cut short', ['train', '--data', 'font-unterminated.h'], /font-unterminated\.h/],
  ['a font.h table that does not exist', ['train', '--data', 'font.h', '--table', '9'], /table 9/],
  ['a table of the built-in font that does not exist', ['train', '--table', '7'], /tables 1, 2 and 3, got 7/],
  ['a table with mnist', ['train', '--data', 'mnist', '--table', '2'], /table 2 does not apply: mnist/],
  ['a table with a dataset file', ['train', '--data', 'emoji-4.json', '--table', '2'], /table 2 does not apply/],
  ['a dataset file that is not JSON', ['train', '--data', 'notjson.json'], /notjson\.json/],
  ['a dataset file of another format', ['train', '--data', 'other.json'], /other\.json/],
  ['a noise spec without a level', ['train', '--preset', 'dae-font', '--noise', 'flip-count'], /noise/],
  ['an unknown noise model', ['train', '--preset', 'dae-font', '--noise', 'blur:0.1'], /blur/],
  ['a noise level beyond 1', ['train', '--preset', 'dae-font', '--noise', 'flip-prob:1.5'], /flip-prob:1\.5/],
  ['noisy copies beyond memory', ['train', '--preset', 'dae-font', '--copies', '100000000'], /memory.*lower noise\.copies \(--copies\)/],
  ['test copies beyond the maximum', ['train', '--preset', 'dae-font', '--test-copies', '100000'], /evaluation\.copies/],
  // train: files
  ['a missing spec file', ['train', '--spec', 'missing.json'], /spec file "missing\.json".*ENOENT/],
  ['a spec file that is not JSON', ['train', '--spec', 'notjson.json'], /spec file "notjson\.json" is not valid JSON/],
  ['a spec file that is a list', ['train', '--spec', 'list.json'], /spec file "list\.json" must hold a JSON object/],
  ['a spec file with a bad field', ['train', '--spec', 'badspec.json'], /training\.epochs/],
  ['an --out that is a file', ['train', '--out', 'notjson.json', '--epochs', '3'], /--out "notjson\.json" is a file/],
  ['an --out that holds another run', ['train', '--out', 'run', '--epochs', '4'], /run holds another run/],
  ['--resume of a missing run', ['train', '--resume', 'nowhere'], /nowhere.*ENOENT/],
  ['--resume with a setting', ['train', '--resume', 'run', '--lr', '0.1'], /only --epochs may change \(got --lr\)/],
  ['--resume to fewer epochs', ['train', '--resume', 'run', '--epochs', '1'], /fewer/],
  // model files
  ['a missing model file', ['eval', '--model', 'missing.json'], /model file "missing\.json".*ENOENT/],
  ['a PNG as model file', ['eval', '--model', 'picture.png'], /picture\.png: .*this is a PNG image, not a model file/],
  ['a SQLite store as model file', ['encode', '--model', 'store.sqlite'], /store\.sqlite: .*SQLite database/],
  ['a binary file as model file', ['decode', '0', '0', '--model', 'binary.bin'], /binary\.bin: .*binary file, not a model file/],
  ['a text file as model file', ['eval', '--model', 'notjson.json'], /notjson\.json: .*not valid JSON/],
  ['a dataset file as model file', ['eval', '--model', 'emoji-4.json'], /emoji-4\.json: .*not a latentlab model file/],
  ['a model file with weights of 1e300', ['eval', '--model', 'huge.json'], /huge\.json: .*beyond what float32 holds/],
  ['a model file of a future version', ['eval', '--model', 'v9.json'], /v9\.json: .*unsupported version 9/],
  ['a model file with labels missing', ['eval', '--model', 'labels.json'], /labels\.json: .*labels/],
  ['a model file cut short', ['eval', '--model', 'cut.json'], /cut\.json: .*not valid JSON/],
  // eval, encode
  ['eval on data of another size', ['eval', '--model', 'ae.json', '--data', 'emoji-4'], /35 pixels per image.*emoji-4.*400/],
  ['eval on other glyphs', ['eval', '--model', 'ae.json', '--data', 'font-2'], /font-2.*is not the data "font-3".*--force/],
  ['eval --noise on a bad noise', ['eval', '--model', 'ae.json', '--noise', 'flip-count:2'], /flip-count/],
  ['eval --copies beyond the maximum', ['eval', '--model', 'ae.json', '--noise', 'flip-count:0.1', '--copies', '100000'], /--copies.*1\.\.1000/],
  ['encode on a VAE trained elsewhere', ['encode', '--model', 'vae.json', '--data', 'emoji-8'], /emoji-8.*is not the data "emoji-4"/],
  // decode
  ['decode with too few coordinates', ['decode', '0.5', '--model', 'ae.json'], /2 dimensions, got 1/],
  ['decode at 1e308', ['decode', '1e308', '1e308', '--model', 'ae.json'], /coordinates must be numbers within ±1,000,000/],
  ['decode at a word', ['decode', 'up', '0', '--model', 'ae.json'], /"up"/],
  ['decode into a folder', ['decode', '0', '0', '--model', 'ae.json', '--out', 'afolder'], /"afolder": it is a folder/],
  ['decode into /proc', ['decode', '0', '0', '--model', 'ae.json', '--out', '/proc/nope/d.png'], /\/proc\/nope/],
  ['decode under a file', ['decode', '0', '0', '--model', 'ae.json', '--out', 'notjson.json/d.png'], /notjson\.json" is a file, not a folder/],
  // sample, interpolate
  ['sample --grid 1', ['sample', '--model', 'ae.json', '--grid', '1'], /--grid.*2\.\.100/],
  ['sample --range 0', ['sample', '--model', 'ae.json', '--range', '0'], /--range must be a positive number/],
  ['sample --random on an autoencoder', ['sample', '--model', 'ae.json', '--random', '4'], /--random samples a VAE's prior/],
  ['sample --random beyond the maximum', ['sample', '--model', 'vae.json', '--random', '100000000'], /--random.*1\.\.10,000/],
  ['sample a VAE on other data', ['sample', '--model', 'vae.json', '--data', 'emoji-8'], /emoji-8.*is not the data "emoji-4"/],
  ['interpolate --steps 100000', ['interpolate', '--model', 'ae.json', '--from', 'a', '--to', 'b', '--steps', '100000'], /--steps.*2\.\.1000/],
  ['interpolate --steps 1', ['interpolate', '--model', 'ae.json', '--from', 'a', '--to', 'b', '--steps', '1'], /--steps/],
  ['interpolate from an unknown label', ['interpolate', '--model', 'ae.json', '--from', 'nothing', '--to', 'b'], /--from "nothing" is neither a label/],
  // noise, denoise
  ['noise --copies 100000', ['noise', '--noise', 'flip-count:0.1', '--copies', '100000'], /--copies.*1\.\.1000/],
  ['noise with a bad spec', ['noise', '--noise', 'flip-count:x'], /flip-count:x|level/],
  ['noise on a table that does not exist', ['noise', '--noise', 'flip-count:0.1', '--table', '5'], /tables 1, 2 and 3, got 5/],
  ['denoise a glyph of the wrong size', ['denoise', '#.#', '--model', 'ae.json'], /7 rows|5/],
  ['denoise a PNG that is not one', ['denoise', '--model', 'ae.json', '--png', 'notjson.json'], /notjson\.json: not a PNG file/],
  ['denoise a huge PNG', ['denoise', '--model', 'ae.json', '--png', 'huge.png'], /huge\.png: the picture is 20000x20000 pixels/],
  // dataset
  ['dataset images --size 100000', ['dataset', 'images', 'pictures', '--size', '100000'], /size must be a whole number of pixels from 2 to 64, got 100000/],
  ['dataset images of a missing folder', ['dataset', 'images', 'nofolder'], /cannot read folder "nofolder"/],
  ['dataset images of a folder without PNGs', ['dataset', 'images', 'afolder'], /no \.png files in "afolder"/],
  ['dataset images with an all-white picture', ['dataset', 'images', 'white'], /"blank" is near-blank on white/],
  ['dataset images with two identical pictures', ['dataset', 'images', 'twins'], /"a" and "b" are identical pictures/],
  ['dataset images with a huge PNG', ['dataset', 'images', 'hugefolder'], /huge\.png: the picture is 20000x20000 pixels/],
  ['dataset emoji of an unknown name', ['dataset', 'emoji', '--names', 'grinning,notanemoji'], /notanemoji/],
  ['dataset emoji --size 1000', ['dataset', 'emoji', '--set', 'emoji-4', '--size', '1000'], /size must be an integer in 2\.\.64/],
  ['dataset emoji with both --names and --set', ['dataset', 'emoji', '--set', 'emoji-4', '--names', 'skull'], /either --names/],
  // sweep, reproduce, cross-noise, export
  ['sweep without a spec', ['sweep'], /give a sweep spec file/],
  ['sweep of a missing spec', ['sweep', 'missing.json'], /missing\.json/],
  ['sweep of 100,000,000 seeds', ['sweep', 'big-sweep.json', '--db', 'big.sqlite'], /100,000,000 trials.*lower seeds\.count/],
  ['sweep --resume of a text store', ['sweep', '--resume', '--db', 'notjson.json'], /"notjson\.json" cannot be used as a sweep store: file is not a database/],
  ['sweep --threads 0', ['sweep', 'big-sweep.json', '--threads', '0'], /--threads.*1\.\.64/],
  ['reproduce of an unknown study', ['reproduce', '--only', 'no-such-study', '--report-only', '--out', 'repro'], /no-such-study/],
  ['cross-noise --jobs 1000', ['cross-noise', '--jobs', '1000'], /--jobs.*1\.\.64/],
  ['export in an unknown format', ['export', '--model', 'ae.json', '--format', 'h5', '--out', 'x'], /--format.*h5/],
  ['export of a PNG', ['export', '--model', 'picture.png', '--format', 'onnx', '--out', 'x'], /this is a PNG image/],
  ['import of a text file', ['import', 'notjson.json', '--out', 'm.json'], /notjson\.json/],
];

/** Every file under `dir`, with its size and modification time: what must not change. */
function snapshot(dir: string): string[] {
  return readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .map((name) => {
      const stats = statSync(join(dir, name));
      return `${relative(dir, join(dir, name))} ${stats.isDirectory() ? 'dir' : `${stats.size} ${stats.mtimeMs}`}`;
    })
    .sort();
}

/** A PNG header that says `width` x `height`, with no pixels behind it. */
function pngHeader(width: number, height: number): Buffer {
  const header = Buffer.alloc(33);
  Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]).copy(header);
  header.writeUInt32BE(13, 8);
  header.write('IHDR', 12);
  header.writeUInt32BE(width, 16);
  header.writeUInt32BE(height, 20);
  header[24] = 8;
  header[25] = 6;
  return header;
}

beforeAll(() => {
  folder = mkdtempSync(join(tmpdir(), 'latentlab-bad-input-'));
  const train = (...args: string[]) => {
    const run = latentlabIn(folder, 'train', ...args, '--json');
    expect(run.status, run.stderr).toBe(0);
  };
  train('--epochs', '3', '--out', 'run');
  copyFileSync(join(folder, 'run', 'model.json'), join(folder, 'ae.json'));
  train('--preset', 'vae-emoji', '--data', 'emoji-4', '--epochs', '2', '--out', 'vae-run');
  copyFileSync(join(folder, 'vae-run', 'model.json'), join(folder, 'vae.json'));
  for (const name of ['font-garbage.h', 'font-no-arrays.h', 'font-unterminated.h', 'font.h']) copyFileSync(join(fixtures, name), join(folder, name));
  copyFileSync(join(import.meta.dirname, '../../data/emoji-4.json'), join(folder, 'emoji-4.json'));
  copyFileSync(join(folder, 'run', 'reconstruction.png'), join(folder, 'picture.png'));
  writeFileSync(join(folder, 'notjson.json'), 'hello, this is text\n');
  writeFileSync(join(folder, 'other.json'), '{"format": "something-else", "version": 1}\n');
  writeFileSync(join(folder, 'list.json'), '[1, 2, 3]\n');
  writeFileSync(join(folder, 'badspec.json'), '{"training": {"epochs": "many"}}\n');
  writeFileSync(join(folder, 'store.sqlite'), Buffer.concat([Buffer.from('SQLite format 3\0'), Buffer.alloc(100)]));
  writeFileSync(join(folder, 'binary.bin'), Buffer.from([0, 1, 2, 3, 255, 254, 0, 7]));
  writeFileSync(join(folder, 'huge.png'), pngHeader(20000, 20000));
  writeFileSync(join(folder, 'big-sweep.json'), JSON.stringify({ name: 'big', title: 'big', kind: 'autoencoder', preset: 'ae-font', axes: [], seeds: { first: 1, count: 100000000 } }));
  const model = JSON.parse(readFileSync(join(folder, 'run', 'model.json'), 'utf8'));
  const huge = structuredClone(model);
  const weights = Buffer.alloc(8 * 20 * 35);
  weights.writeDoubleLE(1e300, 0);
  huge.tensors['encoder.0.weight'] = { dtype: 'float64', shape: [20, 35], data: weights.toString('base64') };
  writeFileSync(join(folder, 'huge.json'), JSON.stringify(huge));
  writeFileSync(join(folder, 'v9.json'), JSON.stringify({ ...model, version: 9 }));
  writeFileSync(join(folder, 'labels.json'), JSON.stringify({ ...model, data: { ...model.data, labels: model.data.labels.slice(0, 27) } }));
  writeFileSync(join(folder, 'cut.json'), JSON.stringify(model).slice(0, 500));
  mkdirSync(join(folder, 'afolder'));
  mkdirSync(join(folder, 'pictures'));
  copyFileSync(join(folder, 'picture.png'), join(folder, 'pictures', 'p.png'));
  mkdirSync(join(folder, 'twins'));
  copyFileSync(join(folder, 'picture.png'), join(folder, 'twins', 'a.png'));
  copyFileSync(join(folder, 'picture.png'), join(folder, 'twins', 'b.png'));
  mkdirSync(join(folder, 'white'));
  copyFileSync(join(folder, 'picture.png'), join(folder, 'white', 'a.png'));
  writeFileSync(join(folder, 'white', 'blank.png'), whitePng());
  mkdirSync(join(folder, 'hugefolder'));
  copyFileSync(join(folder, 'huge.png'), join(folder, 'hugefolder', 'huge.png'));
}, 120_000);

/** A 4x4 all-white PNG. */
function whitePng(): Buffer {
  const png = new PNG({ width: 4, height: 4 });
  png.data.fill(255);
  return PNG.sync.write(png);
}

const run = promisify(execFile);

describe(`bad input: ${cases.length} cases across every command`, () => {
  it('covers at least 80 cases', () => expect(cases.length).toBeGreaterThanOrEqual(80));

  it.concurrent.each(cases)('%s', async (_what, args, message) => {
    const before = snapshot(folder);
    const outcome = await run(process.execPath, [bin, ...args], { cwd: folder, timeout: 60_000, encoding: 'utf8' }).then(
      ({ stdout, stderr }) => ({ code: 0, stdout, stderr }),
      (error: { code: number; stdout: string; stderr: string }) => ({ code: error.code, stdout: error.stdout, stderr: error.stderr }),
    );
    expect(outcome.code, outcome.stdout).toBe(1);
    const lines = outcome.stderr.trimEnd().split('\n');
    expect(lines, outcome.stderr).toHaveLength(1);
    expect(lines[0]).toMatch(/^latentlab: /);
    expect(lines[0]).not.toMatch(/\bat .*\.(js|ts):\d+|Error:|node:internal/);
    expect(lines[0]).toMatch(message);
    expect(snapshot(folder)).toEqual(before);
  });
});
