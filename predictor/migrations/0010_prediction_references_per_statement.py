# On PostgreSQL a prediction's four references (its version, key, batch file and shadow
# version) are checked once per statement instead of once per row (issue 21). A foreign key
# runs one lookup per row and per key, empty keys included: a third of the server's time
# for a 10,000-row insert (260 -> 166 ms with no check at all; these checks measured level
# with none). The triggers below keep the rules those keys kept, in sets:
# - after an insert, every version, key and batch file its rows name must exist, and is
#   locked FOR KEY SHARE until the transaction ends, as a foreign key's check locks it, so
#   no other transaction can delete it in between;
# - an update that changes a reference is checked the same way (nothing in the site does);
# - deleting a version, key or batch file, or changing its id, while a prediction still
#   names it is refused at the end of the statement, as a foreign key's NO ACTION is.
# Both raise foreign_key_violation (23503), which Django raises as IntegrityError, as before.
# Unlike the keys, which Django made deferred, each statement is checked as it ends (so
# `loaddata` needs versions, keys and batch files loaded before the predictions naming them),
# a delete is refused outright under REPEATABLE READ or SERIALIZABLE (a foreign key looks
# past the transaction's snapshot for predictions committed since; a function cannot), and a
# TRUNCATE of one of those tables alone is not refused. The functions run as their owner,
# as a foreign key's checks do, on the schemas in use now. SQLite keeps its foreign keys:
# their check costs little there, and its batches are at their goal.

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


def _function(name: str, arguments: str, returns: str, body: str, schemas: str) -> str:
    """A PL/pgSQL function run as its owner (SELECT ... FOR KEY SHARE needs UPDATE rights
    on the table locked), on these schemas whoever calls it (pg_dump's restore empties the
    search path), the session's own temporary tables last."""
    return f"""
CREATE FUNCTION {name}({arguments}) RETURNS {returns} LANGUAGE plpgsql
  SECURITY DEFINER SET search_path = {schemas}, pg_temp AS $$
BEGIN{body}
END $$;"""


def _checks() -> str:
    """{TABLE}_names(...)'s body: each reference given must name a row, which stays locked
    against deletion until the transaction ends."""
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


def _parent_checks(parent: str, schemas: str) -> str:
    columns = [column for column, _, named, _ in REFERENCES if named == parent]
    named = " OR ".join(f"{column} = OLD.id" for column in columns)
    body = f"""
  IF current_setting('transaction_isolation') <> 'read committed' THEN
    RAISE feature_not_supported USING MESSAGE = format(
      '{parent} %s: delete it under READ COMMITTED, where predictions committed meanwhile are seen', OLD.id);
  END IF;
  IF EXISTS (SELECT 1 FROM {TABLE} WHERE {named}) THEN
    RAISE foreign_key_violation USING MESSAGE = format('{parent} %s is still named by {TABLE}', OLD.id);
  END IF;
  RETURN NULL;"""
    return f"""{_function(f"{parent}_kept", "", "trigger", body, schemas)}
CREATE TRIGGER {parent}_kept AFTER DELETE ON {parent} FOR EACH ROW EXECUTE FUNCTION {parent}_kept();
CREATE TRIGGER {parent}_id_kept AFTER UPDATE OF id ON {parent}
  FOR EACH ROW WHEN (OLD.id IS DISTINCT FROM NEW.id) EXECUTE FUNCTION {parent}_kept();"""


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    with schema_editor.connection.cursor() as cursor:
        cursor.execute("SELECT quote_ident(current_schema())")
        schemas = cursor.fetchone()[0]
    drops = ", ".join(f"DROP CONSTRAINT {name}" for *_, name in REFERENCES)
    given = ", ".join(f"given_{column} {kind}" for column, kind, _, _ in REFERENCES)
    # Setting a reference to null (Django does, for a deleted batch file) names nothing new.
    changed = " OR ".join(
        f"(NEW.{column} IS NOT NULL AND NEW.{column} IS DISTINCT FROM OLD.{column})" for column, *_ in REFERENCES
    )
    # An insert's rows share their references (one version, key and file per request), so the
    # distinct combinations are few: one scan of the new rows, then a lookup each.
    inserted = f"""
  PERFORM {TABLE}_names({COLUMNS}) FROM (SELECT DISTINCT {COLUMNS} FROM new_rows) AS named;
  RETURN NULL;"""
    updated = f"""
  PERFORM {TABLE}_names({", ".join(f"NEW.{column}" for column, *_ in REFERENCES)});
  RETURN NULL;"""
    schema_editor.execute(
        f"""
ALTER TABLE {TABLE} {drops};
{_function(f"{TABLE}_names", given, "void", _checks(), schemas)}
{_function(f"{TABLE}_inserted", "", "trigger", inserted, schemas)}
CREATE TRIGGER {TABLE}_inserted AFTER INSERT ON {TABLE}
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION {TABLE}_inserted();
{_function(f"{TABLE}_changed", "", "trigger", updated, schemas)}
CREATE TRIGGER {TABLE}_changed AFTER UPDATE OF {COLUMNS} ON {TABLE}
  FOR EACH ROW WHEN ({changed}) EXECUTE FUNCTION {TABLE}_changed();
{"".join(_parent_checks(parent, schemas) for parent in PARENTS)}""",
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
