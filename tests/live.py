"""Real servers for the tests that need them: gunicorn processes (gunicorn.conf.py, gthread)
on the test database, nginx in front of one (deploy/nginx/), and a small HTTP client that
keeps the login cookie and reads SSE."""

from __future__ import annotations

import http.client
import json
import os
import pwd
import shutil
import socket
import string
import subprocess
import sys
import tempfile
import time
import uuid
from dataclasses import dataclass, field
from pathlib import Path

from django.conf import settings
from django.db import connection

from tests.core.test_schema import database_url as url_of_database


def database_url() -> str:
    """The test database, as DATABASE_URL for a server process."""
    return url_of_database(connection.settings_dict["NAME"])


def free_port() -> int:
    """A free TCP port: from REELFAKE_TEST_PORTS (e.g. "8111-8119") when set, else any."""
    wanted = os.environ.get("REELFAKE_TEST_PORTS")
    candidates = [0]
    if wanted:
        first, _, last = wanted.partition("-")
        candidates = list(range(int(first), int(last or first) + 1))
    for port in candidates:
        with socket.socket() as sock:
            try:
                sock.bind(("127.0.0.1", port))
            except OSError:
                continue
            return sock.getsockname()[1]
    raise RuntimeError(f"no free port in REELFAKE_TEST_PORTS={wanted}")


def wait_until(condition, *, what: str, timeout: float = 30, interval: float = 0.05):
    """Poll `condition()` until it returns a true value, and return that value; fail after
    `timeout` seconds. Live-server tests wait for what they need, never for a fixed time."""
    deadline = time.monotonic() + timeout
    while not (value := condition()):
        if time.monotonic() >= deadline:
            raise AssertionError(f"still waiting after {timeout} s for {what}")
        time.sleep(interval)
    return value


def wait_until_steady(read, *, quiet: float, what: str, timeout: float = 30):
    """Poll `read()` until its value has stayed the same for `quiet` seconds, and return it;
    fail if that takes over `timeout` seconds (the value keeps changing)."""
    value, since = read(), time.monotonic()
    deadline = since + timeout
    while time.monotonic() - since < quiet:
        if time.monotonic() >= deadline:
            raise AssertionError(f"{what} still changing after {timeout} s (now {value!r})")
        time.sleep(0.05)
        if (latest := read()) != value:
            value, since = latest, time.monotonic()
    return value


def accept_backlog(port: int) -> int | None:
    """How many connections to the listening socket on `port` the kernel has completed that
    no process has accepted yet (Linux: a listening socket's rx_queue in /proc/net/tcp is its
    accept queue); None where /proc/net/tcp does not exist."""
    try:
        lines = Path("/proc/net/tcp").read_text().splitlines()[1:]
    except OSError:
        return None
    for line in lines:
        fields = line.split()
        local, state, queues = fields[1], fields[3], fields[4]
        if state == "0A" and int(local.rsplit(":", 1)[1], 16) == port:  # 0A: LISTEN
            return int(queues.split(":")[1], 16)
    raise AssertionError(f"nothing listens on port {port}")


def wait_until_accepted(port: int) -> None:
    """Wait until the server on `port` has accepted every connection made to it so far."""
    if accept_backlog(port) is None:  # not Linux: no way to look, give it half a second
        time.sleep(0.5)
        return
    wait_until(lambda: accept_backlog(port) == 0, what=f"the server on {port} to accept")


def stop_process(process: subprocess.Popen | None) -> None:
    """Terminates a server process still running, killing it after 15 s."""
    if process and process.poll() is None:
        process.terminate()
        try:
            process.wait(15)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


@dataclass
class Server:
    """One gunicorn instance (one worker, gthread) serving the test database."""

    port: int
    env: dict = field(default_factory=dict)
    process: subprocess.Popen | None = None
    log: Path | None = None

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self) -> Server:
        env = {
            **os.environ,
            "DATABASE_URL": database_url(),
            "DJANGO_SETTINGS_MODULE": "reelfake.settings_test",
            "HOST": "127.0.0.1",
            "PORT": str(self.port),
            "WEB_CONCURRENCY": "1",
            "GUNICORN_THREADS": "8",
            "REQUEST_LOG_LEVEL": "WARNING",
            **self.env,
        }
        self.log = Path(f"/tmp/reelfake-live-{self.port}-{uuid.uuid4().hex[:6]}.log")
        self.process = subprocess.Popen(
            [sys.executable, "-m", "gunicorn", "--config", "gunicorn.conf.py"],
            cwd=settings.BASE_DIR,
            env=env,
            stdout=self.log.open("wb"),
            stderr=subprocess.STDOUT,
        )
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"server on {self.port} exited:\n{self.log.read_text()}")
            try:
                status, _, _ = Client(self).request("GET", "/api")
                if status == 200:
                    return self
            except OSError:
                pass
            time.sleep(0.1)
        raise RuntimeError(f"server on {self.port} did not start:\n{self.log.read_text()}")

    def stop(self) -> None:
        stop_process(self.process)
        self.process = None


