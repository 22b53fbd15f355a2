"""mlcore.batchfile and batchrows: the layouts a batch file may have, its rows read from any
point, each cell read as the loader reads it, every bad field named, the known outcomes."""

from pathlib import Path

import pytest

from mlcore import batchfile, batchrows
from mlcore.rawcsv import UCI_COLUMNS
from mlcore.schema import NOT_STATED

SEED = ["age", "workclass", "education", "marital_status", "race", "sex", "hours_per_week"]
# One file per layout, each holding the same people: adult.data's lines 1, 5, 8, 9, 15, 28.
LAYOUTS = Path(__file__).parent / "layouts"
LAYOUT_FILES = ["uci.data", "uci.test", "snake.csv", "kaggle.csv", "dots.csv", "hyphens.csv"]


def write(tmp_path, text: str, encoding: str = "utf-8"):
    path = tmp_path / "people.csv"
    path.write_bytes(text.encode(encoding))
    return path


def test_uci_layout_with_its_stray_first_line(tmp_path):
    path = write(
        tmp_path,
        "|1x3 Cross validator\n39, State-gov, 77516, Bachelors, 13, Never-married, Adm-clerical, "
        "Not-in-family, White, Male, 2174, 0, 40, United-States, <=50K.\n\n",
    )
    layout = batchfile.inspect(path, SEED)
    assert (layout.header, layout.skip, layout.rows, layout.names) == (False, 1, 1, UCI_COLUMNS)
    (row,) = batchfile.read_rows(path, layout)
    assert row[layout.positions["education"]] == " Bachelors"


def test_a_header_in_any_order_with_other_columns_a_byte_order_mark_and_crlf(tmp_path):
    text = "\ufeffNote,Sex,Race,Hours-Per-Week,Age,Education,Marital.Status,Workclass\r\n"
    text += 'a,Female,White,40,39,Masters,Divorced,Private\r\n\r\n"b, quoted",Male,Black,20,50,HS-grad,Widowed,?\r\n'
    layout = batchfile.inspect(write(tmp_path, text), SEED)
    assert layout.header and layout.rows == 2 and layout.names[0] == "Note"
    assert layout.positions == {
        "age": 4,
        "workclass": 7,
        "education": 5,
        "marital_status": 6,
        "race": 2,
        "sex": 1,
        "hours_per_week": 3,
    }
    rows = list(batchfile.read_rows(tmp_path / "people.csv", layout, start=1))
    assert rows == [["b, quoted", "Male", "Black", "20", "50", "HS-grad", "Widowed", "?"]]


@pytest.mark.parametrize("name", LAYOUT_FILES)
def test_each_layout_gives_the_same_records_and_outcomes(name, predictor):
    layout = batchfile.inspect(LAYOUTS / name, SEED, outcomes=True)
    assert layout.rows == 6 and layout.outcome == 14
    rows = list(batchfile.read_rows(LAYOUTS / name, layout))
    cleaned, positions, errors = batchrows.records(predictor, rows, layout, first=1)
    assert errors == [] and positions == list(range(6))
    assert cleaned[0] == {
        **{"age": 39, "workclass": "State-gov", "education": "Bachelors", "marital_status": "Never-married"},
        **{"race": "White", "sex": "Male", "hours_per_week": 40},
    }
    assert cleaned[5]["workclass"] == NOT_STATED  # line 28's "?"
    ids = [101, 102, 103, 104, 105, 106]
    assert batchrows.outcomes(rows, positions, ids, layout) == list(zip(ids, [False, False] + [True] * 4, strict=True))
    uci = batchfile.inspect(LAYOUTS / "uci.data", SEED)
    assert cleaned == batchrows.records(predictor, list(batchfile.read_rows(LAYOUTS / "uci.data", uci)), uci, 1)[0]


def test_kaggles_header_is_passed_back_as_the_file_wrote_it():
    layout = batchfile.inspect(LAYOUTS / "kaggle.csv", SEED)
    assert layout.names[4] == "educational-num" and layout.names[9] == "gender"
    assert layout.positions["sex"] == 9 and layout.outcome is None  # not asked for


