"""`make screenshots`: pictures of the page with a result, at desktop and phone widths, of
the model card, of the staff dashboard over a month of made-up traffic, and of a file
being scored in the browser."""

from pathlib import Path

from playwright.sync_api import expect, sync_playwright

from tests.browser.batch_steps import sign_in, upload
from tests.browser.server import CHROMIUM, CHROMIUM_ARGS, ROOT, manage, running_server, site_env

STAFF = ("staff", "screenshot-password")

SIZES = {"desktop": {"width": 1280, "height": 860}, "phone": {"width": 390, "height": 844}}


def main() -> None:
    out = ROOT / "docs"
    out.mkdir(exist_ok=True)
    # Small chunks, so the batch job's page can be caught part-way.
    with running_server(worker=True, BATCH_CHUNK_ROWS="200") as (base_url, db), sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        for name, size in SIZES.items():
            page = browser.new_page(viewport=size, device_scale_factor=1)
            page.goto(base_url + "/")
            page.get_by_label("Education").select_option("Bachelors")
            page.get_by_label("Hours per week").fill("45")
            # The page opens with the starting person's estimate: wait for the changed person's.
            expect(page.locator(".reason-list")).to_contain_text("45 hours a week")
            path = Path(out / f"screenshot-{name}.png")
            page.screenshot(path=path, full_page=True)
            print(f"wrote {path.relative_to(ROOT)}")
        page = browser.new_page(viewport=SIZES["desktop"], device_scale_factor=1)
        page.goto(base_url + "/model/")
        expect(page.locator("svg").first).to_be_visible()
        path = Path(out / "screenshot-model-card.png")
        page.screenshot(path=path, full_page=True)
        print(f"wrote {path.relative_to(ROOT)}")
        manage(site_env(SQLITE_PATH=str(db)), "shell", "-c", "from tests.browser.screenshots import seed; seed()")
        page.goto(base_url + "/admin/login/?next=/admin/dashboard/")
        page.get_by_label("Username").fill(STAFF[0])
        page.get_by_label("Password").fill(STAFF[1])
        page.get_by_role("button", name="Log in").click()
        expect(page.locator("svg.chart")).to_have_count(5)  # per day, answers, shares, the shadow's two
        path = Path(out / "screenshot-dashboard.png")
        page.screenshot(path=path, full_page=True)
        print(f"wrote {path.relative_to(ROOT)}")
        # After the dashboard's picture, which the batch job's predictions would change.
        path = Path(out / "screenshot-batch.png")
        batch_part_way(browser, base_url).screenshot(path=path, full_page=True)
        print(f"wrote {path.relative_to(ROOT)}")
        browser.close()


# Caught between polls: a third or more scored, not yet finished, the rate shown.
PART_WAY = """() => {
  const bar = document.querySelector("#batch-bar");
  return bar && bar.position >= 1 / 3 && bar.position < 1 && /rows a second/.test(bar.parentNode.textContent);
}"""


def batch_part_way(browser, base_url: str):
    """The job page of the test split twice over, a third of it or more scored."""
    lines = [line for line in (ROOT / "data" / "adult.test").read_text().splitlines()[1:] if line.strip()]
    page = browser.new_page(viewport=SIZES["desktop"], device_scale_factor=1)
    page.goto(base_url + "/batch/")
    sign_in(page, *STAFF)
    upload(page, "\n".join(lines * 2) + "\n", name="adult-test.csv")
    page.wait_for_function(PART_WAY, timeout=20_000)
    return page


def seed() -> None:
    """A month of predictions from the test split, the last week's people younger (so the
    drift table has something to say), outcomes for about a third of the older ones, a
    gradient-boosted version shadowing the active one throughout, and a superuser. Run
    inside the server's environment by `manage.py shell`."""
    import random
    from datetime import timedelta

    from django.contrib.auth.models import User
    from django.utils import timezone

    import mlcore
    from predictor.models import Outcome, Prediction
    from predictor.services import (
        model_version_create,
        model_version_shadow,
        predictions_create,
        shadow_score_pending,
    )
    from tests.conftest import train_artifact

    User.objects.create_superuser(STAFF[0], "staff@example.com", STAFF[1])
    shadow = model_version_create(artifact=train_artifact(preset="seed", algorithm="hgb"))
    model_version_shadow(version=shadow, by=STAFF[0])
    names = list(mlcore.resolve_features("seed"))
    people, _ = mlcore.load_dataset(ROOT / "data" / "adult.test", names)
    young = people[people["age"] < 35]
    rng, now = random.Random(0), timezone.now()
    for day in range(30):
        for source in ("web", "api"):
            pool = young if day < 7 and source == "api" else people
            sample = pool.sample(rng.randint(40, 160) * (2 if source == "api" else 1), random_state=rng.randrange(9999))
            ids = predictions_create(records=sample[names].to_dict("records"), source=source).ids
            Prediction.objects.filter(pk__in=ids).update(created_at=now - timedelta(days=day, hours=rng.random() * 12))
            if day >= 7:
                known = [(pk, bool(y)) for pk, y in zip(ids, sample["y"], strict=True) if rng.random() < 0.3]
                Outcome.objects.bulk_create(
                    Outcome(prediction_id=pk, earns_over_50k=y, recorded_by="staff") for pk, y in known
                )
    while shadow_score_pending():  # as the batch worker does, every second
        pass


if __name__ == "__main__":
    main()
