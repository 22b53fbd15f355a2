import gc
import os

from django.core.wsgi import get_wsgi_application
from django.urls import get_resolver

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "censussite.settings")
application = get_wsgi_application()

# Import every view and what they use (mlcore, pandas, scikit-learn) now, then move those
# few hundred thousand long-lived objects out of the garbage collector's sight: otherwise
# each full collection, which a 10,000-record batch sets off, scans them all again (a
# third of such a request was spent there). Nothing frozen is ever garbage anyway.
get_resolver().url_patterns  # noqa: B018 (loading the URLconf is the point)
gc.freeze()
