// C printf formatting as glibc 2.36 does it (stdio-common/vfprintf-internal.c), checked against glibc's own output (test/userland/printf-cases.c).
//
// The result is a JS string meant to be UTF-8 encoded on output: a `%s` of a
// Uint8Array is decoded as UTF-8, and `%c` of a byte >= 0x80 gives U+0080..U+00FF
// (a JS string cannot hold a lone byte). Widths and precisions of `%s` count
// UTF-8 bytes, as C counts chars.

import { strerror, errnoName } from "../../kernel/uapi/errno.ts";

const F_LEFT = 1, F_PLUS = 2, F_SPACE = 4, F_ALT = 8, F_ZERO = 16, F_GROUP = 32, F_I18N = 64;

/** Width/precision source: a literal (>= 0), absent (-1), the next arg (-2), or arg n (-3 - n). */
const NONE = -1, NEXT_ARG = -2;

interface Spec {
  conv: number;        // conversion char code
  flags: number;
  width: number;       // literal or NONE / NEXT_ARG / positional
  prec: number;
  bits: number;        // integer size from the length modifier: 8, 16, 32 or 64
  wide: boolean;       // `l` on %c / %s
  arg: number;         // positional arg index, or -1 for the next one
}

/** A parsed format: literal text and specs; `null` marks where glibc gives up (format ends inside a spec). */
type Piece = string | Spec | null;

const C_PCT = 37, C_DOLLAR = 36, C_STAR = 42, C_DOT = 46, C_0 = 48, C_9 = 57;

const cache = new Map<string, Piece[]>();
const CACHE_MAX = 1024;

function compile(fmt: string): Piece[] {
  const out: Piece[] = [];
  const n = fmt.length;
  let i = 0;
  while (i < n) {
    const pct = fmt.indexOf("%", i);
    if (pct < 0) { out.push(fmt.slice(i)); break; }
    if (pct > i) out.push(fmt.slice(i, pct));
    i = pct + 1;
    const spec: Spec = { conv: 0, flags: 0, width: NONE, prec: NONE, bits: 32, wide: false, arg: -1 };
    let c = fmt.charCodeAt(i);
    // "%n$": positional argument.
    if (c >= 49 && c <= C_9) {
      let j = i, v = 0;
      while (j < n && (c = fmt.charCodeAt(j)) >= C_0 && c <= C_9) { v = v * 10 + (c - C_0); j++; }
      if (c === C_DOLLAR) { spec.arg = v - 1; i = j + 1; }
    }
    for (;; i++) {
      c = fmt.charCodeAt(i);
      if (c === 45) spec.flags |= F_LEFT;
      else if (c === 43) spec.flags |= F_PLUS;
      else if (c === 32) spec.flags |= F_SPACE;
      else if (c === 35) spec.flags |= F_ALT;
      else if (c === C_0) spec.flags |= F_ZERO;
      else if (c === 39) spec.flags |= F_GROUP;   // no grouping in the C locale
      else if (c === 73) spec.flags |= F_I18N;    // 'I': locale digits, none in C
      else break;
    }
    if (spec.flags & F_LEFT) spec.flags &= ~F_ZERO;
    if (c === C_STAR) { i++; spec.width = starArg(); c = fmt.charCodeAt(i); }
    else if (c >= C_0 && c <= C_9) {
      let v = 0;
      while ((c = fmt.charCodeAt(i)) >= C_0 && c <= C_9) { v = v * 10 + (c - C_0); i++; }
      spec.width = v;
    }
    if (c === C_DOT) {
      i++; c = fmt.charCodeAt(i);
      if (c === C_STAR) { i++; spec.prec = starArg(); }
      else {
        let v = 0;
        while ((c = fmt.charCodeAt(i)) >= C_0 && c <= C_9) { v = v * 10 + (c - C_0); i++; }
        spec.prec = v;
      }
      c = fmt.charCodeAt(i);
    }
    // Length modifiers: only the integer size matters here.
    for (;; c = fmt.charCodeAt(++i)) {
      if (c === 104) spec.bits = spec.bits === 16 ? 8 : 16;                     // h, hh
      else if (c === 108) { spec.bits = 64; spec.wide = true; }               // l, ll
      else if (c === 76 || c === 113 || c === 106 || c === 122 || c === 90 || c === 116) spec.bits = 64; // L q j z Z t
      else break;
    }
    if (i >= n) { out.push(null); return out; }
    spec.conv = c;
    i++;
    out.push(c === C_PCT ? "%" : spec);
  }
  return out;

  function starArg(): number {
    let j = i, v = 0, c: number;
    while (j < n && (c = fmt.charCodeAt(j)) >= C_0 && c <= C_9) { v = v * 10 + (c - C_0); j++; }
    if (j > i && fmt.charCodeAt(j) === C_DOLLAR) { i = j + 1; return -3 - (v - 1); }
    return NEXT_ARG;
  }
}

