#!/usr/bin/env python3
"""Run a Milvus-protocol gRPC server (pip: see requirements.txt beside this file) on 127.0.0.1:PORT.

Usage: python3 milvus_server.py --port P --data-dir D

Prints exactly one line "FABULA-READY <port>" on stdout once a real gRPC call (GetVersion)
succeeds. Stops cleanly (drains requests, closes the data dir) on stdin EOF, SIGTERM
or SIGINT. The server runs inside this process: milvus-lite 3.x spawns no children.
"""
import argparse
import os
import signal
import threading
import time
from concurrent.futures import ThreadPoolExecutor

import grpc
from pymilvus.grpc_gen import common_pb2, milvus_pb2, milvus_pb2_grpc

from milvus_lite import MilvusLite
from milvus_lite.adapter.grpc import servicer as _servicer

# --- compatibility shims for milvus-sdk-java (MilvusClientV2) --------------------------
# 1. createIndex(sync=true) calls AllocTimestamp before polling DescribeIndex;
#    milvus-lite answers UNIMPLEMENTED. Return a hybrid timestamp (ms << 18) like Milvus.
def _alloc_timestamp(self, request, context):
    return milvus_pb2.AllocTimestampResponse(
        status=common_pb2.Status(code=0), timestamp=int(time.time() * 1000) << 18)

_servicer.MilvusServicer.AllocTimestamp = _alloc_timestamp

# 2. The Java SDK sends index build params as flat pairs (M=32, efConstruction=200);
#    milvus-lite only reads them from a JSON "params" pair and would silently ignore them.
_KNOWN_KEYS = {"index_type", "metric_type", "params", "search_params", "index_name", "field_name"}
_orig_kv_to_params = _servicer.kv_pairs_to_index_params_dict

def _kv_to_params(extra_params):
    extra_params = list(extra_params)
    out = _orig_kv_to_params(extra_params)
    for p in extra_params:
        if p.key not in _KNOWN_KEYS and "." not in p.key:  # skip e.g. mmap.enabled
            out["params"].setdefault(p.key, p.value)
    return out

_servicer.kv_pairs_to_index_params_dict = _kv_to_params
# ----------------------------------------------------------------------------------------


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--port", type=int, required=True)
    ap.add_argument("--data-dir", required=True)
    args = ap.parse_args()

    stop = threading.Event()
    for sig in (signal.SIGTERM, signal.SIGINT):
        signal.signal(sig, lambda *_: stop.set())

    def watch_stdin():
        try:
            while os.read(0, 4096):
                pass
        finally:
            stop.set()
    threading.Thread(target=watch_stdin, daemon=True).start()

    db = MilvusLite(args.data_dir)  # takes an flock on <data-dir>/LOCK: one server per dir
    server = grpc.server(ThreadPoolExecutor(max_workers=10), options=[
        ("grpc.so_reuseport", 0),  # grpc's default would let a 2nd server share a busy port
        ("grpc.max_receive_message_length", 256 << 20),
        ("grpc.max_send_message_length", 256 << 20)])
    milvus_pb2_grpc.add_MilvusServiceServicer_to_server(_servicer.MilvusServicer(db), server)
    try:
        port = server.add_insecure_port(f"127.0.0.1:{args.port}")  # raises if the port is taken
        server.start()
        with grpc.insecure_channel(f"127.0.0.1:{port}") as ch:
            milvus_pb2_grpc.MilvusServiceStub(ch).GetVersion(
                milvus_pb2.GetVersionRequest(), timeout=30, wait_for_ready=True)
        print(f"FABULA-READY {port}", flush=True)
        while not stop.wait(1):
            pass
    finally:
        server.stop(grace=5).wait()
        db.close()


if __name__ == "__main__":
    main()
