"""The steps a person takes to score a file in the browser, shared by the batch test, the
accessibility audit and `make screenshots`: sign in on the site's page, upload a CSV."""

from pathlib import Path

from playwright.sync_api import expect

# UCI's layout with our names; the second person's age is out of range, so the job ends
# with one row scored and one refused, and the page offers both downloads.
TWO_PEOPLE = (
    "age,workclass,education,marital_status,race,sex,hours_per_week\n"
    "38,Private,Bachelors,Married-civ-spouse,White,Female,45\n"
    "250,Private,HS-grad,Never-married,White,Male,40\n"
)
MISSING_COLUMNS = "age,workclass,education\n30,Private,Bachelors\n"
# Three people with their true incomes, as Kaggle's adult.csv states them, the last unknown.
WITH_INCOME = (
    "age,workclass,education,marital-status,race,gender,hours-per-week,income\n"
    "38,Private,Bachelors,Married-civ-spouse,White,Female,45,>50K\n"
    "25,Private,HS-grad,Never-married,Black,Male,40,<=50K\n"
    "52,Self-emp-inc,Masters,Divorced,White,Male,60,?\n"
)


def sign_in(page, username: str, password: str) -> None:
    """On the sign-in page (where /batch/ sends a visitor), sign in and land on the upload form."""
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("heading", name="Score a file of people")).to_be_visible()


def upload(page, file: Path | str, name: str = "people.csv", record_outcomes: bool = False) -> None:
    """Send a file from disk (a Path) or one made of `file`'s text, as the upload form does,
    ticking "Record the known outcomes in this file" or not."""
    chosen = file if isinstance(file, Path) else {"name": name, "mimeType": "text/csv", "buffer": file.encode()}
    page.get_by_label("CSV file").set_input_files(chosen)
    page.get_by_label("Record the known outcomes in this file").set_checked(record_outcomes)
    page.get_by_role("button", name="Upload and score").click()


# Each value the bar shows from now on, with the figures beside it. htmx settles a swapped
# element with its old attributes for a moment, so attribute changes are watched too.
WATCH = """() => {
  const seen = window.barSeen = [];
  const note = () => {
    const bar = document.querySelector("#batch-bar");
    if (bar && bar.value !== seen.at(-1)?.[0]) {
      seen.push([bar.value, document.querySelector(".progress-figures").textContent]);
    }
  };
  note();
  new MutationObserver(note).observe(document.body, {subtree: true, childList: true, attributes: true});
}"""


def watch_bar(page) -> None:
    """On a job's page, note from now on each value its progress bar shows (see bar_seen)."""
    page.evaluate(WATCH)


def bar_seen(page) -> tuple[list[float], list[str]]:
    """Each value the bar showed since watch_bar, and the figures beside it as it showed it."""
    seen = page.evaluate("window.barSeen")
    return [value for value, _ in seen], [figures for _, figures in seen]


def finished(page) -> None:
    """Wait, as the person would, for the job page to offer the scored file. The two minutes
    bound a hang; they are no guess at the machine's speed, and a job that ends sooner is not
    waited for."""
    link = page.get_by_role("link", name="Download the scored rows (CSV)")
    expect(link).to_be_visible(timeout=120_000)