/**
 * printf(fmt, ...args) as glibc formats it. Numbers may be JS numbers or
 * bigints; missing arguments read as 0 or "". `errno` feeds `%m`. Where glibc
 * fails (the format ends inside a conversion) the text up to there is returned.
 */
export function formatPrintf(fmt: string, args: readonly unknown[], errno = 0): string {
  let pieces = cache.get(fmt);
  if (pieces === undefined) {
    pieces = compile(fmt);
    if (cache.size >= CACHE_MAX) cache.clear();
    cache.set(fmt, pieces);
  }
  let out = "";
  let next = 0;
  for (let k = 0; k < pieces.length; k++) {
    const p = pieces[k]!;
    if (typeof p === "string") { out += p; continue; }
    if (p === null) break;
    let flags = p.flags, width = p.width, prec = p.prec;
    if (width < NONE) {
      const w = toInt32(width === NEXT_ARG ? args[next++] : args[-3 - width]);
      if (w < 0) { flags |= F_LEFT; width = -w; } else width = w;
    }
    if (prec < NONE) {
      const v = toInt32(prec === NEXT_ARG ? args[next++] : args[-3 - prec]);
      prec = v < 0 ? NONE : v;
    }
    const conv = p.conv;
    // Unknown conversions (printed back literally) and %m take no argument.
    const arg = TAKES_ARG[conv] === 1 ? (p.arg >= 0 ? args[p.arg] : args[next++]) : undefined;
    out += convert(p, conv, flags, width, prec, arg, errno);
  }
  return out;
}

const TAKES_ARG = new Uint8Array(128);
for (const ch of "diouxXbBcCsSpfFeEgGaAn") TAKES_ARG[ch.charCodeAt(0)] = 1;

function convert(p: Spec, conv: number, flags: number, width: number, prec: number, arg: unknown, errno: number): string {
  switch (conv) {
    case 100: case 105: // d i
      return fmtInt(arg, p.bits, true, 10, false, flags, width, prec);
    case 117: return fmtInt(arg, p.bits, false, 10, false, flags, width, prec);      // u
    case 111: return fmtInt(arg, p.bits, false, 8, false, flags, width, prec);       // o
    case 120: return fmtInt(arg, p.bits, false, 16, false, flags, width, prec);      // x
    case 88: return fmtInt(arg, p.bits, false, 16, true, flags, width, prec);        // X
    case 98: return fmtInt(arg, p.bits, false, 2, false, flags, width, prec);        // b (glibc 2.35+)
    case 66: return fmtInt(arg, p.bits, false, 2, true, flags, width, prec);         // B
    case 112: { // p
      const v = toInteger(arg);
      if (v === 0 || v === 0n) return pad("(nil)", width, flags & F_LEFT);
      // A pointer prints as %#lx, and glibc honours + and space on it.
      return fmtInt(v, 64, false, 16, false, flags | F_ALT | F_SIGNED_P, width, prec);
    }
    case 99: case 67: return pad(charOf(arg, p.wide || conv === 67), width, flags & F_LEFT); // c C
    case 115: case 83: return fmtStr(arg, width, prec, flags);                          // s S
    case 102: case 70: case 101: case 69: case 103: case 71: case 97: case 65:
      return fmtFloat(toDouble(arg), conv, flags, width, prec);
    case 110: return ""; // %n: no memory to store the count into
    case 109: return pad(flags & F_ALT ? errnoName(errno) : strerror(errno), width, flags & F_LEFT);
    default: return unknown(conv, flags, width, prec);
  }
}

