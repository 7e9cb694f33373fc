import zlib from 'node:zlib';

export interface PngImage {
  readonly width: number;
  readonly height: number;
  readonly colorType: number;
  /** RGBA of a pixel (8-bit RGBA images only). */
  pixel(x: number, y: number): [number, number, number, number];
}

const SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

/** A minimal PNG reader: enough to check an icon's size and transparency. */
export function readPng(file: Buffer): PngImage {
  if (!file.subarray(0, 8).equals(SIGNATURE)) throw new Error('not a PNG file');
  let offset = 8;
  let header: Buffer | undefined;
  const data: Buffer[] = [];
  while (offset < file.length) {
    const length = file.readUInt32BE(offset);
    const type = file.toString('latin1', offset + 4, offset + 8);
    const body = file.subarray(offset + 8, offset + 8 + length);
    if (type === 'IHDR') header = body;
    if (type === 'IDAT') data.push(body);
    offset += 12 + length;
  }
  if (!header) throw new Error('PNG without IHDR');
  const width = header.readUInt32BE(0);
  const height = header.readUInt32BE(4);
  const colorType = header[9]!;
  const rgba = header[8] === 8 && colorType === 6;
  const rows = rgba ? unfilter(zlib.inflateSync(Buffer.concat(data)), width * 4, height) : [];
  return {
    width,
    height,
    colorType,
    pixel(x, y) {
      if (!rgba) throw new Error('pixel() reads 8-bit RGBA images only');
      const row = rows[y]!;
      return [row[x * 4]!, row[x * 4 + 1]!, row[x * 4 + 2]!, row[x * 4 + 3]!];
    },
  };
}

/** Undoes PNG's per-row filters (RFC 2083 section 6) for 4 bytes per pixel. */
function unfilter(raw: Buffer, stride: number, height: number): Buffer[] {
  const rows: Buffer[] = [];
  let previous = Buffer.alloc(stride);
  for (let y = 0; y < height; y++) {
    const filter = raw[y * (stride + 1)]!;
    const line = Buffer.from(raw.subarray(y * (stride + 1) + 1, (y + 1) * (stride + 1)));
    for (let i = 0; i < stride; i++) {
      const left = i >= 4 ? line[i - 4]! : 0;
      const up = previous[i]!;
      const upLeft = i >= 4 ? previous[i - 4]! : 0;
      const predictor = [0, left, up, (left + up) >> 1, paeth(left, up, upLeft)][filter];
      if (predictor === undefined) throw new Error(`unknown PNG filter ${filter}`);
      line[i] = (line[i]! + predictor) & 0xff;
    }
    rows.push(line);
    previous = line;
  }
  return rows;
}

function paeth(a: number, b: number, c: number): number {
  const p = a + b - c;
  const [pa, pb, pc] = [Math.abs(p - a), Math.abs(p - b), Math.abs(p - c)];
  return pa <= pb && pa <= pc ? a : pb <= pc ? b : c;
}
