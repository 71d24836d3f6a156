"""Vector store capacity points at 1M vectors: build time, memory and recall@10 of faiss HNSW
(the in-process backend past its threshold) and IVF-PQ (the compressed index a sharded vector
engine such as Milvus serves at 10M-100M), and search latency p50/p99 under 16 concurrent
clients, through ``VectorIndex`` as the service calls it and through the bare faiss index.

Vectors come from bench/search_speed.py's clustered generator (real embeddings are clustered).
Memory is the index's own size (faiss serialised bytes, which is what it holds in RAM) plus the
process's peak RSS. Writes bench/results/vector_capacity.json.

    nice .venv/bin/python bench/vector_capacity.py [--n 1000000] [--dim 768]
"""
from __future__ import annotations

import argparse
import json
import os
import resource
import sys
import threading
import time
from pathlib import Path

import faiss
import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
from analysis.engine.index import DEFAULT_EF_CONSTRUCTION, DEFAULT_EF_SEARCH, DEFAULT_HNSW_M, VectorIndex  # noqa: E402
from bench.search_speed import K, clustered, exact_topk, recall  # noqa: E402

RESULTS = ROOT / "bench" / "results" / "vector_capacity.json"


def rss_peak_mb() -> float:
    return round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)


def index_mb(index) -> float:
    return round(faiss.serialize_index(index).nbytes / 2**20, 1)


