"""The load run's simulated people, for locust (started by bench/load.py, never by pytest).

Consumers sign in through the login form, then browse their case list and the five sections
of their cases, call the minimal view as often as a section, and now and then upload a 1 MB
phone photo through the evidence form (CSRF token read from the page, as a browser sends it).
Every photo is a real JPEG, made distinct by a comment segment, so each upload has its own
SHA-256, which the run keeps to check the bucket afterwards. Advisors sign in to the admin and
page and search their case list. Every request (name, milliseconds, status, error) is kept and
written out when the run stops; bench/load.py makes the figures from them.

Environment: BENCH_LOAD_ACCOUNTS (the seed's JSON), BENCH_LOAD_OUT (a folder), BENCH_LOAD_THINK
(mean seconds a person waits between two actions).
"""

import hashlib
import io
import itertools
import json
import os
import random
import re
import time
from pathlib import Path

import gevent
from locust import HttpUser, between, events, task

ACCOUNTS = json.loads(Path(os.environ["BENCH_LOAD_ACCOUNTS"]).read_text())
OUT = Path(os.environ["BENCH_LOAD_OUT"])
THINK = float(os.environ.get("BENCH_LOAD_THINK", "1.5"))
SECONDS = float(os.environ.get("BENCH_LOAD_SECONDS", "60"))
PEOPLE = int(os.environ["BENCH_LOAD_CONSUMERS"]) + int(os.environ["BENCH_LOAD_ADVISORS"])
TIMEOUT = 30  # a request that takes longer is an error
PHOTO_BYTES = 1_000_000
SAVED = "已保存 1 个文件"
SECTIONS = {"next": "", "evidence": "evidence/", "timeline": "timeline/", "files": "files/",
            "more": "more/"}  # fmt: skip
TOKEN = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')

samples: list[tuple[str, float, int, str, float]] = []
uploads: list[dict] = []
window: dict[str, float] = {}
_consumers = itertools.cycle(ACCOUNTS["consumers"])
_advisors = itertools.cycle(ACCOUNTS["advisors"])
_sequence = itertools.count()


def _photo() -> bytes:
    """A real ~1 MB JPEG: a phone-sized picture with sensor-like noise, quality tuned to size."""
    from PIL import Image, ImageChops

    base = Image.linear_gradient("L").resize((1200, 900))
    noise = Image.effect_noise((1200, 900), 30)
    picture = Image.merge(
        "RGB", (ImageChops.add(base, noise), noise, ImageChops.multiply(base, noise))
    )
    for quality in range(95, 40, -5):
        buffer = io.BytesIO()
        picture.save(buffer, "JPEG", quality=quality)
        if buffer.tell() <= PHOTO_BYTES * 1.05:
            break
    return buffer.getvalue()


PHOTO = _photo()


def distinct_photo(tag: str) -> bytes:
    """The photo with a JPEG comment (COM segment) right after its start marker: still a valid
    JPEG that any decoder reads, but bytes (and a SHA-256) of its own."""
    comment = f"weiquan load run {tag}".encode()
    return PHOTO[:2] + b"\xff\xfe" + (len(comment) + 2).to_bytes(2, "big") + comment + PHOTO[2:]


@events.request.add_listener
def _keep(request_type, name, response_time, response, exception, **_):
    status = getattr(response, "status_code", 0) or 0
    error = "" if exception is None else f"{type(exception).__name__}: {exception}"[:200]
    samples.append((name, response_time, status, error, time.time() - response_time / 1000))


def _signed_in(environment) -> None:
    """The measured window opens when the last person has signed in (sign-ins are figures of
    their own: each costs a PBKDF2 hash, ~1 s of CPU here) and closes SECONDS later."""
    window["signed_in"] = window.get("signed_in", 0) + 1
    if window["signed_in"] == PEOPLE:
        window["start"] = time.time()
        gevent.spawn_later(SECONDS, _close, environment)


def _close(environment) -> None:
    window["stop"] = time.time()
    environment.runner.quit()


@events.test_stop.add_listener
def _write(**_):
    window.setdefault("stop", time.time())
    (OUT / "samples.json").write_text(json.dumps({"window": window, "samples": samples}))
    (OUT / "uploads.jsonl").write_text("".join(json.dumps(u) + "\n" for u in uploads))


