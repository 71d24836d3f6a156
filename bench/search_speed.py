"""Top-10 search latency: plain numpy, faiss flat, faiss HNSW and our VectorIndex.

Synthetic unit vectors drawn from a hierarchical mixture of Gaussian clusters (5,000
clusters at 1M, see ``clustered``), because real embeddings are clustered and isotropic
noise defeats every approximate index. Queries are fresh draws from the same mixture.
Recall@10 of HNSW is measured against exact (numpy) search of the same queries.

Single-query latency is what one API call sees; batch figures are per query when many
queries go through one call (find-best-match, near-duplicates, reindex checks).

Writes bench/results/search_speed.json. Run:
    python bench/search_speed.py                  # full run (~10 min on 2 cores)
    python bench/search_speed.py --sizes 10000    # quick look
"""

from __future__ import annotations

import argparse
import gc
import json
import os
import platform
import sys
import time
from pathlib import Path

import faiss
import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from analysis.engine.index import DEFAULT_EF_CONSTRUCTION, DEFAULT_HNSW_M, VectorIndex  # noqa: E402

K = 10
VECTORS_PER_CLUSTER = 200
RESULTS = Path(__file__).resolve().parent / "results" / "search_speed.json"


def _unit(a: np.ndarray) -> np.ndarray:
    a /= np.linalg.norm(a, axis=1, keepdims=True)
    return a


