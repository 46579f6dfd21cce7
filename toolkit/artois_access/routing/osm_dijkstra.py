"""Bounded one-to-many Dijkstra on a CSR graph (numba), for street walks.

Dijkstra (1959) with a binary heap, stopped once the next settled node lies beyond ``limit_m``;
run once per source, the distance array is reset only where it was touched, so many short searches
on a large network stay cheap.
"""

from __future__ import annotations

import heapq

import numpy as np
from numba import njit


@njit(cache=True)
def _grow(array, size):
    bigger = np.empty(max(2 * len(array), size), dtype=array.dtype)
    bigger[: len(array)] = array
    return bigger


@njit(cache=True)
def bounded_dijkstra(indptr, adj_node, adj_weight, seed_node, seed_dist, target_of_node, limit):
    """Walked distances from each source to the target nodes within ``limit``.

    Source ``i`` starts at the nodes ``seed_node[i, :]`` at distances ``seed_dist[i, :]`` (a point
    on a segment starts at both ends; -1 skips a seed, so an unlinked point has no search);
    ``target_of_node[node]`` is the target index of a node (-1 for other nodes). Returns CSR
    ``(indptr int64, target int64, dist float64)`` over the sources, targets in the order settled.
    """
    n_nodes = len(indptr) - 1
    dist = np.full(n_nodes, np.inf)
    done = np.zeros(n_nodes, dtype=np.bool_)
    touched = np.empty(1024, dtype=np.int64)
    n_sources = seed_node.shape[0]
    out_indptr = np.zeros(n_sources + 1, dtype=np.int64)
    out_target = np.empty(1024, dtype=np.int64)
    out_dist = np.empty(1024, dtype=np.float64)
    n_out = 0
    for i in range(n_sources):
        n_touched = 0
        heap = [(0.0, np.int64(0))]
        heap.pop()
        for s in range(seed_node.shape[1]):
            node = seed_node[i, s]
            d = seed_dist[i, s]
            if node >= 0 and d <= limit and d < dist[node]:
                if not dist[node] < np.inf:
                    if n_touched == len(touched):
                        touched = _grow(touched, n_touched + 1)
                    touched[n_touched] = node
                    n_touched += 1
                dist[node] = d
                heapq.heappush(heap, (d, node))
        while len(heap) > 0:
            d, node = heapq.heappop(heap)
            if done[node]:
                continue
            done[node] = True
            target = target_of_node[node]
            if target >= 0:
                if n_out == len(out_target):
                    out_target = _grow(out_target, n_out + 1)
                    out_dist = _grow(out_dist, n_out + 1)
                out_target[n_out] = target
                out_dist[n_out] = d
                n_out += 1
            for j in range(indptr[node], indptr[node + 1]):
                nxt = adj_node[j]
                nd = d + adj_weight[j]
                if nd < dist[nxt] and nd <= limit:
                    if not dist[nxt] < np.inf:
                        if n_touched == len(touched):
                            touched = _grow(touched, n_touched + 1)
                        touched[n_touched] = nxt
                        n_touched += 1
                    dist[nxt] = nd
                    heapq.heappush(heap, (nd, np.int64(nxt)))
        for t in range(n_touched):
            dist[touched[t]] = np.inf
            done[touched[t]] = False
        out_indptr[i + 1] = n_out
    return out_indptr, out_target[:n_out].copy(), out_dist[:n_out].copy()
