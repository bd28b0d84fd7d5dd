"""Connections spread over gunicorn's workers (reelfake/gunicorn_worker.py, docs/deployment.md
"How connections spread over the workers"): live gunicorn with 2 workers, and /proc to see
which worker holds each connection."""

import http.client
import os
import signal
import socket
from pathlib import Path

import pytest

from tests.core.test_gunicorn_conf import run_in_worker_like_process
from tests.live import Server, free_port, wait_until, wait_until_accepted

TRIALS = 10


def start_server(**env: str) -> Server:
    server = Server(free_port(), env={"WEB_CONCURRENCY": "2", "GUNICORN_THREADS": "4", **env})
    server.start()
    wait_until(lambda: len(watching_workers(server)) == 2, what="both workers to accept")
    return server


@pytest.fixture
def server(django_db_setup):
    server = start_server()
    try:
        yield server
    finally:
        server.stop()


def worker_pids(server: Server) -> list[int]:
    pids = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        # fields[0]: the state (Z: exited, not yet reaped), fields[1]: the parent's pid
        if fields[0] != "Z" and int(fields[1]) == server.process.pid:
            pids.append(int(stat.parent.name))
    return pids


def socket_inodes(port: int, state: str) -> set[str]:
    """Inodes of the sockets whose local port is `port`, in `state` (/proc/net/tcp: 0A LISTEN,
    01 ESTABLISHED, 08 CLOSE_WAIT)."""
    inodes = set()
    for line in Path("/proc/net/tcp").read_text().splitlines()[1:]:
        fields = line.split()
        if int(fields[1].rsplit(":", 1)[1], 16) == port and fields[3] == state:
            inodes.add(fields[9])
    return inodes


def fds(pid: int) -> list[Path]:
    """The process's open files; none once it has gone (a killed worker, reaped meanwhile)."""
    try:
        return list(Path(f"/proc/{pid}/fd").iterdir())
    except OSError:
        return []


def fd_targets(pid: int) -> list[str]:
    targets = []
    for fd in fds(pid):
        try:
            targets.append(os.readlink(fd))
        except OSError:
            continue
    return targets


def connections_held(server: Server) -> dict[int, int]:
    """Per worker pid: the client connections it holds open."""
    inodes = socket_inodes(server.port, "01") | socket_inodes(server.port, "08")
    return {
        pid: sum(
            target[8:-1] in inodes for target in fd_targets(pid) if target.startswith("socket:[")
        )
        for pid in worker_pids(server)
    }


def watching_workers(server: Server) -> set[int]:
    """Workers whose event loop watches the listening socket (their epoll's fdinfo names its
    inode): booted and accepting."""
    (listener,) = socket_inodes(server.port, "0A")
    wanted = f"ino:{int(listener):x} "
    watching = set()
    for pid in worker_pids(server):
        for fd in fds(pid):
            try:
                if os.readlink(fd) == "anon_inode:[eventpoll]":
                    if wanted in (Path(f"/proc/{pid}/fdinfo") / fd.name).read_text():
                        watching.add(pid)
            except OSError:
                continue
    return watching


def open_answered(server: Server, count: int, path: str = "/api") -> list[socket.socket]:
    """`count` connections made back to back, then one keep-alive request on each, answered."""
    sockets = [socket.create_connection(("127.0.0.1", server.port), 30) for _ in range(count)]
    for sock in sockets:
        sock.sendall(f"GET {path} HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n".encode())
    for sock in sockets:
        assert read_status(sock) == 200
    return sockets


def read_status(sock: socket.socket) -> int:
    response = http.client.HTTPResponse(sock)
    response.begin()
    response.read()
    return response.status


def close_all(server: Server, sockets: list[socket.socket]) -> None:
    for sock in sockets:
        sock.close()
    wait_until(lambda: not any(connections_held(server).values()), what="the workers to close them")


def splits(server: Server, count: int, trials: int = TRIALS) -> list[list[int]]:
    """Per trial: the connections each worker held, most first, after `count` connections
    opened at once were answered."""
    seen = []
    for _ in range(trials):
        sockets = open_answered(server, count)
        seen.append(sorted(connections_held(server).values(), reverse=True))
        close_all(server, sockets)
    return seen


@pytest.mark.parametrize("count, even", [(8, [4, 4]), (6, [3, 3])])
def test_keep_alive_connections_opened_at_once_spread_evenly_over_two_workers(server, count, even):
    assert splits(server, count) == [even] * TRIALS


def test_a_killed_worker_is_replaced_and_connections_still_spread_evenly(server):
    killed = min(worker_pids(server))
    os.kill(killed, signal.SIGKILL)
    wait_until(
        lambda: len(watching_workers(server) - {killed}) == 2, what="a replacement to accept"
    )
    assert splits(server, 8) == [[4, 4]] * TRIALS


def test_a_stopped_worker_holding_fewer_connections_does_not_keep_one_waiting(server):
    (held,) = open_answered(server, 1)
    busy = next(pid for pid, count in connections_held(server).items() if count == 1)
    (stopped,) = set(worker_pids(server)) - {busy}
    os.kill(stopped, signal.SIGSTOP)
    try:
        (waiting,) = open_answered(server, 1)
        assert connections_held(server) == {busy: 2, stopped: 0}
    finally:
        os.kill(stopped, signal.SIGCONT)
    close_all(server, [held, waiting])


def test_with_every_thread_of_every_worker_busy_the_server_still_accepts_and_answers(
    django_db_setup,
):
    # 2 threads a worker, both allowed to sleep on `delay` (docs/security.md "Delays and streams")
    server = start_server(GUNICORN_THREADS="2", REELFAKE_DELAY_MAX_SLEEPERS="2")
    try:
        slow = [socket.create_connection(("127.0.0.1", server.port), 30) for _ in range(4)]
        for sock in slow:
            sock.sendall(b"GET /api?delay=2000 HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n")
        wait_until(lambda: sorted(connections_held(server).values()) == [2, 2], what="2 + 2")
        extra = socket.create_connection(("127.0.0.1", server.port), 30)
        extra.sendall(b"GET /api HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n")
        wait_until_accepted(server.port)
        assert sorted(connections_held(server).values()) == [2, 3]
        assert [read_status(sock) for sock in [*slow, extra]] == [200] * 5
        close_all(server, [*slow, extra])
    finally:
        server.stop()


# gunicorn.conf.py's master hooks, as the master runs them: pre_fork gives two workers their
# slots, one of them holds 3 connections, then child_exit for that one.
EXITED_WORKER = """
from types import SimpleNamespace
from reelfake import gunicorn_worker as spread
live, exited = SimpleNamespace(age=1), SimpleNamespace(age=2)
conf["pre_fork"](None, live)
conf["pre_fork"](None, exited)
spread._table.set(exited.connection_slot, spread.READY, 1)
spread._table.set(exited.connection_slot, spread.CONNECTIONS, 3)
before = spread._table.fewest_elsewhere(live.connection_slot)
conf["child_exit"](None, exited)
print(before, spread._table.fewest_elsewhere(live.connection_slot))
"""


def test_child_exit_frees_the_exited_workers_slot_so_its_connections_no_longer_count():
    assert run_in_worker_like_process(EXITED_WORKER) == "3 None"