/** glibc's printf_unknown: the spec reprinted from its parsed parts, length modifiers dropped. */
function unknown(conv: number, flags: number, width: number, prec: number): string {
  let s = "%";
  if (flags & F_ALT) s += "#";
  if (flags & F_GROUP) s += "'";
  if (flags & F_PLUS) s += "+"; else if (flags & F_SPACE) s += " ";
  if (flags & F_LEFT) s += "-";
  if (flags & F_ZERO) s += "0";
  if (flags & F_I18N) s += "I";
  if (width > 0) s += width;
  if (prec >= 0) s += "." + prec;
  return s + String.fromCharCode(conv);
}

function pad(s: string, width: number, left: number): string {
  const n = width - s.length;
  if (n <= 0) return s;
  return left ? s + " ".repeat(n) : " ".repeat(n) + s;
}

// ---- integers ------------------------------------------------------------

/** Internal flag: + and space apply although the conversion is unsigned (%p). */
const F_SIGNED_P = 128;

function toInt32(v: unknown): number {
  if (typeof v === "number") return v | 0;
  if (typeof v === "bigint") return Number(BigInt.asIntN(32, v));
  const n = toInteger(v);
  return typeof n === "number" ? n | 0 : Number(BigInt.asIntN(32, n));
}

/** An argument read as a C integer: numbers and bigints as they are, a one-char string as a char. */
function toInteger(v: unknown): number | bigint {
  switch (typeof v) {
    case "number": return v;
    case "bigint": return v;
    case "boolean": return v ? 1 : 0;
    case "string": {
      if (v.length === 1 && (v < "0" || v > "9")) return v.charCodeAt(0);
      const n = Number(v);
      return n === n ? n : 0;
    }
    default: return 0;
  }
}

const DIGITS = "0123456789abcdef";

function fmtInt(arg: unknown, bits: number, signed: boolean, radix: number, upper: boolean,
  flags: number, width: number, prec: number): string {
  // Infinity is how kernsim spells RLIM_INFINITY, C's (rlim_t)-1: all bits set.
  const raw = toInteger(arg);
  const v = raw === Infinity ? -1 : raw;
  let neg = false;
  let body: string;
  let zero: boolean;
  // Reduce to the C type's range, as the va_arg read would.
  if (typeof v === "number" && bits <= 32) {
    let n: number;
    if (bits === 32) n = signed ? v | 0 : v >>> 0;
    else if (bits === 16) n = signed ? (v << 16) >> 16 : v & 0xffff;
    else n = signed ? (v << 24) >> 24 : v & 0xff;
    if (n < 0) { neg = true; n = -n; }
    zero = n === 0;
    body = n < radix ? DIGITS[n]! : n.toString(radix);
  } else {
    let n: number | bigint;
    if (typeof v === "number") {
      const t = Math.trunc(v);
      if (t !== t || t === Infinity || t === -Infinity) n = 0;
      else if (Number.isSafeInteger(t) && (signed || t >= 0)) n = t;
      else n = signed ? BigInt.asIntN(64, BigInt(t)) : BigInt.asUintN(64, BigInt(t));
    } else {
      const b = v as bigint;
      n = bits === 64 ? (signed ? BigInt.asIntN(64, b) : BigInt.asUintN(64, b))
        : Number(signed ? BigInt.asIntN(bits, b) : BigInt.asUintN(bits, b));
    }
    if (n < 0) { neg = true; n = -n; }
    zero = n == 0; // number or bigint
    body = n.toString(radix);
  }
  if (upper) body = body.toUpperCase();
  if (prec >= 0) {
    if (zero && prec === 0) body = "";
    else if (body.length < prec) body = "0".repeat(prec - body.length) + body;
  }
  let prefix = "";
  if (flags & F_ALT) {
    if (radix === 8) { if (body.charCodeAt(0) !== C_0) body = "0" + body; }
    else if (!zero && radix !== 10) prefix = radix === 16 ? (upper ? "0X" : "0x") : (upper ? "0B" : "0b");
  }
  if (neg) prefix = "-" + prefix;
  else if (signed || flags & F_SIGNED_P) {
    if (flags & F_PLUS) prefix = "+" + prefix;
    else if (flags & F_SPACE) prefix = " " + prefix;
  }
  const fill = width - prefix.length - body.length;
  if (fill <= 0) return prefix + body;
  if (flags & F_LEFT) return prefix + body + " ".repeat(fill);
  if (flags & F_ZERO && prec < 0) return prefix + "0".repeat(fill) + body;
  return " ".repeat(fill) + prefix + body;
}

