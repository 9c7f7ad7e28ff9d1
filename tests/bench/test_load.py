"""`make bench-load` (bench/load.py, bench/httpload.py): the parts that need no long run — the workload each
client sends, the figures and the verdict printed, the timed load generator against a tiny local server."""

import importlib.util
import math
import os
import signal
import socket
import subprocess
import sys
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from itertools import islice
from pathlib import Path

import pytest

BENCH = Path(__file__).resolve().parents[2] / "bench"


@pytest.fixture(scope="module")
def load():
    path = list(sys.path)
    spec = importlib.util.spec_from_file_location("hromada_bench_load", BENCH / "load.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up
    try:
        spec.loader.exec_module(module)
    finally:
        sys.path[:] = path  # bench/ holds modules named like apps (acts, cases, …): not left on the path
    return module


def plan(load, residents: int = 10):
    return load.Plan(pages=["/", "/acts/", "/acts/7/", "/programmes/1/"], static="/static/hromada/hromada.css",
                     petition=3, edition=5, projects=[11],
                     residents=[{"token": f"t{i}", "cookie": f"sessionid=s{i}"} for i in range(residents)])


def test_percentile_is_nearest_rank(load):
    samples = [float(n) for n in range(20, 0, -1)]
    percentile = load.httpload.percentile
    assert percentile(samples, .50) == 10
    assert percentile(samples, .95) == 19
    assert percentile(samples, .99) == 20
    assert percentile([0.25], .95) == 0.25
    assert math.isnan(percentile([], .5))


def test_levels_are_parsed_and_impossible_ones_refused(load):
    assert load.parse_levels("20,100,200") == [20, 100, 200]
    assert load.parse_levels("5") == [5]
    for bad in ("", "0", "20,x", "5000"):
        with pytest.raises(Exception, match="level"):
            load.parse_levels(bad)


def test_mixed_workload_has_the_roles_and_each_resident_signs_and_votes_once(load):
    the_plan = plan(load)
    scripts = load.mixed_scripts(the_plan, 20)
    first = [list(islice(script, 6)) for script in scripts]
    kinds = [requests[0][0] for requests in first]
    assert kinds.count("anonymous") == 12 and kinds.count("search") == 4 and kinds.count("sign") == 4
    residents = [requests for requests in first if requests[0][0] == "sign"]
    tokens = set()
    for requests in residents:
        sign, vote, *rest = requests
        assert sign[1:3] == ("POST", "/api/v1/petitions/3/signatures")
        assert vote[1:3] == ("POST", "/api/v1/budget/editions/5/ballot") and vote[4] == {"projects": [11]}
        assert sign[3]["Authorization"] == vote[3]["Authorization"]
        tokens.add(sign[3]["Authorization"])
        assert {r[0] for r in rest} == {"cabinet", "anonymous"}  # no second signature or ballot
        assert all(r[3]["Cookie"].startswith("sessionid=") for r in rest if r[0] == "cabinet")
    assert len(tokens) == 4
    searches = [r for requests in first for r in requests if r[0] == "search"]
    assert len({r[2] for r in searches}) > 1 and all(r[2].startswith("/acts/?q=") for r in searches)
    # The next level gets fresh residents: nobody signs twice.
    again = [next(script) for script in load.mixed_scripts(the_plan, 20)]
    assert not tokens & {r[3].get("Authorization") for r in again if r[0] == "sign"}


def test_read_only_workload_for_drills_and_targets_without_residents(load):
    scripts = load.mixed_scripts(plan(load), 10, writes=False)
    labels = {r[0] for script in scripts for r in islice(script, 8)}
    assert labels == {"anonymous", "search", "cabinet"}
    nobody = load.mixed_scripts(plan(load, residents=0), 10)
    assert {r[0] for script in nobody for r in islice(script, 8)} == {"anonymous", "search"}


def test_errors_are_failures_and_unexpected_answers(load):
    records = [("anonymous", 200, 0.01, 1), ("anonymous", 302, 0.02, 1), ("anonymous", 500, 0.03, 1),
               ("anonymous", 0, 0.04, 1), ("search", 429, 0.05, 1), ("sign", 201, 0.06, 1),
               ("sign", 409, 0.07, 1), ("cabinet", 302, 0.08, 1), ("cabinet", 200, 0.09, 1)]
    result = load.figures(records, 2.0)
    assert result.count == 9 and result.rate == 4.5
    assert result.errors == 5  # 500, no answer, 429, a second signature, the cabinet sending to sign-in
    assert result.statuses == {0: 1, 200: 2, 201: 1, 302: 2, 409: 1, 429: 1, 500: 1}
    assert load.figures(records, 2.0, {"anonymous"}).p50 == 0.02
    assert "errors 5" in load.line("mixed", result)


def test_verdict_and_ratio_say_whether_the_targets_are_met(load):
    text, met = load.ratio_line("x", 300.0, 1000.0)
    assert not met and "0.30" in text and "NOT met" in text
    assert load.ratio_line("x", 600.0, 1000.0)[1]
    lines = load.verdict("embedded", {20: 0.7, 100: 0.55, 200: 0.4}, {20: 0.05, 100: 0.25}, 0, {100: 0.31})
    assert "NOT met (lowest 0.40 at 200 clients)" in lines[0]
    assert "— met (250 ms; anonymous pages alone 310 ms, NOT met)" in lines[1]
    assert lines[2].endswith("0 errors — met")
    lines = load.verdict("operator", {20: 0.9}, {20: 0.5}, 3)
    assert "not measured" in lines[1] and "NOT met (3 errors)" in lines[2]


def test_cluster_env_is_read(load, tmp_path):
    env = tmp_path / "cluster.env"
    env.write_text("# the operator profile\nCLUSTER_URL=http://127.0.0.1:58080\nexport CLUSTER_STATIC_PATH="
                   "'/static/hromada/hromada.css'\nHROMADA_DATABASE_URL=postgres://u@127.0.0.1:56432/h\n")
    assert load.read_env_file(str(env)) == {
        "CLUSTER_URL": "http://127.0.0.1:58080", "CLUSTER_STATIC_PATH": "/static/hromada/hromada.css",
        "HROMADA_DATABASE_URL": "postgres://u@127.0.0.1:56432/h"}


def test_cleanup_undoes_everything_in_reverse_even_after_a_failure(load):
    done = []
    cleanup = load.Cleanup()
    cleanup.add(lambda: done.append("temp dir"))
    cleanup.add(lambda: 1 / 0)
    cleanup.add(lambda: done.append("server"))
    cleanup.run()
    assert done == ["server", "temp dir"]
    cleanup.run()
    assert done == ["server", "temp dir"]  # once only


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def do_GET(self):
        status = 404 if self.path == "/missing" else 200
        body = b"ok"
        self.send_response(status)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


def test_timed_load_labels_answers_and_stops_in_time(load):
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        scripts = load.uniform_scripts("anonymous", ["/", "/missing"], 3)
        elapsed, records = load.httpload.run_for(server.server_address[1], scripts, 0.5)
    finally:
        server.shutdown()
        server.server_close()
    assert 0.5 <= elapsed < 5
    assert {r[0] for r in records} == {"anonymous"}
    assert {r[1] for r in records} == {200, 404} and len(records) > 6
    assert all(r[3] <= elapsed for r in records)
    assert load.figures(records, elapsed).errors == sum(1 for r in records if r[1] == 404)


def test_refused_connections_count_as_failures(load):
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]  # nothing listens once the socket is closed
    _, records = load.httpload.run_for(port, load.uniform_scripts("anonymous", ["/"], 2), 0.3)
    assert records and {r[1] for r in records} == {0}


