"""The admin's prediction history reads in plain words, never in census codes."""

from html.parser import HTMLParser

import mlcore
from predictor.services import outcome_record

from .test_admin import HISTORY


class _Shown(HTMLParser):
    """What a person can read on a page: its text and its title attributes, not its URLs."""

    def __init__(self):
        super().__init__()
        self.parts, self.hidden = [], 0

    def handle_starttag(self, tag, attrs):
        self.hidden += tag in ("script", "style")
        self.parts += [value for name, value in attrs if name == "title" and value]

    def handle_endtag(self, tag):
        self.hidden -= tag in ("script", "style")

    def handle_data(self, data):
        if not self.hidden:
            self.parts.append(data)


def shown(html: str) -> str:
    parser = _Shown()
    parser.feed(html)
    return " ".join(parser.parts)


def raw_codes(text: str, schema) -> list[str]:
    """The census codes in `text` that have words of their own ("Married-civ-spouse", not "White")."""
    codes = []
    for feature in schema.features:
        for code in feature.categories:
            if code not in mlcore.category_label(feature.name, code) and code in text:
                codes.append(code)
    return codes


def test_the_history_list_reads_in_words(staff, history):
    html = staff.get(HISTORY).content.decode()
    text = shown(html)
    assert "Age 39, State government, Master's degree, Never married, White, Female, 40 hours a week" in text
    assert "Married" in text and "Employer type: State government" in text  # the cell's title, question by question
    assert "over $50K" in text and "$50K or less" in text and "Web form" in text and "JSON API" in text
    for title in ("By employer type", "By education", "By marital status", "By race", "By sex", "By estimate"):
        assert title in " ".join(text.split())


def test_no_raw_code_anywhere_in_the_history_pages(staff, history):
    from predictor.registry import active_schema

    schema = active_schema()
    for page in (HISTORY, f"{HISTORY}?marital_status=Married-civ-spouse", f"{HISTORY}{history[1].pk}/change/"):
        text = shown(staff.get(page).content.decode())
        assert raw_codes(text, schema) == [], page
    # Every category any row or filter can show is among those checked.
    assert "Married-civ-spouse" in schema["marital_status"].categories


def test_search_finds_answers_by_their_words(staff, history):
    found = staff.get(f"{HISTORY}?q=master").context["cl"].result_list
    assert {p.pk for p in found} == {history[0].pk}
    found = staff.get(f"{HISTORY}?q={history[2].pk}").context["cl"].result_list
    assert {p.pk for p in found} == {history[2].pk}
    assert staff.get(f"{HISTORY}?q=%E2%80%94nothing").context["cl"].result_list.count() == 0


def test_a_predictions_page_is_in_words_with_its_outcome(staff, history):
    row = history[1]
    page = f"{HISTORY}{row.pk}/change/"
    html = staff.get(page).content.decode()
    assert "Marital status" in html and ">Married<" in html and "Employer type" in html
    assert f"Model v{row.model_version_id}: logistic regression, seed features, trained" in html
    assert "Not recorded yet" in html and f"/admin/predictor/outcome/add/?prediction={row.pk}" in html
    assert 'name="_save"' not in html and 'name="_continue"' not in html
    outcome_record(prediction=row, earns_over_50k=False, by="staff someone")
    html = staff.get(page).content.decode()
    assert "Income $50K or less, recorded" in html and f"/admin/predictor/outcome/{row.pk}/change/" in html


def test_a_predictions_page_shows_its_reasons(staff, history):
    from django.utils.html import escape

    from mlcore.explain import expand
    from mlcore.reasons import reasons

    row = history[0]
    html = staff.get(f"/admin/predictor/prediction/{row.pk}/change/").content.decode()
    assert row.explanation
    for reason in reasons(expand(row.explanation, row.inputs)):
        assert escape(reason["words"]) in html