// ---- characters and strings -----------------------------------------------

function charOf(arg: unknown, wide: boolean): string {
  if (typeof arg === "string") return arg.length > 0 ? String.fromCodePoint(arg.codePointAt(0)!) : "\0";
  const n = toInteger(arg);
  const c = typeof n === "number" ? n : Number(BigInt.asIntN(32, n));
  if (wide && c > 0 && c <= 0x10ffff) return String.fromCodePoint(c);
  return String.fromCharCode(c & 0xff); // unsigned char
}

const utf8 = new TextDecoder("utf-8");

function fmtStr(arg: unknown, width: number, prec: number, flags: number): string {
  let s: string;
  let bytes: number; // the length C would count
  if (typeof arg === "string") {
    s = arg;
    bytes = -1;
  } else if (arg instanceof Uint8Array) {
    // C reads up to the NUL, or at most `prec` bytes.
    const limit = prec >= 0 && prec < arg.length ? prec : arg.length;
    let end = arg.indexOf(0);
    if (end < 0 || end > limit) end = limit;
    s = asciiOrUtf8(arg, end);
    bytes = end;
    prec = NONE;
  } else if (arg === null) {
    // glibc prints "(null)" only if the precision leaves room for all of it.
    s = prec < 0 || prec >= 6 ? "(null)" : "";
    bytes = s.length;
    prec = NONE;
  } else if (arg === undefined) {
    s = ""; bytes = 0;
  } else {
    s = String(arg);
    bytes = -1;
  }
  if (bytes < 0) {
    // A JS string: count its UTF-8 bytes only when they matter.
    if (prec >= 0 && prec < 3 * s.length) s = truncateUtf8(s, prec);
    if (width <= s.length) return s;
    bytes = isAscii(s) ? s.length : utf8Length(s);
  }
  const fill = width - bytes;
  if (fill <= 0) return s;
  return flags & F_LEFT ? s + " ".repeat(fill) : " ".repeat(fill) + s;
}

function asciiOrUtf8(b: Uint8Array, end: number): string {
  if (end <= 64) {
    let s = "";
    for (let i = 0; i < end; i++) {
      const c = b[i]!;
      if (c >= 0x80) return utf8.decode(b.subarray(0, end));
      s += String.fromCharCode(c);
    }
    return s;
  }
  return utf8.decode(b.subarray(0, end));
}

function isAscii(s: string): boolean {
  for (let i = 0; i < s.length; i++) if (s.charCodeAt(i) >= 0x80) return false;
  return true;
}

