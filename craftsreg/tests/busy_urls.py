"""The site's URLs plus one view whose query the database cancels (test_database_busy)."""

from django.db import OperationalError, connection, transaction
from django.http import HttpResponse
from django.urls import path

from craftsreg.urls import urlpatterns as site_urlpatterns


class _Cancelled(Exception):
    pgcode = "57014"  # what psycopg2 reports for a statement cancelled by statement_timeout


class _OtherFailure(Exception):
    pgcode = "08006"  # connection failure


def slow(request):
    if connection.vendor == "postgresql":
        # A real statement timeout: PostgreSQL cancels the sleep after 20 ms.
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute("SET LOCAL statement_timeout = 20")
            cursor.execute("SELECT pg_sleep(2)")
    else:
        raise OperationalError("canceling statement due to statement timeout") from _Cancelled()
    return HttpResponse("not reached")


def broken(request):
    raise OperationalError("server closed the connection unexpectedly") from _OtherFailure()


urlpatterns = [path("slow/", slow), path("broken/", broken), *site_urlpatterns]
