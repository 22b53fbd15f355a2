"""`make screenshots`: pictures of the page with a result, at desktop and phone widths, of
the model card, and of the staff dashboard over a month of made-up traffic."""

from pathlib import Path

from playwright.sync_api import expect, sync_playwright

from tests.browser.server import CHROMIUM, CHROMIUM_ARGS, ROOT, manage, running_server, site_env

STAFF = ("staff", "screenshot-password")

SIZES = {"desktop": {"width": 1280, "height": 860}, "phone": {"width": 390, "height": 1400}}


def main() -> None:
    out = ROOT / "docs"
    out.mkdir(exist_ok=True)
    with running_server() as (base_url, db), sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        for name, size in SIZES.items():
            page = browser.new_page(viewport=size, device_scale_factor=1)
            page.goto(base_url + "/")
            page.get_by_label("Education").select_option("Bachelors")
            page.get_by_label("Hours per week").fill("45")
            expect(page.locator(".big-number")).to_be_visible()
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
        expect(page.locator("svg.chart")).to_have_count(3)
        path = Path(out / "screenshot-dashboard.png")
        page.screenshot(path=path, full_page=True)
        print(f"wrote {path.relative_to(ROOT)}")
        browser.close()


def seed() -> None:
    """A month of predictions from the test split, the last week's people younger (so the
    drift table has something to say), outcomes for about a third of the older ones, and a
    superuser. Run inside the server's environment by `manage.py shell`."""
    import random
    from datetime import timedelta

    from django.contrib.auth.models import User
    from django.utils import timezone

    import mlcore
    from predictor.models import Outcome, Prediction
    from predictor.services import predictions_create

    User.objects.create_superuser(STAFF[0], "staff@example.com", STAFF[1])
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


if __name__ == "__main__":
    main()
