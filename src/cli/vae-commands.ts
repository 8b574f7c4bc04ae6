import type { Command } from 'commander';
import { datasetEmoji, datasetImages } from './dataset.js';
import { NEW_GLYPH_GRID, NEW_GLYPH_MIN_DISTANCE } from '../eval/new-glyphs.js';
import { glyphs } from './glyphs.js';
import { interpolate } from './interpolate.js';
import { DATA_HELP, FORCE_HELP, TABLE_HELP } from './model-data.js';
import { integer, number } from './parse.js';
import { sample } from './sample.js';

const names = (value: string): string[] => value.split(',').map((n) => n.trim()).filter((n) => n.length > 0);

/** dataset emoji|images, and the latent-space commands sample and interpolate (every kind of model). */
export function registerVaeCommands(command: (name: string) => Command): void {
  const dataset = command('dataset');
  dataset
    .command('emoji')
    .description('Twemoji pictures (emoji-datasource-twitter, CC BY 4.0) by short name or code point, composited on white, grayscale, resized')
    .option('--names <list>', 'comma-separated short names or code points, e.g. grinning,skull,U+1F47B', names)
    .option('--set <name>', 'rebuild a shipped set: emoji-8 or emoji-4')
    .option('--size <pixels>', 'side of the square pictures (default 20)', integer)
    .option('--name <name>', 'dataset name (default: the set, or the output file\'s name)')
    .option('--out <file>', 'dataset file to write (default <name>.json); a preview PNG goes beside it')
    .option('--json', 'print what was written as JSON')
    .action(datasetEmoji);
  dataset
    .command('images')
    .description('a folder of PNG pictures, composited on white, grayscale, padded to a square and resized (2 to 64 pixels); labels are the file names; near-blank and identical pictures are refused')
    .argument('<dir>', 'folder of .png files')
    .option('--size <pixels>', 'side of the square pictures', integer, 28)
    .option('--name <name>', 'dataset name (default: the folder\'s name)')
    .option('--out <file>', 'dataset file to write (default <name>.json); a preview PNG goes beside it')
    .option('--json', 'print what was written as JSON')
    .action(datasetImages);

  command('sample')
    .requiredOption('--model <file>', 'a model file written by train (VAE or autoencoder)')
    .option('--grid <n>', 'codes per side of the grid', integer, 15)
    .option('--range <r>', 'the grid spans [-r, r] on each axis (default: fitted to the codes of the model\'s data; 3 without data)', number)
    .option('--random <n>', 'instead: n images decoded from codes drawn from N(0, I)', integer)
    .option('--seed <n>', 'seed of --random', integer, 1)
    .option('--data <dataset>', `for the scatter: ${DATA_HELP}`)
    .option('--table <n>', TABLE_HELP, integer)
    .option('--force', FORCE_HELP)
    .option('--out <file>', 'PNG to write (default manifold.png, or samples.png with --random); the scatter goes beside it as *-means.png')
    .option('--json', 'print what was drawn as JSON')
    .action(sample);

  command('glyphs')
    .requiredOption('--model <file>', 'a model file of an autoencoder with a 2-D code')
    .option('--grid <n>', 'codes per side of the scan', integer, NEW_GLYPH_GRID)
    .option('--min-distance <pixels>', 'new: at least this many pixels from every training glyph and its reconstruction', integer, NEW_GLYPH_MIN_DISTANCE)
    .option('--data <dataset>', DATA_HELP)
    .option('--table <n>', TABLE_HELP, integer)
    .option('--force', FORCE_HELP)
    .option('--out <file>', 'the gallery PNG', 'new-glyphs.png')
    .option('--json', 'print the list as JSON')
    .action(glyphs);

  command('interpolate')
    .requiredOption('--model <file>', 'a model file written by train')
    .requiredOption('--from <item>', 'first item: index (0-based) or label, e.g. 0, grinning, a')
    .requiredOption('--to <item>', 'last item: index or label')
    .option('--steps <n>', 'images to decode, ends included', integer, 10)
    .option('--data <dataset>', DATA_HELP)
    .option('--table <n>', TABLE_HELP, integer)
    .option('--force', FORCE_HELP)
    .option('--out <file>', 'PNG to write', 'interpolation.png')
    .option('--json', 'print the codes and images as JSON')
    .action(interpolate);
}