function utf8Length(s: string): number {
  let n = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 0x80) n += 1;
    else if (c < 0x800) n += 2;
    else if (c >= 0xd800 && c < 0xdc00) { n += 4; i++; }
    else n += 3;
  }
  return n;
}

/** The longest prefix of whole characters within `max` UTF-8 bytes (C would cut mid-character). */
function truncateUtf8(s: string, max: number): string {
  let n = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    const w = c < 0x80 ? 1 : c < 0x800 ? 2 : c >= 0xd800 && c < 0xdc00 ? 4 : 3;
    if (n + w > max) return s.slice(0, i);
    n += w;
    if (w === 4) i++;
  }
  return s;
}

// ---- floating point ---------------------------------------------------------

const f64 = new Float64Array(1);
const u32 = new Uint32Array(f64.buffer);
const HI = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1 ? 1 : 0;
const LO = 1 - HI;

function toDouble(v: unknown): number {
  if (typeof v === "number") return v;
  if (typeof v === "bigint") return Number(v);
  if (typeof v === "boolean") return v ? 1 : 0;
  if (typeof v === "string") { const n = Number(v); return n === n ? n : 0; }
  return 0;
}

function signBit(x: number): boolean {
  f64[0] = x;
  return u32[HI]! >>> 31 === 1;
}

function fmtFloat(x: number, conv: number, flags: number, width: number, prec: number): string {
  const upper = conv < 97;
  const neg = signBit(x);
  const sign = neg ? "-" : flags & F_PLUS ? "+" : flags & F_SPACE ? " " : "";
  let body: string;
  let zeroPadAt = sign.length; // where '0' padding goes
  if (x !== x || x === Infinity || x === -Infinity) {
    body = x !== x ? (upper ? "NAN" : "nan") : upper ? "INF" : "inf";
    flags &= ~F_ZERO; // glibc pads inf and nan with spaces
  } else {
    const ax = neg ? -x : x;
    const alt = (flags & F_ALT) !== 0;
    switch (conv | 32) {
      case 102: body = formatFixed(ax, prec < 0 ? 6 : prec, alt); break;
      case 101: body = formatExp(ax, prec < 0 ? 6 : prec, alt, upper); break;
      case 103: body = formatGeneral(ax, prec < 0 ? 6 : prec, alt, upper); break;
      default: body = formatHex(ax, prec, alt, upper); zeroPadAt += 2; break;
    }
  }
  const s = sign + body;
  const fill = width - s.length;
  if (fill <= 0) return s;
  if (flags & F_LEFT) return s + " ".repeat(fill);
  if (flags & F_ZERO) return s.slice(0, zeroPadAt) + "0".repeat(fill) + s.slice(zeroPadAt);
  return " ".repeat(fill) + s;
}

/**
 * One double as printf's %f/%F/%e/%E/%g/%G/%a/%A would print it with the given
 * precision (-1: the default), sign, inf and nan included.
 */
export function formatDouble(x: number, conv = "g", prec = -1): string {
  return fmtFloat(x, conv.charCodeAt(0), 0, 0, prec);
}

// The helpers below take a finite ax >= 0.
//
// JS's toFixed/toExponential are exact but break ties upwards; glibc rounds
// ties (exactly representable halves, e.g. 2.5 or 0.125) to even. Those, and
// what the JS methods cannot do (precision > 100, %f of >= 1e21), go through
// an exact BigInt expansion.

const POW2: number[] = [];
for (let i = 0; i <= 1100; i++) POW2.push(2 ** i);

/** True if ax * 2^k is an odd integer, i.e. ax has exactly k binary fraction digits. */
function oddAt(ax: number, k: number): boolean {
  if (k < 0 || k > 1100) return false;
  const y = ax * POW2[k]!;
  return y % 2 === 1;
}

const POW10: number[] = [];
for (let i = 0; i <= 22; i++) POW10.push(10 ** i); // exact doubles

