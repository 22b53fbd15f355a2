"""Predict P(income > $50K) for records valid under a model's schema."""

import contextlib
import functools
from dataclasses import dataclass, field

import pandas as pd

from . import whatif
from .columns import ExplainedText
from .explain import Explainer
from .schema import CATEGORY, THRESHOLD, Schema
from .scorer import Scorer, compile_scorer
from .validate import RecordError, validate


@dataclass
class Predictor:
    """A fitted pipeline and its schema. A logistic pipeline is scored by a Scorer compiled
    from its weights here, when the model is loaded (exact to the pipeline, without pandas
    or scikit-learn per call); any other pipeline is asked directly."""

    pipeline: object
    schema: Schema
    term_averages: dict | None = field(default=None, repr=False)
    scorer: Scorer | None = field(init=False, repr=False)
    explainer: object | None = field(init=False, repr=False)
    # How its explanations are worked out: "linear" (explain.py), "tree_shap" (trees.py), or None.
    method: str | None = field(init=False, default=None)

    def __post_init__(self):
        self.scorer = compile_scorer(self.pipeline, self.schema)
        self.explainer = None
        if self.scorer is not None and self.term_averages is not None:
            self.explainer = Explainer(self.scorer.weights, self.term_averages, self.schema.names)
            self.method = "linear"
        elif self.scorer is None:
            # Imported only for a tree model: shap costs every other process a tenth of a second.
            from .trees import NotTreeError, TreeExplainer

            # A tree model trained with native categorical splits (before trees were explained)
            # stays without explanations: shap would give wrong sums for it.
            with contextlib.suppress(NotTreeError):
                self.explainer, self.method = TreeExplainer(self.pipeline, self.schema), "tree_shap"
        # (name, allowed categories or None, minimum, maximum): the quick check of `_clean_fast`.
        self._rules = tuple(
            (f.name, frozenset(f.categories) if f.kind == CATEGORY else None, f.minimum, f.maximum)
            for f in self.schema.features
        )

    def _clean_fast(self, record) -> dict | None:
        """The cleaned record when it is plainly valid (exact keys, listed categories, int
        numbers in range); None sends it to `validate`, which also explains what is wrong."""
        if type(record) is not dict or len(record) != len(self._rules):
            return None
        row = {}
        try:
            for name, allowed, low, high in self._rules:
                value = record[name]
                if allowed is None:
                    if type(value) is not int or not low <= value <= high:
                        return None
                elif value not in allowed:
                    return None
                row[name] = value
        except (KeyError, TypeError):  # a missing key, or an unhashable value such as a list
            return None
        return row

    def problems(self, record) -> list[dict]:
        """`validate`'s field errors for one record, empty when it is valid (quick check first)."""
        return [] if self._clean_fast(record) is not None else validate(self.schema, record)

    def clean_many(self, records: list) -> list[dict]:
        """Every record cleaned (see `cleaned`), or RecordError listing every bad field of
        every record, by index."""
        rows, errors = [], []
        for index, record in enumerate(records):
            row = self._clean_fast(record)
            if row is None:
                problems = validate(self.schema, record)
                if problems:
                    errors += [{"index": index, **e} for e in problems]
                    continue
                row = self.cleaned(record)
            rows.append(row)
        if errors:
            raise RecordError(errors)
        return rows

    def probabilities(self, rows: list[dict]) -> list[float]:
        """P(>50K) for records that `clean_many` returned, in order."""
        if not rows:
            return []
        if self.scorer is None:
            frame = pd.DataFrame.from_records(rows, columns=list(self.schema.names))
            return self.pipeline.predict_proba(frame)[:, 1].tolist()
        if len(rows) == 1:  # a page's one person: no array to build
            return [self.scorer.score_one(rows[0])]
        return self.scorer.score_many(rows).tolist()

    def predict_cleaned(self, rows: list[dict]) -> tuple[list[float], list[bool]]:
        """(probabilities, labels) for records that `clean_many` returned, in order."""
        probabilities = self.probabilities(rows)
        return probabilities, [p >= THRESHOLD for p in probabilities]

    def explanations(self, rows: list[dict]) -> list[dict | None]:
        """Each cleaned row's explanation ({"base", "contributions", "method"}: explain.py's
        for a logistic model, trees.py's for a tree model), or None for each when this model
        gives none (its artifact predates explanations, or shap cannot read it)."""
        if self.explainer is None:
            return [None] * len(rows)
        found = [self.explainer.explain(rows[0])] if len(rows) == 1 else self.explainer.explain_many(rows)
        for explanation in found:
            explanation["method"] = self.method
        return found

    @functools.cached_property
    def explained_text(self) -> ExplainedText | None:
        """A batch's answers as text from per-value pieces (columns.py): a logistic model
        with explanations only, built on first use."""
        # A number of wide range (capital gains, to 99,999) would make its tables large and
        # slow to build: such a model's batches take the general path.
        narrow = all(f.kind == CATEGORY or f.maximum - f.minimum <= 1_000 for f in self.schema.features)
        return ExplainedText(self.schema, self.explainer) if self.method == "linear" and narrow else None

    def what_would_change(self, row: dict) -> list[dict]:
        """whatif.changes for one cleaned row, each change scored by this model (any model:
        an empty list means no single plausible change crosses)."""
        score_changes = self.scorer.score_changes if self.scorer is not None else None
        return whatif.changes(self.probabilities, self.schema, row, score_changes)

    def predict_many(self, records: list[dict]) -> list[dict]:
        """Probabilities and labels for valid records, in order; RecordError otherwise."""
        probabilities, labels = self.predict_cleaned(self.clean_many(records))
        return [{"probability": p, "label": label} for p, label in zip(probabilities, labels, strict=True)]

    def cleaned(self, record: dict) -> dict:
        """A valid record in schema order, numbers as int (JSON's 39.0 is the person's 39)."""
        return {f.name: record[f.name] if f.kind == CATEGORY else int(record[f.name]) for f in self.schema.features}

    def predict_one(self, record: dict) -> dict:
        """Probability and label for one record; RecordError (fields without an index) otherwise."""
        errors = validate(self.schema, record)
        if errors:
            raise RecordError(errors)
        probabilities, labels = self.predict_cleaned([self.cleaned(record)])
        return {"probability": probabilities[0], "label": labels[0]}
