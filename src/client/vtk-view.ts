/**
 * The vtk.js side of the LocalRenderer: one render window in an element, delivered pieces as
 * vtkActors, the camera, the background and interaction events. Browser only: vtk.js reads
 * `window` when loaded, so `local-renderer.ts` imports this module lazily (Node code may import
 * the client library without loading vtk.js).
 */
import '@kitware/vtk.js/Rendering/Profiles/Geometry.js';
import vtkDataArray from '@kitware/vtk.js/Common/Core/DataArray.js';
import vtkImageData from '@kitware/vtk.js/Common/DataModel/ImageData.js';
import vtkPolyData from '@kitware/vtk.js/Common/DataModel/PolyData.js';
import vtkActor from '@kitware/vtk.js/Rendering/Core/Actor.js';
import vtkMapper from '@kitware/vtk.js/Rendering/Core/Mapper.js';
import vtkTexture from '@kitware/vtk.js/Rendering/Core/Texture.js';
import vtkGenericRenderWindow from '@kitware/vtk.js/Rendering/Misc/GenericRenderWindow.js';
import type {
  GeometryActor,
  GeometryPiece,
  GeometryScene,
  Vector3,
  ViewCameraState,
} from '../server/geometry-delivery/messages.js';
import type { GeometryCache } from './geometry-cache.js';

/** RGBA pixels of the view, top row first. */
export interface RenderedPixels {
  width: number;
  height: number;
  data: Uint8ClampedArray;
}

export interface InteractionCallbacks {
  start(): void;
  /** Every camera step of a drag or wheel. */
  step(): void;
  end(): void;
}

type GenericRenderWindow = ReturnType<typeof vtkGenericRenderWindow.newInstance>;
type DataArray = ReturnType<typeof vtkDataArray.newInstance>;
type Mapper = ReturnType<typeof vtkMapper.newInstance>;
type Renderer = ReturnType<GenericRenderWindow['getRenderer']>;
type RendererActor = Parameters<Renderer['addActor']>[0];

/*
 * vtk.js's declarations lose inherited members under NodeNext resolution (their relative
 * imports carry no extension), so the few members used here are declared once and the vtk.js
 * objects are viewed through them.
 */
interface Attributes {
  setScalars(array: DataArray): boolean;
  setNormals(array: DataArray): boolean;
  setTCoords(array: DataArray): boolean;
}
interface CellArray {
  setData(values: Uint32Array): void;
}
interface PolyData {
  getPoints(): { setData(values: Float32Array, components: number): void };
  getVerts(): CellArray;
  getLines(): CellArray;
  getPolys(): CellArray;
  getPointData(): Attributes;
  getCellData(): Attributes;
}
interface ImageData {
  setDimensions(x: number, y: number, z: number): void;
  getPointData(): Attributes;
}
interface Texture {
  setInterpolate(interpolate: boolean): boolean;
  setInputData(image: ImageData): void;
}
interface Actor {
  setMapper(mapper: Mapper): void;
  getMapper(): Mapper | null;
  getProperty(): ReturnType<ReturnType<typeof vtkActor.newInstance>['getProperty']>;
  addTexture(texture: Texture): void;
  setPosition(x: number, y: number, z: number): boolean;
  setOrientation(x: number, y: number, z: number): boolean;
  setScale(x: number, y: number, z: number): boolean;
  delete(): void;
}
interface Subscription {
  unsubscribe(): void;
}
interface InteractionEvents {
  onStartInteractionEvent(callback: () => void): Subscription;
  onInteractionEvent(callback: () => void): Subscription;
  onEndInteractionEvent(callback: () => void): Subscription;
}

export class VtkView {
  readonly #element: HTMLElement;
  readonly #window: GenericRenderWindow;
  readonly #subscriptions: Subscription[] = [];
  #actors: Actor[] = [];

  constructor(element: HTMLElement) {
    this.#element = element;
    this.#window = vtkGenericRenderWindow.newInstance({ listenWindowResize: false, background: [0, 0, 0] });
    this.#window.setContainer(element);
    this.#window.resize();
  }

  /** Follows the element's size. */
  resize(): void {
    this.#window.resize();
  }

  /** Replaces every actor with the scene's pieces (arrays from `cache`) and sets the background. */
  show(scene: GeometryScene, cache: GeometryCache): void {
    this.#removeActors();
    const renderer = this.#window.getRenderer();
    for (const actor of scene.actors)
      for (const piece of actor.pieces) {
        const built = buildActor(actor, piece, cache);
        renderer.addActor(built as unknown as RendererActor);
        this.#actors.push(built);
      }
    renderer.setBackground(scene.background[0], scene.background[1], scene.background[2]);
  }

  setCamera(state: ViewCameraState): void {
    const renderer = this.#window.getRenderer();
    const camera = renderer.getActiveCamera();
    camera.setPosition(...state.position);
    camera.setFocalPoint(...state.focalPoint);
    camera.setViewUp(...state.viewUp);
    camera.setViewAngle(state.viewAngle);
    camera.setParallelProjection(state.parallelProjection);
    camera.setParallelScale(state.parallelScale);
    renderer.resetCameraClippingRange();
  }