NGINX_TEMPLATE = Path(settings.BASE_DIR) / "deploy" / "nginx" / "reelfake.conf.template"

# What the official nginx image's nginx.conf provides around the templates it renders into
# conf.d/, with every path in a scratch directory so that nginx runs as any user.
NGINX_MAIN = """
{user}
worker_processes 1;
pid {dir}/nginx.pid;
error_log {dir}/error.log info;
events {{ worker_connections 1024; }}
http {{
    default_type application/octet-stream;
    access_log {dir}/access.log;
    client_body_temp_path {dir}/body;
    proxy_temp_path {dir}/proxy;
    fastcgi_temp_path {dir}/fastcgi;
    uwsgi_temp_path {dir}/uwsgi;
    scgi_temp_path {dir}/scgi;
    include {dir}/conf.d/*.conf;
}}
"""


def nginx_binary() -> str | None:
    """nginx on PATH, or Debian's /usr/sbin/nginx (not on a normal user's PATH)."""
    return shutil.which("nginx") or shutil.which("nginx", path="/usr/sbin:/usr/local/sbin")


def render_template(text: str, variables: dict[str, str]) -> str:
    """What the official image's envsubst does: replace ${NAME} and $NAME for the given
    names only, so nginx's own $variables stay."""
    return string.Template(text).safe_substitute(variables)


@dataclass
class Proxy:
    """nginx serving deploy/nginx/reelfake.conf.template in front of `upstream`."""

    upstream: Server
    port: int
    client_timeout: str = "10s"
    process: subprocess.Popen | None = None
    dir: Path | None = None

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self, wait_for_upstream: bool = True) -> Proxy:
        binary = nginx_binary()
        if binary is None:
            raise RuntimeError("nginx is not installed: `make proxy` installs it")
        self.dir = Path(tempfile.mkdtemp(prefix="reelfake-nginx-"))
        (self.dir / "conf.d").mkdir()
        site = render_template(
            NGINX_TEMPLATE.read_text(),
            {
                "REELFAKE_UPSTREAM": f"127.0.0.1:{self.upstream.port}",
                "NGINX_PORT": f"127.0.0.1:{self.port}",
                "NGINX_CLIENT_TIMEOUT": self.client_timeout,
            },
        )
        (self.dir / "conf.d" / "reelfake.conf").write_text(site)
        # As root, nginx would hand its workers to `nobody`: keep them as this user.
        user = f"user {pwd.getpwuid(os.geteuid()).pw_name};" if os.geteuid() == 0 else ""
        main = self.dir / "nginx.conf"
        main.write_text(NGINX_MAIN.format(user=user, dir=self.dir))
        with (self.dir / "stderr.log").open("wb") as stderr:
            self.process = subprocess.Popen(
                [binary, "-p", str(self.dir), "-e", str(self.dir / "error.log"), "-c", str(main)]
                + ["-g", "daemon off;"],
                stdout=subprocess.DEVNULL,
                stderr=stderr,
            )
        deadline = time.monotonic() + 15
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"nginx exited:\n{self.logs()}")
            try:
                if not wait_for_upstream:
                    socket.create_connection(("127.0.0.1", self.port), timeout=1).close()
                    return self
                if Client(self).request("GET", "/api")[0] == 200:
                    return self
            except OSError:
                pass
            time.sleep(0.1)
        raise RuntimeError(f"nginx on {self.port} did not start:\n{self.logs()}")

    def logs(self) -> str:
        return "\n".join(
            path.read_text(errors="replace")
            for path in (self.dir / "stderr.log", self.dir / "error.log")
            if path.exists()
        )

    def stop(self) -> None:
        stop_process(self.process)
        self.process = None
        if self.dir:
            shutil.rmtree(self.dir, ignore_errors=True)


