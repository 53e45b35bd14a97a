/**
 * Array names in legacy VTK files are single whitespace-free tokens, so VTK escapes spaces,
 * control characters, non-ASCII bytes, '"' and '%' as %XX (vtkDataWriter::EncodeString) and
 * decodes them on reading. Non-ASCII names are escaped byte by byte from their UTF-8 encoding.
 */

const utf8Decoder = new TextDecoder('utf-8');
const utf8Encoder = new TextEncoder();

function hexValue(code: number): number {
  if (code >= 48 && code <= 57) return code - 48;
  if (code >= 65 && code <= 70) return code - 55;
  if (code >= 97 && code <= 102) return code - 87;
  return -1;
}

/**
 * Decodes a name token as read from the file (one char per byte, latin1). `%XX` becomes the
 * byte XX; a '%' not followed by two hex digits is kept as is. The bytes are then read as UTF-8,
 * since that is what both escaped and unescaped non-ASCII names hold in practice.
 */
export function decodeName(token: string): string {
  let plain = true;
  for (let i = 0; i < token.length; i++) {
    const c = token.charCodeAt(i);
    if (c === 37 || c > 127) {
      plain = false;
      break;
    }
  }
  if (plain) return token;
  const bytes = new Uint8Array(token.length);
  let n = 0;
  for (let i = 0; i < token.length; i++) {
    const c = token.charCodeAt(i);
    if (c === 37 && i + 2 < token.length) {
      const hi = hexValue(token.charCodeAt(i + 1));
      const lo = hexValue(token.charCodeAt(i + 2));
      if (hi >= 0 && lo >= 0) {
        bytes[n++] = hi * 16 + lo;
        i += 2;
        continue;
      }
    }
    bytes[n++] = c & 0xff;
  }
  return utf8Decoder.decode(bytes.subarray(0, n));
}

/** Escapes a name so it is one token that VTK (and `decodeName`) reads back unchanged. */
export function encodeName(name: string): string {
  const bytes = utf8Encoder.encode(name);
  let out = '';
  for (const b of bytes) {
    if (b < 33 || b > 126 || b === 34 || b === 37) out += `%${b.toString(16).toUpperCase().padStart(2, '0')}`;
    else out += String.fromCharCode(b);
  }
  return out;
}
