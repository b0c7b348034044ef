#!/usr/bin/env python3
"""Thin-interface linear stability of a flat Zn front plating steadily (docs/model.md,
"Linear stability of a plating front"): the growth rate omega(k) of a perturbation
h = delta exp(i k x + omega t) of the model's own equations in their sharp-interface limit -
Butler-Volmer kinetics, binary salt, the two-field electrolyte potential with its diffusion
potential, Gibbs-Thomson - with quasi-static fields decaying as exp(-k y) (k L >> 1).

    omega(k) = [K_c G + R (i/sigma - kd G/c_s) - R Gamma k^2]
               / (n F c_s,Zn [1 + (K_c G/i + R/sigma - R kd G/(c_s i)) / k])

i the plating current density, G = (1 - t+) i / (n F D c0) the salt gradient (c~ per m),
c_s = 1 - G L the salt at the front for a diffusion layer L, eta0 the overpotential that
carries i, K_c = di/dc~ = i0 exp(-alpha n f eta0), R = -di/deta, Gamma = gamma / (n F c_s,Zn),
kd = (2 t+ - 1)/(n f). Usage: python3 python/dispersion.py [L_um] (default 200 um).
"""
import math
import sys

F, RGAS = 96485.33212, 8.314462618


def defaults():
    """The model's defaults (host/scenario/physics.c): Zn in 2 M ZnSO4 at 298.15 K."""
    return dict(T=298.15, n=2.0, c0=2000.0, cs=1.092e5, D=3.7e-10, tp=0.4, sigma=4.64,
                i0=10.0, alpha=0.5, gamma=0.5)


def base(p, i, L):
    """Salt gradient, front salt and overpotential of steady plating at i over a layer L."""
    f = F / (RGAS * p["T"])
    nf = p["n"] * f
    G = (1.0 - p["tp"]) * i / (p["n"] * F * p["D"] * p["c0"])
    c_s = 1.0 - G * L
    if c_s <= 0.0:
        raise ValueError("above the limiting current of the layer")
    lo, hi = -2.0, 0.0  # i(eta) = i0 [c_s e^{-a nf eta} - e^{(1-a) nf eta}] is decreasing
    for _ in range(200):
        mid = 0.5 * (lo + hi)
        got = p["i0"] * (c_s * math.exp(-p["alpha"] * nf * mid) - math.exp((1 - p["alpha"]) * nf * mid))
        if got > i:
            lo = mid
        else:
            hi = mid
    eta = 0.5 * (lo + hi)
    return G, c_s, eta, nf


def omega(p, i, L, k):
    """Growth rate (1/s) of wavenumber k (1/m) at plating current i (A/m^2), layer L (m)."""
    G, c_s, eta, nf = base(p, i, L)
    a = p["alpha"]
    Kc = p["i0"] * math.exp(-a * nf * eta)
    R = p["i0"] * nf * (a * c_s * math.exp(-a * nf * eta) + (1 - a) * math.exp((1 - a) * nf * eta))
    Gam = p["gamma"] / (p["n"] * F * p["cs"])
    kd = (2.0 * p["tp"] - 1.0) / nf
    num = Kc * G + R * (i / p["sigma"] - kd * G / c_s) - R * Gam * k * k
    den = p["n"] * F * p["cs"] * (1.0 + (Kc * G / i + R / p["sigma"] - R * kd * G / (c_s * i)) / k)
    return num / den


def fastest(p, i, L):
    """The fastest-growing wavelength (m), its rate (1/s) and the marginal wavelength (m)."""
    ks = [10 ** (3 + 5 * j / 4000.0) for j in range(4001)]
    rates = [omega(p, i, L, k) for k in ks]
    j = max(range(len(ks)), key=lambda q: rates[q])
    kc = next((ks[q] for q in range(j, len(ks)) if rates[q] < 0.0), float("nan"))
    return 2 * math.pi / ks[j], rates[j], 2 * math.pi / kc


if __name__ == "__main__":
    L = (float(sys.argv[1]) if len(sys.argv) > 1 else 200.0) * 1e-6
    p = defaults()
    print("| i (mA/cm^2) | c~ at the front | fastest wavelength (um) | its e-folding time (s) | marginal wavelength (um) |")
    print("| --- | --- | --- | --- | --- |")
    for i_ma in (1.0, 10.0, 40.0):
        i = i_ma * 10.0
        lam, rate, lam_c = fastest(p, i, L)
        G, c_s, eta, nf = base(p, i, L)
        print("| %g | %.3f | %.3g | %.3g | %.3g |" % (i_ma, c_s, lam * 1e6, 1.0 / rate, lam_c * 1e6))
