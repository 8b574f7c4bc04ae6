import { Command } from 'commander';
import { configureKernels } from '../io/kernel-build.js';
import { versions } from '../io/versions.js';
import { closestName } from './suggest.js';

/** A group of commands: given the command of a name (already described), adds its options and action. */
type Register = (command: (name: string) => Command) => void;

/**
 * Every command: what `latentlab --help` says of it, and the group that defines it. A group's
 * module (and with it the command's dependencies) is loaded only when one of its commands runs,
 * so `latentlab --help` and a short `train` start quickly.
 */
const commands: Record<string, { summary: string; group: () => Promise<Register> }> = {};
const group = (load: () => Promise<Register>, summaries: Record<string, string>) => {
  for (const [name, summary] of Object.entries(summaries)) commands[name] = { summary, group: load };
};
group(async () => (await import('./model-commands.js')).registerModelCommands, {
  train: 'train a model of any kind (default: the study\'s ae-font preset), or continue a saved run (--resume), and report how it does',
  eval: 'judge a saved model on its data: wrong pixels glyph by glyph (autoencoder), or reconstruction error, KL and latent mean per image (VAE); with --noise, the denoising test',
  encode: 'the latent code of every image of the model\'s data (a VAE\'s: the mean of q(z|x); --json adds the log-variance)',
  decode: 'decode a point of the latent space into an image (text and PNG); needs no data',
  export: 'write a model (or its encoder or decoder) in another format; csv: its latent codes, loss history and per-item errors on its data',
  import: 'a latentlab model file from a safetensors export (latentlab\'s, or a PyTorch MLP autoencoder saved in its layout; see README)',
});
group(async () => (await import('./study-commands.js')).registerStudyCommands, {
  sweep: 'run a grid of trainings (a sweep spec; random search and ASHA when it says so) on all cores with a SQLite store, or queue it on PostgreSQL for workers on many machines; --resume continues one, --status shows one',
  worker: 'take trials of the sweeps in a PostgreSQL store until none is left (run it on every machine that should help)',
  reproduce: 'run every study of the digest and write the HTML report (out/reproduce/report/index.html)',
});
group(async () => (await import('./denoising-commands.js')).registerDenoisingCommands, {
  denoise: 'denoise one glyph with a saved model of any kind (a VAE decodes the mean of q(z|x)): input, output and the nearest clean glyph of its data',
  noise: 'draw noisy copies of the glyphs to a PNG',
  'cross-noise': 'train at several noise levels x seeds, test every model at several levels: the cross-noise table (resumable)',
});
group(async () => (await import('./vae-commands.js')).registerVaeCommands, {
  dataset: 'build a dataset file of grayscale pictures (for train --data)',
  sample: 'decode a grid over a 2-D latent plane (the manifold picture, with a scatter of the training codes), or --random N images from a VAE\'s prior',
  interpolate: 'decode the straight line between the codes of two training items (VAE or autoencoder)',
  glyphs: 'scan a 2-D model\'s latent plane for invented glyphs (decodings unlike every training glyph): a gallery PNG and the list',
});

const DEFAULT_COMMAND = 'train';

/** The command the arguments name (train when they start with a flag), or undefined for the program's own help and version. */
function commandOf(args: string[]): string | undefined {
  const [first, second] = args;
  if (first === undefined) return DEFAULT_COMMAND;
  if (first === 'help') return second;
  if (['-h', '--help', '-V', '--version'].includes(first)) return undefined;
  return first.startsWith('-') ? DEFAULT_COMMAND : first;
}

/** Commander's error text ("error: ...", a suggestion on a line of its own) as one line. */
function flagError(text: string): string {
  const [message, ...rest] = text.trim().replace(/^error: /, '').split('\n');
  const suggestion = rest.join(' ').match(/\(Did you mean (.*)\?\)/);
  return `${message}${suggestion ? `; did you mean ${suggestion[1]}?` : ''} (--help lists the flags)`;
}

async function main(args: string[]): Promise<void> {
  // Before anything compiles wasm: turn on the fma kernels (or the build LATENTLAB_KERNELS names).
  configureKernels();
  const program = new Command('latentlab')
    .description('Train, study and explore small autoencoders.')
    .version(versions().latentlab)
    // Flag errors in one line, as every other refusal: "latentlab: unknown option '--x'; did you mean '--y'? (latentlab train --help)".
    .configureOutput({ outputError: (text, write) => write(`latentlab: ${flagError(text)}\n`) });
  const wanted = commandOf(args);
  if (wanted !== undefined && !Object.hasOwn(commands, wanted)) {
    const near = closestName(wanted, Object.keys(commands));
    throw new Error(`unknown command '${wanted}'${near ? `; did you mean '${near}'?` : ''} (latentlab --help lists the commands)`);
  }
  const slots = new Map<string, Command>();
  for (const [name, { summary }] of Object.entries(commands)) {
    slots.set(name, program.command(name, { isDefault: name === DEFAULT_COMMAND }).description(summary));
  }
  if (wanted !== undefined) {
    const register = await commands[wanted].group();
    register((name) => slots.get(name) ?? program.command(name));
    (await import('./command-process.js')).setUpCommandProcess();
  }
  await program.parseAsync(['node', 'latentlab', ...args]);
}

main(process.argv.slice(2)).catch(async (error: unknown) => {
  const { oneLine } = await import('./messages.js');
  process.stderr.write(`latentlab: ${oneLine(error)}\n`);
  // Exit now: a connection left half open (node-postgres keeps the socket of a login it gave up on until the server drops it, a minute later) must not hold the command.
  process.exit(1);
});
