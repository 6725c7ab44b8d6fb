/**
 * A trie over UTF-16 code units frozen into flat typed arrays, for hot matching
 * loops: a child look-up is a short scan (or a bisection) of a sorted slice
 * instead of a Map look-up per character.
 */

/** A trie node while building: children by code unit (0–65535). */
export interface TrieBuildNode {
  next: Map<number, TrieBuildNode>;
}

/**
 * The flat form: node 0 is the root; the children of node `x` are slots
 * `first[x]` … `first[x] + count[x] - 1` of `codes` (sorted) and `kids`.
 */
export interface FlatTrie<P> {
  first: Int32Array;
  count: Int32Array;
  codes: Uint16Array;
  kids: Int32Array;
  /** Payload per node, null for none. */
  payload: Array<P | null>;
  /**
   * The root's children by code unit (0 = none, else child + 1), when the root has more
   * than a few children: one array read for the first step of every walk.
   */
  rootTable: Int32Array | null;
}

/** Children searched linearly up to this many, by bisection above. */
const LINEAR_CHILDREN = 8;

/**
 * Flattens a trie (breadth first), with the payload `payloadOf` gives each node.
 *
 * @example
 * const root = { next: new Map([[97, { next: new Map() }]]) };
 * const f = flattenTrie(root, (n) => (n === root ? null : 'a'));
 * f.payload[childOf(f, 0, 97)] // 'a'
 */
export function flattenTrie<N extends TrieBuildNode, P>(root: N, payloadOf: (n: N) => P | null): FlatTrie<P> {
  const nodes: N[] = [root];
  for (let k = 0; k < nodes.length; k++) for (const nx of nodes[k]!.next.values()) nodes.push(nx as N);
  const index = new Map<TrieBuildNode, number>();
  nodes.forEach((n, k) => index.set(n, k));
  const first = new Int32Array(nodes.length);
  const count = new Int32Array(nodes.length);
  const codes = new Uint16Array(Math.max(0, nodes.length - 1));
  const kids = new Int32Array(Math.max(0, nodes.length - 1));
  const payload: Array<P | null> = new Array<P | null>(nodes.length);
  let slot = 0;
  for (let k = 0; k < nodes.length; k++) {
    const n = nodes[k]!;
    first[k] = slot;
    count[k] = n.next.size;
    payload[k] = payloadOf(n);
    for (const [code, nx] of [...n.next].sort((a, b) => a[0] - b[0])) {
      codes[slot] = code;
      kids[slot] = index.get(nx)!;
      slot++;
    }
  }
  let rootTable: Int32Array | null = null;
  if (count[0]! > LINEAR_CHILDREN) {
    rootTable = new Int32Array(0x10000);
    for (let k = first[0]!, e = first[0]! + count[0]!; k < e; k++) rootTable[codes[k]!] = kids[k]! + 1;
  }
  return { first, count, codes, kids, payload, rootTable };
}

/**
 * The child of `node` by code unit `c`, or -1.
 *
 * @example
 * childOf(flattenTrie({ next: new Map() }, () => null), 0, 97) // -1
 */
export function childOf<P>(f: FlatTrie<P>, node: number, c: number): number {
  if (node === 0 && f.rootTable !== null) return f.rootTable[c]! - 1;
  const lo0 = f.first[node]!;
  const n = f.count[node]!;
  const codes = f.codes;
  if (n <= LINEAR_CHILDREN) {
    for (let k = lo0, e = lo0 + n; k < e; k++) if (codes[k] === c) return f.kids[k]!;
    return -1;
  }
  let lo = lo0;
  let hi = lo0 + n - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const v = codes[mid]!;
    if (v === c) return f.kids[mid]!;
    if (v < c) lo = mid + 1;
    else hi = mid - 1;
  }
  return -1;
}
