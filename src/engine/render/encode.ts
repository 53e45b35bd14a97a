/**
 * Encodes RGBA8 frames with sharp (libvips): JPEG without mozjpeg's slow trellis passes, PNG with
 * a fast deflate level, WebP. The alpha channel is dropped for JPEG.
 */
import sharp from 'sharp';

export type ImageFormat = 'jpeg' | 'png' | 'webp';

export interface EncodeOptions {
  format: ImageFormat;
  /** 1–100 for JPEG and WebP (default 85). */
  quality?: number;
}

export async function encodeFrame(
  rgba: Uint8Array,
  width: number,
  height: number,
  options: EncodeOptions,
): Promise<Buffer> {
  const image = sharp(rgba, { raw: { width, height, channels: 4 } });
  const quality = options.quality ?? 85;
  switch (options.format) {
    case 'jpeg':
      return image.removeAlpha().jpeg({ quality, mozjpeg: false, chromaSubsampling: '4:2:0' }).toBuffer();
    case 'webp':
      return image.removeAlpha().webp({ quality, effort: 0 }).toBuffer();
    case 'png':
      return image.removeAlpha().png({ compressionLevel: 3 }).toBuffer();
  }
}

/** The format an output file name asks for. */
export function formatFromFileName(file: string): ImageFormat | undefined {
  const lower = file.toLowerCase();
  if (lower.endsWith('.png')) return 'png';
  if (lower.endsWith('.jpg') || lower.endsWith('.jpeg')) return 'jpeg';
  if (lower.endsWith('.webp')) return 'webp';
  return undefined;
}
