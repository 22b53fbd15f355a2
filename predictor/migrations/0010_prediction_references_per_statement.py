# On PostgreSQL a prediction's four references (its version, key, batch file and shadow
# version) are checked once per statement instead of once per row (issue 21). A foreign key
# runs one lookup per row and per key, empty keys included: a third of the server's time
# for a 10,000-row insert (270 -> 180 ms measured, 160 with no check at all). The triggers
# below keep every rule those keys kept, in sets:
# - after an insert, every version, key and batch file its rows name must exist, and is
#   locked FOR KEY SHARE until the transaction ends, as a foreign key's check locks it, so
#   no other transaction can delete it in between;
# - an update that changes a reference is checked the same way (nothing in the site does);
# - deleting a version, key or batch file, or changing its id, while a prediction still
#   names it is refused at the end of the statement, as a foreign key's NO ACTION is.
# Both raise foreign_key_violation (23503), which Django raises as IntegrityError, as before.
# Not kept: TRUNCATE of a version, key or batch table alone (the owner's tool; Django's
# flush truncates every table at once). SQLite keeps its foreign keys: its check costs little
# and its batches are at their goal. Django's state keeps them too, so no later migration of
# these fields adds one back here (tests/predictor/test_references.py would say so).

from django.db import migrations

TABLE = "predictor_prediction"
# (column, its type, the table it names, the foreign key Django made for it)
REFERENCES = [
    (
        "model_version_id",
        "bigint",
        "predictor_modelversion",
        "predictor_prediction_model_version_id_f5e12a54_fk_predictor",
    ),
    ("api_key_id", "bigint", "predictor_apikey", "predictor_prediction_api_key_id_14f6df2d_fk_predictor_apikey_id"),
    ("batch_job_id", "uuid", "predictor_batchjob", "predictor_prediction_batch_job_id_c204abc4_fk_predictor"),
    (
        "shadow_version_id",
        "bigint",
        "predictor_modelversion",
        "predictor_prediction_shadow_version_id_840977e0_fk_predictor",
    ),
]
PARENTS = sorted({parent for _, _, parent, _ in REFERENCES})
COLUMNS = ", ".join(column for column, *_ in REFERENCES)


def _checks() -> str:
    """The body of {TABLE}_names(...): each reference given must name a row, which stays
    locked against deletion until the transaction ends."""
    return "".join(
        f"""
  IF given_{column} IS NOT NULL THEN
    PERFORM 1 FROM {parent} WHERE id = given_{column} FOR KEY SHARE;
    IF NOT FOUND THEN
      RAISE foreign_key_violation
        USING MESSAGE = format('{TABLE}.{column} = %s names no row of {parent}', given_{column});
    END IF;
  END IF;"""
        for column, _, parent, _ in REFERENCES
    )


def _parent_checks(parent: str) -> str:
    columns = [column for column, _, named, _ in REFERENCES if named == parent]
    named = " OR ".join(f"{column} = OLD.id" for column in columns)
    return f"""
CREATE FUNCTION {parent}_kept() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF EXISTS (SELECT 1 FROM {TABLE} WHERE {named}) THEN
    RAISE foreign_key_violation USING MESSAGE = format('{parent} %s is still named by {TABLE}', OLD.id);
  END IF;
  RETURN NULL;
END $$;
CREATE TRIGGER {parent}_kept AFTER DELETE ON {parent} FOR EACH ROW EXECUTE FUNCTION {parent}_kept();
CREATE TRIGGER {parent}_id_kept AFTER UPDATE OF id ON {parent}
  FOR EACH ROW WHEN (OLD.id IS DISTINCT FROM NEW.id) EXECUTE FUNCTION {parent}_kept();"""


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    drops = ", ".join(f"DROP CONSTRAINT {name}" for *_, name in REFERENCES)
    given = ", ".join(f"given_{column} {kind}" for column, kind, _, _ in REFERENCES)
    # Setting a reference to null (Django does, for a deleted batch file) names nothing new.
    changed = " OR ".join(
        f"(NEW.{column} IS NOT NULL AND NEW.{column} IS DISTINCT FROM OLD.{column})" for column, *_ in REFERENCES
    )
    schema_editor.execute(
        f"""
ALTER TABLE {TABLE} {drops};
CREATE FUNCTION {TABLE}_names({given}) RETURNS void LANGUAGE plpgsql AS $$
BEGIN{_checks()}
END $$;
-- An insert's rows share their references (one version, key and file per request), so the
-- distinct combinations are few: one scan of the new rows, then a lookup each.
CREATE FUNCTION {TABLE}_inserted() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM {TABLE}_names({COLUMNS}) FROM (SELECT DISTINCT {COLUMNS} FROM new_rows) AS named;
  RETURN NULL;
END $$;
CREATE TRIGGER {TABLE}_inserted AFTER INSERT ON {TABLE}
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION {TABLE}_inserted();
CREATE FUNCTION {TABLE}_changed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM {TABLE}_names({", ".join(f"NEW.{column}" for column, *_ in REFERENCES)});
  RETURN NULL;
END $$;
CREATE TRIGGER {TABLE}_changed AFTER UPDATE OF {COLUMNS} ON {TABLE}
  FOR EACH ROW WHEN ({changed}) EXECUTE FUNCTION {TABLE}_changed();
{"".join(_parent_checks(parent) for parent in PARENTS)}""",
        None,  # no parameters: the %s are format()'s
    )


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    functions = [f"{TABLE}_inserted", f"{TABLE}_changed", f"{TABLE}_names", *(f"{parent}_kept" for parent in PARENTS)]
    adds = ", ".join(
        f"ADD CONSTRAINT {name} FOREIGN KEY ({column}) REFERENCES {parent} (id) DEFERRABLE INITIALLY DEFERRED"
        for column, _, parent, name in REFERENCES
    )
    schema_editor.execute(f"DROP FUNCTION {', '.join(functions)} CASCADE; ALTER TABLE {TABLE} {adds};", None)


class Migration(migrations.Migration):
    dependencies = [
        ("predictor", "0009_prediction_partial_indexes"),
    ]

    operations = [migrations.RunPython(forwards, backwards)]
