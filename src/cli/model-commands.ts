import { Option, type Command } from 'commander';
import { activationNames } from '../nn/activations.js';
import { engineKinds } from '../nn/engine.js';
import { initializerNames } from '../nn/initializers.js';
import { lossNames } from '../nn/losses.js';
import { setKernelThreads } from '../nn/kernel-threads.js';
import { learningRateScheduleNames } from '../nn/lr-schedules.js';
import { optimizerNames } from '../nn/optimizers.js';
import { nodeKernelThreads } from '../io/node-kernel-threads.js';
import { builtinDatasets } from '../io/datasets.js';
import { reconstructionLosses } from '../models/vae/vae.js';
import { exportFormats, exportParts } from '../models/export/format.js';
import { presetNames } from '../runs/kinds.js';
import { DATA_HELP, FORCE_HELP, TABLE_HELP } from './model-data.js';
import { MAX_THREADS, integer, number, threadCount, widths } from './parse.js';
import { train } from './train.js';
import { evaluate } from './evaluate.js';
import { encode } from './encode.js';
import { decode } from './decode.js';

/** A command's action from its module, loaded when the command runs (the exporters: `train` does not load them). */
function lazy<M>(load: () => Promise<M>, name: keyof M) {
  return async (...args: unknown[]): Promise<void> => {
    const action = (await load())[name] as (...actionArgs: unknown[]) => void | Promise<void>;
    await action(...args);
  };
}

const choice = (flags: string, description: string, choices: readonly string[]) => new Option(flags, description).choices(choices);

