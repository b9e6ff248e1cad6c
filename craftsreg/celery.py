"""The Celery application: workers run the product's long jobs (jobs app) and periodic work.

Start a worker with ``celery -A craftsreg worker`` and the scheduler with ``celery -A craftsreg
beat`` (docs/deployment.md). Configuration comes from Django's settings (``CELERY_*``), which
read the environment: ``CELERY_BROKER_URL`` is Redis in production and kombu's filesystem
transport under var/celery/ in the demo, so the demo needs nothing installed.
"""

import os
from pathlib import Path

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "craftsreg.settings")

app = Celery("craftsreg")
app.config_from_object("django.conf:settings", namespace="CELERY")
# Each app's tasks.py (jobs.tasks, artisans.tasks, …) registers its tasks.
app.autodiscover_tasks()


def ensure_filesystem_broker_folders(options: dict) -> None:
    """kombu's filesystem transport expects its folders to exist: create them on first use."""
    for key in ("data_folder_in", "data_folder_out", "control_folder", "processed_folder"):
        if options.get(key):
            Path(options[key]).mkdir(parents=True, exist_ok=True)