/**
 * True if ax lies exactly halfway between two numbers of 10^-k spacing
 * (k <= 0: ends in 5 followed by -k zeros; k > 0: ends in 5 at the k-th decimal).
 */
function tieAt(ax: number, k: number): boolean {
  if (k >= 1) return oddAt(ax, k);
  const j = -k; // 5 * 10^j needs 5^(j+1) in a 53-bit mantissa, so j < 22
  return j < 22 && ax % POW10[j + 1]! === 5 * POW10[j]!;
}

/** %f: fixed notation of ax >= 0 with p decimals. */
export function formatFixed(ax: number, p: number, alt = false): string {
  let s: string;
  if (p <= 100 && ax < 1e21 && !oddAt(ax, p + 1)) s = ax.toFixed(p);
  else {
    const [d, x] = exactRound(ax, (e) => e + 1 + p);
    // d holds the digits from 10^x down to 10^-p.
    if (x >= 0) s = p > 0 ? d.slice(0, x + 1) + "." + d.slice(x + 1) : d;
    else s = "0." + "0".repeat(-x - 1) + d; // only reachable with p > 0
    if (x < 0 && d.length === 0) s = p > 0 ? "0." + "0".repeat(p) : "0";
  }
  return alt && p === 0 ? s + "." : s;
}

/** The p+1 significant digits of ax >= 0 rounded as glibc does, and the decimal exponent. */
export function expDigits(ax: number, p: number): [string, number] {
  if (p <= 100) {
    const s = ax.toExponential(p);
    const e = s.indexOf("e");
    const x = +s.slice(e + 1);
    // The true exponent is x, or x-1 if rounding carried; check both.
    if (!tieAt(ax, p + 1 - x) && !tieAt(ax, p + 2 - x)) return [p === 0 ? s.slice(0, 1) : s[0] + s.slice(2, e), x];
  }
  const [d, x] = exactRound(ax, () => p + 1);
  return [d, x];
}

/** %e: d.ddde+XX */
export function formatExp(ax: number, p: number, alt = false, upper = false): string {
  const [d, x] = expDigits(ax, p);
  return (d.length > 1 || alt ? d[0] + "." + d.slice(1) : d) + expSuffix(x, upper);
}

function expSuffix(x: number, upper: boolean): string {
  const ax = x < 0 ? -x : x;
  return (upper ? "E" : "e") + (x < 0 ? "-" : "+") + (ax < 10 ? "0" + ax : String(ax));
}

/** %g: %e or %f by the exponent, trailing zeros removed unless '#'. */
export function formatGeneral(ax: number, p: number, alt = false, upper = false): string {
  const P = p === 0 ? 1 : p;
  const [d, x] = expDigits(ax, P - 1);
  // glibc quirk: with '#', a value that picked %f style (exponent P-1) but
  // rounded up to 10^P is printed "1.e+P", its zeros stripped.
  if (alt && x === P && d.charCodeAt(0) === 49 && stripZeros(d).length === 1 && exactDigits(ax)[1] === P - 1) {
    return "1." + expSuffix(x, upper);
  }
  let ip: string, fp: string;
  if (x < P && x >= -4) {
    if (x >= 0) { ip = d.slice(0, x + 1); fp = d.slice(x + 1); }
    else { ip = "0"; fp = "0".repeat(-x - 1) + d; }
    if (!alt) fp = stripZeros(fp);
    return fp.length > 0 || alt ? ip + "." + fp : ip;
  }
  fp = d.slice(1);
  if (!alt) fp = stripZeros(fp);
  return (fp.length > 0 || alt ? d[0] + "." + fp : d[0]!) + expSuffix(x, upper);
}

function stripZeros(s: string): string {
  let e = s.length;
  while (e > 0 && s.charCodeAt(e - 1) === C_0) e--;
  return e === s.length ? s : s.slice(0, e);
}

