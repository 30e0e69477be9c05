"""Locust users for benchmarks/load_mixed.py: residents asking for help, staff settling requests,
and people looking at the circle map — the platform's everyday mix, through the real pages."""

from __future__ import annotations

import random
import re
import uuid

from locust import HttpUser, between, task

COMMUNITY = "654322100005"
PASSWORD = "baimi-demo-2026"
REFERENCE = re.compile(r'href="/help/(H[0-9A-F]+)/"')


class _LoggedIn(HttpUser):
    abstract = True
    username = ""

    def on_start(self) -> None:
        page = self.client.get("/accounts/login/", name="login page")
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.text)
        assert token is not None
        self.client.post("/accounts/login/", name="log in", allow_redirects=False,
                         data={"username": self.username, "password": PASSWORD, "csrfmiddlewaretoken": token.group(1)})

    def post(self, path: str, data: dict[str, str], name: str) -> None:
        with self.client.post(path, data=data, name=name, allow_redirects=False, catch_response=True,
                              headers={"X-CSRFToken": self.client.cookies.get("csrftoken", ""),
                                       "Referer": self.host + "/"}) as response:
            if response.status_code in (302, 409):  # 409: another worker settled it first — a correct answer
                response.success()
            else:
                response.failure(f"HTTP {response.status_code}")


class Resident(_LoggedIn):
    weight = 3
    wait_time = between(1, 3)
    username = "resident"

    @task(3)
    def ask_for_help(self) -> None:
        self.client.get("/help/new/", name="report form")
        self.post("/help/new/", {"category": str(random.choice(self.environment.parsed_options.categories)),
                                 "description": f"负载测试 {uuid.uuid4().hex[:8]} 楼道灯坏了",
                                 "token": uuid.uuid4().hex}, name="report (POST)")

    @task(1)
    def my_requests(self) -> None:
        self.client.get("/help/", name="request list")


class Staff(_LoggedIn):
    weight = 2
    wait_time = between(1, 3)
    username = "worker"

    @task
    def settle_one(self) -> None:
        page = self.client.get("/help/", name="request list")
        open_ones = REFERENCE.findall(page.text)
        if open_ones:
            reference = random.choice(open_ones[:20])
            self.client.get(f"/help/{reference}/", name="request page")
            self.post(f"/help/{reference}/settle/", {"notes": "已处理", "level": "circle"}, name="settle (POST)")


class MapViewer(_LoggedIn):
    weight = 2
    wait_time = between(1, 3)
    username = "worker"

    @task
    def look_at_the_map(self) -> None:
        self.client.get(f"/circles/{COMMUNITY}/map/", name="circle map page")
        self.client.get(f"/circles/{COMMUNITY}/map.json", name="circle map data")


def _categories_option(parser: object) -> None:
    parser.add_argument("--categories", type=lambda s: [int(x) for x in s.split(",")], default=[1],  # type: ignore[attr-defined]
                        help="help category ids residents choose from")


from locust import events  # noqa: E402

events.init_command_line_parser.add_listener(_categories_option)
