import type { Command } from 'commander';
import { presetNames } from '../runs/kinds.js';
import { crossNoise, seedList } from './cross-noise.js';
import { denoise } from './denoise.js';
import { noise } from './noise.js';
import { DATA_HELP, FORCE_HELP, TABLE_HELP } from './model-data.js';
import { integer, threadCount } from './parse.js';

/** Registers `denoise`, `noise` and `cross-noise`: the denoising study's commands. */
export function registerDenoisingCommands(command: (name: string) => Command): void {
  command('denoise')
    .argument('[rows...]', "the glyph's rows, '#' ink and '.' paper (font glyphs: 7 rows of 5, e.g. .###. #...# ...), or one argument with rows joined by /")
    .requiredOption('--model <file>', 'a model file written by train')
    .option('--png <file>', 'read the glyph from a PNG instead (any size; dark = ink)')
    .option('--data <dataset>', DATA_HELP)
    .option('--table <n>', TABLE_HELP, integer)
    .option('--force', FORCE_HELP)
    .option('--seed <n>', 'breaks ties between equally near glyphs', integer, 1)
    .option('--out <file>', 'PNG of input, output and nearest glyph')
    .option('--json', 'print input, output and nearest glyphs as JSON')
    .action(denoise);

  command('noise')
    .requiredOption('--noise <model:level>', 'e.g. flip-count:0.1, flip-count:0.05-0.2, flip-prob:0.1, salt-pepper:0.1, gaussian:0.3')
    .option('--copies <k>', 'noisy copies', integer, 3)
    .option('--seed <n>', 'seed of the noise (default 1000, the test seed)', integer)
    .option('--data <dataset>', 'the images: a built-in name, a dataset .json or a font.h file (default: the built-in font, table 3)')
    .option('--table <n>', 'glyph table: of the built-in font (1, 2, 3) or of a font.h file (default 3)', integer)
    .option('--out <file>', 'PNG to write', 'noisy.png')
    .option('--json', 'print the figures as JSON')
    .action(noise);

  command('cross-noise')
    .option('--preset <name>', `a dae-* preset: ${presetNames.filter((n) => n.startsWith('dae')).join(', ')}`, 'dae-font-best')
    .option('--train <levels>', 'training levels (or ranges) of the preset\'s noise model', '0,0.05,0.1,0.2,0.3,0-0.1,0-0.2,0-0.3')
    .option('--test <levels>', 'test levels', '0.05,0.1,0.2,0.3')
    .option('--seeds <list>', 'training seeds: 1,2,3 or 1-5', seedList, [1, 2, 3, 4, 5])
    .option('--epochs <n>', 'override the preset\'s epochs', integer)
    .option('--copies <k>', 'noisy copies of the glyphs per test level (default 10)', integer)
    .option('--test-seed <n>', 'seed of the test noise (default 1000)', integer)
    .option('--jobs <n>', 'trainings at once (worker threads)', threadCount, 1)
    .option('--cache <dir>', 'where finished models\' figures are kept, to resume (default out/cross-noise/<preset>-<epochs>)')
    .option('--out <file>', 'write the markdown table here instead of stdout')
    .action(crossNoise);
}
