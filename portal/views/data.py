"""The artisan's own data, downloaded (portal.exports): JSON or CSV. Only the signed-in
person's, found through their own account (portal.access); nothing in the URL says whose."""

import json

from django.http import HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from craftsreg.files import DOWNLOAD_CACHE
from craftsreg.tabular import csv_response
from portal.access import verified_account_required
from portal.exports import personal_data, personal_data_rows


def _filename(extension: str) -> str:
    return f"my-data-{timezone.localdate().isoformat()}.{extension}"


@require_safe
@verified_account_required
def my_data(request):
    return render(
        request,
        "portal/my_data.html",
        {
            "account": request.portal_account,
            "title": _("My data"),
            "lead": _(
                "Download everything the Authority holds about you in the portal and the "
                "registry: your account, your registry record, your applications and requests, "
                "your award entries and your craft cards."
            ),
        },
    )


@require_safe
@verified_account_required
def my_data_json(request):
    body = json.dumps(
        personal_data(request.portal_account), ensure_ascii=False, indent=2, default=str
    )
    response = HttpResponse(body.encode("utf-8"), content_type="application/json; charset=utf-8")
    response["Content-Disposition"] = content_disposition_header(True, _filename("json"))
    response["Cache-Control"] = DOWNLOAD_CACHE
    return response


@require_safe
@verified_account_required
def my_data_csv(request):
    response = csv_response(
        list(personal_data_rows(request.portal_account)), filename=_filename("csv"), stream=False
    )
    response["Cache-Control"] = DOWNLOAD_CACHE
    return response
