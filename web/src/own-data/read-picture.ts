import { isPng, type RgbaImage } from '../../../src/data/pictures.js';

/**
 * A PNG file decoded by the browser, as RGBA bytes without premultiplied alpha or colour
 * management, for src/data/pictures.ts to composite, grey and resize as `latentlab dataset images`
 * does (which decodes with pngjs: fully opaque pixels come out the same; the browser's canvas keeps
 * semi-transparent ones premultiplied, which can move a grey level by about 1/255).
 */
export async function readPicture(file: File): Promise<RgbaImage> {
  const bytes = new Uint8Array(await file.arrayBuffer());
  if (!isPng(bytes)) throw new Error(`${file.name}: not a PNG file (it does not start with the PNG signature)`);
  let bitmap: ImageBitmap;
  try {
    bitmap = await createImageBitmap(new Blob([bytes], { type: 'image/png' }), { premultiplyAlpha: 'none', colorSpaceConversion: 'none' });
  } catch {
    throw new Error(`${file.name}: corrupt or truncated PNG`);
  }
  const { width, height } = bitmap;
  const canvas = new OffscreenCanvas(width, height);
  const context = canvas.getContext('2d');
  if (!context) throw new Error('this browser cannot draw on a canvas');
  context.drawImage(bitmap, 0, 0);
  bitmap.close();
  return { width, height, data: context.getImageData(0, 0, width, height).data };
}