class Client:
    """Plain HTTP/1.1 with the auth cookie kept by hand (it is `Secure`)."""

    def __init__(self, server: Server | Proxy):
        self.server = server
        self.cookie: str | None = None

    def connect(self, timeout: float = 30) -> http.client.HTTPConnection:
        return http.client.HTTPConnection("127.0.0.1", self.server.port, timeout=timeout)

    def headers(self, extra: dict | None = None) -> dict:
        headers = dict(extra or {})
        if self.cookie:
            headers["Cookie"] = f"auth_token={self.cookie}"
        return headers

    def request(self, method: str, path: str, body: bytes | None = None, headers=None):
        conn = self.connect()
        try:
            conn.request(method, path, body=body, headers=self.headers(headers))
            response = conn.getresponse()
            return response.status, dict(response.getheaders()), response.read()
        finally:
            conn.close()

    def login(self, email: str, password: str, prefix: str = "") -> Client:
        """Signs in at `<prefix>/api/auth/login` (a prefix such as /sandbox/<key>)."""
        body = json.dumps({"email": email, "password": password}).encode()
        conn = self.connect()
        path = f"{prefix}/api/auth/login"
        conn.request("POST", path, body, {"Content-Type": "application/json"})
        response = conn.getresponse()
        response.read()
        assert response.status == 200
        for name, value in response.getheaders():
            if name.lower() == "set-cookie" and value.startswith("auth_token="):
                self.cookie = value.split(";", 1)[0].split("=", 1)[1]
        conn.close()
        assert self.cookie
        return self

    def post_csv(self, path: str, content: bytes) -> tuple[int, dict]:
        body, content_type = multipart(content)
        status, _, data = self.request("POST", path, body, {"Content-Type": content_type})
        return status, json.loads(data)

    def open_stream(self, path: str, last_event_id: int | None = None) -> SseReader:
        conn = self.connect()
        headers = {"Accept": "text/event-stream"}
        if last_event_id is not None:
            headers["Last-Event-ID"] = str(last_event_id)
        conn.request("GET", path, headers=self.headers(headers))
        response = conn.getresponse()
        assert response.status == 200, response.read()
        return SseReader(conn, response)


def multipart(content: bytes, name: str = "movies.csv") -> tuple[bytes, str]:
    boundary = uuid.uuid4().hex
    body = (
        f"--{boundary}\r\n"
        f'Content-Disposition: form-data; name="file"; filename="{name}"\r\n'
        "Content-Type: text/csv\r\n\r\n"
    ).encode()
    body += content + f"\r\n--{boundary}--\r\n".encode()
    return body, f"multipart/form-data; boundary={boundary}"


class SseReader:
    """Events of an open text/event-stream response, one at a time."""

    def __init__(self, conn, response):
        self.conn = conn
        self.response = response
        self.headers = dict(response.getheaders())

    def next_event(self) -> tuple[int | None, dict] | None:
        event_id, data = None, None
        while True:
            line = self.response.readline()
            if not line:
                return None
            line = line.decode().rstrip("\r\n")
            if line == "":
                if data is not None:
                    return event_id, data
                continue
            if line.startswith("id: "):
                event_id = int(line[4:])
            elif line.startswith("data: "):
                data = json.loads(line[6:])

    def events(self, count: int | None = None) -> list[tuple[int | None, dict]]:
        out = []
        while count is None or len(out) < count:
            event = self.next_event()
            if event is None:
                break
            out.append(event)
        return out

    def close(self) -> None:
        # Drop the connection like a browser tab that went away.
        self.conn.sock.shutdown(socket.SHUT_RDWR)
        self.conn.close()


def exchange(port: int, raw: bytes) -> tuple[int, dict, bytes]:
    """Send raw bytes, read one HTTP response: status, headers (lower-case names), body."""
    with socket.create_connection(("127.0.0.1", port), timeout=30) as sock:
        sock.sendall(raw)
        response = http.client.HTTPResponse(sock)
        response.begin()
        headers = {name.lower(): value for name, value in response.getheaders()}
        return response.status, headers, response.read()


def request_line(length: int) -> bytes:
    """A GET /api request line of exactly `length` bytes (CRLF not counted)."""
    frame = len("GET /api?q= HTTP/1.1")
    return b"GET /api?q=" + b"a" * (length - frame) + b" HTTP/1.1"
