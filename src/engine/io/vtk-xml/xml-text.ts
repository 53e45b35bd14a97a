/** Writing XML text: escaped attribute values and exact numbers. */

/** Escapes a value for a double-quoted attribute (tabs and newlines too, so they survive reading). */
export function escapeAttribute(value: string): string {
  return value.replace(/[&<>"\t\n\r]/g, (c) => {
    switch (c) {
      case '&':
        return '&amp;';
      case '<':
        return '&lt;';
      case '>':
        return '&gt;';
      case '"':
        return '&quot;';
      default:
        return `&#${c.charCodeAt(0)};`;
    }
  });
}

/** ` name="value" …` for the given pairs. */
export function attributeText(attributes: readonly (readonly [string, string | number])[]): string {
  return attributes.map(([name, value]) => ` ${name}="${escapeAttribute(String(value))}"`).join('');
}

/** Numbers separated by spaces; String() of a double reads back to the same double. */
export function numberList(values: readonly number[]): string {
  return values.map((v) => String(v)).join(' ');
}
