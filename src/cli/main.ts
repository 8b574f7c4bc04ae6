import { Command, Option } from 'commander';
import { activationNames } from '../nn/activations.js';
import { engineKinds } from '../nn/engine.js';
import { initializerNames } from '../nn/initializers.js';
import { lossNames } from '../nn/losses.js';
import { optimizerNames } from '../nn/optimizers.js';
import { presetNames } from '../experiments/presets.js';
import { decode } from './decode.js';
import { encode } from './encode.js';
import { evaluate } from './evaluate.js';
import { integer, number, widths } from './parse.js';
import { train } from './train.js';
import { versions } from './versions.js';

const program = new Command('latentlab')
  .description('Train, study and explore small autoencoders.')
  .version(versions().latentlab)
  .showHelpAfterError();

const choice = (flags: string, description: string, choices: string[]) => new Option(flags, description).choices(choices);

program
  .command('train', { isDefault: true })
  .description('train an autoencoder (default: the study\'s ae-font preset) and report its wrong pixels')
  .addOption(choice('--preset <name>', 'starting settings', presetNames).default('ae-font'))
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
  .option('--data <font.h>', 'train on a table of your own font.h file')
  .option('--table <n>', 'glyph table: 1, 2 or 3 for the built-in font', integer)
  .option('--seed <n>', 'random seed', integer)
  .addOption(choice('--engine <kind>', 'kernels: fast wasm or float64 reference', engineKinds))
  .option('--stop-at <k>', 'stop once every glyph has at most k wrong pixels', integer)
  .option('--out <dir>', 'where to write model.json, result.json and reconstruction.png')
  .option('--json', 'print the result document as JSON instead of the table')
  .action(train);

const withModel = (command: Command) =>
  command
    .requiredOption('--model <file>', 'a model file written by train')
    .option('--data <font.h>', 'glyphs from your own font.h file')
    .option('--table <n>', 'glyph table', integer, 3)
    .option('--json', 'print JSON');

withModel(program.command('eval').description('wrong pixels of a saved model, glyph by glyph')).action(evaluate);
withModel(program.command('encode').description('the latent code of every glyph')).action(encode);

program
  .command('decode')
  .description('decode a point of the latent space into a glyph (text and PNG)')
  .argument('<coordinates...>', 'one number per latent dimension', (value: string, previous: number[] = []) => [...previous, number(value)])
  .requiredOption('--model <file>', 'a model file written by train')
  .option('--out <file>', 'PNG to write', 'decoded.png')
  .action(decode);

try {
  await program.parseAsync();
} catch (error) {
  process.stderr.write(`latentlab: ${(error as Error).message}\n`);
  process.exitCode = 1;
}
