#!/usr/bin/env python3
"""Entity-level F1 of `newsidx entities --conll` on a gold CoNLL file.

    target/release/newsidx entities --conll GOLD > PRED
    python3 scripts/conll-f1.py GOLD PRED

Counts as conlleval/seqeval and examples/ner_eval.rs do: an entity is right
when its span and type both match; an I- tag that does not continue an
entity of its type starts one. Prints precision, recall and F1 per type and
micro-averaged, so the figure through the product can be set beside the
harness's.
"""
import sys


def sentences(path):
    """Label sequences of a CoNLL file: last column, blank line between."""
    out, cur = [], []
    with open(path, encoding="utf-8") as f:
        for line in f:
            cols = line.split()
            if not cols:
                if cur:
                    out.append(cur)
                cur = []
            else:
                cur.append(cols[-1])
    if cur:
        out.append(cur)
    return out


def spans(tags):
    out, cur = set(), None
    for i, t in enumerate(tags + ["O"]):
        kind = t[2:] if t != "O" else None
        if t.startswith("I-") and cur and cur[0] == kind:
            continue
        if cur:
            out.add((cur[0], cur[1], i))
            cur = None
        if kind:
            cur = (kind, i)
    return out


def main():
    if len(sys.argv) != 3:
        sys.exit(__doc__)
    gold, pred = sentences(sys.argv[1]), sentences(sys.argv[2])
    if len(gold) != len(pred) or any(len(g) != len(p) for g, p in zip(gold, pred)):
        sys.exit("conll-f1: the files do not have the same sentences and tokens")
    counts = {}
    for g, p in zip(gold, pred):
        gs, ps = spans(g), spans(p)
        for kind in {s[0] for s in gs | ps}:
            c = counts.setdefault(kind, [0, 0, 0])
            c[0] += len({s for s in gs & ps if s[0] == kind})
            c[1] += len({s for s in ps if s[0] == kind})
            c[2] += len({s for s in gs if s[0] == kind})
    total = [sum(c[i] for c in counts.values()) for i in range(3)]
    for name, (tp, np_, ng) in sorted(counts.items()) + [("micro", total)]:
        p = tp / np_ if np_ else 0.0
        r = tp / ng if ng else 0.0
        f = 2 * p * r / (p + r) if p + r else 0.0
        print(f"{name:<6} gold {ng:>5}  P {p:.3}  R {r:.3}  F1 {f:.3}")


if __name__ == "__main__":
    main()
