import { Command, Option } from 'commander';
import { activationNames } from '../nn/activations.js';
import { engineKinds } from '../nn/engine.js';
import { initializerNames } from '../nn/initializers.js';
import { lossNames } from '../nn/losses.js';
import { setKernelThreads } from '../nn/kernel-threads.js';
import { learningRateScheduleNames } from '../nn/lr-schedules.js';
import { nodeKernelThreads } from '../io/node-kernel-threads.js';
import { optimizerNames } from '../nn/optimizers.js';
import { presetNames } from '../runs/autoencoder/presets.js';
import { vaePresetNames } from '../runs/vae/presets.js';
import { decode } from './decode.js';
import { registerDenoisingCommands } from './denoising-commands.js';
import { encode } from './encode.js';
import { evaluate } from './evaluate.js';
import { integer, number, widths } from './parse.js';
import { registerStudyCommands } from './study-commands.js';
import { addVaeTrainOptions, registerVaeCommands, trainAnyKind } from './vae-commands.js';
import { versions } from '../io/versions.js';

const program = new Command('latentlab')
  .description('Train, study and explore small autoencoders.')
  .version(versions().latentlab)
  .showHelpAfterError();

const choice = (flags: string, description: string, choices: string[]) => new Option(flags, description).choices(choices);

const trainCommand = program
  .command('train', { isDefault: true })
  .description('train an autoencoder (default: the study\'s ae-font preset) and report its wrong pixels, or a VAE (--preset vae-emoji)')
  .addOption(choice('--preset <name>', 'starting settings', [...presetNames, ...vaePresetNames]).default('ae-font'))
  .option('--spec <file>', 'JSON spec merged over the preset')
  .option('--layers <widths>', 'all layer widths, e.g. 35,20,2,20,35 (the narrowest is the code)', widths)
  .addOption(choice('--activation <name>', 'hidden layers\' activation', activationNames))
  .addOption(choice('--latent-activation <name>', 'code layer\'s activation', activationNames))
  .addOption(choice('--output-activation <name>', 'output layer\'s activation', activationNames))
  .addOption(choice('--loss <name>', 'loss', lossNames))
  .addOption(choice('--init <name>', 'weight initializer', initializerNames))
  .addOption(choice('--optimizer <name>', 'optimizer', optimizerNames))
  .option('--lr <rate>', 'learning rate', number)
  .option('--epochs <n>', 'epochs', integer)
  .option('--batch-size <n>', 'rows per step (default: all)', integer)
  .option('--data <file>', 'autoencoder: your own font.h file; VAE: emoji-8, emoji-4, font-1..font-3 or a dataset .json (latentlab dataset)')
  .option('--table <n>', 'glyph table: 1, 2 or 3 for the built-in font', integer)
  .option('--seed <n>', 'random seed', integer)
  .addOption(choice('--engine <kind>', 'kernels: fast wasm or float64 reference', engineKinds))
  .option('--stop-at <k>', 'stop once every glyph has at most k wrong pixels', integer)
  .option('--noise <model:level>', 'denoising: train on noisy inputs, e.g. flip-count:0.1, flip-count:0.05-0.2, flip-prob:0.1, salt-pepper:0.1, gaussian:0.3')
  .option('--copies <n>', 'denoising: noisy copies of every image per epoch', integer)
  .addOption(choice('--lr-schedule <name>', 'learning rate over the epochs', [...learningRateScheduleNames]))
  .option('--test-noise <model:level>', 'denoising test noise (default: the training noise)')
  .option('--test-copies <k>', 'denoising test: noisy copies of the data set (default 10)', integer)
  .option('--test-seed <n>', 'denoising test: seed of the test noise (default 1000)', integer)
  .option('--threads <n>', 'threads for the products of wide layers (default: one per core; results do not depend on it)', integer)
  .option('--out <dir>', 'where to write model.json, result.json and reconstruction.png')
  .option('--json', 'print the result document as JSON instead of the table');
addVaeTrainOptions(trainCommand).action(trainAnyKind);
// Wide layers share their products with helper threads, started when first needed.
setKernelThreads(nodeKernelThreads());
trainCommand.hook('preAction', (command) => {
  const { threads } = command.opts<{ threads?: number }>();
  if (threads !== undefined) setKernelThreads(threads > 1 ? nodeKernelThreads(threads - 1) : null);
});

const withModel = (command: Command) =>
  command
    .requiredOption('--model <file>', 'a model file written by train')
    .option('--data <font.h>', 'glyphs from your own font.h file')
    .option('--table <n>', 'glyph table', integer, 3)
    .option('--json', 'print JSON');

withModel(program.command('eval').description('wrong pixels of a saved model, glyph by glyph; with --noise, the denoising test'))
  .option('--noise <model:level>', 'denoising test: K noisy copies of the glyphs, e.g. flip-count:0.1')
  .option('--copies <k>', 'denoising test: noisy copies (default 10)', integer)
  .option('--seed <n>', 'denoising test: seed of the test noise (default 1000)', integer)
  .option('--picture <file>', 'denoising test: PNG of the first noisy copy (clean, noisy, output)')
  .action(evaluate);
withModel(program.command('encode').description('the latent code of every glyph')).action(encode);

program
  .command('decode')
  .description('decode a point of the latent space into a glyph (text and PNG)')
  .argument('<coordinates...>', 'one number per latent dimension', (value: string, previous: number[] = []) => [...previous, number(value)])
  .requiredOption('--model <file>', 'a model file written by train')
  .option('--out <file>', 'PNG to write', 'decoded.png')
  .action(decode);

registerStudyCommands(program);
registerDenoisingCommands(program);
registerVaeCommands(program);

try {
  await program.parseAsync();
} catch (error) {
  process.stderr.write(`latentlab: ${(error as Error).message}\n`);
  process.exitCode = 1;
}
