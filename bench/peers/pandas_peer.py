"""Peer: the original notebook's logic (human computers from Interactive logons by domain
accounts, flows touching them split into Upload/Download, summarised per interval and host) in
chunked pandas, so memory stays bounded. Writes humans.csv and series.csv like peerscope.

    python3 bench/peers/pandas_peer.py DATA OUT [--interval 86400] [--chunk 2000000]

Runs on Debian's python3-pandas. Like the DuckDB peer, it trusts its input: no rejected-line
accounting, so outputs agree with peerscope only on data without rejected lines.
"""
import csv
import os
import sys

import pandas as pd

AUTH = ["time", "src_user", "dst_user", "src_host", "dst_host", "auth_type", "logon_type", "orientation", "outcome"]
FLOWS = ["time", "duration", "src_host", "src_port", "dst_host", "dst_port", "protocol", "packets", "bytes"]
REDTEAM = ["time", "user", "src_host", "dst_host"]


def files(data, kind):
    names = os.listdir(data)
    for name in (kind + ".txt", kind + ".txt.gz"):
        if name in names:
            return [os.path.join(data, name)]
    if kind in names:
        return [os.path.join(data, kind, n) for n in sorted(os.listdir(os.path.join(data, kind)))]
    return []


def chunks(paths, names, usecols, dtype, chunk):
    for path in paths:
        yield from pd.read_csv(
            path, header=None, names=names, usecols=usecols, dtype=dtype, chunksize=chunk,
            quoting=csv.QUOTE_NONE, na_filter=False, engine="c",
        )


def main():
    args = sys.argv[1:]
    opts = {args[i][2:]: args[i + 1] for i in range(len(args)) if args[i].startswith("--")}
    positional = [a for i, a in enumerate(args) if not a.startswith("--") and (i == 0 or not args[i - 1].startswith("--"))]
    data, out = positional[0], positional[1]
    interval = int(opts.get("interval", 86400))
    chunk = int(opts.get("chunk", 2_000_000))
    os.makedirs(out, exist_ok=True)

    # Humans: source computers of Interactive logons by a source user with "DOM" and no "$".
    pairs = []
    for c in chunks(files(data, "auth"), AUTH, ["src_user", "src_host", "logon_type"], str, chunk):
        h = c[(c.logon_type == "Interactive") & c.src_user.str.contains("DOM", regex=False) & ~c.src_user.str.contains("$", regex=False)]
        pairs.append(h.groupby(["src_host", "src_user"]).size())
    by_pair = pd.concat(pairs).groupby(level=[0, 1]).sum() if pairs else pd.Series(dtype="int64")
    humans = by_pair.groupby(level=0).agg(["size", "sum"]).rename(columns={"size": "users", "sum": "logons"})
    humans.index.name = "host"
    humans.sort_index().to_csv(os.path.join(out, "humans.csv"))
    human_set = set(humans.index)

    compromised = set()
    for c in chunks(files(data, "redteam"), REDTEAM, ["dst_host"], str, chunk):
        compromised.update(c.dst_host)

    # Flows: Upload when the source is human, Download when the destination is (both for a flow
    # between two humans); a flow from a human to itself is one flow record.
    parts = []
    int_types = {"time": "int64", "duration": "int64", "packets": "int64", "bytes": "int64", "src_host": str, "dst_host": str}
    for c in chunks(files(data, "flows"), FLOWS, ["time", "duration", "src_host", "dst_host", "packets", "bytes"], int_types, chunk):
        c["interval"] = (c.time // interval) * interval
        up = c[c.src_host.isin(human_set)]
        down = c[c.dst_host.isin(human_set)]
        self_flow = down.src_host == down.dst_host
        filled = pd.concat([
            pd.DataFrame({"interval": up.interval, "host": up.src_host, "upload_bytes": up.bytes, "download_bytes": 0,
                          "upload_packets": up.packets, "download_packets": 0, "flows": 1, "duration": up.duration}),
            pd.DataFrame({"interval": down.interval, "host": down.dst_host, "upload_bytes": 0, "download_bytes": down.bytes,
                          "upload_packets": 0, "download_packets": down.packets, "flows": (~self_flow).astype("int64"),
                          "duration": down.duration.where(~self_flow, 0)}),
        ])
        parts.append(filled.groupby(["interval", "host"]).sum())
    series = pd.concat(parts).groupby(level=[0, 1]).sum()
    series["mean_duration"] = series.duration / series.flows
    series = series.drop(columns="duration").reset_index()
    series["compromised"] = series.host.isin(compromised).astype("int64")
    series.sort_values(["interval", "host"]).to_csv(os.path.join(out, "series.csv"), index=False)


main()
