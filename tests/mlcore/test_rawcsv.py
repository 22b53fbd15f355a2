"""One layout detector for training files and uploaded batches."""

from mlcore.rawcsv import UCI_COLUMNS, detect, stray_lines

NEEDED = ["age", "marital_status", "sex", "income"]


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
    columns = detect(["age", "gender", "marital.status"], NEEDED)
    assert columns.header and columns.recognised
    assert columns.missing == ["sex", "income"]
    assert columns.positions == {"age": 0, "marital_status": 2}


def test_a_row_that_is_neither_a_header_nor_ucis_width_is_not_recognised():
    columns = detect(["39", "Male", "40"], NEEDED)
    assert not columns.header and not columns.recognised
    assert columns.positions == {} and columns.missing == NEEDED


def test_a_needed_name_outside_ucis_columns_still_marks_a_header():
    assert detect(["score", "x"], ["score"]).header


def test_adult_tests_stray_first_line_is_skipped():
    assert stray_lines("|1x3 Cross validator\n25, Private") == 1
    assert stray_lines("age,sex\n") == 0
