/**
 * The arrays of a parallel dataset: each one declared in the P-file must be found in every piece
 * with the declared type and components; the output array is allocated once and the pieces are
 * copied into it.
 */
import { ReadError } from '../../../errors.js';
import { type AnyArray, type DataSetAttributes, StringArray } from '../../data/attributes.js';
import { allocateTypedArray, DataArray, type TypedArray } from '../../data/data-array.js';
import { type ArrayDeclaration, type AttributeDeclarations, PARALLEL_FORMAT } from './parallel-header.js';

export type Association = 'point' | 'cell' | 'points' | 'coordinates';

/**
 * The arrays of one piece matching `declarations`, in declaration order. A missing array, or one
 * whose type or components differ from the declaration (or, when the P-file gives no type, from
 * the first piece's), raises ReadError naming the P-file, the piece and the array.
 */
export function matchDeclaredArrays(
  declarations: readonly ArrayDeclaration[],
  attributes: DataSetAttributes,
  association: Association,
  pieceFile: string,
  parallelFile: string,
  reference?: readonly AnyArray[],
): AnyArray[] {
  return declarations.map((declaration, index) => {
    const array = attributes.get(declaration.name);
    if (!array) {
      throw new ReadError(
        parallelFile,
        PARALLEL_FORMAT,
        `piece ${pieceFile} has no ${association} array '${declaration.name}' declared in the P-file`,
      );
    }
    checkDeclared(declaration, array, association, pieceFile, parallelFile, reference?.[index]);
    return array;
  });
}

function typeOf(array: AnyArray): string {
  return array instanceof DataArray ? array.dataType : 'String';
}

function componentsOf(array: AnyArray): number {
  return array instanceof DataArray ? array.numberOfComponents : 1;
}

/** Checks one piece array against its declaration (and the first piece's array when untyped). */
export function checkDeclared(
  declaration: ArrayDeclaration,
  array: AnyArray,
  association: Association,
  pieceFile: string,
  parallelFile: string,
  reference?: AnyArray,
): void {
  const label = `${association} array${declaration.name ? ` '${declaration.name}'` : ''}`;
  const expectedType = declaration.dataType ?? (reference ? typeOf(reference) : undefined);
  if (expectedType !== undefined && typeOf(array) !== expectedType) {
    throw new ReadError(
      parallelFile,
      PARALLEL_FORMAT,
      `piece ${pieceFile}: ${label} is ${typeOf(array)} but the P-file declares ${expectedType}`,
    );
  }
  if (componentsOf(array) !== declaration.numberOfComponents) {
    throw new ReadError(
      parallelFile,
      PARALLEL_FORMAT,
      `piece ${pieceFile}: ${label} has ${componentsOf(array)} components but the P-file declares ${declaration.numberOfComponents}`,
    );
  }
}

/**
 * Checks every piece's arrays (`sources[piece][array]`) against the declarations and, where a
 * declaration has no type, against the first piece's array.
 */
export function checkPieces(
  declarations: readonly ArrayDeclaration[],
  sources: readonly (readonly AnyArray[])[],
  association: Association,
  files: readonly string[],
  parallelFile: string,
): void {
  for (let p = 0; p < sources.length; p++) {
    for (let a = 0; a < declarations.length; a++) {
      checkDeclared(declarations[a], sources[p][a], association, files[p], parallelFile, sources[0][a]);
    }
  }
}

/** Checks that each of a piece's arrays has one tuple per point (or cell) of the piece. */
export function checkTupleCounts(
  arrays: readonly AnyArray[],
  expected: number,
  association: 'point' | 'cell',
  pieceFile: string,
  parallelFile: string,
): void {
  for (const array of arrays) {
    if (array.numberOfTuples !== expected) {
      throw new ReadError(
        parallelFile,
        PARALLEL_FORMAT,
        `piece ${pieceFile}: ${association} array '${array.name}' has ${array.numberOfTuples} tuples but the piece has ${expected} ${association}s`,
      );
    }
  }
}

/** A zeroed output array shaped like `like` (same name, type, components) with `tuples` tuples. */
export function allocateLike(like: AnyArray, tuples: number, name = like.name): AnyArray {
  if (like instanceof StringArray) return new StringArray(name, new Array<string>(tuples).fill(''));
  return new DataArray({
    name,
    values: allocateTypedArray(like.dataType, tuples * like.numberOfComponents),
    numberOfComponents: like.numberOfComponents,
    componentNames: like.componentNames ? [...like.componentNames] : undefined,
  });
}

type Settable = {
  set(values: ArrayLike<unknown>, offset?: number): void;
  subarray(a: number, b: number): TypedArray;
};

/** Copies `tuples` tuples from `source` at `sourceTuple` into `target` at `targetTuple` (same type). */
export function copyTuples(
  target: AnyArray,
  targetTuple: number,
  source: AnyArray,
  sourceTuple: number,
  tuples: number,
): void {
  if (tuples <= 0) return;
  if (target instanceof StringArray) {
    const from = (source as StringArray).values;
    for (let t = 0; t < tuples; t++) target.values[targetTuple + t] = from[sourceTuple + t];
    return;
  }
  const n = target.numberOfComponents;
  const from = (source as DataArray).values as unknown as Settable;
  (target.values as unknown as Settable).set(
    from.subarray(sourceTuple * n, (sourceTuple + tuples) * n),
    targetTuple * n,
  );
}

/**
 * The output array for `declaration`: shaped like the first piece's array, or from the declaration
 * alone when there is no piece (untyped declarations then default to Float32, as VTK's writers do).
 */
export function allocateDeclared(
  declaration: ArrayDeclaration,
  like: AnyArray | undefined,
  tuples: number,
): AnyArray {
  if (like) return allocateLike(like, tuples, declaration.name);
  if (declaration.dataType === 'String')
    return new StringArray(declaration.name, new Array<string>(tuples).fill(''));
  return DataArray.allocate(
    declaration.name,
    declaration.dataType ?? 'Float32',
    tuples,
    declaration.numberOfComponents,
  );
}

/** Adds the output arrays to `attributes` and makes the P-file's active attributes active. */
export function installArrays(
  attributes: DataSetAttributes,
  arrays: readonly AnyArray[],
  declarations: AttributeDeclarations,
): void {
  for (const array of arrays) {
    if (array instanceof DataArray) array.modified();
    attributes.add(array);
  }
  for (const [role, name] of Object.entries(declarations.active)) {
    attributes.setActive(role as keyof typeof declarations.active, name);
  }
}
