"""How much attention did a story get, month by month, and who was in it?

Builds the sample archive bundled with newsidx (``corpus/``), asks for the
monthly timeline of a query (articles per month, empty months included),
draws it with matplotlib when matplotlib is installed, and lists the people
the matching articles name most often.

    pip install ./python            # matplotlib is optional
    python python/examples/attention_curve.py '"Korea Utara"'
    python python/examples/attention_curve.py banjir --plot banjir.png
"""

from __future__ import annotations

import argparse
import tempfile
from pathlib import Path

import newsidx

REPO = Path(__file__).resolve().parents[2]


def main() -> None:
    ap = argparse.ArgumentParser(description="Monthly attention curve and top people for a query.")
    ap.add_argument("query", nargs="?", default='"Korea Utara"')
    ap.add_argument("--archive", type=Path, default=REPO / "corpus", help="folder of articles")
    ap.add_argument("--plot", type=Path, default=Path("attention.png"), help="where to save the chart")
    args = ap.parse_args()

    with tempfile.TemporaryDirectory() as tmp:
        # 1. Build the archive's index (entities included, for the people).
        report = newsidx.build(Path(tmp) / "index", [args.archive])
        print(f"indexed {report['articles_indexed']} articles ({report['articles_bad']} bad)")

        # 2. One search gives the total, the monthly curve and the facets.
        idx = newsidx.Index(Path(tmp) / "index")
        res = idx.search(args.query, timeline="month", facets=True, limit=3)

    print(f"\n{res.total} articles match {res.query}")
    if res.timeline_undated:
        print(f"({res.timeline_undated} of them undated, not on the curve)")
    for bucket in res.timeline or []:
        print(f"  {bucket['start'][:7]}  {bucket['count']:>3}  {'#' * bucket['count']}")

    # 3. The people the matching articles name most.
    print("\ntop people:")
    for person in (res.facets or {}).get("person", [])[:10]:
        print(f"  {person['count']:>3}  {person['name']}")

    print("\nbest matches:")
    for hit in res.hits:
        when = hit.date.strftime("%d %b %Y") if hit.date else "undated"
        print(f"  {hit.rank}. {hit.title} ({when})")

    # 4. The curve as a chart, when matplotlib is there.
    try:
        import matplotlib

        matplotlib.use("Agg")
        import matplotlib.pyplot as plt
        from matplotlib.ticker import MaxNLocator
    except ImportError:
        print("\n(matplotlib is not installed: pip install matplotlib for the chart)")
        return
    months = [b["start"][:7] for b in res.timeline or []]
    counts = [b["count"] for b in res.timeline or []]
    fig, ax = plt.subplots(figsize=(8, 3.5))
    ax.bar(months, counts, color="#b03a2e")
    ax.set_title(f"Articles per month: {args.query}")
    ax.set_ylabel("articles")
    ax.yaxis.set_major_locator(MaxNLocator(integer=True))
    ax.tick_params(axis="x", rotation=45)
    fig.tight_layout()
    fig.savefig(args.plot, dpi=120)
    print(f"\nchart saved to {args.plot}")


if __name__ == "__main__":
    main()
