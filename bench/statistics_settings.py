"""Settings of the server that bench/statistics_pages.py measures: the project's, plus a bare view.

Run only by the benchmark (``DJANGO_SETTINGS_MODULE=bench.statistics_settings``).
"""

import warnings

from craftsreg.settings import *  # noqa: F403
from craftsreg.settings import STORAGES

ROOT_URLCONF = "bench.statistics_urls"
# No collectstatic in the benchmark: the manifest storage would fail on every {% static %}.
STORAGES["staticfiles"]["BACKEND"] = "django.contrib.staticfiles.storage.StaticFilesStorage"
# whitenoise warns that STATIC_ROOT does not exist (no collectstatic): expected here.
warnings.filterwarnings("ignore", message="No directory at", category=UserWarning)