def _scripts(tmp_path, up: str) -> Path:
    """Stand-ins for scripts/cluster-{up,ctl,down} that log their arguments."""
    folder = tmp_path / "scripts"
    folder.mkdir()
    log = tmp_path / "calls.log"
    for name, body in (("cluster-up", up), ("cluster-ctl", ""), ("cluster-down", "")):
        script = folder / name
        script.write_text(f'#!/bin/sh\necho "{name} $*" >> {log}\n{body}\n')
        script.chmod(0o755)
    return log


def _args(load, *extra: str):
    return load.parser().parse_args(["--duration", "1", "--levels", "2", "--drill-clients", "2",
                                     "--drill-seconds", "3", *extra])


def test_operator_profile_is_skipped_with_the_reason(load, tmp_path, monkeypatch, capsys):
    monkeypatch.setattr(load, "ROOT", str(tmp_path))
    monkeypatch.setattr(load, "port_taken", lambda port: False)
    load.cluster(_args(load), load.Cleanup())
    out = capsys.readouterr().out
    assert "operator profile: skipped — cluster-up, cluster-ctl, cluster-down not in scripts/" in out
    log = _scripts(tmp_path, 'echo "no PostgreSQL 15 here" >&2; exit 3')
    cleanup = load.Cleanup()
    load.cluster(_args(load), cleanup)
    assert "skipped — scripts/cluster-up failed (exit 3): no PostgreSQL 15 here" in capsys.readouterr().out
    cleanup.run()
    assert log.read_text().splitlines()[-1].startswith("cluster-down --dir ")  # removed all the same
    monkeypatch.setattr(load, "port_taken", lambda port: port == 58080)
    load.cluster(_args(load), load.Cleanup())
    assert "skipped — port 58080 is taken" in capsys.readouterr().out
    assert len(log.read_text().splitlines()) == 2  # another profile's port: cluster-up not even tried