  camera(): ViewCameraState {
    const camera = this.#window.getRenderer().getActiveCamera();
    return {
      position: vector(camera.getPosition()),
      focalPoint: vector(camera.getFocalPoint()),
      viewUp: vector(camera.getViewUp()),
      viewAngle: camera.getViewAngle(),
      parallelProjection: camera.getParallelProjection(),
      parallelScale: camera.getParallelScale(),
    };
  }

  render(): void {
    this.#window.getRenderWindow().render();
  }

  /** Renders now and returns the pixels. */
  readPixels(): RenderedPixels {
    const canvas = this.#element.querySelector('canvas');
    if (!canvas) throw new Error('LocalRenderer: the view has no canvas');
    this.render();
    // Read in the same task as the render: WebGL may clear its buffer once the frame is shown.
    const copy = document.createElement('canvas');
    copy.width = canvas.width;
    copy.height = canvas.height;
    const context = copy.getContext('2d');
    if (!context) throw new Error('LocalRenderer: no 2D context to read pixels');
    context.drawImage(canvas, 0, 0);
    const image = context.getImageData(0, 0, copy.width, copy.height);
    return { width: image.width, height: image.height, data: image.data };
  }

  /** Reports the user's drags and wheel zooms (vtkInteractorStyle's interaction events). */
  onInteraction(callbacks: InteractionCallbacks): void {
    const style = this.#window.getInteractor().getInteractorStyle() as unknown as InteractionEvents | null;
    if (!style) return;
    this.#subscriptions.push(
      style.onStartInteractionEvent(callbacks.start),
      style.onInteractionEvent(callbacks.step),
      style.onEndInteractionEvent(callbacks.end),
    );
  }

  dispose(): void {
    for (const subscription of this.#subscriptions.splice(0)) subscription.unsubscribe();
    this.#removeActors();
    // Unbinds the interactor's listeners from the element before the window goes.
    this.#window.setContainer(null as unknown as HTMLElement);
    this.#window.delete();
    this.#element.querySelector('canvas')?.remove();
  }

  #removeActors(): void {
    const renderer = this.#window.getRenderer();
    for (const actor of this.#actors) {
      renderer.removeActor(actor as unknown as RendererActor);
      actor.getMapper()?.delete();
      actor.delete();
    }
    this.#actors = [];
  }
}

function buildActor(actor: GeometryActor, piece: GeometryPiece, cache: GeometryCache): Actor {
  const polyData = vtkPolyData.newInstance() as unknown as PolyData;
  polyData.getPoints().setData(cache.float32(piece.points), 3);
  if (piece.verts) polyData.getVerts().setData(cache.uint32(piece.verts));
  if (piece.lines) polyData.getLines().setData(cache.uint32(piece.lines));
  if (piece.polys) polyData.getPolys().setData(cache.uint32(piece.polys));
  if (piece.normals)
    polyData.getPointData().setNormals(dataArray('Normals', 3, cache.float32(piece.normals)));
  const mapper = vtkMapper.newInstance();
  mapper.setInputData(polyData as unknown as Parameters<Mapper['setInputData']>[0]);
  const built = vtkActor.newInstance() as unknown as Actor;
  built.setMapper(mapper);
  const properties = actor.properties;
  const property = built.getProperty();
  property.setOpacity(properties.opacity);
  property.setPointSize(properties.pointSize);
  property.setLineWidth(properties.lineWidth);
  const coloring = piece.coloring;
  if (coloring.kind === 'point-texture') {
    // The server's colour-map texture sampled nearest: exactly its colours. A texture
    // multiplies the diffuse colour, so that is white.
    const coordinates = cache.float32(coloring.coordinates);
    const tcoords = new Float32Array(coordinates.length * 2);
    for (let i = 0; i < coordinates.length; i++) {
      tcoords[2 * i] = coordinates[i];
      tcoords[2 * i + 1] = 0.5;
    }
    polyData.getPointData().setTCoords(dataArray('TCoords', 2, tcoords));
    const image = vtkImageData.newInstance() as unknown as ImageData;
    image.setDimensions(coloring.textureWidth, 1, 1);
    image.getPointData().setScalars(dataArray('Colors', 4, cache.uint8(coloring.texture)));
    const texture = vtkTexture.newInstance() as unknown as Texture;
    texture.setInterpolate(false);
    texture.setInputData(image);
    built.addTexture(texture);
    mapper.setScalarVisibility(false);
    property.setDiffuseColor(1, 1, 1);
  } else if (coloring.kind === 'cell-rgba') {
    polyData.getCellData().setScalars(dataArray('Colors', 4, cache.uint8(coloring.colors)));
    mapper.setScalarVisibility(true);
    mapper.setScalarModeToUseCellData();
    mapper.setColorModeToDirectScalars();
  } else {
    mapper.setScalarVisibility(false);
    const [r, g, b]: Vector3 = piece.role === 'edges' ? properties.edgeColor : properties.diffuseColor;
    property.setDiffuseColor(r, g, b);
  }
  built.setPosition(...properties.position);
  built.setOrientation(...properties.orientation);
  built.setScale(...properties.scale);
  return built;
}

function dataArray(name: string, numberOfComponents: number, values: Float32Array | Uint8Array): DataArray {
  return vtkDataArray.newInstance({ name, numberOfComponents, values });
}

function vector(values: ArrayLike<number>): Vector3 {
  return [values[0], values[1], values[2]];
}