@pytest.mark.parametrize(
    ("cell", "said"),
    [(">50K", True), (" <=50K. ", False), (">50k.", True), ("true", True), ("FALSE", False)]
    + [("", None), ("?", None), ("maybe", None), ("1", None)],
)
def test_an_income_cell_says_over_50k_or_nothing(cell, said):
    assert batchrows.outcome(cell) is said


def test_outcomes_of_scored_rows_only_and_none_unless_asked(tmp_path):
    text = "age,earns_over_50k,sex\n1,true,x\n2,,x\n3,False,x\n4,perhaps,x\n"
    asked = batchfile.inspect(write(tmp_path, text), ["age", "sex"], outcomes=True)
    rows = list(batchfile.read_rows(tmp_path / "people.csv", asked))
    assert batchrows.outcomes(rows, [0, 1, 2, 3], [7, 8, 9, 10], asked) == [(7, True), (9, False)]
    assert batchrows.outcomes(rows, [2], [9], asked) == [(9, False)]  # the others were refused
    not_asked = batchfile.inspect(tmp_path / "people.csv", ["age", "sex"])
    assert batchrows.outcomes(rows, [0, 1, 2, 3], [7, 8, 9, 10], not_asked) == []


def test_asking_for_outcomes_without_an_income_column_is_refused(tmp_path):
    path = write(tmp_path, "age,workclass,education,marital_status,race,sex,hours_per_week\n1,2,3,4,5,6,7\n")
    assert batchfile.inspect(path, SEED).outcome is None
    with pytest.raises(batchfile.BatchFileError) as refused:
        batchfile.inspect(path, SEED, outcomes=True)
    assert str(refused.value) == (
        "To record outcomes the file needs an income column (>50K or <=50K) "
        "or an earns_over_50k column (true or false)."
    )


@pytest.mark.parametrize(
    ("text", "encoding", "message"),
    [
        ("age;workclass\n1;2\n", "utf-8", "No recognised columns"),
        ("\n\n", "utf-8", "The file holds no rows."),
        ("age,workclass,education,marital_status,race,sex,hours_per_week\nä\n", "cp1252", "not UTF-8 text \\(byte 64"),
    ],
)
def test_files_refused_whole(tmp_path, text, encoding, message):
    with pytest.raises(batchfile.BatchFileError, match=message):
        batchfile.inspect(write(tmp_path, text, encoding), SEED)


def test_chunks_cover_the_rows_once_in_order():
    rows = iter([[str(i)] for i in range(7)])
    assert [len(c) for c in batchfile.chunks(rows, 3)] == [3, 3, 1]


def test_cells_read_as_the_loader_reads_them_and_every_problem_is_named(tmp_path, predictor):
    text = "age,workclass,education,marital_status,race,sex,hours_per_week,extra\n"
    text += " 39 ,?,Bachelors,Never-married,White,Male,40.0,kept\n"  # spaces, a blank answer, 40.0
    text += "old,Private,Bachelors,Never-married,Green,Male,,x\n"  # three problems
    text += "39,Private\n"  # too few fields
    path = write(tmp_path, text)
    layout = batchfile.inspect(path, SEED)
    rows = list(batchfile.read_rows(path, layout))
    cleaned, positions, errors = batchrows.records(predictor, rows, layout, first=1)
    assert cleaned == [
        {
            "age": 39,
            "workclass": NOT_STATED,
            "education": "Bachelors",
            "marital_status": "Never-married",
            "race": "White",
            "sex": "Male",
            "hours_per_week": 40,
        }
    ]
    assert positions == [0]
    assert [e[:2] for e in errors] == [[2, "age"], [2, "race"], [2, "hours_per_week"], [3, "(row)"]]
    assert errors[0][2:] == ["old", "must be a whole number from 17 to 90"]
    assert errors[2][3] == "is required; a whole number from 1 to 99"
    assert errors[3][3] == "has 2 fields; the file's rows have 8"
