"""Read a znpf run folder from Python (numpy only; pandas is used when asked and installed).

    import znpf                      # python/ on sys.path (or PYTHONPATH=python)
    run = znpf.load("out/plating_bumps")
    run.metrics["max_height_um"]     # numpy array per column (metrics.csv)
    run.cycles["coulombic_efficiency"]
    run.scenario["kinetics"]["i0"]   # the resolved scenario (SI values)
    run.grid                         # {"dx_m": ..., "nx": ..., "ny": ...}
    run.fields["xi"]                 # final fields, shape (ny, nx); row j is height (j + 1/2) dx
    run.snapshots[2].time_s, run.snapshots[2].fields["c"]   # with output.field_snapshots
    run.series()                     # the ParaView series (fields.pvd): [(time, {name: array})]
    run.grains["tilt_deg"]
    run.metrics_frame()              # the same as a pandas DataFrame (pandas needed)

Everything is read lazily from the files znpf writes; nothing here runs the simulator.
"""
import csv
import os
import xml.etree.ElementTree as ET
import zlib

import numpy as np

__all__ = ["load", "Run", "Snapshot", "read_table", "read_scenario", "read_vti", "read_pvd"]


def read_table(path):
    """A CSV file as {column: numpy array}: floats where every value parses ('nan' included),
    strings otherwise. A missing file gives {}."""
    if not os.path.exists(path):
        return {}
    with open(path, newline="") as f:
        rows = list(csv.reader(f))
    if not rows:
        return {}
    head, body = rows[0], rows[1:]
    out = {}
    for k, name in enumerate(head):
        col = [r[k] if k < len(r) else "" for r in body]
        try:
            out[name] = np.array([float(v) if v != "" else np.nan for v in col])
        except ValueError:
            out[name] = np.array(col)
    return out


def _scalar(text):
    text = text.strip()
    if len(text) >= 2 and text[0] == text[-1] == '"':
        return text[1:-1]
    if text.startswith("[") and text.endswith("]"):
        return [_scalar(v) for v in text[1:-1].split(",") if v.strip()]
    if text.startswith("{") and text.endswith("}"):
        return _flow_map(text)
    try:
        return int(text)
    except ValueError:
        pass
    try:
        return float(text)
    except ValueError:
        return text


def _flow_map(text):
    """{a: 1, b: "x", c: {"002": 0.5}} as written by znpf (no commas inside strings)."""
    inner, out, depth, cur = text.strip()[1:-1], {}, 0, ""
    parts = []
    for ch in inner:
        if ch in "{[":
            depth += 1
        elif ch in "}]":
            depth -= 1
        if ch == "," and depth == 0:
            parts.append(cur)
            cur = ""
        else:
            cur += ch
    if cur.strip():
        parts.append(cur)
    for p in parts:
        key, _, val = p.partition(":")
        out[key.strip().strip('"')] = _scalar(val)
    return out


def read_scenario(path):
    """The resolved scenario (DIR/scenario.yaml, as `znpf show` writes it) as nested dicts:
    sections of 'key: value' lines, lists of flow mappings. Not a general YAML reader."""
    out, section, listkey = {}, None, None
    with open(path) as f:
        for raw in f:
            line = raw.rstrip("\n")
            if not line.strip() or line.lstrip().startswith("#"):
                continue
            indent = len(line) - len(line.lstrip())
            text = line.strip()
            if indent == 0:
                key, _, val = text.partition(":")
                if val.strip():
                    out[key] = _scalar(val)
                    section = None
                else:
                    section = out.setdefault(key, {})
                listkey = None
            elif text.startswith("- "):
                section[listkey].append(_scalar(text[2:]))
            else:
                key, _, val = text.partition(":")
                if val.strip():
                    section[key] = _scalar(val)
                    listkey = None
                else:
                    listkey = key
                    section[key] = []
    return out


