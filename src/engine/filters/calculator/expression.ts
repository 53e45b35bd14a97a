/**
 * ParaView's calculator language: tokenizer and recursive-descent parser producing a typed AST
 * (every node is a scalar or a 3-vector). No user text is ever evaluated as JavaScript: the AST
 * is interpreted by `evaluate.ts`. Errors give the character position (1-based) of the fault.
 */

export type ValueKind = 'scalar' | 'vector';

export type Expression =
  | { node: 'number'; value: number; kind: 'scalar' }
  /** An input: a whole array (scalar or vector) or one component of it. */
  | { node: 'variable'; name: string; component: number | null; kind: ValueKind }
  | { node: 'coordinates'; component: number | null; kind: ValueKind }
  | { node: 'constant-vector'; value: [number, number, number]; kind: 'vector' }
  | { node: 'unary'; op: '-'; operand: Expression; kind: ValueKind }
  | { node: 'binary'; op: '+' | '-' | '*' | '/' | '^'; left: Expression; right: Expression; kind: ValueKind }
  | { node: 'call'; fn: string; args: Expression[]; kind: ValueKind };

/** What the parser needs to know about the variables: component counts by array name. */
export interface VariableTable {
  arrays: ReadonlyMap<string, number>;
  /** Whether coordsX/Y/Z and coords may be used (point data). */
  coordinates: boolean;
}

export class ExpressionError extends Error {
  constructor(
    readonly position: number,
    detail: string,
  ) {
    super(`${detail} at character ${position}`);
  }
}

type Token =
  | { type: 'number'; value: number; at: number }
  | { type: 'name'; value: string; quoted: boolean; at: number }
  | { type: 'op'; value: string; at: number }
  | { type: 'end'; at: number };

export function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < text.length) {
    const ch = text[i];
    if (/\s/.test(ch)) {
      i++;
      continue;
    }
    const at = i + 1;
    const number = /^(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?/.exec(text.slice(i));
    if (number) {
      tokens.push({ type: 'number', value: Number(number[0]), at });
      i += number[0].length;
      continue;
    }
    const name = /^[A-Za-z_][A-Za-z0-9_]*/.exec(text.slice(i));
    if (name) {
      tokens.push({ type: 'name', value: name[0], quoted: false, at });
      i += name[0].length;
      continue;
    }
    if (ch === '"' || ch === "'") {
      const end = text.indexOf(ch, i + 1);
      if (end < 0) throw new ExpressionError(at, 'unterminated quoted name');
      tokens.push({ type: 'name', value: text.slice(i + 1, end), quoted: true, at });
      i = end + 1;
      continue;
    }
    if ('+-*/^(),'.includes(ch)) {
      tokens.push({ type: 'op', value: ch, at });
      i++;
      continue;
    }
    throw new ExpressionError(at, `unexpected character '${ch}'`);
  }
  tokens.push({ type: 'end', at: text.length + 1 });
  return tokens;
}

const SCALAR_FUNCTIONS = new Set([
  'abs',
  'ceil',
  'floor',
  'sqrt',
  'exp',
  'ln',
  'log',
  'log10',
  'sin',
  'cos',
  'tan',
  'asin',
  'acos',
  'atan',
  'sinh',
  'cosh',
  'tanh',
  'sign',
]);

const SUFFIXES: Record<string, number> = { X: 0, Y: 1, Z: 2 };

class Parser {
  #tokens: Token[];
  #index = 0;
  constructor(
    text: string,
    readonly variables: VariableTable,
  ) {
    this.#tokens = tokenize(text);
  }

