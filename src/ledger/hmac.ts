// HMAC-SHA-256 of ten-digit CPR numbers under one key, many at a time, without an object or a call into node:crypto per number.
//
// node:crypto computes the same value (test/ledger.test.ts compares the two on thousands of keys
// and numbers), but a regional year has over a million patients, and each HMAC there costs two
// one-shot hashes of about 1.5 µs of call overhead each, plus two Buffers for the collector. Here
// the key's two pads are hashed once (their SHA-256 midstates), after which a patient costs two
// compressions of one block each: about 1 µs, and nothing allocated.

// The constants are written as hexadecimal text: a bundler prints a numeric literal as it likes,
// and 0x59f111f1 printed in decimal is ten digits that read as a CPR number.
/** Words from hexadecimal text, 8 digits each, separated by spaces. */
function words(hex: string): Int32Array {
  return Int32Array.from(hex.split(' '), (w) => Number.parseInt(w, 16) | 0);
}

/** SHA-256's round constants (FIPS 180-4, 4.2.2). */
const K = words(
  '428a2f98 71374491 b5c0fbcf e9b5dba5 3956c25b 59f111f1 923f82a4 ab1c5ed5 ' +
  'd807aa98 12835b01 243185be 550c7dc3 72be5d74 80deb1fe 9bdc06a7 c19bf174 ' +
  'e49b69c1 efbe4786 0fc19dc6 240ca1cc 2de92c6f 4a7484aa 5cb0a9dc 76f988da ' +
  '983e5152 a831c66d b00327c8 bf597fc7 c6e00bf3 d5a79147 06ca6351 14292967 ' +
  '27b70a85 2e1b2138 4d2c6dfc 53380d13 650a7354 766a0abb 81c2c92e 92722c85 ' +
  'a2bfe8a1 a81a664b c24b8b70 c76c51a3 d192e819 d6990624 f40e3585 106aa070 ' +
  '19a4c116 1e376c08 2748774c 34b0bcb5 391c0cb3 4ed8aa4a 5b9cca4f 682e6ff3 ' +
  '748f82ee 78a5636f 84c87814 8cc70208 90befffa a4506ceb bef9a3f7 c67178f2',
);

/** SHA-256's initial hash value (FIPS 180-4, 5.3.3). */
const IV = words('6a09e667 bb67ae85 3c6ef372 a54ff53a 510e527f 9b05688c 1f83d9ab 5be0cd19');

/** The message schedule, shared: the first 16 words are the block to compress. */
const W = new Int32Array(64);

/** One SHA-256 compression of the block in W[0..15], starting from state `from`, into `to` (may be the same array). */
function compress(from: Int32Array, to: Int32Array): void {
  for (let t = 16; t < 64; t++) {
    const x = W[t - 15]!;
    const y = W[t - 2]!;
    const s0 = ((x >>> 7) | (x << 25)) ^ ((x >>> 18) | (x << 14)) ^ (x >>> 3);
    const s1 = ((y >>> 17) | (y << 15)) ^ ((y >>> 19) | (y << 13)) ^ (y >>> 10);
    W[t] = (W[t - 16]! + s0 + W[t - 7]! + s1) | 0;
  }
  let a = from[0]!;
  let b = from[1]!;
  let c = from[2]!;
  let d = from[3]!;
  let e = from[4]!;
  let f = from[5]!;
  let g = from[6]!;
  let h = from[7]!;
  for (let t = 0; t < 64; t++) {
    const s1 = ((e >>> 6) | (e << 26)) ^ ((e >>> 11) | (e << 21)) ^ ((e >>> 25) | (e << 7));
    const t1 = (h + s1 + ((e & f) ^ (~e & g)) + K[t]! + W[t]!) | 0;
    const s0 = ((a >>> 2) | (a << 30)) ^ ((a >>> 13) | (a << 19)) ^ ((a >>> 22) | (a << 10));
    const t2 = (s0 + ((a & b) ^ (a & c) ^ (b & c))) | 0;
    h = g;
    g = f;
    f = e;
    e = (d + t1) | 0;
    d = c;
    c = b;
    b = a;
    a = (t1 + t2) | 0;
  }
  to[0] = (from[0]! + a) | 0;
  to[1] = (from[1]! + b) | 0;
  to[2] = (from[2]! + c) | 0;
  to[3] = (from[3]! + d) | 0;
  to[4] = (from[4]! + e) | 0;
  to[5] = (from[5]! + f) | 0;
  to[6] = (from[6]! + g) | 0;
  to[7] = (from[7]! + h) | 0;
}

/** HMAC-SHA-256 (RFC 2104) under one key of at most 64 bytes, for messages of ten ASCII digits. */
export class CprHmac {
  /** SHA-256 states after the first block, (key ^ ipad) and (key ^ opad). */
  private readonly innerStart = new Int32Array(8);
  private readonly outerStart = new Int32Array(8);
  private readonly state = new Int32Array(8);

  constructor(key: Uint8Array) {
    if (key.length > 64) throw new RangeError('a key of more than 64 bytes is hashed first; this HMAC takes keys of up to 64 bytes');
    const pad = (byte: number, into: Int32Array): void => {
      for (let t = 0; t < 16; t++) {
        let word = 0;
        for (let j = 0; j < 4; j++) word = (word << 8) | ((key[4 * t + j] ?? 0) ^ byte);
        W[t] = word;
      }
      compress(IV, into);
    };
    pad(0x36, this.innerStart);
    pad(0x5c, this.outerStart);
  }

  /**
   * Writes the HMAC of the ten digits of `digits` (a whole number below 10^10, written with
   * leading zeros: DDMMYYSSSS) into out[at .. at + 31].
   */
  digest(digits: number, out: Uint8Array, at: number): void {
    // Inner block: the ten digits, the 0x80 that ends the message, zeros, and the length in bits of
    // the pad block and the message together, (64 + 10) * 8 = 592.
    const d9 = digits % 10;
    let rest = (digits - d9) / 10;
    const d8 = rest % 10;
    rest = (rest - d8) / 10;
    // The first eight digits, two words of four ASCII digits each.
    const low = rest % 10000;
    const high = (rest - low) / 10000;
    W[0] = ascii4(high);
    W[1] = ascii4(low);
    W[2] = ((48 + d8) << 24) | ((48 + d9) << 16) | (0x80 << 8);
    for (let t = 3; t < 15; t++) W[t] = 0;
    W[15] = 592;
    compress(this.innerStart, this.state);
    // Outer block: the inner hash (32 bytes), 0x80, zeros, and the length (64 + 32) * 8 = 768.
    for (let t = 0; t < 8; t++) W[t] = this.state[t]!;
    W[8] = 0x80 << 24; // 0x80 and three zero bytes
    for (let t = 9; t < 15; t++) W[t] = 0;
    W[15] = 768;
    compress(this.outerStart, this.state);
    for (let t = 0; t < 8; t++) {
      const v = this.state[t]!;
      out[at + 4 * t] = v >>> 24;
      out[at + 4 * t + 1] = v >>> 16;
      out[at + 4 * t + 2] = v >>> 8;
      out[at + 4 * t + 3] = v;
    }
  }
}

/** A number below 10,000 as four ASCII digits in one big-endian word. */
function ascii4(n: number): number {
  const d3 = n % 10;
  const d2 = ((n - d3) / 10) % 10;
  const d1 = ((n - d3 - 10 * d2) / 100) % 10;
  const d0 = (n - d3 - 10 * d2 - 100 * d1) / 1000;
  return ((48 + d0) << 24) | ((48 + d1) << 16) | ((48 + d2) << 8) | (48 + d3);
}
