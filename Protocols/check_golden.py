# Checks Protocols/golden/ from Python with no generated code (protobuf >= 4.21, protoc on PATH).
# Usage: python3 Protocols/check_golden.py [repo root]
import json, pathlib, subprocess, sys
from google.protobuf import descriptor_pb2, descriptor_pool, json_format, message_factory

root = pathlib.Path(sys.argv[1] if len(sys.argv) > 1 else ".")
fds = descriptor_pb2.FileDescriptorSet.FromString(subprocess.run(
    ["protoc", "-I", root / "Protocols", "--descriptor_set_out=/dev/stdout",
     "updraft/v1/updraft.proto"], check=True, capture_output=True).stdout)
pool = descriptor_pool.DescriptorPool()
for f in fds.file:
    pool.Add(f)
codes = {"worker_hello": 10, "worker_welcome": 11, "worker_reject": 12, "worker_goodbye": 13,
         "heartbeat": 20, "task_dispatch": 30, "task_started": 31, "task_log_chunk": 32,
         "task_finished": 33, "task_cancel": 34, "worker_drain": 40, "worker_shutdown": 41,
         "state_change_event": 50, "stats_request": 60, "stats_reply": 61}
for name, code in codes.items():
    cls = message_factory.GetMessageClass(pool.FindMessageTypeByName(
        "updraft.v1." + "".join(w.capitalize() for w in name.split("_"))))
    golden = root / "Protocols" / "golden"
    body = (golden / f"{name}.bin").read_bytes()
    decoded = cls.FromString(body)
    expected = json_format.Parse((golden / f"{name}.json").read_text(), cls())
    frame = (golden / f"{name}.frame").read_bytes()
    assert decoded == expected, name
    assert frame == b"UD" + (1).to_bytes(2, "big") + code.to_bytes(2, "big") + b"\0\0" + body, name
    assert expected.SerializeToString(deterministic=True) == body, name
    print("ok", name)
print(f"golden: {len(codes)} passed, 0 failed")