  get #peek(): Token {
    return this.#tokens[this.#index];
  }

  #isOp(value: string): boolean {
    const t = this.#peek;
    return t.type === 'op' && t.value === value;
  }

  #expect(value: string): void {
    if (!this.#isOp(value)) throw new ExpressionError(this.#peek.at, `expected '${value}'`);
    this.#index++;
  }

  parse(): Expression {
    if (this.#peek.type === 'end') throw new ExpressionError(1, 'empty expression');
    const e = this.#sum();
    const rest: Token = this.#tokens[this.#index];
    if (rest.type !== 'end') throw new ExpressionError(rest.at, 'unexpected input');
    return e;
  }

  #sum(): Expression {
    let left = this.#product();
    while (this.#isOp('+') || this.#isOp('-')) {
      const at = this.#peek.at;
      const op = (this.#tokens[this.#index++] as { value: '+' | '-' }).value;
      const right = this.#product();
      if (left.kind !== right.kind)
        throw new ExpressionError(
          at,
          `cannot ${op === '+' ? 'add' : 'subtract'} a ${right.kind} and a ${left.kind}`,
        );
      left = { node: 'binary', op, left, right, kind: left.kind };
    }
    return left;
  }

  #product(): Expression {
    let left = this.#unary();
    while (this.#isOp('*') || this.#isOp('/')) {
      const at = this.#peek.at;
      const op = (this.#tokens[this.#index++] as { value: '*' | '/' }).value;
      const right = this.#unary();
      let kind: ValueKind;
      if (left.kind === 'vector' && right.kind === 'vector') {
        throw new ExpressionError(
          at,
          `cannot ${op === '*' ? 'multiply' : 'divide'} two vectors; use dot() or cross()`,
        );
      } else if (op === '/' && right.kind === 'vector') {
        throw new ExpressionError(at, 'cannot divide by a vector');
      } else {
        kind = left.kind === 'vector' || right.kind === 'vector' ? 'vector' : 'scalar';
      }
      left = { node: 'binary', op, left, right, kind };
    }
    return left;
  }

  #unary(): Expression {
    if (this.#isOp('-') || this.#isOp('+')) {
      const negate = this.#isOp('-');
      this.#index++;
      const operand = this.#unary();
      return negate ? { node: 'unary', op: '-', operand, kind: operand.kind } : operand;
    }
    return this.#power();
  }

  #power(): Expression {
    const base = this.#primary();
    if (!this.#isOp('^')) return base;
    const at = this.#peek.at;
    this.#index++;
    // Right-associative, and binds tighter than unary minus on its left: -2^2 = -4.
    const exponent = this.#unary();
    if (base.kind !== 'scalar' || exponent.kind !== 'scalar')
      throw new ExpressionError(at, '^ needs scalars');
    return { node: 'binary', op: '^', left: base, right: exponent, kind: 'scalar' };
  }

  #primary(): Expression {
    const t = this.#peek;
    if (t.type === 'number') {
      this.#index++;
      return { node: 'number', value: t.value, kind: 'scalar' };
    }
    if (t.type === 'op' && t.value === '(') {
      this.#index++;
      const e = this.#sum();
      this.#expect(')');
      return e;
    }
    if (t.type === 'name') {
      this.#index++;
      if (!t.quoted && this.#isOp('(')) return this.#call(t.value, t.at);
      return this.#variable(t.value, t.quoted, t.at);
    }
    throw new ExpressionError(
      t.at,
      t.type === 'end' ? 'unexpected end of expression' : `unexpected '${t.value}'`,
    );
  }

  #call(fn: string, at: number): Expression {
    this.#expect('(');
    const args: Expression[] = [];
    if (!this.#isOp(')')) {
      args.push(this.#sum());
      while (this.#isOp(',')) {
        this.#index++;
        args.push(this.#sum());
      }
    }
    this.#expect(')');
    const arity = (n: number) => {
      if (args.length !== n)
        throw new ExpressionError(at, `${fn}() takes ${n} argument${n === 1 ? '' : 's'}, got ${args.length}`);
    };
    const kinds = (...expected: ValueKind[]) => {
      args.forEach((a, i) => {
        if (a.kind !== expected[i])
          throw new ExpressionError(at, `${fn}() argument ${i + 1} must be a ${expected[i]}`);
      });
    };
    if (SCALAR_FUNCTIONS.has(fn)) {
      arity(1);
      kinds('scalar');
      return { node: 'call', fn, args, kind: 'scalar' };
    }
    switch (fn) {
      case 'min':
      case 'max':
      case 'pow':
        arity(2);
        kinds('scalar', 'scalar');
        return { node: 'call', fn, args, kind: 'scalar' };
      case 'mag':
        arity(1);
        kinds('vector');
        return { node: 'call', fn, args, kind: 'scalar' };
      case 'norm':
        arity(1);
        kinds('vector');
        return { node: 'call', fn, args, kind: 'vector' };
      case 'dot':
        arity(2);
        kinds('vector', 'vector');
        return { node: 'call', fn, args, kind: 'scalar' };
      case 'cross':
        arity(2);
        kinds('vector', 'vector');
        return { node: 'call', fn, args, kind: 'vector' };
      default:
        throw new ExpressionError(at, `unknown function '${fn}'`);
    }
  }

  #variable(name: string, quoted: boolean, at: number): Expression {
    const { arrays, coordinates } = this.variables;
    const whole = arrays.get(name);
    if (whole !== undefined) return this.#wholeArray(name, whole, at);
    if (!quoted) {
      if (name === 'iHat') return { node: 'constant-vector', value: [1, 0, 0], kind: 'vector' };
      if (name === 'jHat') return { node: 'constant-vector', value: [0, 1, 0], kind: 'vector' };
      if (name === 'kHat') return { node: 'constant-vector', value: [0, 0, 1], kind: 'vector' };
      const coordinate = /^coords([XYZ])?$/.exec(name);
      if (coordinate) {
        if (!coordinates) throw new ExpressionError(at, `${name} is only available for point data`);
        return coordinate[1]
          ? { node: 'coordinates', component: SUFFIXES[coordinate[1]], kind: 'scalar' }
          : { node: 'coordinates', component: null, kind: 'vector' };
      }
    }
    // name_X, name_Y, name_Z or name_<index>: one component of an array.
    const suffix = /^(.*)_([XYZ]|\d+)$/.exec(name);
    if (suffix && arrays.has(suffix[1])) {
      const components = arrays.get(suffix[1])!;
      const component = suffix[2] in SUFFIXES ? SUFFIXES[suffix[2]] : Number(suffix[2]);
      if (component >= components) {
        throw new ExpressionError(
          at,
          `array '${suffix[1]}' has ${components} component(s); no component ${suffix[2]}`,
        );
      }
      return { node: 'variable', name: suffix[1], component, kind: 'scalar' };
    }
    const known = [...arrays.keys()];
    if (coordinates) known.push('coordsX', 'coordsY', 'coordsZ', 'coords');
    known.push('iHat', 'jHat', 'kHat');
    throw new ExpressionError(at, `unknown array '${name}'; known: ${known.join(', ')}`);
  }

  #wholeArray(name: string, components: number, at: number): Expression {
    if (components === 1) return { node: 'variable', name, component: 0, kind: 'scalar' };
    if (components === 3) return { node: 'variable', name, component: null, kind: 'vector' };
    throw new ExpressionError(
      at,
      `array '${name}' has ${components} components; use ${name}_0 … ${name}_${components - 1}`,
    );
  }
}

/** Parses `text` against the available variables; throws ExpressionError. */
export function parseExpression(text: string, variables: VariableTable): Expression {
  return new Parser(text, variables).parse();
}

/** Names of the arrays an expression reads. */
export function variablesOf(e: Expression, out = new Set<string>()): Set<string> {
  switch (e.node) {
    case 'variable':
      out.add(e.name);
      break;
    case 'unary':
      variablesOf(e.operand, out);
      break;
    case 'binary':
      variablesOf(e.left, out);
      variablesOf(e.right, out);
      break;
    case 'call':
      for (const a of e.args) variablesOf(a, out);
      break;
    default:
      break;
  }
  return out;
}
