"""Plain words for every census code, declared once for the form, the admin and the model card.

Which codes a model allows still comes from its schema (read from the training data); this
only says how to show each one to a person, and in what order to offer them. A code
missing here is shown as it is, dashes turned into spaces.
"""

from .schema import FEATURES, NOT_STATED

CATEGORY_LABELS = {
    "workclass": {
        "Private": "Private company",
        "Self-emp-not-inc": "Self-employed (not incorporated)",
        "Self-emp-inc": "Self-employed (incorporated)",
        "Federal-gov": "Federal government",
        "State-gov": "State government",
        "Local-gov": "Local government",
        "Without-pay": "Without pay",
        "Never-worked": "Never worked",
    },
    # In order of schooling, so the list reads from least to most.
    "education": {
        "Preschool": "Preschool",
        "1st-4th": "1st to 4th grade",
        "5th-6th": "5th or 6th grade",
        "7th-8th": "7th or 8th grade",
        "9th": "9th grade",
        "10th": "10th grade",
        "11th": "11th grade",
        "12th": "12th grade, no diploma",
        "HS-grad": "High school graduate",
        "Some-college": "Some college, no degree",
        "Assoc-voc": "Associate degree (vocational)",
        "Assoc-acdm": "Associate degree (academic)",
        "Bachelors": "Bachelor's degree",
        "Masters": "Master's degree",
        "Prof-school": "Professional school degree",
        "Doctorate": "Doctorate",
    },
    "marital_status": {
        "Never-married": "Never married",
        "Married-civ-spouse": "Married",
        "Married-AF-spouse": "Married, spouse in the armed forces",
        "Married-spouse-absent": "Married, spouse absent",
        "Separated": "Separated",
        "Divorced": "Divorced",
        "Widowed": "Widowed",
    },
    "occupation": {
        "Adm-clerical": "Administrative or clerical",
        "Armed-Forces": "Armed forces",
        "Craft-repair": "Craft or repair",
        "Exec-managerial": "Executive or managerial",
        "Farming-fishing": "Farming or fishing",
        "Handlers-cleaners": "Handler or cleaner",
        "Machine-op-inspct": "Machine operator or inspector",
        "Other-service": "Other service work",
        "Priv-house-serv": "Private household service",
        "Prof-specialty": "Professional specialty",
        "Protective-serv": "Protective service",
        "Sales": "Sales",
        "Tech-support": "Technical support",
        "Transport-moving": "Transport or moving",
    },
    "relationship": {
        "Husband": "Husband",
        "Wife": "Wife",
        "Own-child": "Child",
        "Other-relative": "Other relative",
        "Not-in-family": "Not in a family",
        "Unmarried": "Unmarried partner or single parent",
    },
    "race": {
        "Amer-Indian-Eskimo": "American Indian or Eskimo",
        "Asian-Pac-Islander": "Asian or Pacific Islander",
        "Black": "Black",
        "White": "White",
        "Other": "Other",
    },
    "sex": {"Female": "Female", "Male": "Male"},
    # Spellings as the 1994 file has them; the labels say what they most likely mean.
    "native_country": {
        "Columbia": "Colombia",
        "Holand-Netherlands": "Netherlands",
        "Hong": "Hong Kong",
        "Outlying-US(Guam-USVI-etc)": "Outlying US territories (Guam, US Virgin Islands, ...)",
        "South": "South (as recorded; probably South Korea)",
        "Trinadad&Tobago": "Trinidad and Tobago",
    },
}


# Schooling from least to most, the order of UCI's education-num (1 to 16): the one way
# advice may move it (whatif.py); a test holds it to the numbers in the files.
EDUCATION_ORDER = tuple(CATEGORY_LABELS["education"])

# Features with no natural order are offered alphabetically by their words; the others in
# the order declared above (schooling, the most common employer first, ...).
ALPHABETICAL = {"occupation", "race", "native_country"}


def feature_label(name: str) -> str:
    """An input's label ("Hours per week"); a name FEATURES lacks (an old card's) as it is."""
    feature = FEATURES.get(name)
    return feature.label if feature else name


def category_label(feature: str, code: str) -> str:
    """The plain words for one code of one feature."""
    if code == NOT_STATED:
        return "Not stated"
    return CATEGORY_LABELS.get(feature, {}).get(code, code.replace("-", " "))


def category_choices(feature: str, codes) -> list[tuple[str, str]]:
    """(code, plain words) for the given codes: in the declared order where one is
    declared, the rest by their words."""
    declared = () if feature in ALPHABETICAL else CATEGORY_LABELS.get(feature, {})
    order = {code: i for i, code in enumerate(declared)}
    # "Not stated" comes last, after every answer someone gave.
    ranked = sorted(
        codes, key=lambda code: (code == NOT_STATED, order.get(code, len(order)), category_label(feature, code))
    )
    return [(code, category_label(feature, code)) for code in ranked]
