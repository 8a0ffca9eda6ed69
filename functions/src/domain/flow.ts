/**
 * Minimum-cost maximum flow on small integer costs, by the primal-dual method:
 * Dijkstra with potentials finds the shortest-path distances, then blocking
 * flows (Dinic) saturate every shortest path at once. Exact: it returns the
 * largest flow, and among the largest flows one of least total cost.
 * Costs must be non-negative.
 */
export class FlowNetwork {
  private readonly head: Int32Array;
  private next: Int32Array;
  private to: Int32Array;
  private capacity: Int32Array;
  private cost: Int32Array;
  private edges = 0;

  constructor(nodeCount: number, expectedEdges = 16) {
    this.head = new Int32Array(nodeCount).fill(-1);
    this.next = new Int32Array(expectedEdges * 2);
    this.to = new Int32Array(expectedEdges * 2);
    this.capacity = new Int32Array(expectedEdges * 2);
    this.cost = new Int32Array(expectedEdges * 2);
  }

  get nodeCount(): number {
    return this.head.length;
  }

  private grow(): void {
    const size = this.next.length * 2;
    const copy = (a: Int32Array) => {
      const b = new Int32Array(size);
      b.set(a);
      return b;
    };
    this.next = copy(this.next);
    this.to = copy(this.to);
    this.capacity = copy(this.capacity);
    this.cost = copy(this.cost);
  }

  private push(from: number, to: number, capacity: number, cost: number): void {
    if (this.edges === this.next.length) this.grow();
    const e = this.edges++;
    this.to[e] = to;
    this.capacity[e] = capacity;
    this.cost[e] = cost;
    this.next[e] = this.head[from]!;
    this.head[from] = e;
  }

  /** Adds an edge; returns its id (its reverse is id ^ 1). */
  addEdge(from: number, to: number, capacity: number, cost: number): number {
    if (cost < 0) throw new Error("FlowNetwork costs must be non-negative");
    const id = this.edges;
    this.push(from, to, capacity, cost);
    this.push(to, from, 0, -cost);
    return id;
  }

  /** Flow carried by edge `id` (as returned by addEdge). */
  flowOn(id: number): number {
    return this.capacity[id ^ 1]!;
  }

  minCostMaxFlow(source: number, sink: number): { flow: number; cost: number } {
    const n = this.nodeCount;
    const potential = new Float64Array(n);
    const dist = new Float64Array(n);
    const level = new Int32Array(n);
    const cursor = new Int32Array(n);
    const queue = new Int32Array(n);
    let flow = 0;
    let totalCost = 0;
    const reduced = (from: number, e: number) => this.cost[e]! + potential[from]! - potential[this.to[e]!]!;

    for (;;) {
      this.dijkstra(source, potential, dist);
      if (dist[sink] === Infinity) break;
      for (let v = 0; v < n; v++) if (dist[v] !== Infinity) potential[v]! += dist[v]!;

      // Blocking flows over the admissible edges (residual, reduced cost 0).
      for (;;) {
        level.fill(-1);
        level[source] = 0;
        let qh = 0;
        let qt = 0;
        queue[qt++] = source;
        while (qh < qt) {
          const u = queue[qh++]!;
          for (let e = this.head[u]!; e !== -1; e = this.next[e]!) {
            const v = this.to[e]!;
            if (this.capacity[e]! > 0 && level[v] === -1 && reduced(u, e) === 0) {
              level[v] = level[u]! + 1;
              queue[qt++] = v;
            }
          }
        }
        if (level[sink] === -1) break;
        cursor.set(this.head);
        for (;;) {
          const pushed = this.augment(source, sink, Number.MAX_SAFE_INTEGER, level, cursor, reduced);
          if (pushed === 0) break;
          flow += pushed;
        }
      }
    }
    for (let e = 0; e < this.edges; e += 2) totalCost += this.cost[e]! * this.capacity[e ^ 1]!;
    return { flow, cost: totalCost };
  }

  private augment(
    u: number,
    sink: number,
    limit: number,
    level: Int32Array,
    cursor: Int32Array,
    reduced: (from: number, e: number) => number,
  ): number {
    if (u === sink) return limit;
    for (; cursor[u] !== -1; cursor[u] = this.next[cursor[u]!]!) {
      const e = cursor[u]!;
      const v = this.to[e]!;
      if (this.capacity[e]! <= 0 || level[v] !== level[u]! + 1 || reduced(u, e) !== 0) continue;
      const pushed = this.augment(v, sink, Math.min(limit, this.capacity[e]!), level, cursor, reduced);
      if (pushed > 0) {
        this.capacity[e]! -= pushed;
        this.capacity[e ^ 1]! += pushed;
        return pushed;
      }
    }
    return 0;
  }

  private dijkstra(source: number, potential: Float64Array, dist: Float64Array): void {
    dist.fill(Infinity);
    dist[source] = 0;
    // Binary heap of (distance, node), lazy deletion.
    const heapDist: number[] = [0];
    const heapNode: number[] = [source];
    const pop = () => {
      const d = heapDist[0]!;
      const v = heapNode[0]!;
      const lastD = heapDist.pop()!;
      const lastV = heapNode.pop()!;
      if (heapDist.length > 0) {
        let i = 0;
        for (;;) {
          const l = 2 * i + 1;
          if (l >= heapDist.length) break;
          const r = l + 1;
          const c = r < heapDist.length && heapDist[r]! < heapDist[l]! ? r : l;
          if (heapDist[c]! >= lastD) break;
          heapDist[i] = heapDist[c]!;
          heapNode[i] = heapNode[c]!;
          i = c;
        }
        heapDist[i] = lastD;
        heapNode[i] = lastV;
      }
      return [d, v] as const;
    };
    const pushHeap = (d: number, v: number) => {
      let i = heapDist.length;
      heapDist.push(d);
      heapNode.push(v);
      while (i > 0) {
        const p = (i - 1) >> 1;
        if (heapDist[p]! <= d) break;
        heapDist[i] = heapDist[p]!;
        heapNode[i] = heapNode[p]!;
        i = p;
      }
      heapDist[i] = d;
      heapNode[i] = v;
    };
    while (heapDist.length > 0) {
      const [d, u] = pop();
      if (d > dist[u]!) continue;
      for (let e = this.head[u]!; e !== -1; e = this.next[e]!) {
        if (this.capacity[e]! <= 0) continue;
        const v = this.to[e]!;
        const nd = d + this.cost[e]! + potential[u]! - potential[v]!;
        if (nd < dist[v]!) {
          dist[v] = nd;
          pushHeap(nd, v);
        }
      }
    }
  }
}