def clustered(n: int, dim: int, rng: np.random.Generator, n_queries: int) -> tuple[np.ndarray, np.ndarray]:
    """n database and n_queries query unit vectors from one hierarchical Gaussian mixture.

    Three levels, because real embeddings have structure at every scale: topics
    (random directions, one per 50 clusters), clusters around them (one per ~200
    vectors; sibling clusters sit at cosine ~0.5), and points around each cluster
    centre. The point noise is anisotropic, its variance falling as 1/rank over the
    dimensions (effective dimension ~26 at 384), like the steep spectra of learned
    embeddings. Isotropic noise in 384 dims puts every neighbour at the same distance:
    no index can find the "true" top 10 there, nor would it matter which it found.
    A nearest neighbour then sits at cosine ~0.79 and the 10th at ~0.75."""
    n_clusters = max(50, n // VECTORS_PER_CLUSTER)
    topics = _unit(rng.standard_normal((max(10, n_clusters // 50), dim), dtype=np.float32))
    centres = topics[rng.integers(0, len(topics), n_clusters)]
    centres = _unit(centres + rng.standard_normal((n_clusters, dim), dtype=np.float32) / np.sqrt(dim))
    spread = rng.uniform(0.5, 1.0, n_clusters).astype(np.float32)  # tight and loose clusters
    weights = 1.0 / np.arange(1, dim + 1)
    axis_scale = np.sqrt(weights / weights.sum()).astype(np.float32)

    def draw(count: int) -> np.ndarray:
        out = np.empty((count, dim), dtype=np.float32)
        for start in range(0, count, 100_000):  # chunks keep the temporaries small
            stop = min(count, start + 100_000)
            labels = rng.integers(0, n_clusters, stop - start)
            block = rng.standard_normal((stop - start, dim), dtype=np.float32)
            block *= axis_scale
            block *= spread[labels, None]
            block += centres[labels]
            out[start:stop] = _unit(block)
        return out

    return draw(n), draw(n_queries)


def exact_topk(x: np.ndarray, q: np.ndarray) -> np.ndarray:
    scores = q @ x.T
    top = np.argpartition(-scores, K - 1, axis=1)[:, :K]
    order = np.argsort(-np.take_along_axis(scores, top, axis=1), axis=1)
    return np.take_along_axis(top, order, axis=1)


def numpy_single(x: np.ndarray, q: np.ndarray) -> np.ndarray:
    scores = x @ q
    top = np.argpartition(-scores, K - 1)[:K]
    return top[np.argsort(-scores[top])]


def latency(fn, queries: np.ndarray) -> dict[str, float]:
    fn(queries[0])  # warm-up: first call pays page faults and thread start-up
    times = []
    for qv in queries:
        start = time.perf_counter()
        fn(qv)
        times.append(time.perf_counter() - start)
    ms = np.array(times) * 1000
    return {"p50_ms": round(float(np.median(ms)), 4), "p95_ms": round(float(np.percentile(ms, 95)), 4),
            "queries": len(ms)}


def batch_ms(fn, queries: np.ndarray) -> float:
    start = time.perf_counter()
    fn(queries)
    return round((time.perf_counter() - start) * 1000 / len(queries), 4)


def recall(found: np.ndarray, truth: np.ndarray) -> float:
    return round(float(np.mean([len(set(f) & set(t)) / K for f, t in zip(found, truth)])), 4)


def run_case(n: int, dim: int, args: argparse.Namespace, build_rate: dict[int, float]) -> dict:
    rng = np.random.default_rng(n + dim)
    load_before = os.getloadavg()[0]
    t0 = time.perf_counter()
    x, q = clustered(n, dim, rng, args.queries)
    case: dict = {"n": n, "dim": dim, "clusters": max(50, n // VECTORS_PER_CLUSTER),
                  "generate_s": round(time.perf_counter() - t0, 2),
                  "load_avg_1min_before": round(load_before, 2)}
    truth = exact_topk(x, q)
    n_lat = args.queries if n < 1_000_000 else args.queries_1m  # exact at 1M: ~0.1 s each
    lat_q = q[:n_lat]
    case["nearest_cosine_mean"] = round(float(np.mean(np.sum(x[truth[:, 0]] * q, axis=1))), 4)

    case["numpy"] = {**latency(lambda v: numpy_single(x, v), lat_q), "batch_ms_per_query": batch_ms(lambda b: exact_topk(x, b), q)}
    flat = faiss.IndexFlatIP(dim)
    flat.add(x)
    case["faiss_flat"] = {**latency(lambda v: flat.search(v[None, :], K), lat_q),
                          "batch_ms_per_query": batch_ms(lambda b: flat.search(b, K), q)}
    del flat
    gc.collect()
    if n <= args.ours_exact_max:
        ours = VectorIndex(dim, hnsw_threshold=10**12)
        ids = [f"{i:07d}" for i in range(n)]
        ours.add(ids, x)
        case["ours_exact"] = {**latency(lambda v: ours.search(v, K), lat_q),
                              "batch_ms_per_query": batch_ms(lambda b: ours.search(b, K), q)}
        del ours
        gc.collect()

    # HNSW through our VectorIndex (its build is the faiss build), then raw faiss on its graph.
    per_vector = build_rate.get(dim)
    # Per-vector build time grew ~3-6x from 100k to 1M here (longer walks, cache misses).
    estimate = None if per_vector is None else per_vector * n * 3.0
    if estimate is not None and estimate > args.hnsw_build_budget:
        case["hnsw"] = {"skipped": f"estimated build {estimate:.0f} s > budget {args.hnsw_build_budget} s",
                        "estimated_build_s": round(estimate)}
        return case
    ids = [f"{i:07d}" for i in range(n)]
    ours = VectorIndex(dim, hnsw_threshold=0, hnsw_m=args.m, ef_construction=args.ef_construction)
    t0 = time.perf_counter()
    ours.add(ids, x)
    build_s = time.perf_counter() - t0
    build_rate[dim] = build_s / n
    del x
    gc.collect()
    graph = ours._hnsw  # noqa: SLF001 - the bench times the very graph the index built
    hnsw: dict = {"M": args.m, "ef_construction": args.ef_construction, "build_s": round(build_s, 2),
                  "by_ef_search": []}
    for ef in args.ef_search:
        graph.hnsw.efSearch = ef
        _, found = graph.search(q, K)
        row = {"ef_search": ef, "recall_at_10": recall(found, truth),
               **latency(lambda v: graph.search(v[None, :], K), q),
               "batch_ms_per_query": batch_ms(lambda b: graph.search(b, K), q)}
        ours.ef_search = ef
        row["ours_p50_ms"] = latency(lambda v: ours.search(v, K), q)["p50_ms"]
        hnsw["by_ef_search"].append(row)
    case["hnsw"] = hnsw
    return case


def markdown_table(report: dict) -> str:
    """The results as markdown rows for BENCHMARKS.md."""
    lines = ["| vectors | dim | numpy p50 | faiss flat p50 | VectorIndex exact p50 | numpy batch/query "
             "| HNSW build | HNSW efSearch: recall@10, p50 (VectorIndex p50) |",
             "|---|---|---|---|---|---|---|---|"]
    for c in report["cases"]:
        ours = c.get("ours_exact", {}).get("p50_ms")
        hnsw = c["hnsw"]
        if "skipped" in hnsw:
            build, sweep = "skipped", hnsw["skipped"]
        else:
            build = f"{hnsw['build_s']:.0f} s"
            sweep = "; ".join(f"{r['ef_search']}: {r['recall_at_10']:.3f}, {r['p50_ms']:.2f} ms "
                              f"({r['ours_p50_ms']:.2f})" for r in hnsw["by_ef_search"])
        lines.append(f"| {c['n']:,} | {c['dim']} | {c['numpy']['p50_ms']:.2f} ms | {c['faiss_flat']['p50_ms']:.2f} ms "
                     f"| {'-' if ours is None else f'{ours:.2f} ms'} | {c['numpy']['batch_ms_per_query']:.2f} ms "
                     f"| {build} | {sweep} |")
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", type=int, nargs="+", default=[10_000, 100_000, 1_000_000])
    parser.add_argument("--dims", type=int, nargs="+", default=[384, 768])
    parser.add_argument("--queries", type=int, default=200)
    parser.add_argument("--queries-1m", type=int, default=40, help="single queries for exact search at 1M")
    parser.add_argument("--m", type=int, default=DEFAULT_HNSW_M)
    parser.add_argument("--ef-construction", type=int, default=DEFAULT_EF_CONSTRUCTION)
    parser.add_argument("--ef-search", type=int, nargs="+", default=[32, 64, 128, 256])
    parser.add_argument("--ours-exact-max", type=int, default=100_000)
    parser.add_argument("--hnsw-build-budget", type=float, default=480.0,
                        help="skip an HNSW build estimated (from the previous size) to take longer")
    parser.add_argument("--output", type=Path, default=RESULTS)
    parser.add_argument("--table", action="store_true", help="print the table of an existing result file")
    args = parser.parse_args()
    if args.table:
        print(markdown_table(json.loads(args.output.read_text())))
        return

    started = time.perf_counter()
    build_rate: dict[int, float] = {}
    cases = []
    for dim in args.dims:
        for n in sorted(args.sizes):
            print(f"n={n} dim={dim} ...", flush=True)
            case = run_case(n, dim, args, build_rate)
            # Other work on the machine inflates latencies; the load says how much there was.
            case["load_avg_1min_after"] = round(os.getloadavg()[0], 2)
            print(json.dumps(case), flush=True)
            cases.append(case)
            gc.collect()
            write(args.output, started, cases)  # a run cut short still leaves its cases
    report = write(args.output, started, cases)
    print(markdown_table(report))
    print(f"wrote {args.output} in {report['total_s']} s")


def write(output: Path, started: float, cases: list[dict]) -> dict:
    report = {
        "benchmark": "search_speed",
        "k": K,
        "machine": {"platform": platform.platform(), "cpus": os.cpu_count(),
                    "faiss": faiss.__version__, "numpy": np.__version__,
                    "faiss_threads": faiss.omp_get_max_threads()},
        "total_s": round(time.perf_counter() - started, 1),
        "cases": cases,
    }
    output.parent.mkdir(parents=True, exist_ok=True)
    output.write_text(json.dumps(report, indent=2) + "\n")
    return report


if __name__ == "__main__":
    main()