def concurrent(search_one, queries: np.ndarray, clients: int, per_client: int) -> dict:
    """``clients`` threads, each sending ``per_client`` single queries back to back."""
    times: list[float] = []
    lock = threading.Lock()

    def client(offset: int) -> None:
        mine = []
        for i in range(per_client):
            q = queries[(offset * per_client + i) % len(queries)]
            start = time.perf_counter()
            search_one(q)
            mine.append(time.perf_counter() - start)
        with lock:
            times.extend(mine)

    threads = [threading.Thread(target=client, args=(c,)) for c in range(clients)]
    started = time.perf_counter()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    wall = time.perf_counter() - started
    ms = np.array(times) * 1000
    return {"clients": clients, "queries": len(ms), "p50_ms": round(float(np.median(ms)), 3),
            "p99_ms": round(float(np.percentile(ms, 99)), 3), "qps": round(len(ms) / wall, 1)}


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--n", type=int, default=1_000_000)
    parser.add_argument("--dim", type=int, default=768)
    parser.add_argument("--queries", type=int, default=200)
    parser.add_argument("--clients", type=int, default=16)
    parser.add_argument("--per-client", type=int, default=25)
    parser.add_argument("--nlist", type=int, default=1024)
    parser.add_argument("--pq-m", type=int, default=96, help="PQ sub-quantizers (8 bits each): bytes per vector")
    parser.add_argument("--nprobe", type=int, nargs="+", default=[16, 64])
    parser.add_argument("--output", type=Path, default=RESULTS)
    args = parser.parse_args()

    report: dict = {"n": args.n, "dim": args.dim, "cpus": os.cpu_count(), "faiss_threads": faiss.omp_get_max_threads(),
                    "load_avg_before": [round(v, 2) for v in os.getloadavg()], "started": time.time()}
    rng = np.random.default_rng(7)
    x, q = clustered(args.n, args.dim, rng, args.queries)
    truth = exact_topk(x, q)
    report["raw_vectors_mb"] = round(x.nbytes / 2**20, 1)

    # HNSW: the in-process backend past its threshold, with the service's settings.
    t0 = time.perf_counter()
    hnsw = faiss.IndexHNSWFlat(args.dim, DEFAULT_HNSW_M, faiss.METRIC_INNER_PRODUCT)
    hnsw.hnsw.efConstruction = DEFAULT_EF_CONSTRUCTION
    hnsw.add(x)
    build = time.perf_counter() - t0
    hnsw.hnsw.efSearch = DEFAULT_EF_SEARCH
    _, found = hnsw.search(q, K)
    report["hnsw"] = {"M": DEFAULT_HNSW_M, "ef_construction": DEFAULT_EF_CONSTRUCTION, "ef_search": DEFAULT_EF_SEARCH,
                      "build_s": round(build, 1), "index_mb": index_mb(hnsw), "recall_at_10": recall(found, truth),
                      "load_avg_after_build": round(os.getloadavg()[0], 2)}
    params = faiss.SearchParametersHNSW(efSearch=DEFAULT_EF_SEARCH)
    faiss.omp_set_num_threads(1)  # one thread per query: the clients are the parallelism
    report["hnsw"]["concurrent_bare"] = concurrent(lambda v: hnsw.search(v[None, :], K, params=params), q,
                                                   args.clients, args.per_client)
    report["hnsw"]["single_client_bare"] = concurrent(lambda v: hnsw.search(v[None, :], K, params=params), q, 1,
                                                      args.per_client * 4)
    faiss.omp_set_num_threads(report["faiss_threads"])
    print(json.dumps(report["hnsw"]), flush=True)

    # The same graph behind VectorIndex, as the service searches it (its lock included).
    ours = VectorIndex(args.dim, hnsw_threshold=1)
    ours._vecs, ours._n = x, args.n
    ours._row_ids = [f"{i:07d}" for i in range(args.n)]
    ours._row_of = {asset_id: i for i, asset_id in enumerate(ours._row_ids)}
    ours._hnsw, ours._hnsw_ids, ours._hnsw_pos_of = hnsw, list(ours._row_ids), dict(ours._row_of)
    ours._alive_bits = np.packbits(np.ones(args.n, dtype=bool), bitorder="little")
    faiss.omp_set_num_threads(1)
    report["hnsw"]["concurrent_vector_index"] = concurrent(lambda v: ours.search(v, K), q, args.clients, args.per_client)
    faiss.omp_set_num_threads(report["faiss_threads"])
    del ours, hnsw
    report["rss_peak_mb_after_hnsw"] = rss_peak_mb()

    # IVF-PQ: compressed codes (pq_m bytes a vector) in nlist inverted lists; with and without
    # an exact re-rank of the top 10x from the float vectors (what a refine step costs in RAM).
    t0 = time.perf_counter()
    quantizer = faiss.IndexFlatIP(args.dim)
    ivfpq = faiss.IndexIVFPQ(quantizer, args.dim, args.nlist, args.pq_m, 8, faiss.METRIC_INNER_PRODUCT)
    train = x[rng.choice(args.n, size=min(args.n, 40 * args.nlist), replace=False)]
    ivfpq.train(train)
    train_s = time.perf_counter() - t0
    t1 = time.perf_counter()
    ivfpq.add(x)
    add_s = time.perf_counter() - t1
    entry = {"nlist": args.nlist, "pq_m": args.pq_m, "train_s": round(train_s, 1), "add_s": round(add_s, 1),
             "build_s": round(train_s + add_s, 1), "index_mb": index_mb(ivfpq), "by_nprobe": {}}
    refine = faiss.IndexRefineFlat(ivfpq, faiss.swig_ptr(x))
    refine.k_factor = 10
    for nprobe in args.nprobe:
        ivfpq.nprobe = nprobe
        _, found = ivfpq.search(q, K)
        _, refined = refine.search(q, K)
        faiss.omp_set_num_threads(1)
        conc = concurrent(lambda v: ivfpq.search(v[None, :], K), q, args.clients, args.per_client)
        faiss.omp_set_num_threads(report["faiss_threads"])
        entry["by_nprobe"][str(nprobe)] = {"recall_at_10": recall(found, truth),
                                           "recall_at_10_reranked": recall(refined, truth), "concurrent": conc}
        print(nprobe, json.dumps(entry["by_nprobe"][str(nprobe)]), flush=True)
    report["ivfpq"] = entry
    report["rss_peak_mb"] = rss_peak_mb()
    report["load_avg_after"] = [round(v, 2) for v in os.getloadavg()]
    report["seconds"] = round(time.time() - report["started"], 1)
    args.output.parent.mkdir(parents=True, exist_ok=True)
    args.output.write_text(json.dumps(report, indent=2))
    print(json.dumps(report, indent=2))


if __name__ == "__main__":
    main()
