import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ReadError } from '../../../errors.js';
import { childNamed, lineAt, parseXml } from './xml-document.js';

const bytes = (s: string) => new TextEncoder().encode(s);

test('elements, attributes with entities, comments, declarations and text ranges', () => {
  const text = `<?xml version="1.0"?>
<!-- a comment with <tags> -->
<VTKFile type='PolyData' name="a &amp; b &lt;c&gt; &quot;d&quot; &#x3b4;&#955;">
  <PolyData>
    <Piece/>
    <DataArray>  1 2 3  </DataArray>
  </PolyData>
</VTKFile>`;
  const doc = parseXml(bytes(text), { file: 'x.vtp' });
  assert.equal(doc.root.name, 'VTKFile');
  assert.equal(doc.root.attributes.get('type'), 'PolyData');
  assert.equal(doc.root.attributes.get('name'), 'a & b <c> "d" δλ');
  const poly = childNamed(doc.root, 'PolyData');
  assert.ok(poly);
  assert.deepEqual(
    poly.children.map((c) => c.name),
    ['Piece', 'DataArray'],
  );
  const [start, end] = poly.children[1].text[0];
  assert.equal(new TextDecoder().decode(doc.bytes.subarray(start, end)).trim(), '1 2 3');
  assert.equal(doc.appendedDataStart, -1);
});

test('parsing stops after the _ of <AppendedData>, whatever follows', () => {
  const head = bytes('<VTKFile type="ImageData"><ImageData/><AppendedData encoding="raw">\n   _');
  const file = new Uint8Array([...head, 0x3c, 0x00, 0xff, 0x3e]);
  const doc = parseXml(file, { file: 'x.vti' });
  assert.equal(doc.appendedDataStart, head.length);
  assert.equal(doc.appendedData?.attributes.get('encoding'), 'raw');
});

test('errors give the line and byte offset', () => {
  const text = '<VTKFile>\n  <A>\n  </B>\n</VTKFile>';
  assert.throws(
    () => parseXml(bytes(text), { file: 'bad.vtu' }),
    (error: unknown) => {
      assert.ok(error instanceof ReadError);
      assert.equal(error.line, 3);
      assert.equal(error.offset, text.indexOf('</B>'));
      assert.match(error.detail, /expected <\/A> but found <\/B>/);
      return true;
    },
  );
  assert.throws(() => parseXml(bytes('<A><!-- never closed'), { file: 'c.vtu' }), /unterminated comment/);
  assert.throws(() => parseXml(bytes('<A></A><B/>'), { file: 'd.vtu' }), /a second root element <B>/);
  assert.throws(() => parseXml(bytes('  \n '), { file: 'e.vtu' }), /no root element/);
  assert.throws(() => parseXml(bytes('<A b="<"/>'), { file: 'f.vtu' }), /'<' inside the value/);
});

test('lineAt counts newlines before an offset', () => {
  const b = bytes('a\nb\nc');
  assert.equal(lineAt(b, 0), 1);
  assert.equal(lineAt(b, 2), 2);
  assert.equal(lineAt(b, 4), 3);
});
