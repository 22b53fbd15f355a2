"""The load: clients that post the form as htmx does, and clients of the JSON API."""

import json
import re
import urllib.parse
import urllib.request

from tests.soak.base_client import Client

FIGURE = 'class="probability-figure"'
TOKEN = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


def model_features(base_url: str) -> list[dict]:
    """The active model's inputs with their allowed values, as the API describes them."""
    with urllib.request.urlopen(base_url + "/api/v1/model", timeout=30) as answer:
        return json.load(answer)["features"]


class FormClient(Client):
    """A browser tab: reads the page once for its CSRF cookie and token, then posts the
    form as htmx does on every change."""

    cookie = token = None

    def step(self) -> None:
        if self.token is None:
            self.load_page()
            return
        fields = {**self.person(), "csrfmiddlewaretoken": self.token}
        headers = {
            "HX-Request": "true",
            "Cookie": self.cookie,
            "Referer": self.base_url + "/",
            "Content-Type": "application/x-www-form-urlencoded",
        }
        answer = self.send("POST", "/", urllib.parse.urlencode(fields).encode(), headers)
        if answer is None:
            return
        response, text = answer
        if response.status == 200 and FIGURE in text:
            self.tally.form_answered += 1
        else:
            self.unexpected("form POST", response, text)
            self.token = None  # as htmx would on HX-Refresh: draw the page again

    def load_page(self) -> None:
        answer = self.send("GET", "/")
        if answer is None:
            return
        response, text = answer
        cookies = [c.split(";")[0] for c in response.headers.get_all("Set-Cookie") or []]
        cookie = next((c for c in cookies if c.startswith("csrftoken=")), None)
        token = TOKEN.search(text)
        if response.status != 200 or cookie is None or token is None:
            self.unexpected("form GET", response, text)
            return
        self.cookie, self.token = cookie, token.group(1)


class ApiClient(Client):
    """A program posting one record at a time to the JSON API."""

    def step(self) -> None:
        body = json.dumps(self.person()).encode()
        answer = self.send("POST", "/api/v1/predictions", body, {"Content-Type": "application/json"})
        if answer is None:
            return
        response, text = answer
        if response.status == 201:
            self.tally.api_ids.append(json.loads(text)["id"])
        else:
            self.unexpected("API POST", response, text)