/** All the digits of finite ax >= 0 (a double is a finite decimal) and the exponent of the first. */
function exactDigits(ax: number): [string, number] {
  if (ax === 0) return ["0", 0];
  f64[0] = ax;
  const hi = u32[HI]!, lo = u32[LO]!;
  const be = (hi >>> 20) & 0x7ff;
  let m = BigInt((hi & 0xfffff) * 4294967296 + lo);
  let e: number;
  if (be === 0) e = -1074; else { m += 1n << 52n; e = be - 1075; }
  let scale = 0;
  if (e >= 0) m <<= BigInt(e);
  else { m *= 5n ** BigInt(-e); scale = -e; }
  const digits = m.toString();
  return [digits, digits.length - scale - 1];
}

/**
 * The exact decimal expansion of ax >= 0 rounded half-to-even to `keep(x)`
 * digits, x being the exponent of its leading digit. Returns the digits (may be
 * "" if everything rounds away to zero in %f) and the exponent of the first one.
 */
function exactRound(ax: number, keep: (x: number) => number): [string, number] {
  const [digits, x] = exactDigits(ax);
  const n = keep(x);
  if (n >= digits.length) return [digits + "0".repeat(n - digits.length), x];
  if (n < 0) return ["", x];
  // Round at digit n: up if above half, or exactly half with an odd last kept digit.
  const r = digits.charCodeAt(n);
  let up = r > 53;
  if (r === 53) {
    let rest = false;
    for (let i = n + 1; i < digits.length; i++) if (digits.charCodeAt(i) !== C_0) { rest = true; break; }
    up = rest || (n > 0 && (digits.charCodeAt(n - 1) & 1) === 1);
  }
  let kept = digits.slice(0, n);
  if (!up) return n === 0 ? ["", x] : [kept, x];
  // Increment the kept digits; a carry out of the top adds a leading 1.
  let i = n - 1;
  while (i >= 0 && kept.charCodeAt(i) === 57) i--;
  if (i < 0) {
    const n2 = keep(x + 1);
    return ["1" + "0".repeat(Math.max(0, n2 - 1)), x + 1];
  }
  kept = kept.slice(0, i) + String.fromCharCode(kept.charCodeAt(i) + 1) + "0".repeat(n - 1 - i);
  return [kept, x];
}

/** %a: hexadecimal mantissa; like glibc, a rounding carry is not renormalised (0x2p+0). */
export function formatHex(ax: number, prec: number, alt = false, upper = false): string {
  f64[0] = ax;
  const hi = u32[HI]!, lo = u32[LO]!;
  const be = (hi >>> 20) & 0x7ff;
  let mant = (hi & 0xfffff) * 4294967296 + lo; // 52 bits
  let lead = be === 0 ? 0 : 1;
  let exp = ax === 0 ? 0 : be === 0 ? -1022 : be - 1023;
  let frac: string;
  if (prec < 0) {
    frac = stripZeros(mant.toString(16).padStart(13, "0"));
  } else if (prec >= 13) {
    frac = mant.toString(16).padStart(13, "0") + "0".repeat(prec - 13);
  } else {
    const drop = POW2[52 - 4 * prec]!;
    let q = Math.floor(mant / drop);
    const r = mant - q * drop;
    const half = drop / 2;
    const lastOdd = prec === 0 ? (lead & 1) === 1 : (q & 1) === 1;
    if (r > half || (r === half && lastOdd)) {
      q++;
      if (q >= POW2[4 * prec]!) { q -= POW2[4 * prec]!; lead++; }
    }
    mant = q;
    frac = prec === 0 ? "" : q.toString(16).padStart(prec, "0");
  }
  let s = "0x" + lead + (frac.length > 0 || alt ? "." + frac : "") + "p" + (exp < 0 ? "-" : "+") + (exp < 0 ? -exp : exp);
  return upper ? s.toUpperCase() : s;
}