class Person(HttpUser):
    abstract = True
    wait_time = between(THINK * 0.5, THINK * 1.5)

    def get(self, url: str, name: str):
        with self.client.get(url, name=name, allow_redirects=False, timeout=TIMEOUT,
                             catch_response=True) as response:  # fmt: skip
            if response.status_code >= 400 or response.status_code == 0:
                response.failure(f"HTTP {response.status_code}")
            elif "login/" in response.headers.get("Location", ""):
                response.failure("sent to the sign-in page: not signed in")
            return response

    def sign_in(self, form_url: str, login: str, name: str, then: str) -> None:
        """Sign in through the form; counted once done or failed, so the window still opens
        (a failed sign-in is an error of the run, and the person's pages will be too)."""
        try:
            page = self.get(form_url, f"{name} form")
            found = TOKEN.search(page.text)
            if found is None:
                return
            with self.client.post(form_url, name=name, allow_redirects=False, timeout=TIMEOUT,
                                  data={"csrfmiddlewaretoken": found.group(1), "username": login,
                                        "password": ACCOUNTS["password"], "next": then},
                                  catch_response=True) as response:  # fmt: skip
                if response.status_code != 302 or "login/" in response.headers.get("Location", ""):
                    response.failure(f"sign-in refused: HTTP {response.status_code}")
        finally:
            _signed_in(self.environment)


class Consumer(Person):
    fixed_count = int(os.environ.get("BENCH_LOAD_CONSUMERS", "50"))

    def on_start(self):
        self.account = next(_consumers)
        self.sign_in("/accounts/login/", self.account["login"], "consumer sign-in", "/cases/")

    def case(self) -> str:
        return random.choice(self.account["cases"])

    @task(3)
    def case_list(self):
        self.get("/cases/", "case list")

    @task(6)
    def section(self):
        section, suffix = random.choice(list(SECTIONS.items()))
        self.get(f"/cases/{self.case()}/{suffix}", f"case page: {section}")

    @task(2)
    def minimal(self):
        self.get("/bench-minimal/", "minimal view")

    @task(1)
    def upload(self):
        reference = self.case()
        page = self.get(f"/cases/{reference}/evidence/", "case page: evidence")
        found = TOKEN.search(page.text)
        if found is None:
            return
        number = next(_sequence)
        name = f"IMG_{number:05d}.jpg"
        data = distinct_photo(f"{reference} {number}")
        entry = {"reference": reference, "name": name, "saved": False,
                 "sha256": hashlib.sha256(data).hexdigest()}  # fmt: skip
        uploads.append(entry)
        with self.client.post(f"/cases/{reference}/evidence/upload/", name="upload 1 MB photo",
                              data={"csrfmiddlewaretoken": found.group(1), "kind": "auto"},
                              files={"files": (name, data, "image/jpeg")}, allow_redirects=False,
                              timeout=TIMEOUT, catch_response=True) as response:  # fmt: skip
            if response.status_code != 302:
                response.failure(f"upload answered HTTP {response.status_code}")
                return
            location = response.headers["Location"]
        answer = self.get(location, "case page: evidence")
        entry["saved"] = SAVED in answer.text
        if not entry["saved"]:
            # the page after the upload says why not: that is an error of the run
            events.request.fire(
                request_type="CHECK", name="upload answered as saved", response_time=0,
                response_length=0, response=None, context={},
                exception=RuntimeError("the page after the upload says it was not saved"),
            )  # fmt: skip


class Advisor(Person):
    fixed_count = int(os.environ.get("BENCH_LOAD_ADVISORS", "5"))

    def on_start(self):
        self.sign_in("/admin/login/", next(_advisors)["login"], "advisor sign-in", "/admin/")

    @task(3)
    def first_page(self):
        self.get("/admin/cases/case/", "advisor list")

    @task(3)
    def another_page(self):
        self.get(f"/admin/cases/case/?p={random.randint(2, 40)}", "advisor list: page N")

    @task(2)
    def search(self):
        self.get(f"/admin/cases/case/?q=店铺{random.randint(1, 1999)}", "advisor list: search")

    @task(1)
    def minimal(self):
        self.get("/bench-minimal/", "minimal view")