def test_operator_profile_is_measured_and_drilled(load, tmp_path, monkeypatch, capsys):
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    monkeypatch.setattr(load, "ROOT", str(tmp_path))
    monkeypatch.setattr(load, "port_taken", lambda port: False)
    log = _scripts(tmp_path, 'while [ "$1" != "--dir" ]; do shift; done\n'
                             f'printf "CLUSTER_URL=http://127.0.0.1:{server.server_address[1]}\\n'
                             'CLUSTER_STATIC_PATH=/static/x.css\\n" > "$2/cluster.env"')
    cleanup = load.Cleanup()
    try:
        load.cluster(_args(load), cleanup)
    finally:
        cleanup.run()
        server.shutdown()
        server.server_close()
    out = capsys.readouterr().out
    assert "operator · 2 clients · mixed workload" in out and "operator · 2 clients · static file" in out
    for drill in ("kill one application process", "stop the replica", "stop Redis",
                  "restart the PostgreSQL primary"):
        assert f"drill · operator: {drill}" in out
    assert "operator: 0 errors — met" in out and "FAIL" not in out  # the stand-in server never fails
    calls = [line.split() for line in log.read_text().splitlines()]
    assert calls[0][0] == "cluster-up" and "HROMADA_RATE_LIMIT_EXEMPT=127.0.0.1" in calls[0]
    assert calls[-1][0] == "cluster-down"
    directory = calls[0][calls[0].index("--dir") + 1]
    assert all(call[1:3] == ["--dir", directory] for call in calls[1:])  # every command on this cluster
    calls = [" ".join([call[0], *call[3:]]) for call in calls]
    assert {"cluster-ctl kill-one app", "cluster-ctl stop replica", "cluster-ctl start replica",
            "cluster-ctl stop redis", "cluster-ctl start redis", "cluster-ctl restart primary"} <= set(calls)


@pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="reads /proc (Linux)")
def test_kill_one_drill_picks_a_web_process_not_the_task_worker(load):
    parent = subprocess.Popen([sys.executable, "-c", (
        "import subprocess, sys, time\n"
        "sleep = 'import time; time.sleep(30)'\n"
        "subprocess.Popen([sys.executable, '-c', sleep, 'worker'])\n"  # like `python -m hromada worker`
        "subprocess.Popen([sys.executable, '-c', sleep + ' # resource_tracker'])\n"
        "web = subprocess.Popen([sys.executable, '-c', sleep])\n"
        "print(web.pid, flush=True)\n"
        "time.sleep(30)\n")], stdout=subprocess.PIPE, text=True)
    try:
        web = int(parent.stdout.readline())
        assert load.web_workers(parent.pid) == [web]
    finally:
        for pid in load.server_children(parent.pid):
            os.kill(pid, signal.SIGKILL)
        parent.kill()
        parent.wait()


def test_the_outsider_probe_searches_from_an_address_the_limits_apply_to(load):
    seen: list[str] = []

    class Recording(BaseHTTPRequestHandler):
        def do_GET(self):
            seen.append(self.client_address[0])
            self.send_response(500 if len(seen) == 2 else 200)
            self.send_header("Content-Length", "0")
            self.end_headers()

        def log_message(self, *args):
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Recording)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        probe = load.OutsiderProbe(server.server_address[1], "mohyliv.localhost", every=0.05)
        probe.start()
        deadline = time.monotonic() + 5
        while len(probe.answers) < 4 and time.monotonic() < deadline:
            time.sleep(0.02)
        probe.stop()
    finally:
        server.shutdown()
        server.server_close()
    assert set(seen) == {"127.0.0.2"} and len(probe.answers) >= 4
    second = probe.answers[1][0]
    failing = {"requests": 9, "before": 0, "during": 0, "after": 0, "last_failure": None, "ok_after": 5,
               "outsider": probe.summary(window_end=second - 0.001)}  # the 500 falls after the window
    assert failing["outsider"]["failed_after"] == 1
    assert "FAIL" in load.drill_line("x", failing, True, "claim")
    calm = dict(failing, outsider=probe.summary(window_end=second + 0.001))
    assert "PASS" in load.drill_line("x", calm, True, "claim") and "rate-limited visitor" in load.drill_line(
        "x", calm, True, "claim")
