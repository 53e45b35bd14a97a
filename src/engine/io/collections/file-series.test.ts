/**
 * Grouping of numbered file names, checked against ParaView's vtkFileSequenceParser rules
 * (VTKExtensions/Core/vtkFileSequenceParser.cxx) and vtkPVFileInformation's grouping.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { groupFileSeries, orderByTime, parseSequenceName } from './file-series.js';

describe('parseSequenceName', () => {
  it('names sequences as ParaView does', () => {
    // Each case: file → [group name, index] by the regular expressions of vtkFileSequenceParser.
    const cases: [string, string, number][] = [
      ['name_0001.vtk', 'name_..vtk', 1],
      ['name-12.vtu', 'name-..vtu', 12],
      ['name.0007.vtp', 'name...vtp', 7],
      ['name0042.vtu', 'name..vtu', 42],
      ['dualSphereAnimation_P00T0003.vtp', 'dualSphereAnimation_P00T..vtp', 3],
      ['output.000123', 'output', 123],
      ['0005_step.vti', '.._step.vti', 5],
      ['12abc.vtk', '..abc.vtk', 12],
      ['run3_final.vtk', 'run.._final.vtk', 3],
    ];
    for (const [file, name, index] of cases) {
      const key = parseSequenceName(file);
      assert.ok(key, file);
      assert.equal(key.name, name, file);
      assert.equal(key.index, index, file);
    }
    assert.equal(parseSequenceName('mesh.vtk'), undefined);
  });
});

describe('groupFileSeries', () => {
  it('groups numbered files, orders them by number and leaves singletons alone', () => {
    const groups = groupFileSeries([
      'b_10.vtk',
      'mesh.vtk',
      'b_9.vtk',
      'a0002.vtu',
      'b_0011.vtk',
      'a0001.vtu',
      'c.0001.vtp',
      'lonely_7.stl',
    ]);
    assert.deepEqual(groups, [
      // 9 < 10 < 11 numerically although '10' < '9' as text, whatever the padding.
      { name: 'b_..vtk', files: ['b_9.vtk', 'b_10.vtk', 'b_0011.vtk'] },
      { name: 'mesh.vtk', files: ['mesh.vtk'] },
      { name: 'a..vtu', files: ['a0001.vtu', 'a0002.vtu'] },
      { name: 'c.0001.vtp', files: ['c.0001.vtp'] },
      { name: 'lonely_7.stl', files: ['lonely_7.stl'] },
    ]);
  });

  it('keeps extensions and folders apart and breaks number ties by the digits as written', () => {
    const groups = groupFileSeries([
      'd/x_1.vtk',
      'd/x_1.vtu',
      'e/x_2.vtk',
      'd/x_01.vtk',
      'd/x_2.vtk',
      'd/x_2.vtu',
    ]);
    assert.deepEqual(groups, [
      // '01' < '1' as text: ParaView's (number, text) key orders them so.
      { name: 'd/x_..vtk', files: ['d/x_01.vtk', 'd/x_1.vtk', 'd/x_2.vtk'] },
      { name: 'd/x_..vtu', files: ['d/x_1.vtu', 'd/x_2.vtu'] },
      { name: 'e/x_2.vtk', files: ['e/x_2.vtk'] },
    ]);
  });

  it('groups the dualSphereAnimation parts into one series per part', () => {
    const files: string[] = [];
    for (let t = 0; t <= 10; t++) {
      for (const p of ['P00', 'P01'])
        files.push(`dualSphereAnimation_${p}T${String(t).padStart(4, '0')}.vtp`);
    }
    const groups = groupFileSeries([...files].reverse());
    assert.deepEqual(
      groups.map((g) => [g.name, g.files.length, g.files[0], g.files[10]]),
      [
        [
          'dualSphereAnimation_P01T..vtp',
          11,
          'dualSphereAnimation_P01T0000.vtp',
          'dualSphereAnimation_P01T0010.vtp',
        ],
        [
          'dualSphereAnimation_P00T..vtp',
          11,
          'dualSphereAnimation_P00T0000.vtp',
          'dualSphereAnimation_P00T0010.vtp',
        ],
      ],
    );
  });

  it('returns nothing for nothing', () => {
    assert.deepEqual(groupFileSeries([]), []);
  });
});

describe('orderByTime', () => {
  it('sorts by time and lets a later file win a duplicate time, as vtkFileSeriesReader does', () => {
    const ordered = orderByTime([
      { time: 3, file: 'a' },
      { time: 1, file: 'b' },
      { time: 3, file: 'c' },
      { time: -2, file: 'd' },
    ]);
    assert.deepEqual(
      ordered.map((s) => s.file),
      ['d', 'b', 'c'],
    );
  });
});
