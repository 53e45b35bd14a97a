/**
 * Registers every built-in reader and writer with the registry. Importing `engine/io/index.ts`
 * runs this once. Order matters only for sniffing ambiguous extensions (later wins ties).
 */
import { collectionReaders, collectionWriters, readFileSeriesLabel } from './collections/index.js';
import { csvReader } from './csv/index.js';
import { objReader } from './obj/index.js';
import { plyReader } from './ply/index.js';
import { registerReader, registerVirtualPathReader, registerWriter } from './registry.js';
import { stlReader, stlWriter } from './stl/index.js';
import { vtkLegacyReader, vtkLegacyWriter } from './vtk-legacy/index.js';
import { vtkXmlReader, vtkXmlWriter } from './vtk-xml/index.js';

for (const reader of [
  vtkLegacyReader,
  vtkXmlReader,
  ...collectionReaders,
  stlReader,
  plyReader,
  objReader,
  csvReader,
]) {
  registerReader(reader);
}
for (const writer of [vtkXmlWriter, ...collectionWriters, vtkLegacyWriter, stlWriter]) {
  registerWriter(writer);
}
// ParaView shows `step_0.vtu, step_1.vtu, …` as one entry `step_..vtu`; opening that label reads the series.
registerVirtualPathReader(readFileSeriesLabel);
