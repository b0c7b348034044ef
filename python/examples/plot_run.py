#!/usr/bin/env python3
"""Plot a znpf run: the final morphology and the headline metrics against charge.

    python3 python/examples/plot_run.py out/plating_bumps [--out run.png]

Reads the run folder with python/znpf.py (numpy) and draws with matplotlib: the phase field
(metal dark) with the salt concentration over the electrolyte, in micrometres, beside max
height, roughness and the electrode potential against the net plated charge.
"""
import argparse
import os
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
import znpf  # noqa: E402


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("run")
    ap.add_argument("--out", default=None, help="PNG to write (default RUN/plot_run.png)")
    a = ap.parse_args()
    import matplotlib
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    import numpy as np

    run = znpf.load(a.run)
    g, f, m = run.grid, run.fields, run.metrics
    um = g["dx_m"] * 1e6
    extent = [0, g["nx"] * um, 0, g["ny"] * um]
    fig, ax = plt.subplots(1, 4, figsize=(15, 3.6), gridspec_kw={"width_ratios": [1.3, 1, 1, 1]})
    if "c" in f:
        c = np.ma.masked_where(f["xi"] > 0.5, f["c"])
        im = ax[0].imshow(c, origin="lower", extent=extent, cmap="viridis")
        fig.colorbar(im, ax=ax[0], label="c / c0")
    ax[0].contourf(f["xi"], levels=[0.5, 1.01], colors=["0.75"], extent=extent, origin="lower")
    ax[0].contour(f["xi"], levels=[0.5], colors="k", linewidths=0.6, extent=extent, origin="lower")
    ax[0].set_xlabel("x (um)")
    ax[0].set_ylabel("y (um)")
    ax[0].set_title("t = %.0f s" % m["time_s"][-1])
    q = m["charge_mAh_cm2"]
    for axis, key, label in [(ax[1], "max_height_um", "max height (um)"), (ax[2], "roughness_um", "roughness (um)"),
                             (ax[3], "electrode_potential_V", "E vs bulk (V)")]:
        axis.plot(q, m[key], ".-")
        axis.set_xlabel("net plated (mAh/cm$^2$)")
        axis.set_ylabel(label)
    fig.tight_layout()
    out = a.out or os.path.join(a.run, "plot_run.png")
    fig.savefig(out, dpi=100)
    print("plot_run: " + out)


if __name__ == "__main__":
    main()
