// Draws the kernel logo: a 3×3 grid of neurons on a rounded blue tile, two of
// them dropped (hollow), which is what dropout does to a layer. Writes
// logo-32x32.png and logo-64x64.png beside this file with a tiny PNG encoder
// (node:zlib for the deflate stream). Run: node kernel/make-logo.mjs
import { writeFileSync } from "node:fs";
import { deflateSync } from "node:zlib";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const here = dirname(fileURLToPath(import.meta.url));

const TILE = [31, 78, 140]; // deep blue
const KEPT = [255, 196, 61]; // warm yellow
const DROPPED = [173, 196, 226]; // pale blue ring
const DROPPED_CELLS = new Set([1, 6]); // which of the 9 neurons are dropped (row-major)

/** Coverage in [0, 1] of the shape at unit-square point (x, y), x and y in [0, 1]. */
function shade(x, y) {
  // Rounded tile: corner radius 0.2.
  const r = 0.2;
  const qx = Math.max(Math.abs(x - 0.5) - (0.5 - r), 0);
  const qy = Math.max(Math.abs(y - 0.5) - (0.5 - r), 0);
  if (Math.hypot(qx, qy) > r) return null; // outside the tile: transparent
  for (let i = 0; i < 9; i++) {
    const cx = 0.22 + 0.28 * (i % 3);
    const cy = 0.22 + 0.28 * Math.floor(i / 3);
    const d = Math.hypot(x - cx, y - cy);
    if (DROPPED_CELLS.has(i)) {
      if (d <= 0.1 && d >= 0.06) return DROPPED;
    } else if (d <= 0.1) {
      return KEPT;
    }
  }
  return TILE;
}

/** RGBA pixels of a size×size logo, 4×4 supersampled. */
function render(size) {
  const px = Buffer.alloc(size * size * 4);
  const ss = 4;
  for (let j = 0; j < size; j++) {
    for (let i = 0; i < size; i++) {
      let r = 0, g = 0, b = 0, a = 0;
      for (let sj = 0; sj < ss; sj++) {
        for (let si = 0; si < ss; si++) {
          const c = shade((i + (si + 0.5) / ss) / size, (j + (sj + 0.5) / ss) / size);
          if (c === null) continue;
          r += c[0]; g += c[1]; b += c[2]; a += 1;
        }
      }
      const o = (j * size + i) * 4;
      if (a > 0) {
        px[o] = Math.round(r / a);
        px[o + 1] = Math.round(g / a);
        px[o + 2] = Math.round(b / a);
      }
      px[o + 3] = Math.round((255 * a) / (ss * ss));
    }
  }
  return px;
}

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});

function crc32(buf) {
  let c = 0xffffffff;
  for (const byte of buf) c = CRC_TABLE[(c ^ byte) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

function chunk(type, data) {
  const len = Buffer.alloc(4);
  len.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, "ascii"), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([len, body, crc]);
}

/** A PNG file (8-bit RGBA, no filtering) of width×height pixels. */
function encodePng(width, height, rgba) {
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr[8] = 8; // bit depth
  ihdr[9] = 6; // colour type RGBA
  const raw = Buffer.alloc((width * 4 + 1) * height);
  for (let y = 0; y < height; y++) {
    raw[y * (width * 4 + 1)] = 0; // filter: none
    rgba.copy(raw, y * (width * 4 + 1) + 1, y * width * 4, (y + 1) * width * 4);
  }
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk("IHDR", ihdr),
    chunk("IDAT", deflateSync(raw, { level: 9 })),
    chunk("IEND", Buffer.alloc(0)),
  ]);
}

for (const size of [32, 64]) {
  const file = join(here, `logo-${size}x${size}.png`);
  writeFileSync(file, encodePng(size, size, render(size)));
  console.log(`wrote ${file}`);
}