def read_vti(path):
    """A VTK XML ImageData file as znpf writes it (raw appended Float64 cell data, UInt64
    headers, optional zlib): {name: array of shape (ny, nx)}."""
    data = open(path, "rb").read()
    mark = data.index(b"<AppendedData")
    start = data.index(b"_", mark) + 1
    head = data[:mark].decode() + "</VTKFile>"
    root = ET.fromstring(head)
    compressed = root.get("compressor") == "vtkZLibDataCompressor"
    ext = [int(v) for v in root.find("ImageData").get("WholeExtent").split()]
    nx, ny = ext[1] - ext[0], ext[3] - ext[2]
    out = {}
    for arr in root.iter("DataArray"):
        off = start + int(arr.get("offset"))
        if compressed:
            nblocks = int(np.frombuffer(data, "<u8", 1, off)[0])
            sizes = np.frombuffer(data, "<u8", 3 + nblocks, off)
            pos, raw = off + 8 * (3 + nblocks), b""
            for c in sizes[3:]:
                raw += zlib.decompress(data[pos:pos + int(c)])
                pos += int(c)
        else:
            n = int(np.frombuffer(data, "<u8", 1, off)[0])
            raw = data[off + 8:off + 8 + n]
        out[arr.get("Name")] = np.frombuffer(raw, "<f8").reshape(ny, nx).copy()
    return out


def read_pvd(path):
    """A ParaView collection: [(time_s, file path)] in file order."""
    root = ET.parse(path).getroot()
    base = os.path.dirname(path)
    return [(float(d.get("timestep")), os.path.join(base, d.get("file"))) for d in root.iter("DataSet")]


class Snapshot:
    """One field snapshot (output.field_snapshots): its time, charge, protocol step and fields."""

    def __init__(self, run, index, time_s, charge, step):
        self.run, self.index, self.time_s, self.charge_mAh_cm2, self.protocol_step = run, index, time_s, charge, step
        self._fields = None

    @property
    def fields(self):
        if self._fields is None:
            self._fields = self.run._npy_fields("_%05d" % self.index)
        return self._fields

    def __repr__(self):
        return "Snapshot(%d, t=%g s, %s)" % (self.index, self.time_s, self.protocol_step)


class Run:
    """A znpf run folder. Tables are read when first used."""

    def __init__(self, path):
        if not os.path.exists(os.path.join(path, "metrics.csv")):
            raise FileNotFoundError("%s: no metrics.csv (not a znpf run folder?)" % path)
        self.path, self._cache = path, {}

    def _table(self, name):
        if name not in self._cache:
            self._cache[name] = read_table(os.path.join(self.path, name))
        return self._cache[name]

    @property
    def metrics(self):
        return self._table("metrics.csv")

    @property
    def cycles(self):
        return self._table("cycles.csv")

    @property
    def grains(self):
        return self._table("grains.csv")

    @property
    def scenario(self):
        if "scenario" not in self._cache:
            self._cache["scenario"] = read_scenario(os.path.join(self.path, "scenario.yaml"))
        return self._cache["scenario"]

    @property
    def grid(self):
        g = {}
        with open(os.path.join(self.path, "fields.txt")) as f:
            for line in f:
                parts = line.split()
                if len(parts) == 2 and parts[0] in ("dx_m", "nx", "ny"):
                    g[parts[0]] = float(parts[1]) if parts[0] == "dx_m" else int(parts[1])
        return g

    def _npy_fields(self, suffix):
        out = {}
        for name in ("xi", "c", "phi", "grain"):
            p = os.path.join(self.path, name + suffix + ".npy")
            if os.path.exists(p):
                out[name] = np.load(p)
        return out

    @property
    def fields(self):
        return self._npy_fields("")

    @property
    def snapshots(self):
        t = self._table("snapshots.csv")
        if not t:
            return []
        last = {}
        for k in range(len(t["index"])):  # a resumed run may repeat an index: the last line wins
            last[int(t["index"][k])] = k
        return [Snapshot(self, i, float(t["time_s"][k]), float(t["charge_mAh_cm2"][k]), str(t["protocol_step"][k]))
                for i, k in sorted(last.items())]

    def series(self):
        """The ParaView time series (fields.pvd): [(time_s, {name: array})]."""
        pvd = os.path.join(self.path, "fields.pvd")
        return [(t, read_vti(p)) for t, p in read_pvd(pvd)] if os.path.exists(pvd) else []

    def metrics_frame(self):
        import pandas as pd
        return pd.DataFrame(self.metrics)

    def cycles_frame(self):
        import pandas as pd
        return pd.DataFrame(self.cycles)


def load(path):
    """The run in folder path (see the module's description)."""
    return Run(path)
