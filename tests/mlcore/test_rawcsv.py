"""One layout detector for training files and uploaded batches."""

from mlcore.rawcsv import UCI_COLUMNS, detect, normalise_name, stray_lines

NEEDED = ["age", "marital_status", "sex", "income"]
KAGGLE = "age,workclass,fnlwgt,education,educational-num,marital-status,occupation,relationship,race,gender,capital-gain,capital-loss,hours-per-week,native-country,income"  # noqa: E501


def test_a_header_row_is_read_in_any_order_with_other_columns_beside():
    columns = detect([" Age", "id", "Marital-Status", "sex", "income", "age"], NEEDED)
    assert columns.header and columns.recognised
    assert columns.names == ["age", "id", "marital_status", "sex", "income", "age"]
    assert columns.positions == {"age": 0, "marital_status": 2, "sex": 3, "income": 4}  # the first "age" wins
    assert columns.missing == []


def test_a_headerless_uci_row_takes_ucis_columns():
    row = "39, State-gov, 77516, Bachelors, 13, Never-married, Adm-clerical, Not-in-family, White, Male, 2174, 0, 40"
    columns = detect([*row.split(","), " United-States", " <=50K"], NEEDED)
    assert not columns.header and columns.recognised
    assert columns.names == UCI_COLUMNS
    assert columns.positions == {"age": 0, "marital_status": 5, "sex": 9, "income": 14}
    assert columns.missing == []


def test_a_header_missing_a_needed_column_names_it():
    columns = detect(["age", "race", "marital.status"], NEEDED)
    assert columns.header and columns.recognised
    assert columns.missing == ["sex", "income"]
    assert columns.positions == {"age": 0, "marital_status": 2}
    assert columns.outcome is None


def test_kaggles_adult_csv_header_names_every_uci_column():
    columns = detect(KAGGLE.split(","), UCI_COLUMNS)
    assert columns.header and columns.missing == []
    assert columns.names == UCI_COLUMNS  # gender is sex, educational-num is education_num
    assert columns.positions == {name: i for i, name in enumerate(UCI_COLUMNS)}


def test_ucis_names_with_dots_or_hyphens_and_other_spellings_are_ours():
    spellings = ["marital.status", "Hours-Per-Week", " native.country ", "Gender", "educational.num"]
    assert [normalise_name(name) for name in spellings] == [
        *("marital_status", "hours_per_week", "native_country", "sex", "education_num")
    ]


def test_the_outcome_column_is_income_else_earns_over_50k():
    assert detect(["age", "earns_over_50k", "sex", "income"], ["age"]).outcome == 3
    assert detect(["age", "Earns-Over-50K", "sex"], ["age"]).outcome == 1
    assert detect(["39", *["x"] * 14], ["age"]).outcome == 14  # UCI's label, without a header
    assert detect(["39", "x"], ["age"]).outcome is None  # a layout not read at all


def test_a_row_that_is_neither_a_header_nor_ucis_width_is_not_recognised():
    columns = detect(["39", "Male", "40"], NEEDED)
    assert not columns.header and not columns.recognised
    assert columns.positions == {} and columns.missing == NEEDED


def test_a_needed_name_outside_ucis_columns_still_marks_a_header():
    assert detect(["score", "x"], ["score"]).header


def test_adult_tests_stray_first_line_is_skipped():
    assert stray_lines("|1x3 Cross validator\n25, Private") == 1
    assert stray_lines("age,sex\n") == 0
