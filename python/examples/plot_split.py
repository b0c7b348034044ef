#!/usr/bin/env python3
"""Where the charge of each cycle went: stacked bars of the cycles.csv split of one or more runs.

    python3 python/examples/plot_split.py RUN [RUN ...] --out split.png

For every cycle of every run, the charge passed in plating (mAh/cm^2) is split into what was
stripped back, what corroded (dissolved to feed hydrogen), what is dead, what stays attached,
and the hydrogen evolved while plating; the Coulombic efficiency is written on each bar. Zn
held in ZHS (taken from the electrolyte, not the metal) stands beside the bar when a run forms it.
"""
import argparse
import os
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
import znpf  # noqa: E402

PARTS = [("stripped_mAh_cm2", "stripped", "#4477aa"), ("corroded_mAh_cm2", "corroded", "#ee6677"),
         ("dead_mAh_cm2", "dead Zn", "#ccbb44"), ("attached_mAh_cm2", "still attached", "#66ccee"),
         ("her_mAh_cm2", "hydrogen (plating)", "#aa3377")]


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("runs", nargs="+")
    ap.add_argument("--out", required=True)
    a = ap.parse_args()
    import matplotlib
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    labels, bars = [], []
    for path in a.runs:
        cyc = znpf.load(path).cycles
        for k in range(len(cyc["cycle"])):
            labels.append("%s\ncycle %d" % (os.path.basename(os.path.normpath(path)), int(cyc["cycle"][k])))
            zhs = float(cyc["zhs_zn_mAh_cm2"][k]) if "zhs_zn_mAh_cm2" in cyc else 0.0
            bars.append({c: max(0.0, float(cyc[c][k])) for c, _, _ in PARTS}
                        | {"ce": float(cyc["coulombic_efficiency"][k]), "zhs": zhs if zhs == zhs else 0.0})
    fig, ax = plt.subplots(figsize=(3.4 + 1.5 * len(bars), 4.2))
    bottom = [0.0] * len(bars)
    for col, name, colour in PARTS:
        vals = [b[col] for b in bars]
        ax.bar(range(len(bars)), vals, bottom=bottom, color=colour, label=name, hatch="//" if "hydrogen" in name else None)
        bottom = [x + v for x, v in zip(bottom, vals)]
    for k, b in enumerate(bars):
        ax.text(k, bottom[k] * 1.01, "CE %.3f" % b["ce"], ha="center", va="bottom", fontsize=8)
    # Zn held in ZHS at the cycle's end: taken from the electrolyte's Zn2+, not from the metal,
    # so it stands beside the split rather than in it
    zhs = [b["zhs"] for b in bars]
    if any(z > 0.0 for z in zhs):
        ax.bar([k + 0.5 for k in range(len(bars))], zhs, width=0.18, color="#dddddd", edgecolor="#555555",
               hatch="xx", label="Zn in ZHS (from the electrolyte)")
        bottom = [max(x, z) for x, z in zip(bottom, zhs)]
    ax.set_xticks(range(len(bars)))
    ax.set_xticklabels(labels, fontsize=8)
    ax.set_ylabel("charge (mAh/cm$^2$)")
    ax.set_ylim(0, max(bottom) * 1.15)
    ax.legend(fontsize=7, loc="upper left", bbox_to_anchor=(1.01, 1.0))
    fig.tight_layout()
    fig.savefig(a.out, dpi=110)
    print("plot_split: " + a.out)


if __name__ == "__main__":
    main()