/** Registers train, eval, encode, decode, export and import: the commands that make or read one model. */
export function registerModelCommands(command: (name: string) => Command): void {
  const trainCommand = command('train')
    .addOption(choice('--preset <name>', 'starting settings: an autoencoder (ae-*, dae-*) or a VAE (vae-*) (default: ae-font, or the first preset of the kind a --spec file names)', presetNames))
    .option('--spec <file>', 'JSON spec merged over the preset')
    .option('--resume <run>', 'continue a saved run (its folder or model.json) where it stopped; with --epochs N, to N epochs in all')
    .option('--layers <widths>', 'all layer widths, e.g. 35,20,2,20,35 (the narrowest is the code)', widths)
    .addOption(choice('--activation <name>', 'hidden layers\' activation', activationNames))
    .addOption(choice('--latent-activation <name>', 'autoencoder: code layer\'s activation', activationNames))
    .addOption(choice('--output-activation <name>', 'autoencoder: output layer\'s activation', activationNames))
    .addOption(choice('--loss <name>', 'autoencoder: loss', lossNames))
    .addOption(choice('--reconstruction <loss>', 'VAE: reconstruction loss, summed over pixels', reconstructionLosses))
    .option('--beta <weight>', 'VAE: weight of the KL term (default 1)', number)
    .option('--beta-warmup <epochs>', 'VAE: epochs over which beta grows linearly to its value (default 0: none)', integer)
    .addOption(choice('--init <name>', 'weight initializer', initializerNames))
    .addOption(choice('--optimizer <name>', 'optimizer', optimizerNames))
    .option('--lr <rate>', 'learning rate', number)
    .option('--epochs <n>', 'epochs (with --resume: in all, counting those done)', integer)
    .option('--batch-size <n>', 'rows per step (default: all)', integer)
    .option('--data <dataset>', `the training data: ${builtinDatasets.join(', ')}, a dataset .json (latentlab dataset) or a font.h file`)
    .option('--table <n>', 'glyph table: of the built-in font (1, 2, 3) or of a font.h file', integer)
    .option('--seed <n>', 'random seed', integer)
    .addOption(choice('--engine <kind>', 'kernels: fast wasm or float64 reference', engineKinds))
    .option('--stop-at <k>', 'autoencoder: stop once every image has at most k wrong pixels', integer)
    .option('--noise <model:level>', 'denoising: train on noisy inputs, e.g. flip-count:0.1, flip-count:0.05-0.2, flip-prob:0.1, salt-pepper:0.1, gaussian:0.3')
    .option('--copies <n>', 'denoising: noisy copies of every image per epoch', integer)
    .addOption(choice('--lr-schedule <name>', 'learning rate over the epochs', [...learningRateScheduleNames]))
    .option('--test-noise <model:level>', 'denoising test noise (default: the training noise)')
    .option('--test-copies <k>', 'denoising test: noisy copies of the data set (default 10)', integer)
    .option('--test-seed <n>', 'denoising test: seed of the test noise (default 1000)', integer)
    .option('--threads <n>', `threads for the products of wide layers, 1..${MAX_THREADS} (default: one per core; results do not depend on it)`, threadCount)
    .option('--checkpoint-every <n>', 'save the run every n epochs, so a killed run continues from there', integer)
    .option('--out <dir>', 'the run folder for model.json, result.json and pictures (default out/<preset>[-<spec hash>]-seed<N>)')
    .option('--force', 'replace a run folder that holds another run; with --resume, accept data that differ from the model\'s')
    .option('--json', 'print the result document as JSON instead of the table')
    .action(train);
  trainCommand.hook('preAction', (train) => {
    const { threads } = train.opts<{ threads?: number }>();
    if (threads !== undefined) setKernelThreads(threads > 1 ? nodeKernelThreads(threads - 1) : null);
  });

  const withModel = (command: Command) =>
    command
      .requiredOption('--model <file>', 'a model file written by train (any kind)')
      .option('--data <dataset>', DATA_HELP)
      .option('--table <n>', TABLE_HELP, integer)
      .option('--force', FORCE_HELP)
      .option('--json', 'print JSON');

  withModel(command('eval'))
    .option('--noise <model:level>', 'denoising test: K noisy copies of the glyphs, e.g. flip-count:0.1')
    .option('--copies <k>', 'denoising test: noisy copies (default 10; 100 for the tighter protocol)', integer)
    .option('--seed <n>', 'denoising test: seed of the test noise (default 1000)', integer)
    .option('--prior <model:levels>', "denoising test: the Bayes pixel denoiser's prior over noise levels, e.g. flip-count:0-0.2 for a model trained on 0 to 7 flips (default: the test noise)")
    .option('--picture <file>', 'denoising test: PNG of the first noisy copy (clean, noisy, output)')
    .action(evaluate);
  withModel(command('encode'))
    .option('--csv', 'print CSV: label,z1,z2,... (a VAE adds logvar1,...)')
    .action(encode);

  command('decode')
    .argument('<coordinates...>', 'one number per latent dimension', (value: string, previous: number[] = []) => [...previous, number(value)])
    .requiredOption('--model <file>', 'a model file written by train')
    .option('--out <file>', 'PNG to write', 'decoded.png')
    .option('--json', 'print the decoded pixels as JSON')
    .action(decode);

  command('export')
    .requiredOption('--model <file>', 'a model file written by train or import')
    .addOption(choice('--format <name>', 'export format', [...exportFormats]).makeOptionMandatory())
    .addOption(choice('--part <part>', 'which networks (default all)', [...exportParts]))
    .requiredOption('--out <path>', 'folder for the files, or the file itself when the format gives one (e.g. model.safetensors)')
    .option('--data <dataset>', `csv: ${DATA_HELP}`)
    .option('--table <n>', TABLE_HELP, integer)
    .option('--force', FORCE_HELP)
    .action(lazy(() => import('./export.js'), 'exportModel'));

  command('import')
    .argument('<file>', 'the .safetensors file')
    .addOption(choice('--format <name>', 'format of the file', ['safetensors']).default('safetensors'))
    .requiredOption('--out <file>', 'the model file to write')
    .option('--data <dataset>', 'the data the model was trained on, when the file\'s metadata do not name it: a built-in name, a dataset .json or a font.h file')
    .option('--table <n>', TABLE_HELP, integer)
    .action(lazy(() => import('./export.js'), 'importModel'));
}
